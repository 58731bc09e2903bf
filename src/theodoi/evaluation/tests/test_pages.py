"""The evaluation pages as people use them: the ranking with its formula, the XLSX for the
awards council, a unit head's own card, the administrator's formula, bad input named."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeRecord
from theodoi.evaluation.scoring import DEFAULT
from theodoi.evaluation.selectors import current_formula, formula_record
from theodoi.tasks.tests.conftest import World, client_for

Q2 = "?loai=quy&nam=2026&so=2"


@pytest.fixture
def admin(world: World) -> User:
    return UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=world.units["CNTT"])


@pytest.mark.usefixtures("quarter")
def test_the_ranking_shows_the_formula_and_each_unit_in_order(world: World) -> None:
    client = client_for(world.office)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/danh-gia/xep-hang/" + Q2).content.decode()
    assert len(queries) <= 15
    assert "Quý II/2026: từ 01/04/2026 đến 30/06/2026" in html
    assert (
        "Điểm = 1 × Tỷ lệ hoàn thành đúng hạn (%) − 1 × Kết quả bị trả lại để hoàn thiện"
        " − 0,5 × Lần được gia hạn − 2 × Văn bản đôn đốc nhận được"
    ) in html
    # default minimum 3 judged tasks: CNTT (2) and PC (1) are listed but not ranked, by name
    # in alphabetical order ("Ban Pháp chế" before "Trung tâm Công nghệ thông tin")
    order = [
        html.index(name)
        for name in ("Thu - Sổ, Thẻ", "chính sách bảo hiểm xã hội", "Pháp chế", "Công nghệ")
    ]
    assert order == sorted(order)
    assert "97,5" not in html and "74" in html and "66,67" in html
    assert "2 đơn vị được xếp hạng / 4 đơn vị có số liệu" in html


@pytest.mark.usefixtures("quarter")
def test_the_export_gives_the_council_the_same_ranking(world: World) -> None:
    response = client_for(world.leader).get("/danh-gia/xep-hang/" + Q2 + "&xuat=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="xep-hang-don-vi-2026-Q2.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO: QUÝ II/2026"
    assert sheet["A3"].value == f"Công thức: {DEFAULT.text}."
    header = [c.value for c in sheet[6]]
    assert header[:4] == ["Xếp hạng", "Mã", "Đơn vị", "Điểm"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    by_code = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    assert [(r[0], r[1]) for r in rows] == [(1, "TST"), (2, "CSXH"), (None, "PC"), (None, "CNTT")]
    assert by_code["TST"]["Điểm"] == 74 and by_code["TST"]["Tỷ lệ đúng hạn (%)"] == 75
    assert by_code["CSXH"]["Phải giao đơn vị khác"] == 1
    assert by_code["CNTT"]["Văn bản đôn đốc"] == 1
    assert by_code["PC"]["Ghi chú"] == "Không xếp hạng: chưa đủ nhiệm vụ"
    assert sheet.auto_filter.ref == f"A6:X{6 + len(rows)}"  # the council sorts and filters
    assert sheet["C7"].alignment.wrap_text  # a long unit name wraps in its column


@pytest.mark.usefixtures("quarter")
def test_a_unit_head_sees_their_own_card_only(world: World) -> None:
    client = client_for(world.head)
    home = client.get("/danh-gia/" + Q2)
    card_url = f"/danh-gia/don-vi/{world.units['TST'].pk}/"
    assert home["Location"] == card_url + Q2
    with CaptureQueriesContext(connection) as queries:
        html = client.get(card_url + Q2).content.decode()
    for q in queries.captured_queries:
        print("Q", q["sql"][-400:])
    assert len(queries) <= 17  # 15, and the reports on time (issue 21): the counts, the list
    assert "Hạng 1</strong> trên 2 đơn vị được xếp hạng" in html
    assert "Kết quả bị trả lại để hoàn thiện" in html and "Bổ sung số liệu" in html
    assert "Đã hoàn thành quá hạn (1)" in html  # the official class name
    assert client.get(f"/danh-gia/don-vi/{world.units['CNTT'].pk}/").status_code == 404
    assert client.get("/danh-gia/xep-hang/").status_code == 403


def test_a_bad_period_is_named_and_this_year_shown(world: World) -> None:
    html = client_for(world.office).get("/danh-gia/xep-hang/?loai=quy&nam=2026&so=7")
    text = html.content.decode()
    assert "Số thứ tự của quý phải từ 1 đến 4." in text
    assert "Năm 2026: từ 01/01/2026 đến 31/12/2026" in text


def test_the_administrator_sets_the_formula_and_a_bad_weight_writes_nothing(
    world: World, admin: User
) -> None:
    client = client_for(admin)
    version = formula_record().version
    fields = {f"w_{k}": "0" for k in ("done_late", "open_overdue", "returned", "reassigned")}
    bad = {**fields, "w_on_time_rate": "1", "w_sent_back": "trừ một", "min_judged": "3"}
    response = client.post("/danh-gia/cong-thuc/", {**bad, "version": version})
    assert "«trừ một» không phải là một số (ví dụ: -0,5)." in response.content.decode()
    assert current_formula() == DEFAULT
    assert not ChangeRecord.objects.filter(object_type__contains="rankingformula").exists()

    good = {**bad, "w_sent_back": "-1,5", "w_urging_letters": "-3", "min_judged": "5"}
    response = client.post("/danh-gia/cong-thuc/", {**good, "version": version})
    assert response.status_code == 302
    formula = current_formula()
    assert formula.text == (
        "Điểm = 1 × Tỷ lệ hoàn thành đúng hạn (%) − 1,5 × Kết quả bị trả lại để hoàn thiện"
        " − 3 × Văn bản đôn đốc nhận được"
    )
    assert formula.min_judged == 5
    stale = client.post("/danh-gia/cong-thuc/", {**good, "version": version})
    assert "vừa được người khác sửa" in stale.content.decode()


OFFICIAL = ("Đã hoàn thành đúng hạn", "Đã hoàn thành quá hạn", "Chưa hoàn thành, trong hạn")
RETURNS = ("Đơn vị chuyển lại nhiệm vụ", "Trả lại để hoàn thiện")


@pytest.mark.usefixtures("quarter")
def test_the_ranking_uses_the_official_words(world: World) -> None:
    client = client_for(world.office)
    html = client.get("/danh-gia/xep-hang/" + Q2).content.decode()
    for heading in (*OFFICIAL, "Chưa hoàn thành, quá hạn", *RETURNS):
        assert f'<th scope="col">{heading}</th>' in html
    assert "Xuất Excel cho Hội đồng Thi đua - Khen thưởng" in html
    assert "Quá hạn đã xong" not in html
    sheet = load_workbook(BytesIO(client.get("/danh-gia/xep-hang/" + Q2 + "&xuat=xlsx").content))
    header = [c.value for c in sheet.active[6]]
    assert {*OFFICIAL, "Chưa hoàn thành, quá hạn", *RETURNS} <= set(header)
    assert "Kết quả bị trả lại" not in header and "Trả lại nhiệm vụ" not in header
