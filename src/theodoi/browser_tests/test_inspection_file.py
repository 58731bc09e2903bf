"""Issue 25: on a phone (390 px) the inspections' list is a list of cards with no sideways
scrolling, and the team's head completes the inspection file from the checklist: the missing
item's link opens the form with its letter chosen, the paper is uploaded and the item is ticked."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.inspections.models import FileItem, Inspection, Kind, MemberRole, TeamMember
from theodoi.tasks.models import Document, DocumentKind, Origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_head_completes_the_file_on_a_phone(
    live_server, page, sample_units, make_user, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    head = make_user(Role.INSPECTOR, unit="KT", username="kt1", full_name="Lê Trưởng Đoàn")
    give_app(head)
    decision = Document.objects.create(
        kind=DocumentKind.DECISION,
        number="15/QĐ-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="Bảo hiểm xã hội Việt Nam",
        summary="Về việc kiểm tra",
        origin=Origin.INTERNAL,
    )
    inspection = Inspection.objects.create(
        kind=Kind.PERIODIC,
        conducted_by=sample_units["VP"],
        title="Kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026 tại Trung tâm CNTT",
        start=date(2026, 1, 12),
        end=date(2026, 1, 16),
        decision=decision,
    )
    inspection.units.set([sample_units["CNTT"], sample_units["NGHEAN"]])
    TeamMember.objects.create(
        inspection=inspection,
        user=head,
        full_name=head.full_name,
        unit=sample_units["KT"],
        role=MemberRole.HEAD,
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('inspections:list')}")
    sign_in(page, "kt1", TEST_PASSWORD)
    page.get_by_text("1 cuộc kiểm tra").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name=inspection.title).click()
    section = page.locator("#ho-so")
    expect(section.locator('[data-letter="e"]')).to_contain_text("Còn thiếu")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    section.get_by_role("link", name="Thêm tài liệu mục e)").click()
    expect(page.get_by_label("Mục của hồ sơ")).to_have_value("e")
    minutes = tmp_path / "bien-ban-lam-viec.pdf"
    minutes.write_bytes(b"%PDF-1.4\n%bien ban\n")
    page.get_by_label("Tên tài liệu").fill("Biên bản làm việc với Trung tâm CNTT")
    page.get_by_label("Tệp").set_input_files(str(Path(minutes)))
    page.get_by_role("button", name="Thêm vào hồ sơ").click()
    expect(page.get_by_text("Đã thêm «Biên bản làm việc với Trung tâm CNTT»")).to_be_visible()
    item = page.locator('#ho-so [data-letter="e"]')
    expect(item).to_contain_text("✓ e) Biên bản, tài liệu liên quan")
    expect(item.get_by_role("link", name="Biên bản làm việc với Trung tâm CNTT")).to_be_visible()
    assert FileItem.objects.get().letter == "e"
