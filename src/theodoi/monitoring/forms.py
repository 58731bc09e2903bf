from django import forms
from django.utils import timezone

from theodoi.core.agency import structure_on
from theodoi.core.forms import TextForm, VnDateField
from theodoi.core.meta import model_field
from theodoi.monitoring.models import ReminderPolicy

NUMBER = {"invalid": "Hãy nhập một số nguyên.", "required": "Cần nhập số ngày."}


def _days(name: str) -> forms.IntegerField:
    label = str(model_field(ReminderPolicy, name).verbose_name)
    return forms.IntegerField(label=label.capitalize(), error_messages=NUMBER)


class PolicyForm(TextForm):
    before_days = forms.CharField(
        label="Nhắc trước hạn gửi Văn phòng (ngày làm việc)",
        help_text="Các số ngày, cách nhau bởi dấu phẩy; ví dụ: 3, 1.",
        required=False,
    )
    on_day = forms.BooleanField(label="Nhắc vào ngày đến hạn", required=False)
    overdue_every = _days("overdue_every")
    head_after = _days("head_after")
    leader_after = _days("leader_after")
    coordination_days = _days("coordination_days")
    extension_after = _days("extension_after")
    acceptance_days = _days("acceptance_days")
    version = forms.IntegerField(widget=forms.HiddenInput)


class UrgingForm(TextForm):
    number = forms.CharField(
        label="Số văn bản",
        required=False,
        max_length=40,
        help_text="Để trống để Văn thư ghi số khi ban hành (dòng «Số: …/BHXH-VP»).",
    )
    issued_on = VnDateField(label="Ngày văn bản")
    soon_days = forms.IntegerField(
        label="Kèm nhiệm vụ sắp đến hạn trong (ngày làm việc)",
        min_value=0,
        max_value=30,
        initial=5,
        error_messages={
            "min_value": "Số ngày phải từ 0 đến 30.",
            "max_value": "Số ngày phải từ 0 đến 30.",
            "invalid": "Hãy nhập một số nguyên.",
        },
    )
    signer_authority = forms.CharField(
        label="Thẩm quyền ký", initial=lambda: structure_on(timezone.localdate()).signer_authority
    )
    signer_title = forms.CharField(
        label="Chức vụ người ký", initial=lambda: structure_on(timezone.localdate()).signer_title
    )
    signer_name = forms.CharField(label="Họ tên người ký", required=False)
