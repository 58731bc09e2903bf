from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from theodoi.core.dates import format_date
from theodoi.core.forms import TextForm, VnDateField
from theodoi.organisation.models import Unit, UnitKind

UNITS_HELP = (
    "Gõ vài chữ của tên đơn vị rồi chọn trong danh sách; nhiều đơn vị cách nhau bởi dấu phẩy. "
    "Mọi tỉnh: «BHXH các tỉnh, thành phố»."
)


class AsOfForm(TextForm):
    ngay = VnDateField(label="Xem theo ngày", required=False)


class UnitForm(TextForm):
    code = forms.CharField(label="Mã", max_length=40)
    name = forms.CharField(label="Tên đầy đủ", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=120, required=False)
    kind = forms.ChoiceField(label="Loại", choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label="Đơn vị cấp trên", queryset=Unit.objects.all(), required=False
    )
    valid_from = VnDateField(label="Hiệu lực từ", required=False)
    valid_to = VnDateField(label="Hiệu lực đến", required=False)
    aliases = forms.CharField(
        label="Tên gọi khác",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi tên một dòng (viết tắt, tên cũ như văn bản vẫn ghi).",
    )
    reason = forms.CharField(label="Lý do sửa", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["aliases"].splitlines() if a.strip()]


class RenameForm(TextForm):
    name = forms.CharField(label="Tên mới", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt mới", max_length=120, required=False)
    effective_date = VnDateField(label="Áp dụng từ ngày")
    reason = forms.CharField(label="Căn cứ / lý do", max_length=500)


class SuccessionForm(TextForm):
    predecessors = forms.ModelMultipleChoiceField(
        label="Đơn vị cũ (thôi hoạt động)", queryset=Unit.objects.all()
    )
    successors = forms.ModelMultipleChoiceField(label="Đơn vị kế thừa", queryset=Unit.objects.all())
    effective_date = VnDateField(label="Ngày hiệu lực")
    document = forms.CharField(label="Văn bản", max_length=255, required=False)
    reason = forms.CharField(label="Lý do", max_length=500, required=False)


class UnitPickerInput(forms.TextInput):
    """A unit field that offers names as one types (core/static/theodoi/unit-picker.js):
    units in force on `as_of` (today when not given), still free text."""

    def __init__(self, as_of: date | None = None, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.as_of = as_of

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        url = reverse("organisation:suggestions")
        if self.as_of is not None:
            url += "?" + urlencode({"ngay": format_date(self.as_of)})
        return super().get_context(name, value, {**(attrs or {}), "data-unit-picker": url})
