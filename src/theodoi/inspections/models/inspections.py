"""An inspection (Regulation 1142 Art. 14-18; partner agreement Art. 7), its team and the
units it inspects. Tables only.

An inspection is regular or periodic (made from a `PlanItem` of an approved plan) or ad hoc
(with its ground, Art. 14.3). Its decision (Art. 15.2) holds the legal basis, scope, content,
duration and team; once issued it is registered in the document register as a «Quyết định»
(`decision`, number …/QĐ-BHXH) with the generated Word file (`decision_file`). The inspected
tasks are those of the `documents` the decision names that the inspected `units` lead.

Its status is never stored: it follows from the dates and the records it holds
(`inspections.status`). A joint inspection names the partner's unit and which side hosts it:
the host side issues the report and sends it to the other (004 Art. 7.3-7.4).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.inspections.models.plans import PlanItem
from theodoi.partners.models import Side


class Kind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên"
    PERIODIC = "periodic", "Định kỳ"
    AD_HOC = "ad_hoc", "Đột xuất"


class Ground(models.TextChoices):
    """Why an ad-hoc inspection is made (Art. 14.3)."""

    LEADER = "leader", "Yêu cầu chỉ đạo, điều hành của Lãnh đạo BHXH Việt Nam"
    AUTHORITY = "authority", "Yêu cầu của cơ quan có thẩm quyền"
    COMPLAINT = "complaint", "Đơn thư tố giác"
    SIGNS = "signs", "Dấu hiệu không thực hiện hoặc thực hiện không đúng nhiệm vụ được giao"


class Inspection(models.Model):
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name="theo kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField("hình thức kiểm tra", max_length=10, choices=Kind.choices)
    ground = models.CharField("căn cứ kiểm tra đột xuất", max_length=10, blank=True)
    ground_detail = models.TextField("nội dung căn cứ", blank=True)
    conducted_by = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị thực hiện",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("tên cuộc kiểm tra", max_length=300)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    scope = models.TextField("phạm vi, đối tượng, nhiệm vụ kiểm tra", blank=True)
    content = models.TextField("nội dung kiểm tra", blank=True)
    units = models.ManyToManyField(
        "organisation.Unit", verbose_name="đơn vị được kiểm tra", related_name="inspections"
    )
    documents = models.ManyToManyField(
        "tasks.Document",
        verbose_name="văn bản giao nhiệm vụ được kiểm tra",
        blank=True,
        related_name="inspections",
    )
    start = models.DateField("ngày bắt đầu")
    end = models.DateField("ngày kết thúc")
    # A joint inspection with the partner (004 Art. 7): its unit and the hosting side.
    partner_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị đối tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    host = models.CharField("bên chủ trì", max_length=10, choices=Side.choices, default=Side.OURS)
    decision = models.OneToOneField(
        "tasks.Document",
        verbose_name="quyết định kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_decided",
    )
    decision_file = models.ForeignKey(
        "tasks.Attachment",
        verbose_name="tệp quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice = models.OneToOneField(
        "tasks.Document",
        verbose_name="thông báo kết quả kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_notified",
    )
    notice_file = models.ForeignKey(
        "tasks.Attachment",
        verbose_name="tệp thông báo kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Art. 18.2: the team hands the file to the Office's archive.
    archived_on = models.DateField("ngày bàn giao hồ sơ lưu trữ", null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người bàn giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_note = models.TextField("ghi chú bàn giao", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "cuộc kiểm tra"
        indexes = [models.Index(fields=["end"], name="inspection_end_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_joint(self) -> bool:
        return self.partner_unit_id is not None


class MemberRole(models.TextChoices):
    HEAD = "head", "Trưởng đoàn"
    DEPUTY = "deputy", "Phó trưởng đoàn"
    MEMBER = "member", "Thành viên"


class MemberState(models.TextChoices):
    """A member named in the decision, or proposed later by the head (Art. 16.2)."""

    IN_DECISION = "in_decision", "Theo quyết định"
    PROPOSED = "proposed", "Đề xuất bổ sung, chờ phê duyệt"
    APPROVED = "approved", "Bổ sung, đã phê duyệt"
    REFUSED = "refused", "Không phê duyệt"


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="team")
    side = models.CharField("bên", max_length=10, choices=Side.choices, default=Side.OURS)
    # Our members sign in (they manage the inspection); a partner's member may have no account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_memberships",
    )
    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("nhiệm vụ trong đoàn", max_length=10, choices=MemberRole.choices)
    state = models.CharField(
        "tình trạng", max_length=12, choices=MemberState.choices, default=MemberState.IN_DECISION
    )
    reason = models.TextField("lý do đề xuất", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đề xuất",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phê duyệt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("thời điểm phê duyệt", null=True, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["inspection", "order", "id"]
        verbose_name = "thành viên đoàn kiểm tra"

    def __str__(self) -> str:
        return self.full_name

    @property
    def serves(self) -> bool:
        """In the team now: named in the decision, or proposed and approved."""
        return self.state in (MemberState.IN_DECISION, MemberState.APPROVED)
