"""The inspections' small world: the sample registry (the Office VP, the inspection board KT,
central units, 34 provinces after 01/07/2025 and the ended ones, the partner TLD), the Office,
a leader, and an inspection of CNTT and Nghệ An decided by 15/QĐ-BHXH with its team.

Each part of the app builds on `inspection` (decided, 02/11-06/11/2026) or `planned` (no
decision yet); tests that need another shape make it with `make_inspection`.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.inspections.models import Inspection, Kind, MemberRole, TeamMember
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document, DocumentKind, Origin


@pytest.fixture
def office(sample_units: dict[str, Unit]) -> User:
    return UserFactory.create(
        username="vp.theodoi",
        full_name="Trần Văn Phòng",
        roles=[Role.TRACKER],
        unit=sample_units["VP"],
    )


@pytest.fixture
def leader(sample_units: dict[str, Unit]) -> User:
    return UserFactory.create(
        username="pho.tgd",
        full_name="Nguyễn Lãnh Đạo",
        position="Phó Tổng Giám đốc",
        roles=[Role.LEADER],
        unit=sample_units["LD"],
    )


@pytest.fixture
def head(sample_units: dict[str, Unit]) -> User:
    """The team's head: an inspector of the inspection board."""
    return UserFactory.create(
        username="kt.truongdoan",
        full_name="Lê Trưởng Đoàn",
        position="Trưởng ban",
        roles=[Role.INSPECTOR],
        unit=sample_units["KT"],
    )


@pytest.fixture
def make_inspection(sample_units: dict[str, Unit], office: User) -> Callable[..., Inspection]:
    def make(
        *,
        units: tuple[str, ...] = ("CNTT", "NGHEAN"),
        start: date = date(2026, 11, 2),
        end: date = date(2026, 11, 6),
        decided: bool = True,
        number: str = "15/QĐ-BHXH",
        head: User | None = None,
        **fields: Any,
    ) -> Inspection:
        decision = None
        if decided:
            decision = Document.objects.create(
                kind=DocumentKind.DECISION,
                number=number,
                issued_on=start,
                issuer="Bảo hiểm xã hội Việt Nam",
                summary="Về việc kiểm tra việc thực hiện nhiệm vụ được giao",
                origin=Origin.INTERNAL,
                registered_by=office,
            )
        values: dict[str, Any] = {
            "kind": Kind.PERIODIC,
            "conducted_by": sample_units["VP"],
            "title": "Kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026",
            "legal_basis": "Quy chế ban hành kèm theo Quyết định số 1142/QĐ-BHXH",
            "scope": "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao năm 2026",
            "content": "Việc triển khai, kết quả thực hiện và chế độ báo cáo",
            "start": start,
            "end": end,
            "decision": decision,
            "created_by": office,
            **fields,
        }
        inspection = Inspection.objects.create(**values)
        inspection.units.set([sample_units[code] for code in units])
        if head is not None:
            assert head.unit is not None
            TeamMember.objects.create(
                inspection=inspection,
                user=head,
                full_name=head.full_name,
                position=head.position,
                unit=head.unit,
                role=MemberRole.HEAD,
            )
        return inspection

    return make


@pytest.fixture
def inspection(make_inspection: Callable[..., Inspection], head: User) -> Inspection:
    return make_inspection(head=head)


@pytest.fixture
def planned(make_inspection: Callable[..., Inspection]) -> Inspection:
    return make_inspection(decided=False)
