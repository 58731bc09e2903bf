"""The forms of a difficulty's stages and of the queue's filter (Vietnamese labels)."""

from typing import Any

from django import forms

from theodoi.accounts.models import User
from theodoi.core.forms import MultipleFileField, TextForm, field_of
from theodoi.tasks.attachments import MAX_BYTES
from theodoi.tasks.forms import FILES_HELP, VersionedForm, leaders
from theodoi.tasks.models import ObstacleStatus
from theodoi.tasks.obstacles.reads import STILL_OPEN

STATUS_CHOICES = [("", "Tất cả"), (STILL_OPEN, "Chưa có ý kiến chỉ đạo"), *ObstacleStatus.choices]


class RaiseForm(TextForm):
    difficulty = forms.CharField(
        label="Khó khăn, vướng mắc",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Cần ghi nội dung khó khăn, vướng mắc."},
    )
    proposal = forms.CharField(
        label="Đề xuất, kiến nghị",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hướng xử lý đơn vị đề xuất lãnh đạo (Điều 10.3).",
        error_messages={"required": "Cần ghi đề xuất, kiến nghị hướng xử lý."},
    )
    files = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp đính kèm", help_text=FILES_HELP)  # type: ignore[assignment]  # a field, not BaseForm.files: the metaclass takes it off the class


class ReferForm(VersionedForm):
    leader = forms.ModelChoiceField(
        label="Trình lãnh đạo",
        queryset=User.objects.none(),  # the active leaders, read per form (__init__)
        error_messages={
            "required": "Cần chọn lãnh đạo để trình.",
            "invalid_choice": "Lãnh đạo đã chọn không có trong danh sách.",
        },
    )
    note = forms.CharField(
        label="Ý kiến tham mưu của Văn phòng",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Cần ghi ý kiến tham mưu của Văn phòng."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "leader", forms.ModelChoiceField).queryset = leaders()


class DecideForm(VersionedForm):
    decision = forms.CharField(
        label="Ý kiến chỉ đạo",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Cần ghi ý kiến chỉ đạo."},
    )


class QueueFilterForm(TextForm):
    trang_thai = forms.ChoiceField(label="Trạng thái", choices=STATUS_CHOICES, required=False)

    def status(self) -> str:
        """The chosen status ("" for all, also when the address holds another word)."""
        if self.is_valid():
            return str(self.cleaned_data["trang_thai"] or "")
        return ""
