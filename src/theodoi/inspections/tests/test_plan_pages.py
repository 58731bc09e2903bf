"""The plan's pages and the inspection forms, as the Office and a leader use them: fields
answer in Vietnamese on the field that is wrong, and nothing is written then."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.core.once import FIELD, new_token
from theodoi.inspections.models import Inspection, InspectionPlan, Kind, PlanState
from theodoi.inspections.planning import Item, plan_approve, plan_draft
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def post(client: Client, user, url: str, data: dict[str, object]):
    return client.post(url, {**data, FIELD: new_token(user.pk)})


def rows(*items: dict[str, object], extra: int = 3, initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        "muc-TOTAL_FORMS": str(len(items) + extra),
        "muc-INITIAL_FORMS": str(initial),
    }
    for n, item in enumerate(items):
        data.update({f"muc-{n}-{k}": v for k, v in item.items()})
    return data


def test_the_office_drafts_a_plan_through_its_form(office, leader, sample_units) -> None:
    client = client_for(office)
    url = reverse("inspections:plan_create")
    assert "Lập kế hoạch kiểm tra" in client.get(url).content.decode()
    item = {
        "content": "Kiểm tra nhiệm vụ Chính phủ giao",
        "units": "BHXH Nghệ An, Trung tâm CNTT",
        "conducted_by": sample_units["VP"].pk,
        "month_from": "3",
        "month_to": "4",
    }
    data = {"year": "2027", "title": "Kế hoạch kiểm tra năm 2027"} | rows(item)
    response = post(client, office, url, data)
    assert response.status_code == 302 and response["Location"] == "/kiem-tra/ke-hoach/2027/"
    plan = InspectionPlan.objects.get(year=2027)
    assert {u.code for u in plan.items.get().units.all()} == {"NGHEAN", "CNTT"}
    page = client.get(response["Location"]).content.decode()
    assert "Kiểm tra nhiệm vụ Chính phủ giao" in page and "Sửa dự thảo" in page
    assert "Phê duyệt" not in page  # the Office does not approve
    assert "tháng 3 – tháng 4/2027" in page
    assert 'aria-current="page">Kiểm tra</a>' in page  # the menu item it is under
    plans = client.get(reverse("inspections:plans")).content.decode()
    assert "Năm 2027: Kế hoạch kiểm tra năm 2027" in plans and "Dự thảo" in plans


def test_a_wrong_row_is_named_and_nothing_is_written(office, sample_units) -> None:
    client = client_for(office)
    item = {
        "content": "Kiểm tra",
        "units": "BHXH Hải Dương",
        "conducted_by": sample_units["VP"].pk,
        "month_from": "9",
        "month_to": "10",
    }
    data = {"year": "2026", "title": "KH"} | rows(item)
    response = post(client, office, reverse("inspections:plan_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mục 1: «BHXH Hải Dương» đã thôi hoạt động từ ngày 30/06/2025" in page
    assert "«BHXH Hải Phòng»" in page
    assert not InspectionPlan.objects.exists()
    late = item | {"units": "BHXH Nghệ An", "month_from": "10", "month_to": "9"}
    page = post(client, office, reverse("inspections:plan_create"), data | rows(late)).content
    assert "Từ tháng 10 sau đến tháng 9" in page.decode()


def test_a_leader_approves_the_draft_and_it_is_fixed(office, leader, sample_units) -> None:
    u = sample_units
    items = [Item("Chế độ báo cáo", (u["NGHEAN"],), u["VP"], 5, 6)]
    plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)
    client = client_for(leader)
    page = client.get(reverse("inspections:plan", args=[2026])).content.decode()
    assert "Phê duyệt" in page and "Sửa dự thảo" not in page
    url = reverse("inspections:plan_approve", args=[2026])
    refused = post(client, leader, url, {"number": "", "approved_on": "15/01/2026", "version": 1})
    assert "Số, ký hiệu kế hoạch" in refused.content.decode()
    data = {"number": "25/KH-BHXH", "approved_on": "15/01/2026", "version": 1}
    assert post(client, leader, url, data).status_code == 302
    plan = InspectionPlan.objects.get()
    assert plan.state == PlanState.APPROVED and plan.document.number == "25/KH-BHXH"
    office_client = client_for(office)
    edit = office_client.get(reverse("inspections:plan_edit", args=[2026]), follow=True)
    assert "đã được phê duyệt: không sửa được nữa" in edit.content.decode()
    page = office_client.get(reverse("inspections:plan", args=[2026])).content.decode()
    assert "Tạo cuộc kiểm tra" in page and "25/KH-BHXH" in page


def _approved(office, leader, sample_units):
    u = sample_units
    items = [Item("Chế độ báo cáo", (u["NGHEAN"], u["CNTT"]), u["VP"], 5, 6)]
    plan = plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)
    return plan_approve(actor=leader, plan=plan, number="25/KH-BHXH", approved_on=date(2026, 1, 5))


def test_an_inspection_made_from_a_plan_item(office, leader, sample_units) -> None:
    item = _approved(office, leader, sample_units).items.get()
    client = client_for(office)
    url = reverse("inspections:create") + f"?muc={item.pk}"
    form = client.get(url).content.decode()
    assert "Căn cứ kiểm tra đột xuất" not in form and "BHXH Nghệ An" in form
    data = {
        "title": "Kiểm tra chế độ báo cáo",
        "kind": Kind.PERIODIC,
        "units": "BHXH Nghệ An",
        "conducted_by": sample_units["VP"].pk,
        "start": "04/05/2026",
        "end": "08/05/2026",
        "host": "ours",
    }
    response = post(client, office, url, data)
    assert response.status_code == 302
    made = Inspection.objects.get()
    assert made.plan_item == item and made.kind == Kind.PERIODIC
    assert made.content == "Chế độ báo cáo"
    page = client.get(reverse("inspections:plan", args=[2026])).content.decode()
    assert "Kiểm tra chế độ báo cáo" in page
    detail = client.get(response["Location"]).content.decode()
    assert "kế hoạch kiểm tra năm 2026</a>: Chế độ báo cáo (tháng 5–6)" in detail
    assert "Sửa cuộc kiểm tra" in detail


AD_HOC = {
    "title": "Kiểm tra đột xuất",
    "ground": "authority",
    "ground_detail": "Công văn số 123/VPCP-KGVX",
    "units": "BHXH Nghệ An",
    "start": "02/11/2026",
    "end": "06/11/2026",
    "host": "ours",
}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"end": "01/11/2026"}, "Ngày kết thúc 01/11/2026 trước ngày bắt đầu 02/11/2026."),
        ({"units": "BHXH Hải Dương"}, "đã thôi hoạt động từ ngày 30/06/2025"),
        ({"units": "Ban Không Có"}, "Không nhận ra đơn vị: «Ban Không Có»"),
        ({"ground_detail": ""}, "Trường này là bắt buộc"),
        ({"end": "31/02/2026"}, "Ngày không hợp lệ"),
        ({"documents": "999/QĐ-TTg"}, "Không có văn bản số «999/QĐ-TTg» trong sổ."),
    ],
)
def test_an_ad_hoc_form_answers_on_the_field(office, sample_units, given, message) -> None:
    client = client_for(office)
    data = AD_HOC | {"conducted_by": sample_units["VP"].pk} | given
    response = post(client, office, reverse("inspections:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspection_is_edited_until_its_decision(office, sample_units, inspection) -> None:
    client = client_for(office)
    post(
        client,
        office,
        reverse("inspections:create"),
        AD_HOC | {"conducted_by": sample_units["VP"].pk},
    )
    made = Inspection.objects.get(title="Kiểm tra đột xuất")
    url = reverse("inspections:edit", args=[made.pk])
    assert "Công văn số 123/VPCP-KGVX" in client.get(url).content.decode()
    data = AD_HOC | {"conducted_by": sample_units["VP"].pk, "end": "13/11/2026", "version": 1}
    assert client.post(url, data).status_code == 302
    assert Inspection.objects.get(pk=made.pk).end == date(2026, 11, 13)
    stale = client.post(url, data).content.decode()
    assert "vừa được người khác sửa" in stale
    page = client.get(reverse("inspections:detail", args=[made.pk])).content.decode()
    assert "Kiểm tra đột xuất — Yêu cầu của cơ quan có thẩm quyền: Công văn số 123" in page
    decided_page = client.get(reverse("inspections:detail", args=[inspection.pk])).content
    assert "Sửa cuộc kiểm tra" not in decided_page.decode()
    decided = client.get(reverse("inspections:edit", args=[inspection.pk]), follow=True)
    assert "Quyết định kiểm tra 15/QĐ-BHXH đã ban hành" in decided.content.decode()


def test_a_row_of_the_draft_is_removed_by_its_mark(office, sample_units) -> None:
    u = sample_units
    items = [
        Item("Giữ lại", (u["NGHEAN"],), u["VP"], 5, 6),
        Item("Bỏ đi", (u["CNTT"],), u["VP"], 7, 7),
    ]
    plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)
    client = client_for(office)
    url = reverse("inspections:plan_edit", args=[2026])
    form = client.get(url).content.decode()
    assert "Giữ lại" in form and "Bỏ đi" in form and "Xóa" in form
    rows_given = rows(
        {"content": "Giữ lại", "units": "BHXH Nghệ An", "conducted_by": u["VP"].pk,
         "month_from": "5", "month_to": "6"},
        {"content": "Bỏ đi", "units": "Trung tâm CNTT", "conducted_by": u["VP"].pk,
         "month_from": "7", "month_to": "7", "DELETE": "on"},
        initial=2,
    )  # fmt: skip
    data = {"title": "Kế hoạch kiểm tra năm 2026", "version": "1"} | rows_given
    assert client.post(url, data).status_code == 302
    assert [i.content for i in InspectionPlan.objects.get().items.all()] == ["Giữ lại"]
