"""A target and its entered actuals read in words in the change log: the owner by name, days
dd/mm/yyyy, choices by their labels, the correction beside the value it replaced."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.targets.services import actual_enter
from theodoi.targets.tests.conftest import make_target

pytestmark = pytest.mark.django_db


def test_the_change_log_reads_targets_in_words(units, forms) -> None:
    target = make_target(units["HANOI"], deadline=date(2026, 12, 31))
    for number, value, reason in ((0, "86.5", ""), (1, "87.5", "Cộng thiếu phiếu cấp xã")):
        actual_enter(
            actor=forms.hanoi, target=target, period="2026-Q2", value=Decimal(value),
            evidence="Khảo sát quý II", expected_number=number, reason=reason,
            files=[SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 x")],
        )  # fmt: skip
    client = Client()
    client.force_login(UserFactory.create(roles=[Role.AUDITOR], unit=units["VP"]))
    html = client.get(reverse("audit:list")).content.decode()
    table = html[html.index('<table class="changes">') : html.index("</table>")]
    words = " ".join(re.sub(r"<[^>]+>", " ", table).split()).replace(" :", ":")
    for expected in (
        "Tạo chỉ tiêu",
        "Đơn vị chủ trì: BHXH Hà Nội",
        "Thời hạn: 31/12/2026",
        "Chiều: Tối thiểu (≥)",
        "Cách lấy số thực hiện: Đơn vị chủ trì nhập theo kỳ",
        "Tạo số thực hiện chỉ tiêu",
        "Sửa số thực hiện chỉ tiêu",
        "Số tệp minh chứng: 1",
        "Kỳ: Quý II/2026",
        "Giá trị thực hiện: 86,5 → 87,5",
        "Cộng thiếu phiếu cấp xã",
    ):
        assert expected in words, expected
    assert not re.search(r"\d{4}-\d{2}-\d{2}", words)
    assert "at_least" not in words and "entered" not in words and "HANOI" not in words
