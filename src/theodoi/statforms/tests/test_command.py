"""`theodoi forms submit` and `theodoi forms aggregate`: the contract of issue 22."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from theodoi.reports.models import ReportSubmission
from theodoi.statforms.models import FormVersion
from theodoi.statforms.tests.filled import central_values, province_values

pytestmark = pytest.mark.django_db


def data_file(tmp_path: Path, values: dict[str, object], **parts: object) -> str:
    path = tmp_path / f"data-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps({"values": values, **parts}), "utf-8")
    return str(path)


def run(capsys, *args: str) -> tuple[int, dict[str, Any]]:
    try:
        call_command("forms", *args, "--json")
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(capsys.readouterr().out)


def test_a_sound_submission_is_stored_as_the_next_version(forms, tmp_path, capsys) -> None:
    path = data_file(tmp_path, province_values(), texts={"7": "Tập huấn tại 3 huyện"})
    code, answer = run(capsys, "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                       "--data", path)  # fmt: skip
    assert (code, answer) == (0, {"status": "stored", "version": 1, "errors": [], "warnings": []})
    submission = ReportSubmission.objects.get()
    assert submission.submitted_by == forms.hanoi  # the unit's head when --by is not given
    assert submission.form_version.texts == {"7": "Tập huấn tại 3 huyện"}


def test_a_broken_rule_is_refused_with_exit_1_and_nothing_stored(forms, tmp_path, capsys) -> None:
    path = data_file(tmp_path, province_values(**{"5_13": 31}))
    code, answer = run(capsys, "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                       "--data", path, "--by", "haiphong.giamdoc")  # fmt: skip
    assert code == 1
    assert answer["status"] == "refused" and answer["version"] is None
    assert [(e["rule"], e["fields"]) for e in answer["errors"]] == [
        ("5.13 = 5.14+5.15+5.16", ["5.13", "5.14", "5.15", "5.16"])
    ]
    assert not ReportSubmission.objects.exists() and not FormVersion.objects.exists()


def test_someone_of_another_unit_cannot_submit(forms, tmp_path) -> None:
    path = data_file(tmp_path, province_values())
    with pytest.raises(CommandError, match="Chỉ lãnh đạo, chuyên viên của đơn vị báo cáo"):
        call_command("forms", "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                     "--data", path, "--by", "haiphong.giamdoc", "--json")  # fmt: skip
    assert not ReportSubmission.objects.exists()


def test_a_dry_run_checks_and_writes_nothing(forms, tmp_path, capsys) -> None:
    values = province_values()
    del values["5.16"]  # not given: blank, never zero
    code, answer = run(capsys, "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                       "--data", data_file(tmp_path, values), "--dry-run")  # fmt: skip
    assert code == 1 and answer["dry_run"] is True
    assert [(e["rule"], e["fields"]) for e in answer["errors"]] == [("ô bắt buộc", ["5.16"])]
    code, answer = run(capsys, "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                       "--data", data_file(tmp_path, province_values()), "--dry-run")  # fmt: skip
    assert (code, answer["status"], answer["version"]) == (0, "stored", 1)
    assert not ReportSubmission.objects.exists()


def test_the_aggregate_is_the_sum_of_each_units_latest_version(forms, tmp_path, capsys) -> None:
    sent = {
        "HANOI": province_values(),
        "HAIPHONG": province_values(**{"5_2": 800, "5_1": 1100, "5_7": 1050, "5_8": 1040,
                                       "6_2_total": 1100, "6_2_online": 800}),
        "CNTT": central_values(**{"4a_new": 20, "4a_total": 25, "4a_processed": 21}),
    }  # fmt: skip
    for unit, values in sent.items():
        code, _ = run(capsys, "submit", "tthc", "--unit", unit, "--period", "2026-Q2",
                      "--data", data_file(tmp_path, values), "--by",
                      {"HANOI": "hanoi.giamdoc", "HAIPHONG": "haiphong.giamdoc",
                       "CNTT": "cntt.giamdoc"}[unit])  # fmt: skip
        assert code == 0
    code, total = run(capsys, "aggregate", "tthc", "--period", "2026-Q2")
    assert code == 0 and total["period"] == "2026-Q2" and total["submitted"] == 3
    values = total["values"]
    for key in ("5.1", "5.2", "4a.total", "4b.new"):
        assert values[key] == sum(v.get(key, 0) for v in sent.values())
    assert values["2.website"] is None  # nobody gave it: no figure, not zero
    missing = total["missing"]
    assert "HANOI" not in missing and "HUE" in missing
    assert total["expected"] == total["submitted"] + len(missing)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-Q4"], "không có kỳ Quý IV/2026"),
        (["--period", "2026-13"], "--period: Số thứ tự của tháng phải từ 1 đến 12"),
        (["--period", "quy2"], "--period: Kỳ «quy2» không đúng dạng"),
        (["--unit", "KHONGCO"], "Đơn vị «KHONGCO» không phải báo cáo"),
        (["--data", "/khong/co.json"], "--data: không đọc được tệp"),
        (["--by", "khongai"], "--by: không có người dùng"),
    ],
)
def test_bad_arguments_are_named(forms, tmp_path, args, message) -> None:
    options = {"--unit": "HANOI", "--period": "2026-Q2",
               "--data": data_file(tmp_path, province_values())}  # fmt: skip
    for name, value in zip(args[::2], args[1::2], strict=True):
        options[name] = value
    flat = [part for pair in options.items() for part in pair]
    with pytest.raises(CommandError, match=message):
        call_command("forms", "submit", "tthc", *flat, "--json")
    assert not ReportSubmission.objects.exists()


def test_a_data_file_that_is_not_the_contract_is_refused(forms, tmp_path) -> None:
    path = tmp_path / "x.json"
    for content, message in [("[1, 2]", "phải là một đối tượng JSON"), ("{", "không phải JSON"),
                             ('{"values": [1]}', "«values» phải là một đối tượng")]:  # fmt: skip
        path.write_text(content, "utf-8")
        with pytest.raises(CommandError, match=message):
            call_command("forms", "submit", "tthc", "--unit", "HANOI", "--period", "2026-Q2",
                         "--data", str(path), "--json")  # fmt: skip
