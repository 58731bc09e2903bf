"""«Ngừng theo dõi»: a target no longer followed is kept and readable, leaves the list (unless
asked for), the dashboard, `kpi list` and the API's list, takes no new actual; «Theo dõi lại»
brings it back. Both need a reason and the version the page showed; the log reads them."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import api_client_for
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.targets.models import Target, TargetActual
from theodoi.targets.retiring import target_retire
from theodoi.targets.services import actual_enter
from theodoi.targets.tests.conftest import make_target
from theodoi.targets.tests.test_edit_page import words
from theodoi.targets.tests.test_views import client_for, entered

pytestmark = pytest.mark.django_db
REASON = "Kế hoạch 12/KH-BHXH đã thay thế chỉ tiêu này"


def kpi_codes() -> list[str]:
    out = StringIO()
    call_command("kpi", "list", "--json", stdout=out)
    return [row["code"] for row in json.loads(out.getvalue())]


def test_a_retired_target_is_kept_but_no_longer_followed(units, forms) -> None:
    kept = make_target(units["HANOI"], code="phuc-vu")
    entered(kept, forms.hanoi, ("2026-Q1", "86"), ("2026-Q2", "85"))  # at risk
    make_target(units["HANOI"], code="hai-long")
    target_retire(actor=forms.office, target=kept, expected_version=1, reason=REASON)
    office, owner = client_for(forms.office), client_for(forms.hanoi)
    listed = office.get(reverse("targets:list")).content.decode()
    assert 'data-target="hai-long"' in listed and 'data-target="phuc-vu"' not in listed
    assert "Hiện cả chỉ tiêu đã ngừng theo dõi" in listed
    every = office.get(reverse("targets:list"), {"ngung": "1"}).content.decode()
    row = re.search(r'<tr data-target="phuc-vu">(.*?)</tr>', every, re.S)
    assert row and "Ngừng theo dõi từ" in row.group(1) and "85 %" in words(row.group(1))
    detail = owner.get(reverse("targets:detail", args=["phuc-vu"]))
    page = words(detail.content.decode())
    assert detail.status_code == 200 and f"Lý do: {REASON}" in page and "Quý II/2026" in page
    assert "Nhập số thực hiện" not in page
    with pytest.raises(ValidationFailed) as caught:
        actual_enter(
            actor=forms.hanoi, target=kept, period="2026-Q3", value=Decimal(88),
            evidence="Khảo sát quý III", expected_number=0,
        )  # fmt: skip
    assert caught.value.code == Code.WRONG_STATE and not kept.actuals.filter(period="2026-Q3")
    leader = client_for(UserFactory.create(roles=[Role.LEADER], unit=units["LD"]))
    dashboard = leader.get(reverse("monitoring:dashboard")).content.decode()
    assert 'data-target="phuc-vu"' not in dashboard
    assert kpi_codes() == ["hai-long"]
    api = api_client_for(forms.office)
    assert [r["code"] for r in api.get("/api/v1/targets/").json()] == ["hai-long"]
    assert api.get("/api/v1/targets/phuc-vu/").json()["actual"] == 85  # still readable


def test_retiring_needs_a_reason_and_the_current_version(units, forms) -> None:
    target = make_target(units["HANOI"])
    with pytest.raises(ValidationFailed) as caught:
        target_retire(actor=forms.office, target=target, expected_version=1, reason=" ")
    assert caught.value.code == Code.REQUIRED and "lý do" in caught.value.errors["reason"]
    with pytest.raises(ConflictError):
        target_retire(actor=forms.office, target=target, expected_version=2, reason=REASON)
    head = UserFactory.create(roles=[Role.UNIT_HEAD], unit=units["HANOI"])
    with pytest.raises(ValidationFailed) as denied:
        target_retire(actor=head, target=target, expected_version=1, reason=REASON)
    assert denied.value.code == Code.NOT_PERMITTED
    assert Target.objects.get(pk=target.pk).retired_at is None
    assert not ChangeRecord.objects.filter(object_type="targets.target", action=ChangeKind.UPDATE)
    retired = target_retire(actor=forms.office, target=target, expected_version=1, reason=REASON)
    with pytest.raises(ValidationFailed) as twice:
        target_retire(actor=forms.office, target=retired, expected_version=2, reason=REASON)
    assert twice.value.code == Code.WRONG_STATE
    back = target_retire(
        actor=forms.office, target=retired, expected_version=2, reason="Theo dõi tiếp", retire=False
    )
    assert (back.retired_at, back.retired_reason, back.version) == (None, "", 3)
    assert actual_enter(
        actor=forms.hanoi, target=back, period="2026-Q2", value=Decimal(91),
        evidence="Khảo sát", expected_number=0,
    ).number == 1  # fmt: skip


def test_the_office_retires_from_the_page_and_the_log_reads_it(units, forms) -> None:
    target = make_target(units["HANOI"])
    office = client_for(forms.office)
    detail = office.get(reverse("targets:detail", args=[target.code])).content.decode()
    url = reverse("targets:retire", args=[target.code])
    assert f'href="{url}"' in detail and "Ngừng theo dõi" in detail
    assert "không bị xóa" in office.get(url).content.decode()
    missing = office.post(url, with_token(office, {"version": "1", "reason": ""}))
    assert missing.status_code == 200 and "Hãy ghi lý do ngừng theo dõi" in missing.content.decode()
    done = office.post(url, with_token(office, {"version": "1", "reason": REASON}))
    assert done.status_code == 302
    assert done["Location"] == reverse("targets:detail", args=["hai-long"])
    page = office.get(done["Location"]).content.decode()
    assert "Theo dõi lại" in page and "Đã ngừng theo dõi chỉ tiêu «hai-long»" in page
    stale = office.post(url, with_token(office, {"version": "1", "reason": "Lần nữa"}))
    assert stale.status_code == 409 and "vừa được người khác sửa" in stale.content.decode()
    retired_at = Target.objects.get(pk=target.pk).retired_at
    assert retired_at is not None
    assert client_for(forms.hanoi).get(url).status_code == 403
    auditor = client_for(UserFactory.create(roles=[Role.AUDITOR], unit=units["VP"]))
    html = auditor.get(reverse("audit:list")).content.decode()
    log = words(html[html.index('<table class="changes">') : html.index("</table>")])
    moment = f"{timezone.localtime(retired_at):%d/%m/%Y %H:%M}"
    assert f"Ngừng theo dõi từ: — → {moment}" in log
    assert f"Lý do ngừng theo dõi: — → {REASON}" in log
    assert TargetActual.objects.count() == 0
