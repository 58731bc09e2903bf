"""A unit's report: draft, files, submit, accept, return; each refusal with its code and
nothing half-saved."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.notifications.models import Notification
from theodoi.reports import services
from theodoi.reports.models import ReportFile, ReportRequest, ReportSubmission, RequestState
from theodoi.reports.tests.factories import FILLED, make_round, request_of
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
IN_QUARTER = date(2026, 3, 16)
PDF = b"%PDF-1.4 bao cao"


def fresh(request: ReportRequest) -> ReportRequest:
    return request_of(request.round, request.unit)


@pytest.fixture
def quarter(world: World) -> ReportRequest:
    report_round = make_round(world.units["VP"], [world.units["TST"], world.units["CSXH"]])
    return request_of(report_round, world.units["TST"])


def draft(world: World, request: ReportRequest, **sections: str) -> ReportRequest:
    return services.report_save_draft(
        actor=world.staff,
        request=request,
        expected_version=request.version,
        sections=sections or FILLED,
    )


def submit(world: World, request: ReportRequest, today: date = IN_QUARTER) -> ReportSubmission:
    return services.report_submit(
        actor=world.head, request=request, expected_version=request.version, today=today
    )


def refused(call, code: Code) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call()
    assert caught.value.code == code
    return caught.value


def test_draft_submit_return_resubmit_accept(world: World, quarter: ReportRequest) -> None:
    request = draft(world, quarter)
    assert request.state == RequestState.DRAFT
    services.report_attach(
        actor=world.staff,
        request=request,
        expected_version=request.version,
        files=[SimpleUploadedFile("phu-luc.pdf", PDF)],
    )
    first = submit(world, fresh(request))
    request = fresh(request)
    assert (first.number, request.state) == (1, RequestState.SUBMITTED)
    assert first.sections["ket-qua"] == "Đã hoàn thành 5 nhiệm vụ."
    assert [f.name for f in first.files.all()] == ["phu-luc.pdf"]
    assert first.task_table == []  # the unit leads no task in the quarter
    first_at = request.first_submitted_at
    assert first_at is not None
    office = Notification.objects.filter(user=world.office).get()
    assert "nộp báo cáo «Báo cáo quý I năm 2026» (lần 1)" in office.title

    services.report_return(
        actor=world.office,
        request=request,
        expected_version=request.version,
        comment="Bổ sung số liệu",
    )
    request = fresh(request)
    assert request.state == RequestState.RETURNED
    told = Notification.objects.filter(user=world.head, key__contains=":return:").get()
    assert told.body == "Bổ sung số liệu"
    request = draft(world, request, **{"ket-qua": "Đã hoàn thành 6 nhiệm vụ."})
    second = submit(world, request, today=date(2026, 3, 25))
    request = fresh(request)
    assert second.number == 2 and request.first_submitted_at == first_at
    assert second.sections["ket-qua"] == "Đã hoàn thành 6 nhiệm vụ."
    assert (
        ReportSubmission.objects.get(pk=first.pk).sections["ket-qua"].startswith("Đã hoàn thành 5")
    )
    assert not second.files.exists()
    services.report_accept(actor=world.office, request=request, expected_version=request.version)
    request = fresh(request)
    assert request.state == RequestState.ACCEPTED
    assert second.review.decision == "accept"
    kinds = list(
        ChangeRecord.objects.filter(object_type="reports.reportrequest")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert kinds == [
        ChangeKind.REPORT_SUBMIT,
        ChangeKind.REPORT_RETURN,
        ChangeKind.REPORT_SUBMIT,
        ChangeKind.REPORT_ACCEPT,
    ]
    assert Notification.objects.filter(user=world.staff, key__contains=":accept:").exists()


def test_an_empty_required_section_is_named_and_nothing_is_sent(
    world: World, quarter: ReportRequest
) -> None:
    request = draft(world, quarter, **{"ket-qua": "Có nội dung", "kho-khan": "   "})
    error = refused(lambda: submit(world, request), Code.REQUIRED)
    assert "Khó khăn, vướng mắc" in error.errors["kho-khan"]
    request = fresh(request)
    assert request.state == RequestState.DRAFT and request.first_submitted_at is None
    assert (
        not ReportSubmission.objects.exists()
        and not ChangeRecord.objects.filter(object_type="reports.reportrequest").exists()
    )


def test_no_submission_while_one_waits_or_after_acceptance(
    world: World, quarter: ReportRequest
) -> None:
    request = draft(world, quarter)
    submit(world, request)
    request = fresh(request)
    error = refused(lambda: submit(world, request), Code.WRONG_STATE)
    assert "chờ tiếp nhận" in error.errors["__all__"]
    services.report_accept(actor=world.office, request=request, expected_version=request.version)
    request = fresh(request)
    error = refused(lambda: submit(world, request), Code.WRONG_STATE)
    assert "đã được tiếp nhận" in error.errors["__all__"]
    refused(lambda: draft(world, request), Code.WRONG_STATE)
    assert ReportSubmission.objects.count() == 1


def test_a_report_is_refused_before_its_window_starts(world: World, quarter: ReportRequest) -> None:
    request = draft(world, quarter)
    error = refused(lambda: submit(world, request, today=date(2025, 12, 31)), Code.WRONG_STATE)
    assert "01/01/2026" in error.errors["__all__"]
    # within the period's last days (before it ends) a report may be sent
    assert submit(world, fresh(request), today=date(2026, 3, 17)).number == 1


def test_files_too_large_or_of_a_wrong_type_are_refused(
    world: World, quarter: ReportRequest
) -> None:
    big = SimpleUploadedFile("lon.pdf", PDF)
    big.size = 21 * 1024 * 1024

    def attach(*files: SimpleUploadedFile) -> None:
        services.report_attach(
            actor=world.staff, request=quarter, expected_version=quarter.version, files=list(files)
        )

    error = refused(lambda: attach(SimpleUploadedFile("ok.pdf", PDF), big), Code.FILE_REFUSED)
    assert "20 MB" in error.errors["files"]
    refused(lambda: attach(SimpleUploadedFile("chay.exe", b"MZ")), Code.FILE_REFUSED)
    assert not ReportFile.objects.exists()
    assert fresh(quarter).version == quarter.version


def test_only_draft_files_can_be_removed(world: World, quarter: ReportRequest) -> None:
    request = draft(world, quarter)
    (kept,) = services.report_attach(
        actor=world.staff,
        request=request,
        expected_version=request.version,
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    submit(world, fresh(request))
    request = fresh(request)
    services.report_return(
        actor=world.office, request=request, expected_version=request.version, comment="Sửa"
    )
    request = fresh(request)
    refused(
        lambda: services.report_detach(
            actor=world.staff, request=request, expected_version=request.version, file_id=kept.pk
        ),
        Code.NOT_FOUND,
    )
    (extra,) = services.report_attach(
        actor=world.staff,
        request=request,
        expected_version=request.version,
        files=[SimpleUploadedFile("b.pdf", PDF)],
    )
    request = fresh(request)
    services.report_detach(
        actor=world.staff, request=request, expected_version=request.version, file_id=extra.pk
    )
    assert list(ReportFile.objects.values_list("name", flat=True)) == ["a.pdf"]


def test_a_return_needs_comments_and_only_the_collector_reviews(
    world: World, quarter: ReportRequest
) -> None:
    request = draft(world, quarter)
    submit(world, request)
    request = fresh(request)
    refused(
        lambda: services.report_return(
            actor=world.office, request=request, expected_version=request.version, comment=" "
        ),
        Code.REQUIRED,
    )
    for person in (world.head, world.leader, world.other_head):
        refused(
            lambda person=person: services.report_accept(
                actor=person, request=request, expected_version=request.version
            ),
            Code.NOT_PERMITTED,
        )
    assert fresh(request).state == RequestState.SUBMITTED


def test_another_unit_may_not_write_and_a_stale_form_is_refused(
    world: World, quarter: ReportRequest
) -> None:
    refused(
        lambda: services.report_save_draft(
            actor=world.coord, request=quarter, expected_version=quarter.version, sections=FILLED
        ),
        Code.NOT_PERMITTED,
    )
    old = quarter.version
    draft(world, quarter)
    with pytest.raises(ConflictError):
        services.report_save_draft(
            actor=world.head, request=quarter, expected_version=old, sections=FILLED
        )
    refused(
        lambda: services.report_save_draft(
            actor=world.head,
            request=fresh(quarter),
            expected_version=old + 1,
            sections={"khong-co": "x"},
        ),
        Code.INVALID,
    )
