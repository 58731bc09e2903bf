"""The change log's page."""

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.audit import views
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
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
    body = client.get(reverse("audit:list")).content.decode()
    assert "<strong>valid_to</strong>: — → 30/06/2025" in body
    assert "2025-06-30 ghi chú" in body  # text that starts with a day stays as written
