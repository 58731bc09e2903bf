from django import forms

from theodoi.core.errors import ValidationFailed

DATE_HELP = "dd/mm/yyyy"


class VnDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted), with a Vietnamese error naming the value."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": DATE_HELP, "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."}
        )
        super().__init__(**kwargs)


def apply_service_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's refusal on the form fields it names (or on the whole form)."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)
