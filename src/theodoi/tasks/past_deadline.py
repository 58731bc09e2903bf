"""A deadline already past, typed into a form: the form names the date and today and lets it
through only with "Xác nhận thời hạn đã qua" ticked.

The check lives in the forms, not in the services: the services also record past work
(plan imports, the demo, a leader's paper assignment recorded late) where a deadline in the
past is the truth, not a slip. A person typing a date is the one who may have mistyped it.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from theodoi.core.dates import format_date
from theodoi.core.forms import TextForm

CONFIRM = "confirm_past_deadline"
CONFIRM_LABEL = "Xác nhận thời hạn đã qua"


def past_deadline_warning(deadline: date, today: date) -> str | None:
    """The warning for a deadline before today, naming both days; None for today or later."""
    if deadline >= today:
        return None
    return (
        f"Thời hạn {format_date(deadline)} đã qua (hôm nay là {format_date(today)}). "
        f"Nếu đúng là thời hạn này, hãy đánh dấu «{CONFIRM_LABEL}» rồi gửi lại."
    )


class PastDeadlineCheck(TextForm):
    """A form with a deadline field: a past deadline needs the confirmation box, which the
    form shows (right after the field) only when it asks for it."""

    deadline_field = "deadline"
    # an edit asks only when the deadline is changed: an overdue task stays editable
    ask_when_unchanged = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        box = forms.BooleanField(label=CONFIRM_LABEL, required=False, widget=forms.HiddenInput)
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name == self.deadline_field:
                fields[CONFIRM] = box
        self.fields = fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        deadline = data.get(self.deadline_field)
        if not isinstance(deadline, date):
            return data
        if not self.ask_when_unchanged and deadline == self.initial.get(self.deadline_field):
            return data
        warning = past_deadline_warning(deadline, timezone.localdate())
        if warning is None:
            return data
        self.fields[CONFIRM].widget = forms.CheckboxInput()
        if not data.get(CONFIRM):
            self.add_error(self.deadline_field, forms.ValidationError(warning, code="past"))
        return data
