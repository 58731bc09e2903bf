"""The upload form and the correction of one previewed row (Vietnamese labels)."""

from typing import Any

from django import forms

from theodoi.accounts.models import User
from theodoi.core.downloads import XLSX
from theodoi.core.forms import TextForm, VnDateField, field_of
from theodoi.imports.models import ScheduleKind
from theodoi.organisation.forms import UNITS_HELP, UnitPickerInput
from theodoi.tasks.attachments import MAX_BYTES
from theodoi.tasks.forms import leaders

ACCEPT = ".docx,.xlsx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
ACCEPT += XLSX


class UploadForm(TextForm):
    file = forms.FileField(
        label="Tệp kế hoạch (.docx hoặc .xlsx, tối đa 20 MB)",
        # the browser refuses a file over the limit before sending it (upload-size.js)
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "data-max-bytes": MAX_BYTES}),
        error_messages={"required": "Hãy chọn tệp kế hoạch.", "empty": "Tệp rỗng."},
    )
    number = forms.CharField(
        label="Số, ký hiệu kế hoạch",
        max_length=60,
        help_text="Nhập lại đúng số này khi tải bản sửa đổi: nhiệm vụ được cập nhật theo STT.",
        error_messages={"required": "Cần ghi số, ký hiệu của kế hoạch."},
    )
    plan_date = VnDateField(
        label="Ngày ban hành kế hoạch",
        required=False,
        help_text="Để trống chỉ khi tệp ghi «Hà Nội, ngày … tháng … năm …»: ngày đó được dùng "
        "và trang xem trước nói rõ. Đơn vị được đọc theo tên tại ngày này.",
    )
    signer = forms.ModelChoiceField(
        label="Lãnh đạo ký kế hoạch",
        queryset=User.objects.none(),
        required=False,
        empty_label="— chọn lãnh đạo —",
        help_text="Các nhiệm vụ được giao theo kế hoạch, trên danh nghĩa người ký.",
        error_messages={"invalid_choice": "Người được chọn không phải lãnh đạo đang làm việc."},
    )
    signer_name = forms.CharField(
        label="hoặc họ tên người ký (khi người ký không có tài khoản)",
        required=False,
        max_length=120,
    )
    reimport = forms.BooleanField(
        label="Nhập lại kế hoạch đã có (bản sửa đổi: cập nhật nhiệm vụ theo STT)",
        required=False,
    )
    title = forms.CharField(
        label="Tên kế hoạch",
        required=False,
        max_length=500,
        help_text="Để trống: lấy tiêu đề trong tệp.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "signer", forms.ModelChoiceField).queryset = leaders()


class RowForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    content = forms.CharField(
        label="Nội dung công việc", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    product = forms.CharField(label="Sản phẩm", required=False, max_length=500)
    lead = forms.CharField(
        label="Chủ trì",
        required=False,
        help_text=UNITS_HELP,
        widget=UnitPickerInput,
    )
    coordinating = forms.CharField(
        label="Phối hợp", required=False, help_text=UNITS_HELP, widget=UnitPickerInput
    )
    schedule = forms.ChoiceField(label="Loại thời hạn", choices=ScheduleKind.choices)
    deadline = VnDateField(label="Thời hạn", required=False)
    skip = forms.BooleanField(label="Bỏ qua dòng này (không nhập)", required=False)


class VersionForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
