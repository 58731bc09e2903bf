"""The forms' small world: the sample registry, the Office, a province's head and a central
unit's head, and the two TTHC report types of seed 001 (quarters I-III and the year) whose
content is the form `tthc`."""

from dataclasses import dataclass

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.organisation.models import Unit
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule


@dataclass
class FormsWorld:
    units: dict[str, Unit]
    office: User
    hanoi: User  # head of BHXH Hà Nội (a province)
    haiphong: User  # head of BHXH Hải Phòng
    cntt: User  # head of Trung tâm CNTT (a central unit)
    quarterly: ReportType
    yearly: ReportType


def tthc_type(code: str, frequency: str, collector: Unit, numbers: list[int]) -> ReportType:
    return ReportType.objects.create(
        code=code,
        name=f"Báo cáo công tác kiểm soát TTHC ({code})",
        frequency=frequency,
        period_numbers=numbers,
        collector=collector,
        reporters="@PROVINCES; @CENTRAL",
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
        sections=[],
        form_code="tthc",
    )


@pytest.fixture
def forms(sample_units: dict[str, Unit]) -> FormsWorld:
    def person(role: str, unit: str, name: str) -> User:
        return UserFactory.create(
            username=name, roles=[role], unit=sample_units[unit], full_name=name
        )

    office = sample_units["VP"]
    return FormsWorld(
        units=sample_units,
        office=person(Role.TRACKER, "VP", "vanphong"),
        hanoi=person(Role.UNIT_HEAD, "HANOI", "hanoi.giamdoc"),
        haiphong=person(Role.UNIT_HEAD, "HAIPHONG", "haiphong.giamdoc"),
        cntt=person(Role.UNIT_HEAD, "CNTT", "cntt.giamdoc"),
        quarterly=tthc_type("tthc-quy", Frequency.QUARTER, office, [1, 2, 3]),
        yearly=tthc_type("tthc-nam", Frequency.YEAR, office, []),
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
