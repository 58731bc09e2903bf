"""Units sending the TTHC form through the real services, for the roll-up's tests: each sent
version explains whatever warning its figures raise (the figures of the period before differ
on purpose), at a moment given so that on time and late are known."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from theodoi.accounts.models import User
from theodoi.core.periods import parse_period
from theodoi.reports.models import ReportRequest, ReportSubmission
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.services import form_check, form_submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def moment(day: str) -> datetime:
    """ "2026-06-10" at 09:00 in Hà Nội."""
    return datetime.fromisoformat(f"{day}T09:00").replace(tzinfo=VN)


def request_of(unit: str, period: str) -> ReportRequest:
    return request_in(round_or_open("tthc", parse_period(period)), unit)


def send(actor: User, unit: str, period: str, values: dict[str, Any], on: str) -> ReportSubmission:
    request = request_of(unit, period)
    found = form_check(request, values=values, texts={}, explanations={}, for_submission=True)
    explained = {w.rule: "Số liệu đã được rà soát lại." for w in found.warnings}
    submission, _ = form_submit(
        actor=actor,
        request=request,
        expected_version=request.version,
        values=values,
        texts={"10": "Không có kiến nghị."},
        explanations=explained,
        at=moment(on),
    )
    return submission
