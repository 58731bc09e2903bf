"""The demo's report types, the ones the seeds name (DOMAIN §10), and their open rounds.

- Regulation 1142 Art. 8.1 (seed 000): units' monthly, 6-month and annual reports on the tasks
  they were assigned, to the Office, with the unit's task table;
- the TTHC-control plan (seed 001 Art. 2, Phụ lục II): quarters I-III before the 19th of the
  quarter's last month and the year before 19/12, data up to the 14th, to the Office; their
  content is the statistical form `tthc` (statforms), not sections;
- the CCHC plan (seed 002 III.1.2.c): quarterly, 6-month and annual reports to Ban Pháp chế.
Where a seed gives no due day the choice is written in docs/reports.md. Types are made
through the real service (as the demo administrator) once; rounds by `open_rounds` at today;
then `demo.report_stories` fills them in (`demo.form_stories` the form's rounds).
"""

from dataclasses import dataclass

from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.demo.form_stories import tell_form_stories
from theodoi.demo.report_stories import tell_report_stories
from theodoi.organisation.models import Unit
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule
from theodoi.reports.opening import OpenResult, open_rounds
from theodoi.reports.types import TypeFields, parse_sections, report_type_create

UNITS = "@CENTRAL; @PROVINCES"
TASKS = """Tình hình, kết quả thực hiện nhiệm vụ được giao | bắt buộc | Các nhiệm vụ Chính phủ, \
Thủ tướng Chính phủ giao BHXH Việt Nam mà Lãnh đạo Ngành đã phân công cho đơn vị
Nhiệm vụ chưa hoàn thành, quá hạn và nguyên nhân | bắt buộc
Khó khăn, vướng mắc, đề xuất | không bắt buộc
Nhiệm vụ trọng tâm kỳ tới | không bắt buộc"""
CCHC = """Công tác chỉ đạo, điều hành CCHC | bắt buộc
Cải cách thủ tục hành chính | bắt buộc
Cải cách tổ chức bộ máy hành chính nhà nước | không bắt buộc
Cải cách chế độ công vụ | không bắt buộc
Cải cách tài chính công | không bắt buộc
Xây dựng và phát triển Chính phủ điện tử, Chính phủ số | không bắt buộc
Khó khăn, vướng mắc, đề xuất | không bắt buộc"""
RULE_1142 = "Quy chế 1142, Điều 8.1"
RULE_TTHC = "Kế hoạch kiểm soát TTHC, Điều 2"
RULE_CCHC = "Kế hoạch CCHC, mục III.1.2.c"


@dataclass(frozen=True)
class DemoType:
    code: str
    name: str
    frequency: str
    collector: str
    due_rule: str
    due_day: int
    sections: str
    source: str
    numbers: tuple[int, ...] = ()
    cutoff: int | None = None
    task_table: bool = False
    form_code: str = ""  # the content is this statistical form (statforms), not sections


DEMO_TYPES = [
    DemoType("nhiem-vu-thang", "Báo cáo tình hình thực hiện nhiệm vụ được giao hằng tháng",
             Frequency.MONTH, "VP", DueRule.WORKING_DAYS_AFTER, 3, TASKS, RULE_1142,
             task_table=True),
    DemoType("nhiem-vu-6-thang", "Báo cáo sơ kết 6 tháng tình hình thực hiện nhiệm vụ được giao",
             Frequency.HALF, "VP", DueRule.DAY_OF_NEXT_MONTH, 5, TASKS, RULE_1142, (1,),
             task_table=True),
    DemoType("nhiem-vu-nam", "Báo cáo tổng kết năm tình hình thực hiện nhiệm vụ được giao",
             Frequency.YEAR, "VP", DueRule.DAY_OF_NEXT_MONTH, 5, TASKS, RULE_1142,
             task_table=True),
    DemoType("kiem-soat-tthc-quy", "Báo cáo công tác kiểm soát TTHC quý", Frequency.QUARTER,
             "VP", DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, "", RULE_TTHC, (1, 2, 3), 14,
             form_code="tthc"),
    DemoType("kiem-soat-tthc-nam", "Báo cáo công tác kiểm soát TTHC năm", Frequency.YEAR,
             "VP", DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, "", RULE_TTHC, (), 14,
             form_code="tthc"),
    DemoType("cchc-quy", "Báo cáo công tác cải cách hành chính quý", Frequency.QUARTER, "PC",
             DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, CCHC, RULE_CCHC, (1, 3), 14),
    DemoType("cchc-6-thang", "Báo cáo công tác cải cách hành chính 6 tháng", Frequency.HALF,
             "PC", DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, CCHC, RULE_CCHC, (1,), 14),
    DemoType("cchc-nam", "Báo cáo công tác cải cách hành chính năm", Frequency.YEAR, "PC",
             DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, CCHC, RULE_CCHC, (), 14),
]  # fmt: skip


def load_demo_reports(admin: User) -> OpenResult:
    """The seeds' report types (made once), the rounds open today and what the units wrote
    in them."""
    have = set(ReportType.objects.values_list("code", flat=True))
    units = {u.code: u for u in Unit.objects.filter(code__in={"VP", "PC"})}
    for demo in DEMO_TYPES:
        if demo.code in have:
            continue
        fields = TypeFields(
            name=demo.name,
            frequency=demo.frequency,
            collector=units[demo.collector],
            reporters=UNITS,
            due_rule=demo.due_rule,
            due_day=demo.due_day,
            window_rule=WindowRule.CUTOFF if demo.cutoff else WindowRule.CALENDAR,
            window_cutoff_day=demo.cutoff,
            period_numbers=list(demo.numbers),
            sections=parse_sections(demo.sections),
            task_table=demo.task_table,
            form_code=demo.form_code,
            source=demo.source,
        )
        report_type_create(actor=admin, fields=fields, code=demo.code)
    opened = open_rounds(as_of=timezone.localdate())
    tell_report_stories()
    tell_form_stories()
    return opened
