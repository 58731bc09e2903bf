"""`theodoi kpi`: an entered target's JSON, the readable table, and refusals on stderr with an
exit code other than 0."""

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from theodoi.targets.services import actual_enter
from theodoi.targets.tests.conftest import make_target

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("kpi", *args, stdout=out)
    return out.getvalue()


def test_an_entered_target_reads_its_latest_actual(units, forms) -> None:
    target = make_target(units["HANOI"], deadline=date(2025, 12, 31))
    for period, value in (("2025-Q3", "88.5"), ("2025", "91")):
        actual_enter(
            actor=forms.hanoi, target=target, period=period, value=Decimal(value),
            evidence="Kết quả khảo sát", expected_number=0,
        )  # fmt: skip
    [row] = json.loads(run("list", "--json"))
    assert (row["actual"], row["period"], row["target"], row["owner"]) == (91, "2025", 90, "HANOI")
    shown = json.loads(run("show", "hai-long", "--period", "2025-Q3", "--json"))
    assert shown == {
        "code": "hai-long",
        "period": "2025-Q3",
        "actual": 88.5,
        "target": 90,
        "status": "at_risk",  # one actual and no baseline: no trend yet
        "by_unit": {"HANOI": 88.5},
    }
    assert json.loads(run("show", "hai-long", "--period", "2025", "--json"))["status"] == "met"
    text = run("list")
    assert "hai-long" in text and "91 (Năm 2025)" in text and "Đạt" in text
    assert "Quý III/2025: thực hiện 88,5 %" in run("show", "hai-long", "--period", "2025-Q3")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("show", "khong-co", "--period", "2026"), "Không có chỉ tiêu mã «khong-co»"),
        (("show", "hai-long", "--period", "2026-Q9"), "Số thứ tự của quý"),
        (("show", "hai-long", "--period", "quy-2"), "không đúng dạng"),
    ],
)
def test_unknown_code_or_period_is_an_error(units, args, words) -> None:
    make_target(units["HANOI"])
    with pytest.raises(CommandError) as caught:
        call_command("kpi", *args)
    assert words in str(caught.value)


def test_the_exit_code_and_stderr_of_the_real_command(migrated_database_url, tmp_path) -> None:
    """A database just migrated: the command itself, as a person runs it."""
    env = {"DATABASE_URL": migrated_database_url, "THEODOI_DATA_DIR": str(tmp_path)}
    theodoi = [sys.executable, "-m", "theodoi.manage"]
    env = {**os.environ, **env}
    done = subprocess.run(
        [*theodoi, "kpi", "show", "khong-co", "--period", "2026", "--json"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0 and "Không có chỉ tiêu mã «khong-co»" in done.stderr
    listed = subprocess.run([*theodoi, "kpi", "list", "--json"], env=env, capture_output=True)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
