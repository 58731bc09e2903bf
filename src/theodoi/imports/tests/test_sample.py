"""The agency's own sample plan reads exactly as expected, in Word and in Excel."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLES = Path(__file__).resolve().parent / "samples"  # copies of ../shared/samples
SAMPLE = "plan-2024-kiem-soat-tthc-phu-luc-1"


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_the_sample_plan_reads_exactly_as_expected(sample_units, extension: str) -> None:
    expected = json.loads((SAMPLES / f"{SAMPLE}.expected.json").read_text(encoding="utf-8"))
    out = StringIO()
    call_command(
        "import_plan", str(SAMPLES / f"{SAMPLE}.{extension}"), "--dry-run", "--json", stdout=out
    )
    got = json.loads(out.getvalue())
    for number, (row, want) in enumerate(zip(got["rows"], expected["rows"], strict=False), 1):
        assert row == want, f"row {number}"
    assert len(got["rows"]) == len(expected["rows"])
