"""The agency's report as a Word file, composed from the Decree 30 layout (`core/decree30.py`):
the heading, "BÁO CÁO" and its summary line, the Office's opening, then I the four classes by
unit, II by directive document, III the overdue tasks with their reasons and extensions and
IV the difficulties units raised (III and IV on landscape pages: their tables are wide), V the
Office's closing, "Nơi nhận" and the signature block."""

from dataclasses import dataclass
from datetime import date

from theodoi.core import decree30
from theodoi.core.agency import ISSUER, PLACE, structure_on
from theodoi.core.dates import format_date
from theodoi.core.periods import ROMAN, Kind, Period
from theodoi.reports.agency.data import AgencyData, CountRow
from theodoi.tasks.stats import CLASS_LABELS, KEYS

NUMBER_SUFFIX = "/BC-BHXH"
DOCUMENT_TYPE = "BÁO CÁO"
COUNT_HEADS = ("Tổng số", *(CLASS_LABELS[key] for key in KEYS[1:]))
COUNT_MM = 16.0  # each number column; the name takes what is left of the line
OVERDUE_HEADS = (
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Văn bản giao",
    "Thời hạn",
    "Lý do",
    "Gia hạn",
)
OVERDUE_MM = (12, 62, 30, 34, 22, 46, 46)  # 252 mm: the landscape page's line
OBSTACLE_HEADS = ("STT", "Đơn vị", "Nhiệm vụ", "Khó khăn, vướng mắc", "Đề xuất", "Tình trạng")
OBSTACLE_MM = (12, 30, 55, 60, 50, 45)


def period_phrase(period: Period) -> str:
    """ "tháng 07 năm 2026", "quý III năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
    if period.kind == Kind.MONTH:
        return f"tháng {period.number:02d} năm {period.year}"
    if period.kind == Kind.QUARTER:
        return f"quý {ROMAN[period.number - 1]} năm {period.year}"
    if period.kind == Kind.HALF:
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    return f"năm {period.year}"


def default_summary(period: Period) -> str:
    return f"Tình hình thực hiện nhiệm vụ được giao {period_phrase(period)}"


def default_opening(period: Period) -> str:
    return (
        "Thực hiện Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ được giao, Bảo "
        "hiểm xã hội Việt Nam báo cáo tình hình thực hiện nhiệm vụ được giao "
        f"{period_phrase(period)} (số liệu tính đến hết ngày {format_date(period.end)}) như sau:"
    )


def default_closing(period: Period) -> str:
    return (
        "Đề nghị các đơn vị khẩn trương hoàn thành các nhiệm vụ quá hạn; trường hợp không hoàn "
        "thành đúng hạn, báo cáo rõ lý do và đề xuất gia hạn để Văn phòng tổng hợp, báo cáo "
        "Lãnh đạo Ngành./."
    )


@dataclass(frozen=True)
class Narrative:
    """What the Office writes around the figures (`AgencyReport` keeps it)."""

    number: str  # "" while a draft: "Số: …/BC-BHXH"
    issued_on: date
    summary: str
    opening: str
    closing: str
    signer_name: str = ""


def number_line(number: str) -> str:
    if not number.strip():
        return f"Số: …{NUMBER_SUFFIX}"
    return decree30.number_line(number, NUMBER_SUFFIX)


def share(count: int, total: int) -> str:
    """ "12,5%" (Vietnamese decimal comma); "0%" of nothing."""
    if not total:
        return "0%"
    return f"{count * 100 / total:.1f}".replace(".", ",").removesuffix(",0") + "%"


def summary_sentence(data: AgencyData) -> str:
    counts = data.total.counts
    dated = counts["total"] - counts["no_deadline"]
    parts = [
        f"{counts[key]} {CLASS_LABELS[key].lower()} ({share(counts[key], dated)})"
        for key in KEYS[1:5]
    ]
    return (
        f"Tính đến hết ngày {format_date(data.as_of)}, các đơn vị chủ trì {counts['total']} "
        f"nhiệm vụ, trong đó {dated} nhiệm vụ có thời hạn: "
        + "; ".join(parts)
        + f"; {counts['no_deadline']} nhiệm vụ không có thời hạn."
    )


def count_table(doc: decree30.Document, first: str, rows: list[CountRow], total: CountRow) -> None:
    name_mm = decree30.TEXT_MM - 12 - COUNT_MM * len(KEYS)
    values = [[str(n), row.label, *map(str, row.cells())] for n, row in enumerate(rows, 1)]
    values.append(["", total.label, *map(str, total.cells())])
    widths = (12, name_mm, *(COUNT_MM,) * len(KEYS))
    decree30.grid_table(doc, ("STT", first, *COUNT_HEADS), widths, values, left=(1,), size=11)


def heading(doc: decree30.Document, text: str) -> None:
    decree30.para(doc, text, bold=True, before=6, with_next=True)


def build_report(data: AgencyData, narrative: Narrative) -> bytes:
    structure = structure_on(narrative.issued_on)
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=structure.parent_body,
            issuer=ISSUER,
            number=number_line(narrative.number),
            subject="",
            dated=decree30.dated_line(PLACE, narrative.issued_on),
        ),
    )
    center = decree30.Align.CENTER
    decree30.para(doc, DOCUMENT_TYPE, 14, bold=True, align=center, before=18, after=0)
    decree30.para(doc, narrative.summary, 14, bold=True, align=center, after=12)
    for text in narrative.opening.splitlines():
        if text.strip():
            decree30.para(doc, text, indent=True)
    heading(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ")
    decree30.para(doc, summary_sentence(data), indent=True)
    count_table(doc, "Đơn vị chủ trì", data.units, data.total)
    heading(doc, "II. KẾT QUẢ THỰC HIỆN THEO VĂN BẢN CHỈ ĐẠO")
    if data.documents:
        count_table(doc, "Văn bản chỉ đạo", data.documents, data.total)
    else:
        decree30.para(doc, "Không có nhiệm vụ được giao.", indent=True)
    decree30.new_section(doc, landscape=True)
    heading(doc, f"III. NHIỆM VỤ QUÁ HẠN ({len(data.overdue)} nhiệm vụ)")
    if data.overdue:
        rows = [
            [str(n), r.task, r.unit, r.document, r.deadline_text, r.reason, r.extensions_text]
            for n, r in enumerate(data.overdue, 1)
        ]
        decree30.grid_table(doc, OVERDUE_HEADS, OVERDUE_MM, rows, left=(1, 2, 3, 5, 6), size=11)
    else:
        decree30.para(doc, "Không có nhiệm vụ quá hạn.", indent=True)
    obstacles = [*data.obstacles.open, *data.obstacles.decided]
    heading(doc, f"IV. KHÓ KHĂN, VƯỚNG MẮC CÁC ĐƠN VỊ NÊU ({len(obstacles)})")
    if obstacles:
        rows = [
            [
                str(n),
                o.unit,
                o.task_label,
                o.difficulty,
                o.proposal,
                f"{o.status_label}" + (f": {o.decision}" if o.decision else ""),
            ]
            for n, o in enumerate(obstacles, 1)
        ]
        decree30.grid_table(doc, OBSTACLE_HEADS, OBSTACLE_MM, rows, left=(1, 2, 3, 4, 5), size=11)
    else:
        decree30.para(doc, "Trong kỳ, các đơn vị không nêu khó khăn, vướng mắc.", indent=True)
    decree30.new_section(doc, landscape=False)
    heading(doc, "V. KIẾN NGHỊ, ĐỀ XUẤT")
    lines = [text for text in narrative.closing.splitlines() if text.strip()]
    for i, text in enumerate(lines):
        last = i == len(lines) - 1
        decree30.para(doc, text, indent=True, after=12 if last else 6, with_next=last)
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=(
                f"- {structure.head} (để b/c);",
                "- Các Phó Giám đốc;",
                "- Các đơn vị trực thuộc;",
                "- Lưu: VT, VP.",
            ),
            authority=structure.signer_authority,
            title=structure.signer_title,
            name=narrative.signer_name,
        ),
    )
    return decree30.to_bytes(doc)
