"""The Office's forms on the agency's report: the narrative of the draft, issuing it."""

from datetime import date

from django import forms

from theodoi.core.forms import TextForm, VnDateField
from theodoi.core.periods import COUNT, Kind, Period, current

RECENT = {Kind.MONTH: 12, Kind.QUARTER: 8, Kind.HALF: 4, Kind.YEAR: 3}  # offered to choose


def ended_periods(today: date) -> list[Period]:
    """The last ended periods of each kind, newest first (the chooser's options)."""
    found = []
    for kind, many in RECENT.items():
        period = current(kind, today)
        for _ in range(many):
            number, year = period.number - 1, period.year
            if number == 0:
                number, year = COUNT[kind], year - 1
            period = Period(kind, year, number)
            found.append(period)
    return found


class NarrativeForm(TextForm):
    summary = forms.CharField(label="Trích yếu (dòng dưới «BÁO CÁO»)", max_length=300)
    opening = forms.CharField(label="Phần mở đầu", required=False, widget=forms.Textarea)
    closing = forms.CharField(label="V. Kiến nghị, đề xuất", required=False, widget=forms.Textarea)
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=150)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class IssueForm(TextForm):
    number = forms.CharField(
        label="Số văn bản",
        max_length=40,
        help_text="Số Văn thư cấp, ví dụ 5 (ghi «Số: 05/BC-BHXH»).",
        error_messages={"required": "Cần nhập số của báo cáo để ban hành."},
    )
    issued_on = VnDateField(label="Ngày văn bản")
