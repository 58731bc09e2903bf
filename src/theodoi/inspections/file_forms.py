"""The forms of the inspection file (Vietnamese labels); the rules are `filing.py`'s."""

from typing import Any

from django import forms

from theodoi.core.forms import TextForm, VnDateField
from theodoi.inspections.models import FileLetter
from theodoi.tasks.attachments import ACCEPTED_TEXT, MAX_BYTES


class FileItemForm(TextForm):
    letter = forms.ChoiceField(
        label="Mục của hồ sơ",
        choices=[("", "— chọn mục —")]
        + [(value, f"{value}) {label}") for value, label in FileLetter.choices],
        error_messages={"required": "Hãy chọn mục của hồ sơ.", "invalid_choice": "Mục không có."},
    )
    title = forms.CharField(
        label="Tên tài liệu",
        max_length=300,
        required=False,
        help_text="Ví dụ: Biên bản làm việc với Trung tâm CNTT ngày 03/11/2026. "
        "Để trống thì lấy tên tệp.",
    )
    file = forms.FileField(
        label="Tệp",
        required=False,
        help_text=f"Một tệp: {ACCEPTED_TEXT}; tối đa 20 MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["data-max-bytes"] = str(MAX_BYTES)


class ArchiveForm(TextForm):
    archived_on = VnDateField(
        label="Ngày bàn giao",
        error_messages={"required": "Hãy nhập ngày bàn giao hồ sơ cho Văn phòng."},
    )
    note = forms.CharField(
        label="Ghi chú bàn giao",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: số trang, nơi lưu, người nhận của Văn phòng.",
    )
