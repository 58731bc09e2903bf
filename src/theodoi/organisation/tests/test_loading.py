"""Loading the unit registry: the sample, idempotence, history, and bad lines refused whole."""

from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import SAMPLE_UNITS
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.loading import UnitLoadError, load_units
from theodoi.organisation.models import Unit, UnitAlias, UnitSuccession
from theodoi.organisation.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
HEADER = "code,name,short_name,kind,parent,valid_from,valid_to,successor,aliases\n"


def test_sample_registry_gives_63_then_34_provinces(sample_units: dict[str, Unit]) -> None:
    assert len(group_members(Group.PROVINCES, date(2025, 6, 30))) == 63
    assert len(group_members(Group.PROVINCES, date(2025, 7, 1))) == 34
    assert group_members(Group.CENTRAL, date(2024, 1, 1)).filter(code="TST").exists()
    assert not group_members(Group.CENTRAL, date(2024, 1, 1)).filter(code="THU").exists()
    merged = UnitSuccession.objects.filter(successor__code="HAIPHONG").get()
    assert merged.predecessor.code == "HAIDUONG"
    assert merged.effective_date == date(2025, 7, 1)
    assert UnitSuccession.objects.filter(successor__code="TST").count() == 2
    assert sample_units["HOCHIMINH"].precedents.count() == 2


def test_loading_twice_changes_nothing(sample_units: dict[str, Unit]) -> None:
    records = ChangeRecord.objects.count()
    report = load_units(SAMPLE_UNITS.read_bytes())
    assert report.created == [] and report.updated == []
    assert report.unchanged == len(sample_units)
    assert ChangeRecord.objects.count() == records
    assert Unit.objects.count() == len(sample_units)


def test_changed_row_updates_and_keeps_before_after(sample_units: dict[str, Unit]) -> None:
    changed = SAMPLE_UNITS.read_text().replace(
        "CSKH,Trung tâm Chăm sóc khách hàng,CSKH", "CSKH,Trung tâm Chăm sóc khách hàng mới,CSKH"
    )
    report = load_units(changed.encode())
    assert report.updated == ["CSKH"]
    record = ChangeRecord.objects.get(
        object_id=str(sample_units["CSKH"].pk), action=ChangeKind.UPDATE
    )
    assert record.before["name"] == "Trung tâm Chăm sóc khách hàng"
    assert record.after["name"] == "Trung tâm Chăm sóc khách hàng mới"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "A,Đơn vị A,A,central,,,,,\nB,Đơn vị B,B,central,ZZZ,,,,\n",
            "Dòng 3, cột «parent»: không tìm thấy đơn vị cấp trên «ZZZ»",
        ),
        ("A,Đơn vị A,A,central,,2025-02-30,,,\n", "Dòng 2, cột «valid_from»: «2025-02-30»"),
        ("A,Đơn vị A,A,central,,,31/13/2025,,\n", "Dòng 2, cột «valid_to»: «31/13/2025»"),
        ("A,Đơn vị A,A,central,,,\n", "Dòng 2: có 7 cột, tiêu đề có 9 cột"),
        ("A,Đơn vị A,A,ministry,,,,,\n", "Dòng 2, cột «kind»: loại «ministry» không hợp lệ"),
        ("A,,A,central,,,,,\n", "Dòng 2, cột «name»: tên đơn vị không được để trống"),
        (
            "A,Đơn vị A,A,central,,,,,\nA,Đơn vị A2,A,central,,,,,\n",
            "Dòng 3, cột «code»: mã «A» xuất hiện nhiều lần",
        ),
        (
            "A,Đơn vị A,A,central,,,,B,\nB,Đơn vị B,B,central,,,,,\n",
            "Dòng 2, cột «successor»: có đơn vị kế thừa thì phải có ngày hết hiệu lực",
        ),
        (
            "A,Đơn vị A,A,central,B,,,,\nB,Đơn vị B,B,central,A,,,,\n",
            "Dòng 2, cột «parent»: quan hệ cấp trên tạo vòng lặp",
        ),
        (
            "A,Đơn vị A,A,central,,2025-07-01,2025-06-30,,\n",
            "Dòng 2, cột «valid_to»: ngày hết hiệu lực trước ngày có hiệu lực",
        ),
    ],
)
def test_bad_line_is_named_and_nothing_is_loaded(body: str, message: str) -> None:
    good_first = "GOOD,Đơn vị tốt,Tốt,central,,,,,\n"
    data = (HEADER + good_first + body).encode()
    # the good line shifts every line number by one
    shifted = message.replace("Dòng 3", "Dòng 4").replace("Dòng 2", "Dòng 3")
    with pytest.raises(UnitLoadError) as excinfo:
        load_units(data)
    assert any(shifted in error for error in excinfo.value.errors), excinfo.value.errors
    assert Unit.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_wrong_header_and_encoding_are_refused() -> None:
    with pytest.raises(UnitLoadError, match="thiếu cột: kind"):
        load_units(b"code,name\nA,B\n")
    with pytest.raises(UnitLoadError, match="Dòng 2: tệp không phải văn bản UTF-8"):
        load_units(HEADER.encode() + "A,Tài chính,A,central,,,,,\n".encode("latin-1"))
    with pytest.raises(UnitLoadError, match="Tệp trống"):
        load_units(b"")
    assert Unit.objects.count() == 0


def test_parent_may_come_later_in_the_file_or_from_the_database() -> None:
    load_units((HEADER + "CHILD,Con,Con,grassroots,ROOT,,,,\nROOT,Gốc,Gốc,agency,,,,,\n").encode())
    assert Unit.objects.get(code="CHILD").parent.code == "ROOT"
    load_units((HEADER + "CHILD2,Con 2,Con 2,grassroots,ROOT,,,,\n").encode())
    assert Unit.objects.get(code="CHILD2").parent.code == "ROOT"


def test_load_units_command(tmp_path, capsys) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(SAMPLE_UNITS.read_bytes())
    rows = len(SAMPLE_UNITS.read_text().splitlines()) - 1
    call_command("load_units", str(path))
    assert f"Đã tạo {rows} đơn vị" in capsys.readouterr().out
    call_command("load_units", str(path))
    assert f"Đã tạo 0 đơn vị, cập nhật 0, giữ nguyên {rows}" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,Đơn vị X,X,central,NOPE,,,,\n")
    with pytest.raises(CommandError, match="Dòng 2, cột «parent»"):
        call_command("load_units", str(bad))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("load_units", str(tmp_path / "missing.csv"))


def registry_content() -> dict[str, object]:
    """What the database holds, with ids written as unit codes (ids differ between loads on
    PostgreSQL, whose sequences are not rolled back)."""
    code = dict(Unit.objects.values_list("pk", "code"))

    def by_code(values: dict | None) -> dict | None:
        return values and values | {"parent": code.get(values["parent"])}

    records = ChangeRecord.objects.values_list(
        "action", "object_type", "object_id", "object_repr", "actor_label", "before", "after"
    )
    return {
        "rows": {m._meta.label: m._default_manager.count() for m in apps.get_models(True)},
        "units": sorted(
            Unit.objects.values_list(
                "code", "name", "short_name", "kind", "parent__code", "valid_from", "valid_to"
            )
        ),
        "aliases": sorted(UnitAlias.objects.values_list("unit__code", "alias")),
        "successions": sorted(
            UnitSuccession.objects.values_list(
                "predecessor__code", "successor__code", "effective_date", "kind"
            )
        ),
        "records": sorted(
            (action, kind, code[int(pk)], text, label, repr(by_code(before)), repr(by_code(after)))
            for action, kind, pk, text, label, before, after in records
        ),
    }


def test_the_registry_tests_share_is_the_one_the_loader_writes(request, sample_registry) -> None:
    # the session's load left nothing behind: tests without the registry start empty
    assert not Unit.objects.exists() and not ChangeRecord.objects.exists()
    with transaction.atomic():
        load_units(SAMPLE_UNITS.read_bytes(), actor_label="test")
        loaded = registry_content()
        transaction.set_rollback(True)
    assert not Unit.objects.exists()
    units = request.getfixturevalue("sample_units")  # the copy each test gets
    assert registry_content() == loaded
    assert len(units) == loaded["rows"]["organisation.Unit"] > 80


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_a_unit_created_after_the_copied_registry_gets_a_new_id(sample_units) -> None:
    # the ids were counted from 1 again before this test (PostgreSQL sequences): the copy
    # moves them past its own rows
    unit = UnitFactory.create(code="MOI")
    assert unit.pk > max(u.pk for u in sample_units.values())
