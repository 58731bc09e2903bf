"""The inspection file's section, adding a paper, the hand-over and the files it serves."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core import once
from theodoi.inspections.models import FileItem
from theodoi.inspections.tests import papers
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 11, 20))


def _token(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('name="form_token" value="', 1)[1].split('"', 1)[0]


def test_the_section_shows_each_letter_with_what_fills_it(inspection, head, office):
    papers.report(inspection, date(2026, 11, 12))
    page = client_for(head).get(f"/kiem-tra/{inspection.pk}/").content.decode()
    assert "Hồ sơ kiểm tra (Điều 18)" in page
    assert "Còn thiếu 6 mục:</strong> b, c, d, đ, e, h" in page
    assert "✓ a) Quyết định thành lập Đoàn kiểm tra" in page
    assert "✗ h) Thông báo kết quả kiểm tra" in page
    assert "Báo cáo kết quả kiểm tra số 20/BC-ĐKT ngày 12/11/2026" in page
    assert "Chưa bàn giao lưu trữ được: chưa có thông báo kết quả kiểm tra; còn thiếu h)" in page
    assert "Thêm tài liệu vào hồ sơ" in page


def test_a_team_member_adds_minutes_and_anyone_who_sees_it_opens_them(
    inspection, head, sample_units
):
    client = client_for(head)
    url = f"/kiem-tra/{inspection.pk}/ho-so/them/?muc=e"
    token = _token(client, url)
    data = {"letter": "e", "title": "", "file": SimpleUploadedFile("bien-ban.pdf", papers.PDF)}
    response = client.post(url, data | {once.FIELD: token})
    assert response.status_code == 302 and response["Location"].endswith("#ho-so")
    item = FileItem.objects.get()
    assert (item.letter, item.title, item.added_by) == ("e", "bien-ban.pdf", head)
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm «bien-ban.pdf» vào mục e) hồ sơ." in page
    inspected = UserFactory.create(roles=[Role.UNIT_HEAD], unit=sample_units["CNTT"])
    download = f"/kiem-tra/{inspection.pk}/ho-so/tep/{item.attachment_id}/"
    file = client_for(inspected).get(download)
    assert file.status_code == 200 and b"".join(file.streaming_content) == papers.PDF
    assert (
        "Thêm tài liệu"
        not in client_for(inspected).get(f"/kiem-tra/{inspection.pk}/").content.decode()
    )
    assert client_for(inspected).get(url).status_code == 403


def test_a_refused_file_is_named_on_the_form(inspection, office):
    client = client_for(office)
    url = f"/kiem-tra/{inspection.pk}/ho-so/them/"
    data = {"letter": "e", "title": "Biên bản", "file": SimpleUploadedFile("bb.exe", b"MZ")}
    page = client.post(url, data | {once.FIELD: _token(client, url)}).content.decode()
    assert "Tệp «bb.exe» không thuộc loại được nhận" in page
    assert not FileItem.objects.exists()


def test_a_file_outside_the_inspection_is_not_served(inspection, make_inspection, head):
    other = make_inspection(number="16/QĐ-BHXH")
    stray = papers.attachment("khac.pdf")
    item_elsewhere = FileItem.objects.create(
        inspection=other, letter="i", title="Khác", attachment=papers.attachment("x.pdf")
    )
    client = client_for(head)
    for file_id in (stray.pk, item_elsewhere.attachment_id):
        assert client.get(f"/kiem-tra/{inspection.pk}/ho-so/tep/{file_id}/").status_code == 404


def test_the_hand_over_page_records_the_archive(inspection, head, office):
    papers.report(inspection, date(2026, 11, 12))
    papers.notice(inspection, office, date(2026, 11, 16))
    client = client_for(head)
    detail = client.get(f"/kiem-tra/{inspection.pk}/").content.decode()
    assert "Bàn giao hồ sơ lưu trữ" in detail
    url = f"/kiem-tra/{inspection.pk}/ho-so/ban-giao/"
    wrong = client.post(url, {"archived_on": "01/11/2026", "note": ""}).content.decode()
    assert "trước ngày kết thúc kiểm tra 06/11/2026" in wrong
    response = client.post(url, {"archived_on": "20/11/2026", "note": "Hồ sơ 32 trang"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã bàn giao Văn phòng lưu trữ ngày 20/11/2026</strong>: Hồ sơ 32 trang" in page
    assert "Thêm tài liệu vào hồ sơ" not in page
