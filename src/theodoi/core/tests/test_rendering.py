"""Selects written directly must be the same HTML as Django's templates write."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from theodoi.core.rendering import FormRenderer


class Sample(forms.Form):
    flat = forms.ChoiceField(choices=[("", "—"), ("x", "X <b>&")], required=False)
    grouped = forms.ChoiceField(choices=[("Nhóm «A»", [("1", "một"), ("2", "hai")])])
    many = forms.MultipleChoiceField(choices=[("1", "a"), ("2", 'b"q')])
    maybe = forms.NullBooleanField()


def test_selects_render_as_djangos_templates_do():
    data = {"flat": "x", "grouped": "2", "many": ["1", "2"], "maybe": "true"}
    ours = Sample(data, renderer=FormRenderer())
    django = Sample(data, renderer=DjangoTemplates())
    for name in ("flat", "grouped", "many", "maybe"):
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
    assert "&lt;b&gt;&amp;" in str(ours["flat"])
    assert 'value="x" selected' in str(ours["flat"])
