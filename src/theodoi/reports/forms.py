"""The forms of the reports pages: a draft's sections, files, a review, an ad-hoc request."""

from typing import Any

from django import forms

from theodoi.core.forms import MultipleFileField, TextForm, VnDateField
from theodoi.organisation.groups import GROUP_LABELS
from theodoi.reports.adhoc import GROUPS
from theodoi.tasks.attachments import MAX_BYTES


class VersionForm(TextForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DraftForm(VersionForm):
    """One text area per section of the round, named by the section's key."""

    def __init__(self, *args: Any, sections: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[section["key"]] = forms.CharField(
                label=section["title"],
                required=False,
                help_text=section.get("hint", "")
                or ("Bắt buộc khi nộp." if section.get("required") else ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.keys = [s["key"] for s in sections]


class FilesForm(VersionForm):
    upload = MultipleFileField(label="Tệp đính kèm", max_bytes=MAX_BYTES)


class ReviewForm(VersionForm):
    comment = forms.CharField(
        label="Ý kiến của đơn vị tổng hợp",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại: ghi rõ đơn vị cần sửa, bổ sung gì.",
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label="Lý do mở lại",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc: đơn vị cần sửa những gì. Lý do được ghi vào nhật ký.",
    )


class AdhocForm(TextForm):
    title = forms.CharField(label="Tên yêu cầu báo cáo", max_length=255)
    content = forms.CharField(label="Nội dung yêu cầu", widget=forms.Textarea(attrs={"rows": 6}))
    groups = forms.MultipleChoiceField(
        label="Nhóm đơn vị nhận",
        required=False,
        choices=[(g.value, GROUP_LABELS[g]) for g in GROUPS],
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.TypedMultipleChoiceField(
        label="Đơn vị nhận",
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Giữ Ctrl (hoặc Cmd) để chọn nhiều đơn vị.",
    )
    due_date = VnDateField(label="Hạn nộp")
    template = forms.FileField(label="Mẫu kèm theo (không bắt buộc)", required=False)

    def __init__(self, *args: Any, unit_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = unit_choices
