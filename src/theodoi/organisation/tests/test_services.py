"""Renames, merges and splits keep history; stale edits are refused."""

from datetime import date

import pytest

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.organisation import services
from theodoi.organisation.models import Unit
from theodoi.organisation.resolver import build_resolver
from theodoi.organisation.selectors import name_as_of, successors_chain, unit_tree


def test_rename_keeps_the_old_name_for_earlier_dates(sample_units, admin_user) -> None:
    pc = services.unit_rename(
        actor=admin_user,
        unit=sample_units["PC"],
        name="Ban Pháp chế và Kiểm soát TTHC",
        short_name="PC-KS",
        effective_date=date(2026, 3, 1),
        reason="Quyết định 01/QĐ-BHXH",
    )
    assert name_as_of(pc, date(2026, 2, 28)).name == "Ban Pháp chế"
    assert name_as_of(pc, date(2026, 3, 1)).name == "Ban Pháp chế và Kiểm soát TTHC"
    old_tree = {n.unit.code: n.name for n in unit_tree(date(2026, 1, 1))[0].children}
    assert old_tree["PC"] == "Ban Pháp chế"
    # both names still resolve to the same unit
    resolver = build_resolver()
    assert resolver.resolve("Ban Pháp chế", date(2026, 6, 1)).token == "PC"
    record = ChangeRecord.objects.get(action=ChangeKind.RENAME)
    assert record.before["name"] == "Ban Pháp chế" and record.actor == admin_user
    with pytest.raises(ValidationFailed):
        services.unit_rename(
            actor=admin_user, unit=pc, name="X", short_name="", effective_date=date(2026, 2, 1)
        )


def test_merge_ends_the_old_units_and_links_them(sample_units, admin_user) -> None:
    services.unit_succeed(
        actor=admin_user,
        predecessors=[sample_units["TTTT"], sample_units["TCBHXH"]],
        successors=[sample_units["TTHT"]],
        effective_date=date(2026, 1, 1),
        document="99/QĐ-BHXH",
    )
    tttt = Unit.objects.get(code="TTTT")
    assert tttt.valid_to == date(2025, 12, 31)
    assert [u.code for u in successors_chain(tttt, date(2026, 2, 1))] == ["TTHT"]
    assert not Unit.objects.get(code="TCBHXH").is_active_on(date(2026, 1, 1))
    assert ChangeRecord.objects.filter(action=ChangeKind.MERGE).count() == 2
    # merging a unit that has already ended is refused and writes nothing
    with pytest.raises(ValidationFailed):
        services.unit_succeed(
            actor=admin_user,
            predecessors=[tttt],
            successors=[sample_units["VP"]],
            effective_date=date(2026, 6, 1),
        )
    assert not tttt.successions.filter(successor__code="VP").exists()


def test_split_needs_a_choice_in_the_resolver(sample_units, admin_user) -> None:
    services.unit_succeed(
        actor=admin_user,
        predecessors=[sample_units["CSKH"]],
        successors=[sample_units["TTTT"], sample_units["TTHT"]],
        effective_date=date(2026, 1, 1),
    )
    result = build_resolver().resolve("Trung tâm CSKH", date(2026, 2, 1))
    assert not result.resolved and "nhiều đơn vị" in result.note


def test_stale_edit_is_refused(sample_units, admin_user) -> None:
    vp = sample_units["VP"]
    fields = {k: getattr(vp, k) for k in services.UNIT_FIELDS}
    services.unit_update(
        actor=admin_user,
        unit=vp,
        expected_version=vp.version,
        **(fields | {"short_name": "VP mới"}),
    )
    with pytest.raises(ConflictError):
        services.unit_update(
            actor=admin_user,
            unit=vp,
            expected_version=vp.version,
            **(fields | {"short_name": "VP khác"}),
        )
    assert Unit.objects.get(code="VP").short_name == "VP mới"


def test_parent_cycle_is_refused(sample_units, admin_user) -> None:
    agency = sample_units["BHXHVN"]
    fields = {k: getattr(agency, k) for k in services.UNIT_FIELDS}
    with pytest.raises(ValidationFailed) as refused:
        services.unit_update(
            actor=admin_user,
            unit=agency,
            expected_version=agency.version,
            **(fields | {"parent": sample_units["VP"]}),
        )
    assert refused.value.code == Code.INVALID and "parent" in refused.value.errors
    assert Unit.objects.get(code="BHXHVN").parent is None
