"""Tasks by state and deadline (docs/adr/0019-state-deadline-index.md): a list narrowed by
states and a deadline window reads the window, not the whole order index."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_units_names_aliases_successions'),
        ('tasks', '0019_leader_unit_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['state', 'deadline'], name='task_state_deadline_idx'),
        ),
    ]
