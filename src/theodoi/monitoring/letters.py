"""The urging letter (văn bản đôn đốc) as a Word file, composed from the Decree 30 layout
(`core/decree30.py`, DOMAIN §10): the heading, "Kính gửi", the body with its tables of tasks,
then "Nơi nhận" and the signature block."""

from dataclasses import dataclass
from datetime import date

from theodoi.core import decree30
from theodoi.core.agency import ISSUER, PLACE, structure_on
from theodoi.core.decree30 import Align, para

NUMBER_SUFFIX = "/BHXH-VP"
SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ được giao"
HEADS = ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn gửi Văn phòng", "Thời hạn", "Tình trạng")
# the task's own words take the room; dates and the standing fit their columns (165 mm)
WIDTHS_MM = (12, 55, 30, 23, 23, 22)


@dataclass(frozen=True)
class LetterTask:
    number: int
    content: str
    document: str
    internal_deadline: str
    deadline: str
    standing: str  # "Quá hạn 3 ngày làm việc" / "Còn 2 ngày làm việc"


@dataclass(frozen=True)
class LetterText:
    unit_name: str
    number: str
    issued_on: date  # the letter's date, which is also the day its figures stand at
    soon_days: int
    overdue: list[LetterTask]
    soon: list[LetterTask]
    signer_authority: str
    signer_title: str
    signer_name: str


def dated_line(day: date) -> str:
    return decree30.dated_line(PLACE, day)


def number_line(number: str) -> str:
    return decree30.number_line(number, NUMBER_SUFFIX)


def situation(letter: LetterText) -> str:
    """What the unit has, naming only what there is: "3 nhiệm vụ đã quá hạn … và 2 nhiệm vụ
    sẽ đến hạn …", or one of the two."""
    parts = []
    if letter.overdue:
        parts.append(f"{len(letter.overdue)} nhiệm vụ đã quá hạn gửi kết quả về Văn phòng")
    if letter.soon:
        when = f"trong {letter.soon_days} ngày làm việc tới" if letter.soon_days else "vào hôm nay"
        verb = "sẽ đến hạn" if letter.overdue else "sẽ đến hạn gửi kết quả về Văn phòng"
        parts.append(f"{len(letter.soon)} nhiệm vụ {verb} {when}")
    if not parts:
        return "không có nhiệm vụ quá hạn hoặc sắp đến hạn"
    return " và ".join(parts)


def _tasks(doc: decree30.Document, rows: list[LetterTask]) -> None:
    values = [
        (
            str(row.number),
            row.content,
            row.document,
            row.internal_deadline,
            row.deadline,
            row.standing,
        )
        for row in rows
    ]
    decree30.grid_table(doc, HEADS, WIDTHS_MM, values, left=(1, 2))


def build_letter(letter: LetterText) -> bytes:
    structure = structure_on(letter.issued_on)
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=structure.parent_body,
            issuer=ISSUER,
            number=number_line(letter.number),
            subject=SUBJECT,
            dated=dated_line(letter.issued_on),
        ),
    )
    para(doc, f"Kính gửi: {letter.unit_name}", 14, align=Align.CENTER, before=18, after=12)
    para(
        doc,
        "Thực hiện Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ được giao, "
        "Bảo hiểm xã hội Việt Nam thông báo: tính đến ngày "
        f"{letter.issued_on:%d/%m/%Y}, {letter.unit_name} có {situation(letter)}"
        + (", cụ thể như sau:" if letter.overdue or letter.soon else "."),
        indent=True,
    )
    if letter.overdue:
        para(doc, "1. Nhiệm vụ đã quá hạn", bold=True, indent=True, before=6, with_next=True)
        _tasks(doc, letter.overdue)
    if letter.soon:
        number = 2 if letter.overdue else 1
        para(
            doc, f"{number}. Nhiệm vụ sắp đến hạn", bold=True, indent=True, before=6, with_next=True
        )
        _tasks(doc, letter.soon)
    para(
        doc,
        f"Đề nghị {letter.unit_name} khẩn trương chỉ đạo hoàn thành các nhiệm vụ trên, gửi kết "
        "quả về Văn phòng chậm nhất 01 ngày làm việc trước thời hạn; trường hợp không hoàn "
        "thành đúng hạn, báo cáo rõ lý do và đề xuất gia hạn để Văn phòng tổng hợp, báo cáo "
        "Lãnh đạo Ngành./.",
        indent=True,
        before=6,
        after=12,
        with_next=True,
    )
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=("- Như trên;", f"- {structure.head} (để b/c);", "- Lưu: VT, VP."),
            authority=letter.signer_authority,
            title=letter.signer_title,
            name=letter.signer_name,
        ),
    )
    return decree30.to_bytes(doc)
