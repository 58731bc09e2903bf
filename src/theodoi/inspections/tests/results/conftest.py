"""The results part's world: the inspection of the shared conftest with its decision's file
(the scan the tasks are assigned by), a leader who signed it, the inspected unit's head and
staff, and helpers that walk it to its report and notice."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core import decree30
from theodoi.inspections.models import Inspection, InspectionReport
from theodoi.inspections.notices import notice_issue
from theodoi.inspections.reporting import report_record
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments


def docx() -> SimpleUploadedFile:
    doc = decree30.document()
    decree30.para(doc, "QUYẾT ĐỊNH Về việc kiểm tra")
    return SimpleUploadedFile("quyet-dinh-15.docx", decree30.to_bytes(doc))


@pytest.fixture
def decided(inspection: Inspection, office: User) -> Inspection:
    """The inspection with its decision's file."""
    [inspection.decision_file] = attachments.save_files([docx()], actor=office)
    inspection.save(update_fields=["decision_file"])
    return inspection


@pytest.fixture
def cntt_head(sample_units: dict[str, Unit]) -> User:
    return UserFactory.create(
        username="cntt.tb", full_name="Phạm Trưởng Ban", roles=[Role.UNIT_HEAD],
        unit=sample_units["CNTT"], email="cntt.tb@bhxh.test",
    )  # fmt: skip


@pytest.fixture
def cntt_staff(sample_units: dict[str, Unit]) -> User:
    return UserFactory.create(
        username="cntt.cv", full_name="Hoàng Chuyên Viên", roles=[Role.UNIT_STAFF],
        unit=sample_units["CNTT"], email="cntt.cv@bhxh.test",
    )  # fmt: skip


def reported(
    inspection: Inspection, actor: User, units: dict[str, Unit], on: date = date(2026, 11, 12)
) -> InspectionReport:
    return report_record(
        actor=actor,
        inspection=inspection,
        reported_on=on,
        number="3",
        evaluation="Các đơn vị triển khai kịp thời.\nChế độ báo cáo được chấp hành.",
        shortcomings="Nghệ An chậm cập nhật tiến độ 2 nhiệm vụ.",
        recommendations=[
            ("Cập nhật tiến độ các nhiệm vụ chậm.", units["NGHEAN"], date(2026, 12, 15)),
            ("Hoàn thiện quy trình sao lưu dữ liệu.", units["CNTT"], date(2026, 12, 31)),
        ],
    )


def notified(inspection: Inspection, actor: User) -> None:
    notice_issue(
        actor=actor,
        inspection=inspection,
        number="12",
        issued_on=date(2026, 11, 16),
        signer_name="Nguyễn Lãnh Đạo",
        signer_title="Phó Giám đốc",
    )
