"""Counts that read indexes only (docs/adr/0014-counts-from-indexes.md).

Each history span (`TaskFact`) gets its task's document and leader, so that the dashboard's
counts by document and by leader no longer join the wide task table; every span written
before is given its task's document and today's leader (the only leader known). One covering
index on the task table serves a unit's counts by state and the dashboard's "due soon",
overdue bands and missing updates. The spans' index for statistics also takes the two
columns (and `id`); the spans are filled with no index on them but the task's.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Each span's document and leader, from its task, in one statement on either database."""
    Task = apps.get_model("tasks", "Task")
    TaskFact = apps.get_model("tasks", "TaskFact")
    task = Task.objects.using(schema_editor.connection.alias).filter(pk=OuterRef("task_id"))
    TaskFact.objects.using(schema_editor.connection.alias).update(
        document_id=Subquery(task.values("document_id")[:1]),
        leader_id=Subquery(task.values("leader_id")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_units_names_aliases_successions'),
        ('tasks', '0017_taskevent_via'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='taskfact',
            name='document',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tasks.document'),
        ),
        migrations.AddField(
            model_name='taskfact',
            name='leader',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RemoveIndex(
            model_name='taskfact',
            name='task_fact_stats_idx',
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['lead_unit', 'state', 'fanned_out', 'deadline', 'original_deadline', 'agency_done_on', 'original_internal_deadline', 'unit_done_on', 'update_period', 'assigned_on', 'last_update_on', 'id'], name='task_counts_idx'),
        ),
        migrations.AddIndex(
            model_name='taskfact',
            index=models.Index(condition=models.Q(('valid_to__isnull', True)), fields=['document', 'valid_from', 'valid_to', 'deadline', 'internal_deadline', 'unit_done_on', 'agency_done_on', 'lead_unit', 'id'], name='task_fact_document_idx'),
        ),
        migrations.AddIndex(
            model_name='taskfact',
            index=models.Index(condition=models.Q(('valid_to__isnull', True)), fields=['leader', 'valid_from', 'valid_to', 'deadline', 'internal_deadline', 'unit_done_on', 'agency_done_on', 'lead_unit', 'id'], name='task_fact_leader_idx'),
        ),
        migrations.AddIndex(
            model_name='taskfact',
            index=models.Index(condition=models.Q(('valid_to__isnull', False)), fields=['valid_to', 'valid_from', 'lead_unit', 'document', 'leader', 'deadline', 'internal_deadline', 'unit_done_on', 'agency_done_on', 'id'], name='task_fact_closed_idx'),
        ),
        migrations.AddIndex(
            model_name='taskfact',
            index=models.Index(fields=['lead_unit', 'valid_from', 'valid_to', 'deadline', 'internal_deadline', 'unit_done_on', 'agency_done_on', 'document', 'leader', 'id'], name='task_fact_stats_idx'),
        ),
    ]
