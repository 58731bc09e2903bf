"""The decision and team pages: the Office prepares and records the decision, the head
proposes a member, a leader answers; the inspection page shows it all."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.conftest import with_token
from theodoi.inspections.models import Inspection, MemberState, TeamMember
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def signed(day: date, version: int) -> dict[str, object]:
    """The form recording decision 16/QĐ-BHXH signed on `day`."""
    return {
        "step": "issue",
        "number": "16/QĐ-BHXH",
        "issued_on": day.strftime("%d/%m/%Y"),
        "signer_name": "Nguyễn Lãnh Đạo",
        "signer_title": "Phó Giám đốc",
        "version": version,
    }


def test_the_office_prepares_and_records_the_decision(
    planned: Inspection, office: User, head: User, sample_units: dict[str, Unit]
) -> None:
    client = signed_in(office)
    url = f"/kiem-tra/{planned.pk}/quyet-dinh/"
    page = client.get(url).content.decode()
    assert "Tải dự thảo quyết định" in page
    head_row = {"step": "member", "user": head.pk, "role": "head", "version": planned.version}
    added = client.post(url, with_token(office, head_row))
    assert added.status_code == 302
    ended = User.objects.create(username="hd", full_name="Vũ Hải Dương",
                                unit=sample_units["HAIDUONG"])  # fmt: skip
    refused = client.post(url, with_token(office, {"step": "member", "user": ended.pk,
                                                   "role": "member", "version": 2}))  # fmt: skip
    assert refused.status_code == 200
    assert "«BHXH Hải Dương» đã kết thúc hoạt động" in refused.content.decode()
    draft = client.get(f"/kiem-tra/{planned.pk}/quyet-dinh/du-thao/")
    assert draft["Content-Disposition"].endswith('.docx"') and draft.content[:2] == b"PK"
    today = timezone.localdate()
    Inspection.objects.filter(pk=planned.pk).update(start=today, end=today)
    issued = client.post(url, with_token(office, signed(today, version=2)))
    assert issued.status_code == 302, issued.content.decode()[-1500:]
    planned.refresh_from_db()
    assert planned.decision == Document.objects.get(number="16/QĐ-BHXH")
    fixed = client.get(url).content.decode()
    assert "16/QĐ-BHXH đã ban hành" in fixed and "Thêm vào Đoàn" not in fixed
    detail = client.get(f"/kiem-tra/{planned.pk}/").content.decode()
    assert "Quyết định số 16/QĐ-BHXH" in detail and "Tải tệp quyết định" in detail
    file = client.get(f"/kiem-tra/{planned.pk}/quyet-dinh/tep/")
    assert file.status_code == 200 and file.getvalue()[:2] == b"PK"


def test_a_decision_without_a_legal_basis_shows_why(ready: Inspection, office: User) -> None:
    Inspection.objects.filter(pk=ready.pk).update(legal_basis="")
    today = timezone.localdate()
    Inspection.objects.filter(pk=ready.pk).update(start=today, end=today)
    url = f"/kiem-tra/{ready.pk}/quyet-dinh/"
    response = signed_in(office).post(url, with_token(office, signed(today, version=1)))
    assert response.status_code == 200
    assert "Quyết định kiểm tra phải nêu căn cứ pháp lý (Điều 15.2.a)." in response.content.decode()
    assert not Document.objects.exists()


@pytest.fixture
def running(inspection: Inspection) -> Inspection:
    """The decided inspection, running today."""
    today = timezone.localdate()
    Inspection.objects.filter(pk=inspection.pk).update(start=today, end=today)
    inspection.refresh_from_db()
    return inspection


def test_the_head_proposes_and_a_leader_approves_on_the_pages(
    running: Inspection, head: User, leader: User, person: Callable[..., User]
) -> None:
    extra = person("TST", "Phạm Bổ Sung")
    client = signed_in(head)
    detail = client.get(f"/kiem-tra/{running.pk}/").content.decode()
    assert "Đề xuất bổ sung thành viên" in detail
    sent = client.post(f"/kiem-tra/{running.pk}/thanh-vien/", with_token(head, {
        "user": extra.pk, "role": "member", "reason": "Cần người nắm nghiệp vụ thu"}))  # fmt: skip
    assert sent.status_code == 302
    member = TeamMember.objects.get(user=extra)
    assert member.state == MemberState.PROPOSED
    assert Notification.objects.filter(user=leader).exists()
    boss = signed_in(leader)
    shown = boss.get(f"/kiem-tra/{running.pk}/").content.decode()
    assert "Cần người nắm nghiệp vụ thu" in shown and "Phê duyệt" in shown
    answered = boss.post(f"/kiem-tra/thanh-vien/{member.pk}/duyet/", {"decision": "approve"})
    assert answered.status_code == 302
    member.refresh_from_db()
    assert member.state == MemberState.APPROVED
    again = boss.post(f"/kiem-tra/thanh-vien/{member.pk}/duyet/", {"decision": "refuse"},
                      follow=True)  # fmt: skip
    assert "đã được Nguyễn Lãnh Đạo trả lời" in again.content.decode()


def test_only_the_head_opens_the_proposal_page(
    running: Inspection, person: Callable[..., User]
) -> None:
    inspector = person("KT", "Đinh Thanh Tra", "inspector")
    assert inspector.unit is not None
    TeamMember.objects.create(inspection=running, user=inspector, full_name="Đinh Thanh Tra",
                              unit=inspector.unit, role="member")  # fmt: skip
    response = signed_in(inspector).get(f"/kiem-tra/{running.pk}/thanh-vien/")
    assert response.status_code == 403
    assert "Chỉ Trưởng đoàn" in response.content.decode()
    detail = signed_in(inspector).get(f"/kiem-tra/{running.pk}/").content.decode()
    assert "Đề xuất bổ sung thành viên" not in detail
