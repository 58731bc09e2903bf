"""The team's report (Art. 17.1-17.2): dated from the inspection's last day on, with its
evaluation and recommendations for inspected units; late after 5 working days; the Word file
generated in the Decree-30 layout; a joint inspection hosted by the partner files the
partner's report instead, and one we host records its sending (004 Art. 7.3)."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.inspections.models import Inspection, InspectionReport, Recommendation
from theodoi.inspections.reporting import report_record, report_send_to_partner
from theodoi.inspections.tests.results.conftest import reported
from theodoi.organisation.models import Unit
from theodoi.partners.models import Side

pytestmark = pytest.mark.django_db


def page_of(inspection: Inspection, user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()


def test_a_report_on_time_and_one_late_by_working_days(
    make_inspection, head: User, office: User, sample_units: dict[str, Unit]
) -> None:
    # ends Friday 06/11/2026: due Friday 13/11 (5 working days)
    on_time = make_inspection(head=head, number="15/QĐ-BHXH")
    reported(on_time, head, sample_units, on=date(2026, 11, 13))
    assert "đúng hạn" in page_of(on_time, office)
    late = make_inspection(head=head, number="16/QĐ-BHXH")
    reported(late, head, sample_units, on=date(2026, 11, 17))  # Tuesday: 2 working days late
    page = page_of(late, office)
    assert "nộp muộn 2 ngày làm việc" in page
    assert "Cập nhật tiến độ các nhiệm vụ chậm." in page and "15/12/2026" in page
    assert ChangeRecord.objects.filter(object_id=str(late.report.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"reported_on": date(2026, 11, 5)}, "reported_on", Code.INVALID),  # before the end
        ({"reported_on": None}, "reported_on", Code.REQUIRED),
        ({"reported_on": date(2099, 1, 5)}, "reported_on", Code.INVALID),  # the future
        ({"evaluation": " \n "}, "evaluation", Code.REQUIRED),
        ({"recommendations": [("Rà soát", "TST", date(2026, 12, 1))]}, "recommendations-1",
         Code.INVALID),  # not an inspected unit
        ({"recommendations": [("Rà soát", "CNTT", date(2026, 11, 9))]}, "recommendations-1",
         Code.INVALID),  # before the report
        ({"recommendations": [("", "CNTT", date(2026, 12, 1))]}, "recommendations-1",
         Code.REQUIRED),
    ],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    inspection: Inspection, head: User, sample_units: dict[str, Unit], changes, field, code
) -> None:
    if "recommendations" in changes:
        changes["recommendations"] = [
            (text, sample_units[unit], day) for text, unit, day in changes["recommendations"]
        ]
    values: dict[str, Any] = {
        "reported_on": date(2026, 11, 10),
        "evaluation": "Đạt yêu cầu.",
    } | changes
    with pytest.raises(ValidationFailed) as refused:
        report_record(actor=head, inspection=inspection, **values)
    assert set(refused.value.errors) == {field} and refused.value.code == code
    assert not InspectionReport.objects.exists() and not Recommendation.objects.exists()


def test_the_report_is_made_on_the_last_day_at_the_earliest_and_once(
    inspection: Inspection, head: User, sample_units: dict[str, Unit]
) -> None:
    report = reported(inspection, head, sample_units, on=inspection.end)
    assert report.reported_on == date(2026, 11, 6)
    with pytest.raises(ValidationFailed) as refused:
        reported(inspection, head, sample_units)
    assert refused.value.code == Code.DUPLICATE


def test_the_report_opens_in_libreoffice_with_the_three_parts(
    inspection: Inspection, head: User, sample_units: dict[str, Unit], tmp_path: Path
) -> None:
    report = reported(inspection, head, sample_units)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(report.file.file.read())
    text = libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert "BÁO CÁO" in lines and "Số: 03/BC-ĐKT" in lines
    assert "Kết quả kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026" in lines
    assert any(line.startswith("1. Đánh giá việc triển khai") for line in lines)
    assert any(line.startswith("2. Những nhiệm vụ chưa hoàn thành") for line in lines)
    expected = (
        "3.1. Bảo hiểm xã hội Nghệ An: Cập nhật tiến độ các nhiệm vụ chậm. Thời hạn: 15/12/2026."
    )
    assert expected in lines
    assert "TRƯỞNG ĐOÀN" in lines and "Lê Trưởng Đoàn" in lines


def test_when_the_partner_hosts_its_report_is_filed_instead(
    make_inspection, head: User, sample_units: dict[str, Unit]
) -> None:
    joint = make_inspection(head=head, partner_unit=sample_units["TLD"], host=Side.PARTNER)
    values: dict[str, Any] = {
        "reported_on": date(2026, 11, 10),
        "evaluation": "Theo báo cáo của Tổng Liên đoàn.",
    }
    with pytest.raises(ValidationFailed) as refused:
        report_record(actor=head, inspection=joint, **values)
    assert set(refused.value.errors) == {"received"}
    partner = SimpleUploadedFile("bao-cao-tld.pdf", b"%PDF-1.4\n%%EOF\n")
    report = report_record(actor=head, inspection=joint, received=[partner], **values)
    assert report.file.name == "bao-cao-tld.pdf"
    with pytest.raises(ValidationFailed) as refused:  # the host sends, not us
        report_send_to_partner(actor=head, inspection=joint, sent_on=date(2026, 11, 11))
    assert refused.value.code == Code.WRONG_STATE


def test_when_we_host_the_report_is_sent_to_the_partner_once(
    make_inspection, head: User, office: User, sample_units: dict[str, Unit]
) -> None:
    joint = make_inspection(head=head, partner_unit=sample_units["TLD"], host=Side.OURS)
    reported(joint, head, sample_units)
    assert "Chưa gửi" in page_of(joint, office)
    with pytest.raises(ValidationFailed) as refused:
        report_send_to_partner(actor=head, inspection=joint, sent_on=date(2026, 11, 11))
    assert set(refused.value.errors) == {"sent_on"}  # before the report
    report_send_to_partner(actor=head, inspection=joint, sent_on=date(2026, 11, 13))
    assert "Đã gửi ngày 13/11/2026" in page_of(joint, office)
    with pytest.raises(ValidationFailed) as refused:
        report_send_to_partner(actor=head, inspection=joint, sent_on=date(2026, 11, 14))
    assert refused.value.code == Code.DUPLICATE
