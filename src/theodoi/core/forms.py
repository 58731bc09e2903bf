from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from theodoi.core.dates import in_range, range_message
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.text import clean_line, clean_text

T = TypeVar("T")
F = TypeVar("F", bound=forms.Field)

DATE_HELP = "dd/mm/yyyy"


class VnDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted) from 1900 to 2100 (`core.dates`), with a
    Vietnamese error naming the field."""

    def __init__(self, **kwargs: Any) -> None:
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

    def to_python(self, value: Any) -> Any:
        day = super().to_python(value)
        if day is not None and not in_range(day):
            raise ValidationError(range_message(str(self.label or "Ngày"), day), "out_of_range")
        return day


class TextForm(forms.Form):
    """The base of every form: text is cleaned as it arrives, before any field reads it. A
    text area keeps its lines (Word's \\x0b becomes one), a one-line field gets none (a line
    break becomes a space: a code or a title may end up in a mail's subject); control
    characters that no .xlsx/.docx can hold are dropped. Passwords are left as typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                _say_range(field)

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._cleaned_data_given()
        super().full_clean()

    def _cleaned_data_given(self) -> Any:
        data: Any = self.data
        data = data.copy()  # a QueryDict or a dict
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if not isinstance(field, forms.CharField) or key not in data:
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            clean = clean_text if isinstance(field.widget, forms.Textarea) else clean_line
            if hasattr(data, "setlist"):  # a QueryDict: every value given under the name
                data.setlist(key, [_cleaned(v, clean) for v in data.getlist(key)])
            else:
                data[key] = _cleaned(data[key], clean)
        return data


def _say_range(field: forms.IntegerField) -> None:
    """A number out of range is answered with the range in words, as a person writes it
    ("Tiến độ (%) phải từ 0 đến 100."), not Django's "Đảm bảo giá trị này là nhỏ hơn hoặc
    bằng với 100 ." (a stray space); a message a form set itself is kept."""
    low, high = field.min_value, field.max_value
    name = str(field.label or "Giá trị")
    if low is not None and high is not None:
        said = f"{name} phải từ {low} đến {high}."
    elif low is not None:
        said = f"{name} phải từ {low} trở lên."
    elif high is not None:
        said = f"{name} không được lớn hơn {high}."
    else:
        return
    for key in ("min_value", "max_value"):  # else the validator's own words are shown
        field.error_messages.setdefault(key, said.replace("%", "%%"))  # formatted with params


def _cleaned(value: object, clean: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return [clean(v) if isinstance(v, str) else v for v in value]
    return value


MAX_ID = 2**63 - 1  # the largest id either database stores (a larger one cannot be asked)


class IdField(forms.IntegerField):
    """A record's id in a query string or a form: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their size and type. With `max_bytes`
    the browser refuses a larger file before sending it (core/static/theodoi/upload-size.js);
    the service checks it again."""

    def __init__(self, max_bytes: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        if max_bytes is not None:
            self.widget.attrs["data-max-bytes"] = str(max_bytes)

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name`, as the kind of field it was declared (to set its choices)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is not a {kind.__name__}")
    return field


def apply_service_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's refusal on the form fields it names (or on the whole form)."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


def submit(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Run a service for a valid form; show its refusal on the form and return None."""
    try:
        return action()
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
    except ConflictError as exc:
        form.add_error(None, str(exc))
    return None


def form_page(request: HttpRequest, form: forms.Form, title: str, cancel_url: str) -> HttpResponse:
    return render(
        request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )
