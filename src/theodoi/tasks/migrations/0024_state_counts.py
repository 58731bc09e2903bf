"""The dashboard's attention counts read the open tasks and those done after the day shown
by their state and done date, not every task (docs/adr/0033-attention-by-state.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units_names_aliases_successions"),
        ("tasks", "0023_coordination_lead_unit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=[
                    "state",
                    "agency_done_on",
                    "lead_unit",
                    "fanned_out",
                    "deadline",
                    "original_deadline",
                    "original_internal_deadline",
                    "unit_done_on",
                    "update_period",
                    "assigned_on",
                    "last_update_on",
                    "id",
                ],
                name="task_state_counts_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["state", "unit_done_on"], name="task_unit_done_idx"),
        ),
    ]
