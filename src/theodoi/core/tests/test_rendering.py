"""Selects written directly (core/rendering.py, docs/adr/0009-select-renderer.md) must be the
same HTML as Django's templates write: options, groups, what is selected, attributes and
escaping, for sample fields and for every select of the project's own forms."""

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from theodoi.core.rendering import FormRenderer
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
