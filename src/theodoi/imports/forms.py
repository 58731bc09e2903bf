"""The upload form and the correction of one previewed row (Vietnamese labels)."""

from django import forms

from theodoi.core.downloads import XLSX
from theodoi.core.forms import TextForm, VnDateField
from theodoi.imports.models import ScheduleKind

ACCEPT = ".docx,.xlsx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
ACCEPT += XLSX


class UploadForm(TextForm):
    file = forms.FileField(
        label="Tệp kế hoạch (.docx hoặc .xlsx, tối đa 20 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Hãy chọn tệp kế hoạch.", "empty": "Tệp rỗng."},
    )
    number = forms.CharField(
        label="Số, ký hiệu kế hoạch",
        max_length=60,
        help_text="Nhập lại đúng số này khi tải bản sửa đổi: nhiệm vụ được cập nhật theo STT.",
        error_messages={"required": "Cần ghi số, ký hiệu của kế hoạch."},
    )
    plan_date = VnDateField(
        label="Ngày kế hoạch",
        required=False,
        help_text="Để trống: lấy ngày ghi trong tệp (đơn vị được đọc theo tên tại ngày này).",
    )
    title = forms.CharField(
        label="Tên kế hoạch",
        required=False,
        max_length=500,
        help_text="Để trống: lấy tiêu đề trong tệp.",
    )


class RowForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    lead = forms.CharField(
        label="Chủ trì",
        required=False,
        help_text="Mã hoặc tên đơn vị, cách nhau bởi dấu phẩy; @PROVINCES…",
    )
    coordinating = forms.CharField(label="Phối hợp", required=False)
    schedule = forms.ChoiceField(label="Loại thời hạn", choices=ScheduleKind.choices)
    deadline = VnDateField(label="Thời hạn", required=False)
    skip = forms.BooleanField(label="Bỏ qua dòng này (không nhập)", required=False)


class VersionForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
