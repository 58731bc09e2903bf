"""The team's report and the results notice as Word files, composed from the Decree 30
layout (`core/decree30.py`) like the urging letter (docs/inspections.md, "Hồ sơ, báo cáo,
thông báo và kiến nghị").

- The report («BÁO CÁO Kết quả kiểm tra …», Art. 17.1-17.2) is the team's: the team heads it
  under BHXH Việt Nam and its head signs it. Its three parts are those of Art. 17.2: a) the
  evaluation of the carrying out and of the reporting discipline, b) what was not done, its
  causes and who is responsible, c) the recommendations, each with its unit and deadline.
- The notice («THÔNG BÁO Kết quả kiểm tra …», Art. 17.1 end) is the agency's, numbered
  «…/TB-BHXH», sent to the inspected units, signed by the person named when it is issued.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from theodoi.core import decree30
from theodoi.core.agency import ISSUER, PLACE, structure_on
from theodoi.core.dates import format_date
from theodoi.core.decree30 import Align, para

REPORT_SUFFIX = "/BC-ĐKT"
NOTICE_SUFFIX = "/TB-BHXH"
TEAM = "ĐOÀN KIỂM TRA"


@dataclass(frozen=True)
class Measure:
    unit: str
    text: str
    deadline: date


@dataclass(frozen=True)
class ResultsText:
    """What both files say of the inspection."""

    title: str
    decision: str  # "Quyết định số 15/QĐ-BHXH ngày 02/11/2026"
    units: Sequence[str]
    start: date
    end: date
    evaluation: str
    shortcomings: str
    measures: Sequence[Measure]


def results_of(title: str) -> str:
    """ "Kết quả kiểm tra việc thực hiện …" from the inspection's title, which usually begins
    with "Kiểm tra" itself (said once)."""
    what = title[:1].lower() + title[1:]
    return "Kết quả kiểm tra " + what.removeprefix("kiểm tra ")


def _title(doc: decree30.Document, name: str, title: str) -> None:
    para(doc, name, 14, bold=True, align=Align.CENTER, before=12, after=0)
    para(doc, results_of(title), 14, bold=True, align=Align.CENTER, after=12)


def _lines(doc: decree30.Document, text: str) -> None:
    for line in text.splitlines() or [""]:
        if line.strip():
            para(doc, line.strip(), indent=True)


def _units(text: ResultsText) -> str:
    return ", ".join(text.units)


def _parts(doc: decree30.Document, text: ResultsText, measures_heading: str) -> None:
    para(doc, "1. Đánh giá việc triển khai, kết quả thực hiện nhiệm vụ và chấp hành chế độ "
         "thông tin, báo cáo", bold=True, indent=True, before=6)  # fmt: skip
    _lines(doc, text.evaluation)
    para(doc, "2. Những nhiệm vụ chưa hoàn thành, tính chất, mức độ, nguyên nhân và trách "
         "nhiệm của tập thể, cá nhân", bold=True, indent=True, before=6)  # fmt: skip
    _lines(doc, text.shortcomings or "Không có.")
    para(doc, measures_heading, bold=True, indent=True, before=6)
    if not text.measures:
        para(doc, "Không có kiến nghị.", indent=True)
    for n, m in enumerate(text.measures, start=1):
        para(doc, f"3.{n}. {m.unit}: {m.text} Thời hạn: {format_date(m.deadline)}.", indent=True)


def build_report(text: ResultsText, *, number: str, reported_on: date, head_name: str) -> bytes:
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=ISSUER,
            issuer=TEAM,
            number=decree30.number_line(number, REPORT_SUFFIX),
            subject="",
            dated=decree30.dated_line(PLACE, reported_on),
        ),
    )
    _title(doc, "BÁO CÁO", text.title)
    para(doc, f"Thực hiện {text.decision} của Bảo hiểm xã hội Việt Nam, từ ngày "
         f"{format_date(text.start)} đến ngày {format_date(text.end)}, Đoàn kiểm tra đã kiểm "
         f"tra tại {_units(text)}. Đoàn kiểm tra báo cáo kết quả như sau:",
         indent=True)  # fmt: skip
    _parts(doc, text, "3. Kiến nghị")
    para(doc, "Đoàn kiểm tra kính báo cáo Lãnh đạo BHXH Việt Nam xem xét, chỉ đạo./.",
         indent=True, before=6, after=12, with_next=True)  # fmt: skip
    structure = structure_on(reported_on)
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=(f"- {structure.head} (để b/c);", "- Văn phòng;", "- Lưu: Hồ sơ kiểm tra."),
            authority="",
            title="TRƯỞNG ĐOÀN",
            name=head_name,
        ),
    )
    return decree30.to_bytes(doc)


def build_notice(
    text: ResultsText,
    *,
    number: str,
    issued_on: date,
    reported_on: date,
    signer_name: str,
    signer_title: str,
) -> bytes:
    structure = structure_on(issued_on)
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=structure.parent_body,
            issuer=ISSUER,
            number=decree30.number_line(number, ""),
            subject="",
            dated=decree30.dated_line(PLACE, issued_on),
        ),
    )
    _title(doc, "THÔNG BÁO", text.title)
    para(doc, f"Thực hiện {text.decision}, từ ngày {format_date(text.start)} đến ngày "
         f"{format_date(text.end)}, Đoàn kiểm tra đã kiểm tra tại {_units(text)}. Căn cứ Báo "
         f"cáo kết quả kiểm tra ngày {format_date(reported_on)} của Đoàn kiểm tra, Bảo hiểm xã "
         "hội Việt Nam thông báo kết quả kiểm tra như sau:", indent=True)  # fmt: skip
    _parts(doc, text, "3. Yêu cầu các đơn vị thực hiện")
    para(doc, "Đề nghị các đơn vị nghiêm túc thực hiện các yêu cầu trên và báo cáo kết quả về "
         "Văn phòng để theo dõi, tổng hợp, báo cáo Lãnh đạo Ngành./.", indent=True, before=6,
         after=12, with_next=True)  # fmt: skip
    deputy = signer_title.strip().upper().startswith("PHÓ")
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=(
                *(f"- {unit};" for unit in text.units),
                f"- {structure.head} (để b/c);",
                "- Lưu: VT, VP, Hồ sơ kiểm tra.",
            ),
            authority=structure.signer_authority if deputy else "",
            title=signer_title,
            name=signer_name,
        ),
    )
    return decree30.to_bytes(doc)
