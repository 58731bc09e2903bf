"""Text is cleaned where it enters: every form (`core.forms.TextForm`) and the plan reader.
Word's line break becomes a line, other control characters go, a one-line field (a code) gets
no line break at all."""

import inspect

import pytest
from django import forms
from django.urls import reverse

from theodoi.conftest import with_token
from theodoi.core.forms import TextForm
from theodoi.core.tests import corpus
from theodoi.core.text import clean_line, clean_text
from theodoi.imports.reading import read_plan
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, client_for


def test_clean_text_keeps_lines_and_tabs_and_drops_what_xml_cannot_hold() -> None:
    assert clean_text(corpus.TYPED_CONTROL_TEXT) == corpus.CONTROL_CLEANED
    assert clean_text("a\r\nb\rc\u2028d\te") == "a\nb\nc\nd\te"
    assert clean_line(corpus.CRLF_CODE) == "1.1 Bcc: ai@vidu.test"
    assert clean_line("Tên\x0b\x0bđơn vị") == "Tên đơn vị"


@pytest.mark.django_db
def test_a_task_typed_with_pasted_control_characters_is_saved_clean(world: World) -> None:
    document = world.document()
    response = client_for(world.office).post(
        reverse("tasks:task_create", args=[document.pk]),
        with_token(
            world.office,
            {"content": corpus.TYPED_CONTROL_TEXT, "code": corpus.CRLF_CODE, "leads": "TST"},
        ),
    )
    assert response.status_code == 302, response.content.decode()
    task = Task.objects.get()
    assert task.content == corpus.CONTROL_CLEANED
    assert task.code == "1.1 Bcc: ai@vidu.test"


def test_every_form_with_text_cleans_it() -> None:
    """A new form must derive from TextForm (the sign-in form is Django's: it saves nothing)."""
    import theodoi.urls  # noqa: F401  (every app's forms, through their views)

    def below(kind: type) -> list[type]:
        direct: list[type] = kind.__subclasses__()
        return [k for sub in direct for k in (sub, *below(sub))]

    ours = [
        form
        for form in below(forms.BaseForm)
        if form.__module__.startswith("theodoi.")
        and ".tests" not in form.__module__
        and not inspect.isabstract(form)
        and form.__name__ != "LoginForm"
    ]
    assert len(ours) > 20
    untouched = [f"{f.__module__}.{f.__name__}" for f in ours if not issubclass(f, TextForm)]
    assert not untouched


@pytest.mark.django_db
def test_a_plan_cell_with_words_line_break_is_read_clean(sample_units) -> None:
    [row] = read_plan(corpus.control_excel(), "kh.xlsx").rows
    assert row.content == "Rà soát quy trình quy trình thu"  # the break was inside a sentence
