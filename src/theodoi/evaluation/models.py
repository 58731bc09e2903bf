"""The ranking formula. Tables only: the criteria and the arithmetic are in `scoring.py`, the
counting in `metrics.py`."""

from django.db import models
from django.utils import timezone


class RankingFormula(models.Model):
    """The weights of the ranking (one row, set by an administrator; each change is in the
    change log). `weights` maps a criterion's key to a decimal written as text."""

    weights = models.JSONField("trọng số", default=dict)
    min_judged = models.PositiveIntegerField("số nhiệm vụ tối thiểu để xếp hạng", default=3)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "công thức xếp hạng"

    def __str__(self) -> str:
        return "Công thức xếp hạng đơn vị"
