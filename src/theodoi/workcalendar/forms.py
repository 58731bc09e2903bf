from django import forms

from theodoi.core.forms import TextForm, VnDateField
from theodoi.workcalendar.models import OverrideKind


class OverrideForm(TextForm):
    day = VnDateField(label="Ngày")
    kind = forms.ChoiceField(label="Loại", choices=OverrideKind.choices)
    document = forms.CharField(
        label="Văn bản thông báo", max_length=255, help_text="Ví dụ: 12729/VPCP-KGVX"
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
    reason = forms.CharField(label="Lý do sửa", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(TextForm):
    reason = forms.CharField(label="Lý do hủy điều chỉnh", max_length=500)
