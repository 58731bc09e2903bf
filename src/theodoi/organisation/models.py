from datetime import date

from django.db import models


class UnitKind(models.TextChoices):
    AGENCY = "agency", "Cơ quan"
    LEADERSHIP = "leadership", "Lãnh đạo"
    CENTRAL = "central", "Đơn vị trực thuộc (trung ương)"
    PROVINCE = "province", "BHXH tỉnh, thành phố"
    GRASSROOTS = "grassroots", "BHXH cơ sở"
    EXTERNAL = "external", "Đối tác bên ngoài"


# Units that can be given a task to lead: not the agency as a whole, not its leadership, not
# an outside body (which may coordinate, as the partner agreement's Confederation does).
LEADING_KINDS = frozenset({UnitKind.CENTRAL, UnitKind.PROVINCE, UnitKind.GRASSROOTS})
COORDINATING_KINDS = LEADING_KINDS | {UnitKind.EXTERNAL}


class Unit(models.Model):
    """An organisational unit. Its primary key is the stable id; names and codes may change."""

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên đầy đủ", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def can_lead(self) -> bool:
        return self.kind in LEADING_KINDS

    @property
    def can_coordinate(self) -> bool:
        return self.kind in COORDINATING_KINDS

    def is_active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitName(models.Model):
    """A name the unit carried in the past, until `valid_to` (inclusive)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="past_names")
    name = models.CharField("tên đầy đủ", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField()

    class Meta:
        ordering = ["unit", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_to"], name="unit_name_unique_end")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another way documents write the unit's name (abbreviation, older wording)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="aliases")
    alias = models.CharField("tên gọi khác", max_length=255)

    class Meta:
        ordering = ["unit", "alias"]
        constraints = [models.UniqueConstraint(fields=["unit", "alias"], name="unit_alias_unique")]

    def __str__(self) -> str:
        return self.alias


class SuccessionKind(models.TextChoices):
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"
    REPLACE = "replace", "Thay thế"


class UnitSuccession(models.Model):
    """`successor` takes over from `predecessor` on `effective_date` (merge, split, replace)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="precedents")
    effective_date = models.DateField("ngày hiệu lực")
    kind = models.CharField(max_length=10, choices=SuccessionKind.choices)
    document = models.CharField("văn bản", max_length=255, blank=True)

    class Meta:
        ordering = ["effective_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="unit_succession_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"
