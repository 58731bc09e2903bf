"""The spans of a task's life that statistics read."""

from django.conf import settings
from django.db import models

from theodoi.tasks.models.tasks import Task

DATES = ["deadline", "internal_deadline", "unit_done_on", "agency_done_on"]
SPAN = ["valid_from", "valid_to", *DATES]


class TaskFact(models.Model):
    """What statistics need about a task during [valid_from, valid_to): kept so that counts for
    any past date come from history, not from today's state (DOMAIN §8).

    A new row starts when the lead unit, the leader, the deadline or a completion date
    changes; a task that is suspended or cancelled has no row for that time and is not
    counted. `document` and `leader` are the task's, kept here so that the dashboard's counts
    by document and by leader read this table's indexes only, never the wide task table
    (docs/adr/0014-counts-from-indexes.md).
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="facts")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    lead_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(null=True, blank=True)
    internal_deadline = models.DateField(null=True, blank=True)
    unit_done_on = models.DateField(null=True, blank=True)
    agency_done_on = models.DateField(null=True, blank=True)
    # nullable only so that both databases add the columns without rebuilding the table
    document = models.ForeignKey(
        "tasks.Document", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [
            # Everything statistics read, in one index: a date's counts never touch the table
            # (a unit's counts by document and by leader on the dashboard too; `id` last for
            # PostgreSQL's index-only scans).
            models.Index(
                fields=["lead_unit", *SPAN, "document", "leader", "id"],
                name="task_fact_stats_idx",
            ),
            models.Index(fields=["task", "valid_to"], name="task_fact_task_idx"),
            # The dashboard's counts by document and by leader (`monitoring.dashboard`): the
            # open spans, each from its own index in its order (no sorting), the spans closed
            # after the day from another; each holds every column those counts read (`id`
            # last for PostgreSQL's index-only scans)
            models.Index(
                fields=["document", *SPAN, "lead_unit", "id"],
                name="task_fact_document_idx",
                condition=models.Q(valid_to__isnull=True),
            ),
            # by leader, then lead unit: the counts by unit and by leader come from one
            # count grouped by both, which reads this index in its order without sorting
            models.Index(
                fields=["leader", "lead_unit", *SPAN, "id"],
                name="task_fact_leader_unit_idx",
                condition=models.Q(valid_to__isnull=True),
            ),
            models.Index(
                fields=["valid_to", "valid_from", "lead_unit", "document", "leader", *DATES, "id"],
                name="task_fact_closed_idx",
                condition=models.Q(valid_to__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.valid_from:%d/%m/%Y} → {self.valid_to or '…'}"
