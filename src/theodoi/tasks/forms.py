"""Forms of the register and of each cycle step (Vietnamese labels and messages)."""

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django import forms
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.core.collation import in_person_order
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import MultipleFileField, TextForm, VnDateField, field_of
from theodoi.organisation.forms import UNITS_HELP, UnitPickerInput
from theodoi.organisation.models import LEADING_KINDS, Unit
from theodoi.organisation.resolver import UnitResolver, build_resolver
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks.attachments import MAX_BYTES
from theodoi.tasks.handover import Handover
from theodoi.tasks.models import DocumentKind, Origin, TaskCoordination, UpdatePeriod
from theodoi.tasks.past_deadline import PastDeadlineCheck
from theodoi.tasks.unitlist import UnitList, read_units

FILES_HELP = "Văn bản, ảnh hoặc tệp nén; tối đa 20 MB mỗi tệp."


class UnitListField(forms.CharField):
    """Units typed as "TST, CSXH" or a group; cleaned into a `UnitList` (as of today)."""

    resolver: Callable[[], UnitResolver] = staticmethod(build_resolver)  # UnitListsForm shares one
    widget = UnitPickerInput

    def clean(self, value: Any) -> UnitList:
        text = super().clean(value)
        try:
            return read_units(text or "", timezone.localdate(), "units", self.resolver())
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors["units"]) from None


class UnitListsForm(TextForm):
    """A form whose unit lists read the unit registry once between them (4 queries, not 8)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitListField):
                field.resolver = lambda: self._resolver

    @cached_property
    def _resolver(self) -> UnitResolver:
        return build_resolver()


class VersionedForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChaseForm(VersionedForm):
    """The coordinating unit to chase (the task page's button for that unit sends it)."""

    unit = forms.ModelChoiceField(
        label="Đơn vị phối hợp",
        queryset=Unit.objects.all(),
        error_messages={"invalid_choice": "Đơn vị này không phối hợp thực hiện nhiệm vụ."},
    )

    def __init__(self, *args: Any, task_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = TaskCoordination.objects.filter(task_id=task_id or 0).values("unit_id")
        units = Unit.objects.filter(pk__in=chosen).order_by("code")
        field_of(self, "unit", forms.ModelChoiceField).queryset = units


class DocumentForm(TextForm):
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = VnDateField(label="Ngày ban hành")
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200)
    origin = forms.ChoiceField(label="Nguồn giao", choices=Origin.choices)
    summary = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp đính kèm", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


class DocumentEditForm(DocumentForm, VersionedForm):
    reason = forms.CharField(
        label="Lý do sửa",
        required=False,  # the service says what is missing
        help_text="Ghi vào lịch sử của văn bản cùng các giá trị cũ.",
    )

    field_order = ["kind", "number", "issued_on", "issuer", "origin", "summary", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].label = "Thêm tệp đính kèm"


class TaskForm(PastDeadlineCheck, UnitListsForm):
    code = forms.CharField(label="Mã (STT)", max_length=30, required=False)
    item = forms.CharField(label="Điều, khoản, mục", max_length=100, required=False)
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 4}))
    product = forms.CharField(label="Sản phẩm", max_length=500, required=False)
    leads = UnitListField(label="Đơn vị chủ trì (đề xuất)", required=False, help_text=UNITS_HELP)
    coordinating = UnitListField(label="Đơn vị phối hợp", required=False, help_text=UNITS_HELP)
    deadline = VnDateField(
        label="Thời hạn", required=False, help_text="Để trống nếu không có thời hạn."
    )
    update_period = forms.ChoiceField(
        label="Kỳ cập nhật (nhiệm vụ không thời hạn)",
        choices=[("", "—"), *UpdatePeriod.choices],
        required=False,
    )
    event_text = forms.CharField(
        label="Thực hiện khi có sự kiện",
        required=False,
        help_text="Ví dụ «Sau khi Quyết định công bố TTHC được ký»: để trống thời hạn; "
        "thời hạn được đặt khi ghi nhận sự kiện phát sinh.",
    )
    event_days = forms.IntegerField(
        label="Số ngày thực hiện kể từ sự kiện",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Để trống: người ghi nhận sự kiện nhập thời hạn.",
        error_messages={
            "invalid": "Số ngày phải là một số nguyên.",
            "min_value": "Số ngày phải từ 1 trở lên.",
            "max_value": "Số ngày tối đa là 3650.",
        },
    )
    event_working_days = forms.BooleanField(label="Tính theo ngày làm việc", required=False)
    must_submit = forms.BooleanField(label="Phải trình", required=False)
    must_report = forms.BooleanField(label="Phải báo cáo", required=False)
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp đính kèm", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


DRAFT_FIELDS = ["content", "code", "item", "product", "deadline", "update_period"]
DRAFT_FIELDS += ["event_text", "event_days", "event_working_days"]


def draft_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A valid `TaskForm`'s data as `services.task_create` and `task_edit` take it."""
    leads = data["leads"]
    return {name: data[name] for name in [*DRAFT_FIELDS, "must_submit", "must_report"]} | {
        "lead_units": leads.proposed_leads,
        "lead_text": leads.text,
        "coordinating": data["coordinating"].units,
    }


class TaskEditForm(TaskForm, VersionedForm):
    reason = forms.CharField(label="Lý do sửa", required=False)

    ask_when_unchanged = False


def leaders() -> Any:
    """The active leaders, as a choice lists them: by given name (`core.collation`)."""
    found = User.objects.filter(is_active=True, role_grants__role=Role.LEADER)
    return in_person_order(found)


class ProposeForm(VersionedForm):
    leader = forms.ModelChoiceField(label="Trình lãnh đạo", queryset=User.objects.none())
    note = forms.CharField(
        label="Ý kiến đề xuất", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()


class AssignForm(PastDeadlineCheck, UnitListsForm, VersionedForm):
    leads = UnitListField(label="Đơn vị chủ trì", help_text=UNITS_HELP)
    coordinating = UnitListField(label="Đơn vị phối hợp", required=False, help_text=UNITS_HELP)
    deadline = VnDateField(
        label="Thời hạn", required=False, help_text="Để trống nếu không có thời hạn."
    )
    instruction = forms.CharField(
        label="Ý kiến chỉ đạo", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


NOT_A_LEADER = {"invalid_choice": "Người được chọn không phải lãnh đạo Ngành đang làm việc."}


class RecordAssignmentForm(AssignForm):
    """The Office records an assignment a leader gave on paper (Art. 5.2.a): the leader's
    assignment form, with who decided, when, and the scan of the handwritten instruction."""

    leader = forms.ModelChoiceField(
        label="Lãnh đạo phân công",
        queryset=User.objects.none(),
        required=False,  # the service names what is missing
        error_messages=NOT_A_LEADER,
    )
    decided_on = VnDateField(
        label="Ngày lãnh đạo phân công",
        required=False,
        error_messages={
            "invalid": "Ngày lãnh đạo phân công không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."
        },
    )
    scan = MultipleFileField(
        max_bytes=MAX_BYTES,
        label="Bản chụp bút phê của lãnh đạo",
        help_text="Bắt buộc. " + FILES_HELP,
    )

    field_order = ["leader", "decided_on", "leads", "coordinating", "deadline", "instruction"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()


class ReferForm(VersionedForm):
    leader = forms.ModelChoiceField(
        label="Trình lãnh đạo",
        queryset=User.objects.none(),
        required=False,
        error_messages=NOT_A_LEADER,
    )
    note = forms.CharField(
        label="Nội dung trình",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Báo cáo lãnh đạo lý do đơn vị chuyển lại và đề xuất của Văn phòng.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()


class ReassignRequestForm(VersionedForm):
    reason = forms.CharField(
        label="Lý do đề nghị giao lại", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    unit = forms.ModelChoiceField(
        label="Đề xuất đơn vị phù hợp",
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Đơn vị đề xuất không còn hoạt động."},
    )
    proposal = forms.CharField(
        label="Đề xuất khác", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()  # units in force that can lead a task
        units = units_active_on(today).filter(kind__in=LEADING_KINDS).order_by("kind", "code")
        field_of(self, "unit", forms.ModelChoiceField).queryset = units


class InstructionForm(VersionedForm):
    instruction = forms.CharField(label="Ý kiến chỉ đạo", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(VersionedForm):
    reason = forms.CharField(label="Lý do chuyển lại", widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(
        label="Đề xuất", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssigneesForm(VersionedForm):
    assignees = forms.ModelMultipleChoiceField(
        label="Người thực hiện",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(unit_id=unit_id) if unit_id is not None else User.objects.none()
        )
        field_of(self, "assignees", forms.ModelMultipleChoiceField).queryset = in_person_order(
            people.filter(is_active=True)
        )


class ProgressForm(VersionedForm):
    note = forms.CharField(label="Nội dung cập nhật", widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp đính kèm", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


class NoteFilesForm(VersionedForm):
    note = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp đính kèm", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


class RecordEventForm(PastDeadlineCheck, VersionedForm):
    """The day the event a task waits for happened (and its deadline, when the text gives no
    number of days); the service checks both."""

    happened_on = VnDateField(label="Ngày sự kiện phát sinh", required=False)
    deadline = VnDateField(
        label="Thời hạn",
        required=False,
        help_text="Chỉ nhập khi văn bản không ghi số ngày thực hiện kể từ sự kiện.",
    )
    note = forms.CharField(
        label="Ghi chú (văn bản, đề nghị làm phát sinh sự kiện)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ExtensionRequestForm(VersionedForm):
    proposed_deadline = VnDateField(label="Thời hạn đề nghị")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecideForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Quyết định",
        choices=[("approve", "Đồng ý gia hạn"), ("reject", "Không đồng ý")],
        widget=forms.RadioSelect,
    )
    deadline = VnDateField(
        label="Thời hạn mới", required=False, help_text="Để trống: theo đề nghị."
    )
    note = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SubmitForm(VersionedForm):
    result = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp kết quả", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


class CommentForm(VersionedForm):
    comment = forms.CharField(
        label="Nội dung cần hoàn thiện", widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalNoteForm(VersionedForm):
    note = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReportForm(VersionedForm):
    reported_on = VnDateField(label="Ngày gửi báo cáo")
    number = forms.CharField(label="Số văn bản báo cáo", max_length=60)
    channel = forms.CharField(
        label="Hình thức gửi",
        max_length=100,
        initial="Hệ thống theo dõi nhiệm vụ của Văn phòng Chính phủ",
    )
    note = forms.CharField(
        label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReasonForm(VersionedForm):
    reason = forms.CharField(label="Lý do / quyết định", widget=forms.Textarea(attrs={"rows": 3}))


GONE = {
    "invalid_choice": "Nhiệm vụ số %(value)s không còn là việc đang mở của đơn vị "
    "(vừa có người thay đổi); hãy tải lại trang và chọn lại."
}


class HandoverForm(TextForm):
    """Choose the successor and the tasks to move; the page lists the tasks as a table."""

    successor = forms.ModelChoiceField(
        label="Chuyển sang đơn vị",
        queryset=Unit.objects.none(),
        error_messages={"required": "Hãy chọn đơn vị kế thừa nhận nhiệm vụ."},
    )
    led = forms.TypedMultipleChoiceField(
        label="Nhiệm vụ chủ trì", coerce=int, required=False, error_messages=GONE
    )
    coordinated = forms.TypedMultipleChoiceField(
        label="Nhiệm vụ phối hợp", coerce=int, required=False, error_messages=GONE
    )
    reason = forms.CharField(
        label="Lý do, căn cứ",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: Quyết định sáp nhập số …",
        error_messages={"required": "Hãy ghi lý do chuyển (ví dụ số quyết định sáp nhập)."},
    )

    def __init__(self, *args: Any, handover: Handover, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        successor = field_of(self, "successor", forms.ModelChoiceField)
        successor.queryset = Unit.objects.filter(pk__in=[u.pk for u in handover.successors])
        if len(handover.successors) == 1:
            successor.initial = handover.successors[0].pk
        field_of(self, "led", forms.MultipleChoiceField).choices = [
            (t.pk, t.pk) for t in handover.led
        ]
        coordinated = field_of(self, "coordinated", forms.MultipleChoiceField)
        coordinated.choices = [(t.pk, t.pk) for t in handover.coordinated]
