"""Selects written directly (core/rendering.py, docs/adr/0009-select-renderer.md) must be the
same HTML as Django's templates write: options, groups, what is selected, attributes and
escaping, for sample fields and for every select of the project's own forms."""

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.template import engines
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from theodoi.core.rendering import FormRenderer, field_blocks
from theodoi.organisation.models import Unit
from theodoi.tasks.filters import TaskFilterForm


class Sample(forms.Form):
    flat = forms.ChoiceField(choices=[("", "—"), ("x", "X <b>&")], required=False)
    grouped = forms.ChoiceField(choices=[("Nhóm «A»", [("1", "một"), ("2", "hai")])])
    many = forms.MultipleChoiceField(choices=[("1", "a"), ("2", 'b"q')])
    maybe = forms.NullBooleanField()
    numbers = forms.TypedChoiceField(choices=[(1, "một"), (2, "hai")], coerce=int)
    safe = forms.ChoiceField(choices=[("s", mark_safe("<em>đã an toàn</em>"))])
    attrs = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")],
        disabled=True,
        widget=forms.Select(
            attrs={
                "class": "wide",
                "data-hint": 'say "a" & <b>',
                "hx-get": "/x/?a=1&b=2",
                "autofocus": True,
                "hidden": False,
                "title": None,
            }
        ),
    )


def _both(form_class: type[forms.Form], **kwargs: Any) -> tuple[forms.Form, forms.Form]:
    return form_class(renderer=FormRenderer(), **kwargs), form_class(
        renderer=DjangoTemplates(), **kwargs
    )


@pytest.mark.parametrize(
    "data",
    [
        {"flat": "x", "grouped": "2", "many": ["1", "2"], "maybe": "true", "numbers": "2"},
        {},  # nothing chosen
        None,  # an unbound form: initial values
    ],
)
def test_selects_render_as_djangos_templates_do(data: dict | None) -> None:
    ours, django = _both(Sample, data=data, initial={"numbers": 1, "attrs": "b"})
    for name in Sample.base_fields:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name


def test_escaping_and_attributes_are_djangos() -> None:
    ours, _ = _both(Sample, data={"flat": "x"})
    assert "&lt;b&gt;&amp;" in str(ours["flat"]) and 'value="x" selected' in str(ours["flat"])
    assert "<em>đã an toàn</em>" in str(ours["safe"])  # safe HTML is not escaped again
    attrs = str(ours["attrs"])
    assert 'data-hint="say &quot;a&quot; &amp; &lt;b&gt;"' in attrs
    assert " autofocus" in attrs and " disabled" in attrs
    assert "hidden" not in attrs and 'title="None"' in attrs  # as Django writes it


def test_the_task_filter_forms_selects_render_as_djangos(sample_units: dict[str, Unit]) -> None:
    """The form on every list page, with the registry's units: the select this was written for."""
    data = {"don_vi": str(sample_units["TST"].pk), "trang_thai": ["assigned", "done"]}
    ours, django = _both(TaskFilterForm, data=data)
    selects = [
        name
        for name, field in TaskFilterForm.base_fields.items()
        if isinstance(field.widget, forms.Select)
    ]
    assert {"don_vi", "trang_thai", "lanh_dao"} <= set(selects)
    for name in selects:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
    assert f'value="{sample_units["TST"].pk}" selected' in str(ours["don_vi"])


class Inputs(forms.Form):
    text = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'})
    )
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"class": "d"}))
    hidden = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.IntegerField(required=False)
    mail = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    tick = forms.BooleanField(required=False)
    needed = forms.CharField(max_length=5, disabled=True)


@pytest.mark.parametrize(
    "data",
    [
        {"text": 'x & "y" <z>', "search": "tìm", "day": "2026-11-30", "hidden": "7",
         "number": "3", "mail": "a@b.vn", "secret": "s", "tick": "on", "needed": "q"},
        {"day": "không phải ngày", "number": "x"},  # bad values are written back as typed
        None,  # an unbound form
    ],
)  # fmt: skip
def test_inputs_render_as_djangos_templates_do(data: dict | None) -> None:
    ours, django = _both(Inputs, data=data, initial={"text": "đầu", "tick": True})
    for name in Inputs.base_fields:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
    if data and "text" in data:
        assert 'value="x &amp; &quot;y&quot; &lt;z&gt;"' in str(ours["text"])
        assert " checked" in str(ours["tick"])


class Counting(FormRenderer):
    """Records the templates the engine is asked for (what the departure avoids)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def get_template(self, template_name: str) -> Any:
        self.loaded.append(template_name)
        return super().get_template(template_name)


def test_the_task_filter_form_is_written_without_widget_templates(
    sample_units: dict[str, Unit],
) -> None:
    """Every field of the list's filter form (selects, search, dates, hidden, checkbox) is
    written without Django's widget templates, and as those templates would write it."""
    data = QueryDict(mutable=True)
    data.update({"q": "báo <cáo>", "han_tu": "01/11/2026", "van_ban": "3", "chua_cap_nhat": "on"})
    renderer = Counting()
    ours = TaskFilterForm(data=data, renderer=renderer)
    django = TaskFilterForm(data=data, renderer=DjangoTemplates())
    for name in TaskFilterForm.base_fields:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
    assert renderer.loaded == []


# the list's filter panel as its template wrote it before `field_blocks`
PANEL_LOOP = """{% for field in form.visible_fields %}{% if field.name != "q" %}
<div class="field">
  <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}
  {% for e in field.errors %}<p class="error" role="alert">{{ e }}</p>{% endfor %}
</div>
{% endif %}{% endfor %}"""


@pytest.mark.parametrize(
    "data",
    [
        {"don_vi": "nhiều", "han_tu": "31/02/2026", "ngay": "hôm <qua>", "trang_thai": ['<b>&"x']},
        {"loai": "open_overdue", "chua_cap_nhat": "on", "q": "không vẽ ở đây"},
        None,
    ],
)
def test_the_filter_panel_is_drawn_as_its_template_loop_drew_it(
    sample_units: dict[str, Unit], data: dict | None
) -> None:
    """Labels, widgets and each field's errors (bad values give them), escaped the same."""
    query = None
    if data is not None:
        query = QueryDict(mutable=True)
        for key, value in data.items():
            query.setlist(key, value if isinstance(value, list) else [value])
    form = TaskFilterForm(data=query)
    form.fields["loai"].label = 'Tình hình <em>& "khác"</em>'  # a label is escaped too
    engine = engines["django"]
    looped = engine.from_string(PANEL_LOOP).render({"form": form})
    written = str(field_blocks(field for field in form.visible_fields() if field.name != "q"))
    assert parse_html(written) == parse_html(looped)
    if data and "han_tu" in data:
        assert written.count('role="alert"') == 4  # one error for each bad value
        # the bad choice, repeated in its error message, and the label: escaped
        assert '<p class="error" role="alert">' in written and "&lt;b&gt;&amp;" in written
        assert "<b>" not in written
    assert 'name="q"' not in written
    assert "Tình hình &lt;em&gt;&amp; &quot;khác&quot;&lt;/em&gt;</label>" in written
