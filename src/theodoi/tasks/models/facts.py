"""The spans of a task's life that statistics read."""

from django.db import models

from theodoi.tasks.models.tasks import Task


class TaskFact(models.Model):
    """What statistics need about a task during [valid_from, valid_to): kept so that counts for
    any past date come from history, not from today's state (DOMAIN §8).

    A new row starts when the lead unit, the deadline or a completion date changes; a task
    that is suspended or cancelled has no row for that time and is not counted.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="facts")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    lead_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(null=True, blank=True)
    internal_deadline = models.DateField(null=True, blank=True)
    unit_done_on = models.DateField(null=True, blank=True)
    agency_done_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # Everything statistics read, in one index: a date's counts never touch the table.
            models.Index(
                fields=[
                    "lead_unit",
                    "valid_from",
                    "valid_to",
                    "deadline",
                    "internal_deadline",
                    "unit_done_on",
                    "agency_done_on",
                ],
                name="task_fact_stats_idx",
            ),
            models.Index(fields=["task", "valid_to"], name="task_fact_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.valid_from:%d/%m/%Y} → {self.valid_to or '…'}"
