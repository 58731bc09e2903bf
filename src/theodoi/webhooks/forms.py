"""The administrators' webhook forms (the service checks the address and the events)."""

from django import forms

from theodoi.core.forms import TextForm
from theodoi.webhooks.events import CHOICES

EVENTS_HELP = "Hệ thống chỉ gửi tới địa chỉ này những sự kiện được chọn."


def _events() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Sự kiện",
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=EVENTS_HELP,
    )


class SubscriptionForm(TextForm):
    url = forms.CharField(
        label="Địa chỉ nhận",
        max_length=500,
        required=False,
        help_text="Địa chỉ http:// hoặc https:// của hệ thống nhận, ví dụ "
        "https://vpdt.bhxh.gov.vn/theodoi/webhook.",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    events = _events()
    description = forms.CharField(
        label="Mô tả",
        max_length=255,
        required=False,
        help_text="Hệ thống nào nhận, ai phụ trách.",
    )


class SubscriptionEditForm(TextForm):
    events = _events()
    active = forms.BooleanField(
        label="Đang gửi",
        required=False,
        help_text="Bỏ chọn để tạm ngừng gửi; các lần gửi phát sinh trong lúc ngừng sẽ chờ.",
    )
    description = forms.CharField(label="Mô tả", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(TextForm):
    """A button's form that acts on the subscription as the person saw it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
