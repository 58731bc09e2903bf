"""The forms of the records requests, the report, the notice, the sending to the partner and
the follow-up assignment (Vietnamese labels and messages); the rules are the services'
(inspections.records, .reporting, .notices)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from theodoi.accounts.models import User
from theodoi.core.forms import TextForm, VnDateField, field_of
from theodoi.inspections.models import Inspection
from theodoi.inspections.reporting import Proposed
from theodoi.organisation.models import Unit
from theodoi.tasks.attachments import ACCEPTED_TEXT, MAX_BYTES
from theodoi.tasks.forms import leaders

ROWS = 5  # recommendation rows of the report form (works without script; empty rows skipped)


def _unit_field(label: str, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.none(),  # the inspection's units (__init__)
        required=required,
        empty_label="— Chọn đơn vị —",
        error_messages={
            "required": "Cần chọn đơn vị được kiểm tra.",
            "invalid_choice": "Đơn vị đã chọn không phải đơn vị được kiểm tra.",
        },
    )


def _leader_field(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=User.objects.none(),  # the active leaders (__init__)
        error_messages={
            "required": f"Cần chọn {label.lower()}.",
            "invalid_choice": "Lãnh đạo đã chọn không có trong danh sách.",
        },
    )


class RequestForm(TextForm):
    unit = _unit_field("Đơn vị được yêu cầu", required=True)
    content = forms.CharField(
        label="Hồ sơ, tài liệu yêu cầu cung cấp",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Cần ghi hồ sơ, tài liệu yêu cầu cung cấp."},
    )
    due = VnDateField(
        label="Hạn cung cấp", error_messages={"required": "Cần nhập hạn cung cấp (dd/mm/yyyy)."}
    )
    leader = _leader_field("Lãnh đạo ký quyết định kiểm tra")

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = inspection.units.order_by("code")
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()


class ReportForm(TextForm):
    number = forms.CharField(label="Số báo cáo", max_length=60, required=False)
    reported_on = VnDateField(
        label="Ngày báo cáo", error_messages={"required": "Cần nhập ngày báo cáo (dd/mm/yyyy)."}
    )
    evaluation = forms.CharField(
        label="a) Đánh giá việc triển khai, kết quả thực hiện và chế độ báo cáo",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Cần ghi đánh giá việc triển khai (Điều 17.2.a)."},
    )
    shortcomings = forms.CharField(
        label="b) Nhiệm vụ chưa hoàn thành, nguyên nhân, trách nhiệm",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, inspection: Inspection, partner_hosts: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = inspection.units.order_by("code")
        for n in range(1, ROWS + 1):
            self.fields[f"rec_text_{n}"] = forms.CharField(
                label=f"c) Kiến nghị {n}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            unit = _unit_field(f"Đơn vị thực hiện kiến nghị {n}", required=False)
            unit.queryset = units
            self.fields[f"rec_unit_{n}"] = unit
            self.fields[f"rec_deadline_{n}"] = VnDateField(
                label=f"Thời hạn kiến nghị {n}", required=False
            )
        if partner_hosts:
            field = forms.FileField(
                label="Báo cáo kết quả của bên đối tác (bên chủ trì)",
                help_text=f"Một tệp: {ACCEPTED_TEXT}; tối đa 20 MB.",
                error_messages={"required": "Cần chọn tệp báo cáo kết quả nhận từ đối tác."},
            )
            field.widget.attrs["data-max-bytes"] = str(MAX_BYTES)
            self.fields["received"] = field

    def recommendations(self) -> Sequence[Proposed]:
        data = self.cleaned_data
        rows = []
        for n in range(1, ROWS + 1):
            text, unit, deadline = (data.get(f"rec_{k}_{n}") for k in ("text", "unit", "deadline"))
            if text or unit or deadline:
                rows.append((text or "", unit, deadline))
        return rows


class SendForm(TextForm):
    sent_on = VnDateField(
        label="Ngày gửi bên đối tác",
        error_messages={"required": "Cần nhập ngày gửi báo cáo cho bên đối tác (dd/mm/yyyy)."},
    )


class NoticeForm(TextForm):
    number = forms.CharField(
        label="Số thông báo",
        max_length=60,
        help_text="Ví dụ: 12 hoặc 12/TB-BHXH.",
        error_messages={"required": "Cần nhập số thông báo."},
    )
    issued_on = VnDateField(
        label="Ngày thông báo",
        error_messages={"required": "Cần nhập ngày thông báo (dd/mm/yyyy)."},
    )
    signer_title = forms.CharField(
        label="Chức vụ người ký", max_length=150, error_messages={"required": "Cần ghi chức vụ."}
    )
    signer_name = forms.CharField(
        label="Họ tên người ký", max_length=150, error_messages={"required": "Cần ghi họ tên."}
    )


class AssignForm(TextForm):
    leader = _leader_field("Lãnh đạo đã ký thông báo")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()
