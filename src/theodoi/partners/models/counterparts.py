"""Who the partner is in each province (seed 004 Chương III): a plain, explicit link.

The provincial duties of an agreement (Art. 19.4, 20.1, 23.2, 27.3) are carried out by each
BHXH tỉnh with the partner's provincial body (its LĐLĐ tỉnh). A `Counterpart` names that body
for one province under one agreement; generation makes it coordinate the province's joint
tasks, and a provincial meeting's form offers it first (partners.counterparts). A province
without one is coordinated by the agreement's top partner unit.
"""

from django.db import models
from django.utils import timezone

from theodoi.partners.models.agreements import Agreement


class Counterpart(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="counterparts")
    province = models.ForeignKey(
        "organisation.Unit",
        verbose_name="BHXH tỉnh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị phối hợp của đối tác",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agreement", "province__code"]
        verbose_name = "đơn vị phối hợp cấp tỉnh"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "province"], name="counterpart_once_per_province"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province.code} – {self.partner_unit.code}"
