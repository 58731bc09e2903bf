"""Báo cáo của đơn vị for a unit head with many requests: what needs action first, the due
date with the days left or passed, filters by state, type and period, within 15 queries."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from theodoi.reports import views
from theodoi.reports.mine import countdown
from theodoi.reports.models import Frequency, ReportRequest, RequestState
from theodoi.reports.tests.timely_factories import local, report_type, request_for, round_of
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    """The titles in the page's table, in order."""
    body = html.split('<table class="reports cards">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td><a href="/bao-cao/yeu-cau/\d+/">([^<]+)</a></td>', body)


@pytest.fixture
def many(world: World) -> dict[str, ReportRequest]:
    """TST's three years of monthly reports (all sent and accepted), and around today: one
    returned (due 20 days ago), a draft due in 5 days, an open one due in 2 days, an open
    one 3 days overdue, a submitted one due yesterday; CSXH's requests are not TST's."""
    today = timezone.localdate()
    vp, tst = world.units["VP"], world.units["TST"]
    monthly = report_type(vp, code="bao-cao-thang", frequency=Frequency.MONTH)
    for months in range(6, 42):
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        due = date(year, month + 1, 5)
        period = f"{year}-{month + 1:02d}"
        sent = request_for(round_of(vp, due, kind=monthly, period=period), tst, local(due))
        ReportRequest.objects.filter(pk=sent.pk).update(state=RequestState.ACCEPTED)
    quarterly = report_type(vp)

    def one(days: int, state: str, title: str, sent: bool = False, kind=None) -> ReportRequest:
        due = today + timedelta(days=days)
        made = round_of(vp, due, kind=kind)
        made.title = title
        made.save()
        at = local(due - timedelta(days=1)) if sent else None
        request = request_for(made, tst, at)
        ReportRequest.objects.filter(pk=request.pk).update(state=state)
        return request

    found = {
        "returned": one(-20, RequestState.RETURNED, "Trả lại", sent=True, kind=quarterly),
        "draft": one(5, RequestState.DRAFT, "Đang soạn"),
        "open": one(2, RequestState.OPEN, "Sắp đến hạn"),
        "overdue": one(-3, RequestState.OPEN, "Quá hạn"),
        "submitted": one(-1, RequestState.SUBMITTED, "Đã gửi", sent=True),
    }
    other = round_of(vp, today + timedelta(days=1))
    request_for(other, world.units["CSXH"])
    return found


def test_what_needs_action_comes_first_with_the_days_left(
    world: World, many: dict[str, ReportRequest], django_assert_max_num_queries
) -> None:
    head = client_for(world.head)
    with django_assert_max_num_queries(15):
        html = head.get("/bao-cao/").content.decode()
    titles = listed(html)
    assert titles[:5] == ["Trả lại", "Quá hạn", "Sắp đến hạn", "Đang soạn", "Đã gửi"]
    assert len(titles) == 41 and "Trang 1/1 (41 báo cáo)" in html
    today = timezone.localdate()
    for name, days, said in (
        ("draft", 5, "còn 5 ngày"),
        ("open", 2, "còn 2 ngày"),
        ("overdue", -3, "quá hạn 3 ngày"),
    ):
        due = f"{today + timedelta(days=days):%d/%m/%Y}"
        assert re.search(rf"{due} <small[^>]*>\({said}\)</small>", html), name
    sent = f"{today - timedelta(days=1):%d/%m/%Y}</td>"
    assert sent in html  # a report sent has no countdown
    accepted = titles[5:]
    dues = [r.round.due_date for r in ReportRequest.objects.filter(round__title__in=accepted)]
    assert accepted == [
        r.round.title
        for r in ReportRequest.objects.filter(state=RequestState.ACCEPTED).order_by(
            "-round__due_date"
        )
    ]
    assert max(dues) < today


def test_the_filters_and_the_pager_keep_each_other(
    world: World, many: dict[str, ReportRequest], django_assert_max_num_queries, monkeypatch
) -> None:
    head = client_for(world.head)
    todo = head.get("/bao-cao/?trang_thai=can-xu-ly").content.decode()
    assert listed(todo) == ["Trả lại", "Quá hạn", "Sắp đến hạn", "Đang soạn"]
    returned = head.get("/bao-cao/?trang_thai=returned").content.decode()
    assert listed(returned) == ["Trả lại"]
    quarterly = many["returned"].round.report_type
    by_type = head.get(f"/bao-cao/?loai={quarterly.pk}").content.decode()
    assert listed(by_type) == ["Trả lại"]
    adhoc = head.get("/bao-cao/?loai=dot-xuat").content.decode()
    assert listed(adhoc) == ["Quá hạn", "Sắp đến hạn", "Đang soạn", "Đã gửi"]
    monthly = (
        ReportRequest.objects.filter(state=RequestState.ACCEPTED)
        .order_by("round__due_date")
        .first()
    )
    assert monthly is not None
    period = monthly.round.period
    one = head.get(f"/bao-cao/?ky={period}").content.decode()
    assert listed(one) == [monthly.round.title]
    year, month = period.split("-")
    assert f">Tháng {month}/{year}</option>" in one
    wrong = head.get("/bao-cao/?trang_thai=sai&loai=dot-xuat").content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ. sai không phải" in wrong
    assert len(listed(wrong)) == 4  # an unreadable filter is left out, and said so
    monkeypatch.setattr(views, "MINE_PER_PAGE", 10)
    with django_assert_max_num_queries(15):
        first = head.get("/bao-cao/?loai=" + str(monthly.round.report_type_id)).content.decode()
    assert "Trang 1/4 (36 báo cáo)" in first
    assert f'href="?loai={monthly.round.report_type_id}&amp;trang=2"' in first
    with django_assert_max_num_queries(15):
        last = head.get(f"/bao-cao/?loai={monthly.round.report_type_id}&trang=4").content.decode()
    assert len(listed(last)) == 6


def test_countdown_counts_calendar_days() -> None:
    friday = date(2026, 6, 26)
    assert countdown(date(2026, 6, 29), friday) == "còn 3 ngày"  # over the weekend
    assert countdown(friday, friday) == "hạn hôm nay"
    assert countdown(date(2026, 6, 25), friday) == "quá hạn 1 ngày"
