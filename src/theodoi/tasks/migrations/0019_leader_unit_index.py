"""The open spans' index by leader, then lead unit (docs/adr/0014-counts-from-indexes.md):
the dashboard groups them by both, in this order, without sorting them first."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_units_names_aliases_successions'),
        ('tasks', '0018_counts_from_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='taskfact',
            name='task_fact_leader_idx',
        ),
        migrations.AddIndex(
            model_name='taskfact',
            index=models.Index(condition=models.Q(('valid_to__isnull', True)), fields=['leader', 'lead_unit', 'valid_from', 'valid_to', 'deadline', 'internal_deadline', 'unit_done_on', 'agency_done_on', 'id'], name='task_fact_leader_unit_idx'),
        ),
    ]
