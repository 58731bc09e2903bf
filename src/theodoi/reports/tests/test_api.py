"""The reports API: the same requests, steps, refusals and history as the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.api.tests.conftest import api_client_for
from theodoi.audit.models import ChangeRecord
from theodoi.reports.models import ReportRequest, ReportRound, RequestState
from theodoi.reports.tests.factories import FILLED, make_round, request_of
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
LIST = "/api/v1/reports/"
TYPE = "reports.reportrequest"


def url(report: ReportRequest, step: str = "") -> str:
    return f"{LIST}{report.pk}/{step + '/' if step else ''}"


@pytest.fixture
def report_round(world: World) -> ReportRound:
    today = timezone.localdate()
    return make_round(
        world.units["VP"],
        [world.units["TST"], world.units["CSXH"]],
        start=today - timedelta(days=80),
        end=today + timedelta(days=10),
        due=today + timedelta(days=5),
    )


def current(report: ReportRequest) -> ReportRequest:
    return request_of(report.round, report.unit)


def history(report: ReportRequest) -> list[tuple[str, object, object, str, str]]:
    records = ChangeRecord.objects.filter(object_type=TYPE, object_id=str(report.pk)).order_by("id")
    return [(r.action, r.before, r.after, r.reason, r.actor.username) for r in records]


def vias(report: ReportRequest) -> list[str]:
    records = ChangeRecord.objects.filter(object_type=TYPE, object_id=str(report.pk))
    return list(records.order_by("id").values_list("via", flat=True))


def test_a_unit_submits_the_office_returns_and_accepts_as_on_the_page(
    world: World, report_round: ReportRound
) -> None:
    """Two units tell the same story, one through the pages and one through the API: the
    history is the same, and the API's steps carry the token's name."""
    by_api = request_of(report_round, world.units["TST"])
    by_page = request_of(report_round, world.units["CSXH"])
    by_page_unit = world.coord  # staff of CSXH
    unit_api = api_client_for(world.staff, name="phần mềm của TST")
    office_api = api_client_for(world.office, name="kịch bản của Văn phòng")

    # the page: save and send, returned, sent again, accepted
    unit_page, office_page = client_for(by_page_unit), client_for(world.office)
    page_url = reverse("reports:request", args=[by_page.pk])
    unit_page.post(page_url, {"version": by_page.version, **FILLED, "nop": "1"})
    office_page.post(
        reverse("reports:return", args=[by_page.pk]),
        {"version": current(by_page).version, "comment": "Bổ sung số liệu"},
    )
    unit_page.post(page_url, {"version": current(by_page).version, **FILLED, "nop": "1"})
    office_page.post(
        reverse("reports:accept", args=[by_page.pk]), {"version": current(by_page).version}
    )

    # the API: the same steps
    answer = unit_api.post(url(by_api, "submit"), {"version": by_api.version, "sections": FILLED})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "submitted" and answer.json()["last_version"] == 1
    answer = office_api.post(
        url(by_api, "return"), {"version": answer.json()["version"], "comment": "Bổ sung số liệu"}
    )
    assert answer.status_code == 200 and answer.json()["state_label"] == "Bị trả lại"
    answer = unit_api.post(url(by_api, "submit"), {"version": answer.json()["version"]})
    assert answer.status_code == 200 and answer.json()["last_version"] == 2
    answer = office_api.post(url(by_api, "accept"), {"version": answer.json()["version"]})
    assert answer.status_code == 200 and answer.json()["state"] == "accepted"
    assert answer.json()["on_time"] is True

    def steps(report: ReportRequest) -> list[tuple[object, ...]]:
        return [(a, b, after, r) for a, b, after, r, _ in history(report)]

    assert steps(by_api) == steps(by_page) and len(steps(by_api)) == 4
    assert [who for *_, who in history(by_api)] == [world.staff.username, world.office.username] * 2
    assert vias(by_api) == ["api:phần mềm của TST", "api:kịch bản của Văn phòng"] * 2
    assert vias(by_page) == [""] * 4

    detail = office_api.get(url(by_api)).json()
    assert [v["version"] for v in detail["versions"]] == [2, 1]
    assert detail["versions"][1]["review"]["comment"] == "Bổ sung số liệu"
    assert detail["versions"][1]["review"]["decision"] == "return"
    assert detail["versions"][0]["sections"]["ket-qua"] == FILLED["ket-qua"]
    assert detail["versions"][0]["by"] == {
        "username": world.staff.username,
        "full_name": world.staff.full_name,
    }
    assert detail["draft"] is None  # the Office does not read the unit's draft, as on the page


def test_a_stale_version_is_refused_with_409_and_nothing_changes(
    world: World, report_round: ReportRound
) -> None:
    report = request_of(report_round, world.units["TST"])
    unit_api = api_client_for(world.staff)
    saved = unit_api.post(
        url(report, "submit"), {"version": report.version, "sections": {"ket-qua": "Có"}}
    )
    assert saved.status_code == 400 and saved.json()["code"] == "required"
    assert "kho-khan" in saved.json()["errors"]
    assert current(report).state == RequestState.OPEN  # the refused submission kept no draft
    client_for(world.head).post(
        reverse("reports:request", args=[report.pk]),
        {"version": report.version, "ket-qua": "Của trưởng"},
    )
    answer = unit_api.post(url(report, "submit"), {"version": report.version, "sections": FILLED})
    assert answer.status_code == 409 and answer.json()["code"] == "stale"
    after = current(report)
    assert after.state == RequestState.DRAFT and after.draft["ket-qua"] == "Của trưởng"
    assert not after.submissions.exists()


def test_each_side_may_take_only_its_own_steps(world: World, report_round: ReportRound) -> None:
    report = request_of(report_round, world.units["TST"])
    office_api, unit_api = api_client_for(world.office), api_client_for(world.staff)
    answer = office_api.post(url(report, "submit"), {"version": report.version, "sections": FILLED})
    assert answer.status_code == 403 and answer.json()["code"] == "not_permitted"
    sent = unit_api.post(
        url(report, "submit"), {"version": report.version, "sections": FILLED}
    ).json()
    answer = unit_api.post(url(report, "accept"), {"version": sent["version"]})
    assert answer.status_code == 403
    answer = office_api.post(url(report, "return"), {"version": sent["version"], "comment": " "})
    assert answer.status_code == 400 and answer.json()["code"] == "required"
    assert "Hãy ghi ý kiến" in answer.json()["errors"]["comment"]
    accepted = office_api.post(url(report, "accept"), {"version": sent["version"]}).json()
    answer = office_api.post(url(report, "reopen"), {"version": accepted["version"]})
    assert answer.status_code == 400 and "reason" in answer.json()["errors"]
    answer = office_api.post(
        url(report, "reopen"), {"version": accepted["version"], "reason": "Sai số"}
    )
    assert answer.status_code == 200 and answer.json()["state"] == "returned"
    assert history(report)[-1][:4] == (
        "report_reopen",
        {"state": "accepted"},
        {"state": "returned"},
        "Sai số",
    )


def test_another_units_report_is_not_found(world: World, report_round: ReportRound) -> None:
    theirs = request_of(report_round, world.units["CSXH"])
    other = api_client_for(world.other_head)  # head of CNTT, which is not asked
    assert other.get(url(theirs)).status_code == 404
    assert other.post(url(theirs, "submit"), {"version": 1}).status_code == 404
    assert other.get(LIST).json()["count"] == 0
    assert api_client_for(world.staff).get(url(theirs)).status_code == 404


def test_the_list_is_scoped_filtered_and_paged_in_fixed_queries(
    world: World, report_round: ReportRound, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    units = [world.units[c] for c in ("TST", "CSXH", "CNTT", "PC")]
    for n in range(1, 6):
        make_round(world.units["VP"], units, title=f"Báo cáo tháng {n}", period=f"2025-{n:02d}",
                   due=today - timedelta(days=40 * n))  # fmt: skip
    unit_api, office_api = api_client_for(world.staff), api_client_for(world.office)
    with django_assert_max_num_queries(7):
        mine = unit_api.get(LIST).json()
    assert mine["count"] == 6 and {r["unit"]["code"] for r in mine["results"]} == {"TST"}
    with django_assert_max_num_queries(7):
        everyone = office_api.get(LIST, {"page_size": 50}).json()
    assert everyone["count"] == 22 and len(everyone["results"]) == 22
    first = everyone["results"][0]
    assert first["title"] == report_round.title and first["type"] == {
        "code": None,
        "name": "Đột xuất",
    }
    assert first["timeliness"] == "not_due" and first["on_time"] is None
    late = next(r for r in everyone["results"] if r["period"] == "2025-01")
    assert late["timeliness"] == "missing" and late["on_time"] is False
    assert (
        late["state_label"] == "Chưa nộp"
        and late["due"] == (today - timedelta(days=40)).isoformat()
    )
    found = office_api.get(LIST, {"unit": "cntt", "period": "2025-03"}).json()
    assert [(r["unit"]["code"], r["period"]) for r in found["results"]] == [("CNTT", "2025-03")]
    paged = office_api.get(LIST, {"page": 2, "page_size": 20}).json()
    assert (paged["count"], len(paged["results"])) == (22, 2)
    assert office_api.get(LIST, {"state": "accepted"}).json()["count"] == 0
    assert office_api.get(LIST, {"type": "ad_hoc"}).json()["count"] == 22
    bad = office_api.get(LIST, {"period": "2026-Q5"})
    assert bad.status_code == 400 and "period" in bad.json()["errors"]
    assert office_api.get(LIST, {"unit": "KHONGCO"}).json()["count"] == 0  # as the round page
    assert office_api.get(LIST, {"type": "khong-co"}).json()["count"] == 0
    assert office_api.get(LIST, {"state": "lost"}).status_code == 400
