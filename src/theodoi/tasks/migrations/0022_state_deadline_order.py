"""The state-and-deadline index (0020) also holds each task's place in the list's order.

On PostgreSQL the Office's list narrowed by states and a deadline window reads its page's ids
from this index alone, then fifty rows (docs/adr/0023-window-ids-first.md). SQLite has no
included columns: there the index is made again as it was.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units_names_aliases_successions"),
        ("tasks", "0021_coordination_due_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="task",
            name="task_state_deadline_idx",
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["state", "deadline"],
                include=("due_order", "id"),
                name="task_state_deadline_idx",
            ),
        ),
    ]
