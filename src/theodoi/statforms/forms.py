"""The form page's input: one field per cell and narrative text the unit fills this period
(named by its code), one per warning's explanation, and the version the page was opened at.
Figures arrive as text ("1.234") and are read as counts by the form's rules, not here."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from theodoi.reports.forms import VersionForm
from theodoi.statforms.definition import TEXT, Field, Rule
from theodoi.statforms.layout import explain_name


class EntryForm(VersionForm):
    def __init__(
        self, *args: Any, fields: Mapping[str, Field], rules: Sequence[Rule], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.numbers: list[str] = []
        self.texts: list[str] = []
        for code, f in fields.items():
            if f.kind == TEXT:
                self.fields[code] = forms.CharField(required=False, widget=forms.Textarea)
                self.texts.append(code)
            else:
                self.fields[code] = forms.CharField(required=False)
                self.numbers.append(code)
        self.rules = {explain_name(i): rule.id for i, rule in enumerate(rules)}
        for name in self.rules:
            self.fields[name] = forms.CharField(required=False, widget=forms.Textarea)

    def opened_at(self) -> int:
        return int(self.cleaned_data.get("version") or 0)
