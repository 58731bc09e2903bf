"""The agency's report passes the Decree 30 checklist (`core/tests/decree30_checklist.py`)
as a draft ("Số: …/BC-BHXH") and as issued ("Số: 05/BC-BHXH"), and opens in LibreOffice with
its landscape pages numbered on."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document

from theodoi.core.periods import parse_period
from theodoi.core.tests.decree30_checklist import check_layout, check_pages
from theodoi.reports.agency.data import gather
from theodoi.reports.agency.services import narrative_for
from theodoi.reports.agency.word import build_report
from theodoi.reports.tests import agency_world

heads, quarter, late_task = agency_world.heads, agency_world.quarter, agency_world.late_task
pytestmark = pytest.mark.django_db


def test_the_issued_report_passes_the_checklist(late_task, tmp_path) -> None:
    period = parse_period("2026-Q2")
    narrative = narrative_for(period, date(2026, 2, 5), number="5")
    content = build_report(gather(period), narrative)
    check_layout(content, number_line="Số: 05/BC-BHXH", dated="Hà Nội, ngày 05 tháng 02 năm 2026")
    check_pages(content, tmp_path)
    sections = Document(BytesIO(content)).sections
    wide = [s for s in sections if (s.page_width or 0) > (s.page_height or 0)]
    assert len(wide) == 1  # the overdue tasks and the difficulties


def test_the_draft_leaves_the_number_to_the_clerk(late_task) -> None:
    period = parse_period("2026-H1")
    content = build_report(gather(period), narrative_for(period, date(2026, 7, 3)))
    check_layout(content, number_line="Số: …/BC-BHXH", dated="Hà Nội, ngày 03 tháng 7 năm 2026")
