"""The targets' pages: the list with each target's latest actual and status, a target's
periods, chart, rule and units ranked, entering an actual with its evidence, and who may."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import with_token
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.rollup_world import send
from theodoi.targets.models import TargetActual
from theodoi.targets.services import actual_enter
from theodoi.targets.tests.conftest import make_target, online_target

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entered(target, actor, *pairs: tuple[str, str]) -> None:
    for period, value in pairs:
        actual_enter(
            actor=actor, target=target, period=period, value=Decimal(value.replace(",", ".")),
            evidence=f"Khảo sát {period}", expected_number=0,
        )  # fmt: skip


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_list_shows_latest_actual_distance_and_status(units, forms) -> None:
    rising = make_target(units["HANOI"], code="hai-long", deadline=date(2026, 12, 31))
    entered(rising, forms.hanoi, ("2026-Q1", "86"), ("2026-Q2", "88,5"))
    flat = make_target(units["HANOI"], code="phuc-vu", deadline=date(2026, 12, 31))
    entered(flat, forms.hanoi, ("2026-Q1", "86"), ("2026-Q2", "85"))
    missed = make_target(units["HANOI"], code="nam-2025", deadline=date(2025, 12, 31))
    entered(missed, forms.hanoi, ("2025", "80"))
    html = client_for(forms.office).get(reverse("targets:list")).content.decode()
    rows = dict(re.findall(r'<tr data-target="([^"]+)">(.*?)</tr>', html, re.S))
    assert "88,5 % (Quý II/2026)" in text(rows["hai-long"])
    assert "còn thiếu 1,5 %" in text(rows["hai-long"])
    assert "Đúng hướng" in rows["hai-long"] and "Có nguy cơ" in rows["phuc-vu"]
    assert "Không đạt" in rows["nam-2025"] and "31/12/2025" in rows["nam-2025"]
    assert "Cách tính trạng thái" in html


def test_the_list_reads_a_fixed_number_of_queries(units, forms) -> None:
    office = client_for(forms.office)
    online_target(units["VP"])
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert office.get(reverse("targets:list")).status_code == 200
        return len(done)

    first = make_target(units["HANOI"], code="mot")
    entered(first, forms.hanoi, ("2026-Q1", "80"))
    office.get(reverse("targets:list"))  # the session renewed, as in use
    one = queries()
    assert one <= 7  # session, person, roles, targets, actuals, the form's data, the bell
    for n in range(4):
        more = make_target(units["HANOI"], code=f"them-{n}")
        entered(more, forms.hanoi, ("2026-Q1", "80"), ("2026-Q2", "81"))
    assert queries() == one


def test_a_computed_target_ranks_the_provinces(units, forms) -> None:
    online_target(units["VP"])
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    haiphong = province_values(**{"5_1": 1300, "5_2": 1000, "6_2_total": 1300})
    send(forms.haiphong, "HAIPHONG", "2026-Q2", haiphong, "2026-06-12")
    page = client_for(forms.office).get(
        reverse("targets:detail", args=["ho-so-truc-tuyen"]), {"ky": "2026-Q2"}
    )
    html = page.content.decode()
    ranked = re.findall(r'<tr data-unit="([A-Z]+)">', html)
    assert ranked == ["HAIPHONG", "HANOI"]
    assert "76,9 %" in html and "75 %" in html and "76 %" in html  # the two, and the nation
    assert "<svg" in html and "Cách tính trạng thái" in html
    bad = client_for(forms.office).get(
        reverse("targets:detail", args=["ho-so-truc-tuyen"]), {"ky": "2026-Q9"}
    )
    assert "Số thứ tự của quý phải từ 1 đến 4" in bad.content.decode()


def test_the_owner_enters_an_actual_with_evidence_and_a_file(units, forms, settings) -> None:
    target = make_target(units["HANOI"], code="hai-long")
    client = client_for(forms.hanoi)
    url = reverse("targets:enter", args=["hai-long"])
    assert "Minh chứng" in client.get(url).content.decode()
    sent = client.post(
        url,
        with_token(client, {
            "period": "2026-Q2", "value": "88,5", "evidence": "Kết quả khảo sát quý II",
            "number": "0", "evidence_files": SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 x"),
        }),
    )  # fmt: skip
    assert sent.status_code == 302
    kept = TargetActual.objects.get(target=target)
    assert kept.value == Decimal("88.5") and kept.files.get().name == "khao-sat.pdf"
    page = client.get(reverse("targets:detail", args=["hai-long"])).content.decode()
    assert "Kết quả khảo sát quý II" in page and "khao-sat.pdf" in page
    file_url = reverse("targets:file", args=[kept.files.get().pk])
    assert client_for(forms.office).get(file_url).status_code == 200


def test_80_5_percent_in_a_count_is_named_on_the_form(units, forms) -> None:
    from theodoi.targets.models import Measure

    make_target(units["HANOI"], code="so-luong", unit=Measure.COUNT, value=Decimal(100))
    client = client_for(forms.hanoi)
    page = client.post(
        reverse("targets:enter", args=["so-luong"]),
        with_token(client, {"period": "2026-Q2", "value": "80,5%", "evidence": "x", "number": "0"}),
    )
    assert page.status_code == 200
    assert "«80,5%» không phải số nguyên" in page.content.decode()
    assert not TargetActual.objects.exists()


def test_who_may_see_and_enter(units, forms) -> None:
    make_target(units["HANOI"], code="hai-long")
    partner = UserFactory.create(roles=[Role.PARTNER], unit=units["VP"])
    other = UserFactory.create(roles=[Role.UNIT_STAFF], unit=units["HAIPHONG"])
    detail = reverse("targets:detail", args=["hai-long"])
    assert client_for(partner).get(reverse("targets:list")).status_code == 403
    assert client_for(partner).get(detail).status_code == 403
    assert client_for(other).get(detail).status_code == 200
    assert "Nhập số thực hiện" not in client_for(other).get(detail).content.decode()
    assert client_for(other).get(reverse("targets:enter", args=["hai-long"])).status_code == 403
    assert (
        client_for(forms.office).get(reverse("targets:detail", args=["khong-co"])).status_code
        == 404
    )
    assert (
        "Chỉ tiêu" not in text(client_for(partner).get("/").content.decode()).split("Đăng xuất")[0]
    )


def test_a_correction_starts_from_the_value_in_force(units, forms) -> None:
    target = make_target(units["HANOI"], code="hai-long")
    entered(target, forms.hanoi, ("2026-Q2", "86,5"))
    client = client_for(forms.hanoi)
    detail = client.get(reverse("targets:detail", args=["hai-long"])).content.decode()
    link = reverse("targets:enter", args=["hai-long"]) + "?ky=2026-Q2"
    assert link in detail
    form = client.get(link).content.decode()
    assert 'value="86,5"' in form and 'name="number" value="1"' in form
    data = {"period": "2026-Q2", "value": "87,5", "evidence": "Khảo sát bổ sung", "number": "1"}
    missing_reason = client.post(link, with_token(client, data)).content.decode()
    assert "hãy ghi lý do sửa" in missing_reason
    sent = client.post(link, with_token(client, data | {"reason": "Thiếu phiếu cấp xã"}))
    assert sent.status_code == 302
    assert list(target.actuals.values_list("number", "value")) == [
        (1, Decimal("86.5")), (2, Decimal("87.5"))
    ]  # fmt: skip
    page = client.get(reverse("targets:detail", args=["hai-long"])).content.decode()
    assert "Số đã thay thế (1)" in page and "Thiếu phiếu cấp xã" in page
    stale = client.post(
        reverse("targets:enter", args=["hai-long"]),
        with_token(client, data | {"number": "0"}),
    ).content.decode()
    assert "đã có số thực hiện (lần nhập 2)" in stale


def test_the_office_sets_a_target_and_is_told_what_is_wrong(units, forms) -> None:
    client = client_for(forms.office)
    url = reverse("targets:create")
    data = {
        "code": "ho-so-truc-tuyen", "name": "80% hồ sơ TTHC được xử lý trực tuyến",
        "direction": "at_least", "value": "80", "unit": "percent", "deadline": "31/12/2025",
        "owner": str(units["VP"].pk), "item": "I.1.2.2", "source": "computed",
        "form_code": "tthc", "formula": "100 * [5.2] / [5.9x]",
    }  # fmt: skip
    page = client.post(url, with_token(client, data)).content.decode()
    assert "[5.9x] không có trong biểu mẫu «tthc»" in page
    dated = data | {"formula": "100 * [5.2] / [5.1]", "baseline_value": "70",
                    "baseline_date": "01/01/2026"}  # fmt: skip
    page = client.post(url, with_token(client, dated)).content.decode()
    assert "Thời hạn 31/12/2025 không được trước ngày của mốc 01/01/2026." in page
    made = client.post(url, with_token(client, data | {"formula": "100 * [5.2] / [5.1]"}))
    assert made.status_code == 302 and made["Location"].endswith("/chi-tieu/ho-so-truc-tuyen/")
