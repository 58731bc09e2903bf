from django import forms

from theodoi.core.forms import TextForm
from theodoi.notifications.models import Delivery


class PreferenceForm(TextForm):
    delivery = forms.ChoiceField(
        label="Nhận thông báo qua thư điện tử",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Hãy chọn một trong hai cách nhận thư."},
    )
