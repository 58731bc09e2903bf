"""The national roll-up as a Decree 30 report (Word), composed only from `core/decree30.py`:
the heading, "BÁO CÁO" and "Tổng hợp kết quả kiểm soát thủ tục hành chính <period>", a lead
paragraph with the counts (units expected, sent, the ones missing by name), then on landscape
pages section 5's table (the provinces, who alone fill it, a row each, columns (1)-(16)
explained above it, the total row) and section 4's table summed, and back on a portrait page
"Nơi nhận" and the signature. The Office's draft: the number is left for the clerk."""

from datetime import date

from theodoi.core import decree30
from theodoi.core.agency import ISSUER, PLACE, structure_on
from theodoi.core.dates import format_date
from theodoi.reports.agency.word import number_line, period_phrase
from theodoi.statforms.rollup_table import Table, count_text

TITLE = "Tổng hợp kết quả kiểm soát thủ tục hành chính"
STT_MM, NAME_MM = 10.0, 40.0  # and 16 columns of counts share the rest of the 252 mm line
SIZE = 8  # 16 columns of counts in a landscape line
DIGIT_MM = SIZE * 0.3528 / 2  # a digit of Times New Roman is half an em wide
PADDING_MM = 2.4  # a cell's margins left and right


def count_widths(columns: list[list[str]], available_mm: float) -> list[float]:
    """Widths that fit each column's longest figure on one line ("2.711.189" needs more than
    "13"), the spare millimetres shared in the same proportion (or everything shrunk alike
    when the line is too short)."""
    needs = [max(len(text) for text in column) * DIGIT_MM + PADDING_MM for column in columns]
    scale = available_mm / sum(needs)
    return [need * scale for need in needs]


def _count(value: int | None) -> str:
    return "" if value is None else count_text(value)


def lead(data: Table) -> str:
    rollup, found = data.rollup, data.period
    text = (
        f"Số liệu từ ngày {format_date(found.window_start)} đến ngày "
        f"{format_date(found.window_end)} (hạn gửi báo cáo: {format_date(found.due)}). "
        f"Đến ngày {format_date(data.as_of)}, {rollup.submitted}/{rollup.expected} đơn vị đã "
        "gửi báo cáo"
    )
    missing = data.missing_names
    if missing:
        return text + f"; {len(missing)} đơn vị chưa gửi: {', '.join(missing)}."
    return text + "; tất cả các đơn vị đã gửi."


def _lower(label: str) -> str:
    """ "Tổng số" → "tổng số"; "BHXH …" as it is."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def legend(data: Table) -> str:
    """What columns (1)-(16) hold, by the paper form's groups."""
    shape = data.layout
    label_of = dict(zip(shape.grid, shape.labels, strict=True))
    number_of = dict(zip(shape.grid, shape.numbers, strict=True))
    parts = [
        f"{group}: " + ", ".join(f"({number_of[c]}) {_lower(label_of[c])}" for c in codes)
        for group, codes in shape.groups
    ]
    return "Các cột: " + "; ".join(parts) + "."


def _grid(doc: decree30.Document, data: Table, text_mm: float) -> None:
    """The provinces (the central units do not fill section 5), a unit that sent nothing
    named "(chưa gửi)" with its cells left empty, and the total row."""
    count = len(data.layout.grid)
    heads = ("STT", "Đơn vị", *(f"({n})" for n in data.layout.numbers))
    rows = []
    for n, line in enumerate((x for x in data.lines if x.province), 1):
        if line.missing:
            rows.append([str(n), f"{line.name} (chưa gửi)", *([""] * count)])
        else:
            rows.append([str(n), line.name, *(_count(v) for v in line.grid)])
    rows.append(["", "Tổng cộng", *(_count(data.sums.get(c)) for c in data.layout.grid)])
    columns = [[row[i] for row in [list(heads), *rows]] for i in range(2, count + 2)]
    widths = (STT_MM, NAME_MM, *count_widths(columns, text_mm - STT_MM - NAME_MM))
    decree30.grid_table(doc, heads, widths, rows, left=(1,), size=SIZE)


def _pakn(doc: decree30.Document, data: Table, text_mm: float) -> None:
    columns = data.layout.pakn_columns
    label_mm, stt_mm = 60.0, 12.0
    width = (text_mm - stt_mm - label_mm) / len(columns)
    heads = ("STT", "Hình thức tiếp nhận", *(label for _, label in columns))
    rows = [
        [str(n), label, *(count_text(v) for v in values)]
        for n, (label, values) in enumerate(data.pakn_sum_rows(), 1)
    ]
    widths = (stt_mm, label_mm, *(width,) * len(columns))
    decree30.grid_table(doc, heads, widths, rows, left=(1,), size=11)


def _heading(doc: decree30.Document, text: str) -> None:
    decree30.para(doc, text, bold=True, before=6, with_next=True)


def build_rollup_report(data: Table, day: date) -> bytes:
    structure = structure_on(day)
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=structure.parent_body,
            issuer=ISSUER,
            number=number_line(""),
            subject="",
            dated=decree30.dated_line(PLACE, day),
        ),
    )
    center = decree30.Align.CENTER
    phrase = period_phrase(data.period.period)
    decree30.para(doc, "BÁO CÁO", 14, bold=True, align=center, before=18, after=0)
    decree30.para(doc, f"{TITLE} {phrase}", 14, bold=True, align=center, after=12)
    decree30.para(
        doc,
        "Bảo hiểm xã hội Việt Nam tổng hợp kết quả kiểm soát thủ tục hành chính "
        f"{phrase} từ báo cáo của Bảo hiểm xã hội các tỉnh, thành phố và các đơn vị trực "
        "thuộc như sau:",
        indent=True,
    )
    decree30.para(doc, lead(data), indent=True)
    text_mm = decree30.new_section(doc, landscape=True)
    _heading(doc, "I. KẾT QUẢ GIẢI QUYẾT, TRẢ KẾT QUẢ THỦ TỤC HÀNH CHÍNH (MỤC 5)")
    decree30.para(doc, legend(data), 11, indent=True)
    decree30.para(doc, "Các đơn vị thuộc BHXH Việt Nam không báo cáo mục này.", 11, indent=True)
    _grid(doc, data, text_mm)
    _heading(doc, "II. TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ VỀ QUY ĐỊNH, TTHC (MỤC 4)")
    _pakn(doc, data, text_mm)
    decree30.new_section(doc, landscape=False)
    decree30.para(
        doc,
        "Trên đây là tổng hợp kết quả kiểm soát thủ tục hành chính "
        f"{phrase} của Bảo hiểm xã hội Việt Nam./.",
        indent=True,
        after=12,
        with_next=True,
    )
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=(
                f"- {structure.head} (để b/c);",
                "- Các Phó Giám đốc;",
                "- BHXH các tỉnh, thành phố;",
                "- Lưu: VT, VP.",
            ),
            authority=structure.signer_authority,
            title=structure.signer_title,
            name="",
        ),
    )
    return decree30.to_bytes(doc)


def file_name(data: Table) -> str:
    return f"bao-cao-tong-hop-{data.rollup.code}-{data.period.period.slug}.docx"
