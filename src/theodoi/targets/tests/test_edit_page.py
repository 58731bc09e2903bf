"""«Sửa chỉ tiêu»: reached from the target's page, the form as the target stands (numbers and
days as Vietnamese writes them), a correction and its history in words, a stale form answered
409, bad input named in Vietnamese with nothing written."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.targets.models import Target
from theodoi.targets.tests.conftest import make_target

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":")


def posted(target: Target, **changed: str) -> dict[str, str]:
    """The form as the target stands, `changed` as given."""
    data = {
        "name": target.name, "direction": target.direction, "value": "90",
        "unit": target.unit, "deadline": f"{target.deadline:%d/%m/%Y}",
        "owner": str(target.owner_id), "item": target.item, "source": target.source,
        "form_code": "", "formula": "", "baseline_value": "", "baseline_date": "",
        "version": str(target.version), "reason": "",
    }  # fmt: skip
    return data | changed


def test_the_office_corrects_a_target_and_the_log_reads_it(units, forms) -> None:
    target = make_target(
        units["HANOI"], name="Mức độ hài lòng đạt tôi thiểu 90%", value=Decimal("90.5"),
        baseline_value=Decimal("82.5"), baseline_date=date(2024, 12, 31),
    )  # fmt: skip
    office = client_for(forms.office)
    detail = office.get(reverse("targets:detail", args=[target.code])).content.decode()
    url = reverse("targets:edit", args=[target.code])
    assert f'href="{url}"' in detail and "Sửa chỉ tiêu" in detail
    form = office.get(url).content.decode()
    assert 'value="90,5"' in form and 'value="82,5"' in form
    assert 'value="31/12/2026"' in form and 'value="31/12/2024"' in form
    assert re.search(r'name="code"[^>]*disabled', form) and 'value="hai-long"' in form
    data = posted(
        target, name="Mức độ hài lòng đạt tối thiểu 90%", value="92,5", deadline="30/06/2027",
        owner=str(units["HAIPHONG"].pk), baseline_value="82,5", baseline_date="31/12/2024",
        reason="Kế hoạch sửa đổi số 12/KH-BHXH", code="doi-ma",
    )  # fmt: skip
    sent = office.post(url, with_token(office, data))
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "targets:detail", args=[target.code]
    )
    kept = Target.objects.get(pk=target.pk)
    assert (kept.code, kept.value, kept.owner, kept.version) == (
        "hai-long", Decimal("92.5"), units["HAIPHONG"], 2
    )  # fmt: skip
    page = office.get(sent["Location"]).content.decode()
    assert "Đã sửa chỉ tiêu «hai-long»" in page and "30/06/2027" in page
    auditor = client_for(UserFactory.create(roles=[Role.AUDITOR], unit=units["VP"]))
    html = auditor.get(reverse("audit:list")).content.decode()
    log = words(html[html.index('<table class="changes">') : html.index("</table>")])
    for expected in (
        "Sửa chỉ tiêu",
        "Tên chỉ tiêu: Mức độ hài lòng đạt tôi thiểu 90% → Mức độ hài lòng đạt tối thiểu 90%",
        "Giá trị chỉ tiêu: 90,5 → 92,5",
        "Thời hạn: 31/12/2026 → 30/06/2027",
        f"Đơn vị chủ trì: BHXH Hà Nội → {units['HAIPHONG'].short_name}",
        "Kế hoạch sửa đổi số 12/KH-BHXH",
    ):
        assert expected in log, expected
    assert "Giá trị mốc: 82,5 →" not in log  # only what changed


def test_a_stale_form_is_answered_409_and_writes_nothing(units, forms) -> None:
    target = make_target(units["HANOI"])
    office = client_for(forms.office)
    url = reverse("targets:edit", args=[target.code])
    first = posted(target, value="91", reason="Theo kế hoạch mới")
    assert office.post(url, with_token(office, first)).status_code == 302
    again = office.post(url, with_token(office, posted(target, value="95", reason="Sửa nữa")))
    assert again.status_code == 409
    assert "vừa được người khác sửa sau khi bạn mở trang" in again.content.decode()
    assert Target.objects.get(pk=target.pk).value == Decimal(91)
    assert (
        ChangeRecord.objects.filter(object_type="targets.target", action=ChangeKind.UPDATE).count()
        == 1
    )


def test_bad_input_is_named_in_vietnamese_and_nothing_is_written(units, forms) -> None:
    target = make_target(units["HANOI"])
    office = client_for(forms.office)
    url = reverse("targets:edit", args=[target.code])
    for changed, message in (
        ({"reason": ""}, "Hãy ghi lý do sửa"),
        ({"value": "80.5"}, "phần thập phân viết sau dấu phẩy"),
        ({"deadline": "31/02/2027"}, "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."),
        (
            {"baseline_value": "80", "baseline_date": "01/01/2027"},
            "Thời hạn 31/12/2026 không được trước ngày của mốc 01/01/2027.",
        ),
        (
            {"source": "computed", "form_code": "tthc", "formula": "100 * [5.2] / [5.99]"},
            "[5.99] không có trong biểu mẫu «tthc»",
        ),
    ):
        data = posted(target, name="Tên đã sửa", reason="Sửa tên") | changed
        page = office.post(url, with_token(office, data))
        assert page.status_code == 200 and message in page.content.decode(), message
        assert Target.objects.get(pk=target.pk).name == target.name
    assert not ChangeRecord.objects.filter(
        object_type="targets.target", action=ChangeKind.UPDATE
    ).exists()


def test_only_the_office_and_administrators_see_the_button(units, forms) -> None:
    target = make_target(units["HANOI"])
    detail = reverse("targets:detail", args=[target.code])
    edit = reverse("targets:edit", args=[target.code])
    assert edit not in client_for(forms.hanoi).get(detail).content.decode()
    assert client_for(forms.hanoi).get(edit).status_code == 403
    refused = client_for(forms.hanoi).post(edit, posted(target, value="95", reason="x"))
    assert refused.status_code == 403 and Target.objects.get(pk=target.pk).value == Decimal(90)
