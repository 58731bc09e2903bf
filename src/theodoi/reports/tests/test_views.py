"""The reports pages: a unit writes and submits, the Office returns and accepts, the pages
read in Vietnamese and stay within 15 queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.notifications.models import Notification
from theodoi.reports.models import ReportRequest, ReportRound, RequestState
from theodoi.reports.tests.factories import FILLED, make_round, request_of
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world: World) -> ReportRequest:
    today = timezone.localdate()
    report_round = make_round(
        world.units["VP"],
        [world.units["TST"], world.units["CSXH"]],
        start=today - timedelta(days=80),
        end=today + timedelta(days=10),
        due=today + timedelta(days=5),
    )
    return request_of(report_round, world.units["TST"])


def page(client, report: ReportRequest) -> str:
    return client.get(reverse("reports:request", args=[report.pk])).content.decode()


def test_a_unit_submits_the_office_returns_then_accepts(
    world: World, report: ReportRequest, django_assert_max_num_queries
) -> None:
    unit, office = client_for(world.staff), client_for(world.office)
    url = reverse("reports:request", args=[report.pk])
    with django_assert_max_num_queries(15):
        body = page(unit, report)
    assert "Lưu và nộp báo cáo" in body and "Bảng nhiệm vụ của đơn vị" in body
    # an empty required section is named and nothing is sent
    response = unit.post(url, {"version": report.version, "ket-qua": "Có", "nop": "1"})
    assert response.status_code == 302
    body = page(unit, report)
    assert "Phần «Khó khăn, vướng mắc» bắt buộc" in body
    assert request_of(report.round, report.unit).state == RequestState.DRAFT
    version = request_of(report.round, report.unit).version
    unit.post(
        reverse("reports:attach", args=[report.pk]),
        {"version": version, "upload": SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 x")},
    )
    version += 1
    unit.post(url, {"version": version, **FILLED, "nop": "1"})
    assert "Đã nộp báo cáo (lần 1)" in page(unit, report)
    with django_assert_max_num_queries(15):
        body = page(office, report)
    assert "Tiếp nhận" in body and "Trả lại để hoàn thiện" in body and "phu-luc.pdf" in body
    assert "Bản nộp lần 1" in body and "Đã hoàn thành 5 nhiệm vụ." in body
    current = request_of(report.round, report.unit)
    response = office.post(
        reverse("reports:return", args=[report.pk]), {"version": current.version, "comment": ""}
    )
    assert response.status_code == 200
    assert "Hãy ghi ý kiến" in response.content.decode()
    office.post(
        reverse("reports:return", args=[report.pk]),
        {"version": current.version, "comment": "Bổ sung số liệu quý"},
    )
    body = page(unit, report)
    assert "Bị trả lại" in body and "Bổ sung số liệu quý" in body
    current = request_of(report.round, report.unit)
    unit.post(url, {"version": current.version, **FILLED, "kien-nghi": "Thêm", "nop": "1"})
    current = request_of(report.round, report.unit)
    office.post(reverse("reports:accept", args=[report.pk]), {"version": current.version})
    with django_assert_max_num_queries(15):
        body = page(unit, report)
    assert "Đã tiếp nhận" in body and "Lưu và nộp báo cáo" not in body
    assert "Lần 2" in body and "Lần 1" in body
    with django_assert_max_num_queries(15):
        version_page = unit.get(reverse("reports:version", args=[report.pk, 1])).content.decode()
    assert "Đã hoàn thành 5 nhiệm vụ." in version_page and "phu-luc.pdf" in version_page
    assert Notification.objects.filter(user=world.head, key__contains=":accept:").exists()
    with django_assert_max_num_queries(15):
        mine = unit.get(reverse("reports:mine")).content.decode()
    assert "Báo cáo quý I năm 2026" in mine and "Đúng hạn" in mine
    with django_assert_max_num_queries(15):
        rounds = office.get(reverse("reports:rounds")).content.decode()
    assert "1/2" in rounds
    with django_assert_max_num_queries(15):
        one = office.get(reverse("reports:round", args=[report.round_id])).content.decode()
    assert "1/2 đơn vị" in one


def test_an_adhoc_request_shows_who_answered_and_who_is_late(
    world: World, django_assert_max_num_queries
) -> None:
    office = client_for(world.office)
    today = timezone.localdate()
    response = office.post(
        reverse("reports:adhoc_create"),
        with_token(
            office,
            {
                "title": "Báo cáo tình hình tiếp nhận hồ sơ",
                "content": "Đề nghị các đơn vị báo cáo số hồ sơ tiếp nhận.",
                "units": [world.units["TST"].pk, world.units["CSXH"].pk, world.units["CNTT"].pk],
                "due_date": f"{today:%d/%m/%Y}",
                "template": SimpleUploadedFile("mau.docx", b"PK\x03\x04 mau"),
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report_round = ReportRound.objects.get()
    assert report_round.report_type is None and report_round.requests.count() == 3
    answer = request_of(report_round, world.units["TST"])
    tst = client_for(world.head)
    assert "Nội dung trả lời" in page(tst, answer)
    tst.post(
        reverse("reports:request", args=[answer.pk]),
        {"version": answer.version, "noi-dung-tra-loi": "Đã tiếp nhận 120 hồ sơ.", "nop": "1"},
    )
    assert "mau.docx" in tst.get(reverse("reports:request", args=[answer.pk])).content.decode()
    # the day after the due date: CSXH and CNTT are late
    ReportRound.objects.filter(pk=report_round.pk).update(due_date=today - timedelta(days=1))
    ReportRequest.objects.filter(pk=answer.pk).update(
        first_submitted_at=timezone.now() - timedelta(days=3)
    )
    with django_assert_max_num_queries(15):
        body = office.get(reverse("reports:round", args=[report_round.pk])).content.decode()
    assert body.count(">Quá hạn chưa nộp</span>") == 2 and ">Nộp đúng hạn</span>" in body
    assert "Nhắc 2 đơn vị quá hạn chưa nộp" in body
    assert reverse("monitoring:urge", args=[world.units["CNTT"].pk]) in body
    office.post(reverse("reports:remind", args=[report_round.pk]))
    reminded = Notification.objects.filter(key__contains=":remind:")
    assert set(reminded.values_list("user_id", flat=True)) == {world.coord.pk, world.other_head.pk}
    office.post(reverse("reports:remind", args=[report_round.pk]))
    assert reminded.count() == 2  # once a day


def test_an_adhoc_request_refuses_a_past_due_date_and_no_recipient(world: World) -> None:
    office = client_for(world.office)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = office.post(
        reverse("reports:adhoc_create"),
        with_token(
            office,
            {"title": "Báo cáo", "content": "Nội dung", "due_date": f"{yesterday:%d/%m/%Y}"},
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "đã qua" in body
    assert not ReportRound.objects.exists()


def test_a_form_sent_again_after_the_report_moved_on_says_why_nothing_changed(
    world: World, report: ReportRequest
) -> None:
    """The same draft sent twice (a double click, a second tab) and an acceptance sent twice:
    the page no longer shows those forms, so their refusal is said at its top."""
    unit, office = client_for(world.staff), client_for(world.office)
    url = reverse("reports:request", args=[report.pk])
    sent = {"version": report.version, **FILLED, "nop": "1"}
    unit.post(url, sent)
    again = unit.post(url, {**sent, "ket-qua": "Sửa sau khi nộp"})
    assert again.status_code == 200
    assert "Báo cáo vừa được người khác thay đổi" in again.content.decode()
    current = request_of(report.round, report.unit)
    assert current.state == RequestState.SUBMITTED and current.submissions.count() == 1
    assert "Sửa sau khi nộp" not in str(current.draft)
    accept = reverse("reports:accept", args=[report.pk])
    office.post(accept, {"version": current.version})
    twice = office.post(accept, {"version": current.version})
    assert twice.status_code == 200
    assert "Báo cáo vừa được người khác thay đổi" in twice.content.decode()
    assert request_of(report.round, report.unit).state == RequestState.ACCEPTED


def test_the_office_reopens_an_accepted_report_with_a_reason(
    world: World, report: ReportRequest, django_assert_max_num_queries
) -> None:
    unit, office = client_for(world.staff), client_for(world.office)
    url = reverse("reports:request", args=[report.pk])
    unit.post(url, {"version": report.version, **FILLED, "nop": "1"})
    current = request_of(report.round, report.unit)
    office.post(reverse("reports:accept", args=[report.pk]), {"version": current.version})
    assert "Mở lại báo cáo đã tiếp nhận" not in page(unit, report)
    with django_assert_max_num_queries(15):
        body = page(office, report)
    assert "Mở lại báo cáo đã tiếp nhận" in body and "Lý do mở lại" in body
    current = request_of(report.round, report.unit)
    reopen = reverse("reports:reopen", args=[report.pk])
    response = office.post(reopen, {"version": current.version, "reason": " "})
    assert response.status_code == 200 and "Hãy ghi lý do mở lại" in response.content.decode()
    assert request_of(report.round, report.unit).state == RequestState.ACCEPTED
    unit.post(reopen, {"version": current.version, "reason": "Tự mở"})
    assert request_of(report.round, report.unit).state == RequestState.ACCEPTED
    response = office.post(reopen, {"version": current.version, "reason": "Sửa số liệu quý."})
    assert response.status_code == 302
    assert "Đã mở lại báo cáo" in page(office, report)
    assert request_of(report.round, report.unit).state == RequestState.RETURNED
    assert ChangeRecord.objects.get(action=ChangeKind.REPORT_REOPEN).reason == "Sửa số liệu quý."
    current = request_of(report.round, report.unit)
    unit.post(url, {"version": current.version, **FILLED, "nop": "1"})
    assert "Đã nộp báo cáo (lần 2)" in page(unit, report)
