"""The form renderer: Django's templates, except `<select>` and `<input>`, written directly.

Django renders each `<option>` through two template includes, which for a select of a hundred
units is a good part of a list page's time; each `<input>` costs three templates (its own,
`input.html`, `attrs.html`). The HTML written here is the same as Django's `select.html`,
`select_option.html`, `input.html` and `attrs.html` produce (core/tests/test_rendering.py
compares them). What it saves: docs/adr/0009-select-renderer.md and
docs/adr/0013-list-page-reads.md ("The filter form's inputs").
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from html import escape
from threading import Lock
from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# the widgets whose template is only `{% include "django/forms/widgets/input.html" %}`
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input", "text", "search", "number", "email", "url", "tel", "password", "hidden",
        "date", "datetime", "time", "color", "checkbox",
    )
)  # fmt: skip


def _text(value: Any) -> str:
    """Escaped text, unless it is already safe HTML (as Django's conditional_escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:  # None too is written, as Django's attrs.html writes it
            parts.append(f' {name}="{_text(value)}"')
    return "".join(parts)


def render_select(widget: dict[str, Any]) -> SafeString:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_text(group_name)}">')
        parts += [
            f'<option value="{_text(o["value"])}"{_attrs(o["attrs"])}>{_text(o["label"])}</option>'
            for o in options
        ]
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # every value was escaped above


def render_input(widget: dict[str, Any]) -> SafeString:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    html = f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
    return mark_safe(html + _attrs(widget["attrs"]) + ">")  # every value was escaped above


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


def field_blocks(fields: Iterable[BoundField]) -> SafeString:
    """Each field as a filter panel lays it out: its label, its widget (the renderer above)
    and its errors, as `{% for field in … %}` wrote them (docs/adr/0013, "The filter panel")."""
    parts = []
    for field in fields:
        errors = "".join(f'<p class="error" role="alert">{_text(e)}</p>' for e in field.errors)
        parts.append(
            f'<div class="field"><label for="{_text(field.id_for_label)}">'
            f"{_text(field.label)}</label>{field}{errors}</div>"
        )
    return mark_safe("".join(parts))  # the label and errors escaped, the widget drawn safe


class DrawnOnce:
    """HTML drawn once per process for the same key, the last `size` keys kept: for a piece
    of a page that is a pure function of values the page reads anyway (docs/adr/0030, 0032). The
    key must hold everything the HTML depends on; a key not seen draws afresh."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._drawn: OrderedDict[Hashable, SafeString] = OrderedDict()
        self._lock = Lock()  # the development server answers in threads

    def get(self, key: Hashable, draw: Callable[[], SafeString]) -> SafeString:
        with self._lock:
            html = self._drawn.get(key)
            if html is not None:
                self._drawn.move_to_end(key)
                return html
        html = draw()
        with self._lock:
            self._drawn[key] = html
            if len(self._drawn) > self.size:
                self._drawn.popitem(last=False)
        return html
