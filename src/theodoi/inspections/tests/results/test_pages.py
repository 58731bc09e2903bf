"""The results pages: the Office runs an inspection from its records request to a follow-up
task through the forms; bad input is answered on the form in Vietnamese, naming the field;
people outside the team are refused."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.conftest import with_token
from theodoi.inspections.models import Inspection, InspectionReport, Recommendation
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Task

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_goes_from_records_to_a_follow_up_task(
    decided: Inspection, office: User, leader: User, sample_units: dict[str, Unit]
) -> None:
    client, pk = client_of(office), decided.pk
    cntt, nghean = sample_units["CNTT"].pk, sample_units["NGHEAN"].pk
    sent = client.post(reverse("inspections:records_request", args=[pk]), with_token(client, {
        "unit": cntt, "content": "Báo cáo năm 2026", "due": "04/11/2026", "leader": leader.pk,
    }))  # fmt: skip
    assert sent.status_code == 302
    sent = client.post(reverse("inspections:report", args=[pk]), with_token(client, {
        "reported_on": "12/11/2026", "evaluation": "Đạt yêu cầu.", "rec_text_1": "Rà soát",
        "rec_unit_1": nghean, "rec_deadline_1": "15/12/2026",
    }))  # fmt: skip
    assert sent.status_code == 302
    sent = client.post(reverse("inspections:notice", args=[pk]), with_token(client, {
        "number": "12", "issued_on": "16/11/2026", "signer_title": "Phó Giám đốc",
        "signer_name": "Nguyễn Lãnh Đạo",
    }))  # fmt: skip
    assert sent.status_code == 302
    page = client.get(reverse("inspections:detail", args=[pk])).content.decode()
    assert "Giao thành nhiệm vụ" in page and "12/TB-BHXH" in page
    assign = reverse("inspections:recommendation_assign", args=[pk, 1])
    sent = client.post(assign, with_token(client, {"leader": leader.pk}))
    assert sent.status_code == 302
    follow_up = Recommendation.objects.get(inspection=decided).task
    assert follow_up is not None and follow_up.lead_unit_id == nghean
    assert Task.objects.count() == 2  # the records request and the follow-up


def test_bad_report_input_is_answered_on_the_form_naming_the_field(
    inspection: Inspection, head: User, sample_units: dict[str, Unit]
) -> None:
    client = client_of(head)
    url = reverse("inspections:report", args=[inspection.pk])
    answer = client.post(url, with_token(client, {
        "reported_on": "05/11/2026", "evaluation": "Đạt yêu cầu.", "rec_text_1": "Rà soát",
        "rec_unit_1": sample_units["CNTT"].pk, "rec_deadline_1": "15/12/2026",
    }))  # fmt: skip
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Ngày báo cáo 05/11/2026 trước ngày kết thúc kiểm tra (06/11/2026)." in page
    answer = client.post(url, with_token(client, {
        "reported_on": "10/11/2026", "evaluation": "Đạt", "rec_text_1": "Rà soát",
        "rec_unit_1": sample_units["CNTT"].pk, "rec_deadline_1": "01/11/2026",
    }))  # fmt: skip
    assert "Thời hạn của kiến nghị 1 01/11/2026 trước ngày báo cáo (10/11/2026)." in (
        answer.content.decode()
    )
    assert not InspectionReport.objects.exists() and not Recommendation.objects.exists()


def test_people_outside_the_team_are_refused(
    inspection: Inspection, sample_units: dict[str, Unit], make_user
) -> None:
    outsider = make_user("inspector", unit="KT")
    answer = client_of(outsider).get(reverse("inspections:report", args=[inspection.pk]))
    assert answer.status_code in (403, 404)


def test_the_report_button_waits_for_the_last_day(
    decided: Inspection, office: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report is dated from the inspection's last day on (never ahead of today), so while
    the team is still at work the page offers no form that could only refuse."""
    client, page = client_of(office), reverse("inspections:detail", args=[decided.pk])
    report_form = reverse("inspections:report", args=[decided.pk])
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 11, 5))  # the 4th day
    assert report_form not in client.get(page).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 11, 6))  # the last day
    assert report_form in client.get(page).content.decode()
