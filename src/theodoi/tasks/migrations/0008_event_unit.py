"""Each task event names the unit leading the task when it happened (evaluation counts a unit's
returns, send-backs and extensions by it). Events written before this migration take the
task's lead unit of today: exact unless the task has changed hands since.

On SQLite a nullable column is added with ALTER TABLE, so `tasks_taskevent` is not rebuilt
(and it carries no triggers anyway).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    TaskEvent = apps.get_model("tasks", "TaskEvent")
    lead = Task.objects.filter(pk=OuterRef("task_id")).values("lead_unit_id")[:1]
    TaskEvent.objects.update(unit_id=Subquery(lead))


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units_names_aliases_successions"),
        ("tasks", "0007_coordination_task_copies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="taskevent",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.unit",
                verbose_name="đơn vị chủ trì lúc đó",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="taskevent",
            index=models.Index(fields=["action", "at", "unit"], name="task_event_action_idx"),
        ),
    ]
