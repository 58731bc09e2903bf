"""The change log's page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.audit import views
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.audit.tests.test_reading import log_text
from theodoi.organisation.tests.factories import UnitFactory


@pytest.mark.django_db
def test_the_pager_keeps_the_type_and_the_search(admin_user, monkeypatch) -> None:
    for code in ("B1", "B2", "B3", "B4", "B5"):
        unit = UnitFactory.create(code=code)
        record_change(actor=admin_user, action=ChangeKind.CREATE, obj=unit, before=None, after={})
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = Client()
    client.force_login(admin_user)
    params = {"loai": "organisation.unit", "q": "b", "trang": "2"}
    body = client.get(reverse("audit:list"), params).content.decode()
    keep = "?loai=organisation.unit&amp;q=b&amp;"
    assert f'<a href="{keep}trang=1" rel="prev">‹ Trang trước</a>' in body
    assert f'<a href="{keep}trang=3" rel="next">Trang sau ›</a>' in body
    assert "<span>Trang 2/3 (5 bản ghi)</span>" in body
    assert '<input type="search" name="q" id="q" value="b">' in body


@pytest.mark.django_db
def test_a_changed_day_reads_dd_mm_yyyy(admin_user) -> None:
    unit = UnitFactory.create(code="B1")
    record_change(
        actor=admin_user,
        action=ChangeKind.UPDATE,
        obj=unit,
        before={"valid_to": None, "name": "2025-06-30 ghi chú"},
        after={"valid_to": "2025-06-30", "name": "Ban 1"},
    )
    client = Client()
    client.force_login(admin_user)
    _, words = log_text(client)
    assert "Hiệu lực đến: — → 30/06/2025" in words
    assert "2025-06-30 ghi chú" in words  # text that starts with a day stays as written


@pytest.mark.django_db
def test_a_units_page_shows_its_changes_in_words(admin_user) -> None:
    unit = UnitFactory.create(code="B1", name="Ban Một")
    record_change(
        actor=admin_user,
        action=ChangeKind.UPDATE,
        obj=unit,
        before={"valid_to": None},
        after={"valid_to": "2025-06-30"},
        reason="Sáp nhập",
    )
    client = Client()
    client.force_login(admin_user)
    body = client.get(reverse("organisation:detail", args=[unit.pk])).content.decode()
    start = body.index('<table class="changes">')
    table = body[start : body.index("</table>", start)]
    words = " ".join(re.sub(r"<[^>]+>", " ", table).split()).replace(" :", ":")
    assert f"{admin_user.full_name} Sửa đơn vị Đơn vị: {unit}" in words
    assert "Hiệu lực đến: — → 30/06/2025 Sáp nhập" in words
