"""The coordination agreement with an outside partner (DOMAIN §13, seed 004) and its duties.

Tables only. An `Agreement` is the signed regulation between us and the partner's top unit
(an organisation unit of kind EXTERNAL: Tổng LĐLĐ Việt Nam). Its recurring commitments are
`Duty` rows: what is owed, under which article, at which level, when it falls due (a rule
with its parameters) and who leads it. Each dated occurrence of a duty for one period and one
lead unit is an `Obligation`, which owns the task created for it in the normal task cycle;
the unique (duty, period, unit) makes generating a year's tasks happen once, also when two
runs meet (partners.generation).
"""

from django.db import models
from django.utils import timezone


class Side(models.TextChoices):
    """The two parties of an agreement."""

    OURS = "ours", "BHXH Việt Nam"
    PARTNER = "partner", "Đối tác"


class Level(models.TextChoices):
    """Where a duty is carried out: between the two central bodies, or in each province
    (BHXH tỉnh with the partner's provincial body, seed 004 Chương III)."""

    CENTRAL = "central", "Trung ương"
    PROVINCIAL = "provincial", "Cấp tỉnh"


class RuleKind(models.TextChoices):
    """How often a duty falls due. The rule's `month` counts within its period (the month of
    the year, of the half or of the quarter) and `day` is the day of that month (empty: the
    month's last day); the nominal day is then placed on the working-day calendar
    (partners.rules)."""

    YEARLY = "yearly", "Hằng năm"
    HALF_YEARLY = "half_yearly", "6 tháng một lần"
    QUARTERLY = "quarterly", "Hằng quý"
    ON_REQUEST = "on_request", "Khi có đề nghị"


class Agreement(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=400)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    signed_on = models.DateField("ngày ký")
    valid_from = models.DateField("hiệu lực từ")
    # Empty: in force until a new agreement replaces it.
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    partner = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đối tác",
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    # The agreement as a registered directive document: the tasks its duties generate hang
    # from it like the tasks of any plan.
    document = models.ForeignKey(
        "tasks.Document",
        verbose_name="văn bản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The annual review is hosted in turn (Art. 6.4, 27.4): we host in even years when true,
    # in odd years when false; the partner hosts the other years.
    we_host_even_years = models.BooleanField("BHXH Việt Nam chủ trì năm chẵn", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = "quy chế phối hợp"

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="duties")
    code = models.SlugField("mã", max_length=60)
    # The task's content when we lead (or host); `guest_title` when the partner hosts.
    title = models.CharField("nội dung", max_length=500)
    guest_title = models.CharField("nội dung khi đối tác chủ trì", max_length=500, blank=True)
    article = models.CharField("điều, khoản", max_length=60)
    level = models.CharField("cấp", max_length=12, choices=Level.choices)
    rule = models.CharField("định kỳ", max_length=12, choices=RuleKind.choices)
    month = models.PositiveSmallIntegerField("tháng trong kỳ", null=True, blank=True)
    day = models.PositiveSmallIntegerField("ngày trong tháng", null=True, blank=True)
    # Central duties: our unit that leads (VP, KT…). Provincial duties: empty, each province
    # in force on the occurrence's deadline leads its own.
    lead_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Joint: the partner's unit coordinates the task.
    joint = models.BooleanField("phối hợp với đối tác", default=True)
    # The annual review: hosted in turn (Agreement.we_host_even_years).
    hosted_in_turn = models.BooleanField("luân phiên chủ trì", default=False)
    instruction = models.TextField("yêu cầu", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = "nhiệm vụ định kỳ"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="duty_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.title}"


class Obligation(models.Model):
    """One dated occurrence of a duty for one period and one lead unit, and its task."""

    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="obligations")
    year = models.PositiveSmallIntegerField("năm")
    # "2027", "2027-H1", "2027-Q3" (as the reports and forms name periods).
    period = models.CharField("kỳ", max_length=10)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name="đơn vị chủ trì", on_delete=models.PROTECT
    )
    deadline = models.DateField("thời hạn")
    # Who hosts this occurrence (the annual review); empty for duties not hosted in turn.
    host = models.CharField("bên chủ trì", max_length=10, choices=Side.choices, blank=True)
    task = models.OneToOneField("tasks.Task", on_delete=models.PROTECT, related_name="obligation")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "duty__order", "id"]
        verbose_name = "nghĩa vụ phát sinh"
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "period", "unit"], name="obligation_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["year", "duty"], name="obligation_year")]

    def __str__(self) -> str:
        return f"{self.duty.code} {self.period}"
