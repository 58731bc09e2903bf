"""The inspection decision (Regulation 1142 Art. 15) as a Word file in the Decree 30 layout
(`core/decree30.py`): the heading with its number …/QĐ-BHXH, "QUYẾT ĐỊNH", what it is about,
the authority, the "Căn cứ …" lines of its legal basis, then Điều 1 (scope, inspected units
by their names on the decision's day, content, duration), Điều 2 (the team), Điều 3 (who
carries it out), "Nơi nhận" and the signature.

`decision_text` reads an inspection into the words; `build_decision` lays them out."""

from dataclasses import dataclass
from datetime import date

from theodoi.core import decree30
from theodoi.core.agency import ISSUER, PLACE, structure_on
from theodoi.core.dates import format_date
from theodoi.core.decree30 import Align, para
from theodoi.core.text import collapse_spaces
from theodoi.inspections.models import Inspection, MemberRole
from theodoi.inspections.scope import SERVING
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import name_as_of

NUMBER_SUFFIX = "/QĐ-BHXH"
TEAM_HEADS = ("STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Nhiệm vụ trong Đoàn")
TEAM_WIDTHS_MM = (12, 40, 35, 48, 30)  # 165 mm, the text's width
SUBJECT_RULE_MM = 40.0  # the short line under what the decision is about
AGENCY_WORDS = ("BHXH Việt Nam", "Bảo hiểm xã hội Việt Nam")


@dataclass(frozen=True)
class TeamLine:
    name: str
    position: str
    unit: str
    role: str


@dataclass(frozen=True)
class DecisionText:
    number: str
    issued_on: date
    subject: str  # "Về việc kiểm tra …"
    legal_basis: list[str]  # the "Căn cứ …;" lines
    proposer: str  # "Theo đề nghị của …"
    scope: str
    units: list[str]  # names on the decision's day
    content: str
    start: date
    end: date
    team: list[TeamLine]
    signer_authority: str
    signer_title: str
    signer_name: str


def subject_of(title: str) -> str:
    """ "Về việc kiểm tra việc thực hiện …" from the inspection's title."""
    words = collapse_spaces(title)
    if words.lower().startswith("kiểm tra"):
        words = words[len("kiểm tra") :].strip()
    return f"Về việc kiểm tra {words}".strip()


def basis_lines(legal_basis: str) -> list[str]:
    """Each line of the legal basis as "Căn cứ …;" (a line that says "Căn cứ" keeps it)."""
    lines = []
    for line in legal_basis.splitlines():
        text = line.strip().lstrip("-–•+ ").rstrip(" ;,.")
        if not text:
            continue
        if not text.lower().startswith("căn cứ"):
            text = f"Căn cứ {text}"
        lines.append(f"{text};")
    return lines


def sentence(text: str) -> str:
    """`text` ending with a full stop (a list's last item as typed keeps its own)."""
    text = text.strip()
    return text if not text or text[-1] in ".;:!?" else f"{text}."


def unit_name(unit: Unit, day: date) -> str:
    return name_as_of(unit, day).name


def head_title(day: date) -> str:
    """ "GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM" (the agency's head on `day`, core/agency.py)."""
    return structure_on(day).head.replace(*AGENCY_WORDS).upper()


def decision_text(
    inspection: Inspection, *, number: str, issued_on: date, signer_name: str, signer_title: str
) -> DecisionText:
    """The decision's words from the inspection as it stands (its serving team)."""
    structure = structure_on(issued_on)
    roles = dict(MemberRole.choices)
    members = inspection.team.filter(state__in=SERVING).select_related("unit")
    order = {MemberRole.HEAD: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2}
    ranked = sorted(members, key=lambda m: (order.get(MemberRole(m.role), 3), m.order, m.pk))
    team = [
        TeamLine(m.full_name, m.position, unit_name(m.unit, issued_on), roles[m.role])
        for m in ranked
    ]
    units = sorted(inspection.units.all(), key=lambda u: (u.kind != "central", u.code))
    own_title = structure.signer_authority.removeprefix("KT. ").upper()
    title = collapse_spaces(signer_title).upper() or structure.signer_title
    return DecisionText(
        number=number,
        issued_on=issued_on,
        subject=subject_of(inspection.title),
        legal_basis=basis_lines(inspection.legal_basis),
        proposer=unit_name(inspection.conducted_by, issued_on),
        scope=inspection.scope.strip(),
        units=[unit_name(u, issued_on) for u in units],
        content=inspection.content.strip(),
        start=inspection.start,
        end=inspection.end,
        team=team,
        signer_authority="" if title == own_title else structure.signer_authority,
        signer_title=title,
        signer_name=collapse_spaces(signer_name),
    )


def _article(doc: decree30.Document, number: int, text: str) -> None:
    paragraph = para(doc, f"Điều {number}. ", bold=True, indent=True, after=0)
    decree30.font(paragraph.add_run(text), 14)
    paragraph.paragraph_format.space_after = decree30.Pt(6)


def build_decision(text: DecisionText) -> bytes:
    structure = structure_on(text.issued_on)
    doc = decree30.document()
    decree30.heading(
        doc,
        decree30.Heading(
            parent_body=structure.parent_body,
            issuer=ISSUER,
            number=decree30.number_line(text.number, NUMBER_SUFFIX),
            subject="",
            dated=decree30.dated_line(PLACE, text.issued_on),
        ),
    )
    para(doc, "", 6, after=12)
    title = decree30.table(doc, (decree30.TEXT_MM,), lines=False).rows[0].cells[0]
    para(title.paragraphs[0], "QUYẾT ĐỊNH", 14, bold=True, align=Align.CENTER, after=0)
    para(title, text.subject, 14, bold=True, align=Align.CENTER, after=0)
    decree30.rule(title, SUBJECT_RULE_MM, decree30.TEXT_MM, after=12)
    para(doc, head_title(text.issued_on), 14, bold=True, align=Align.CENTER, after=12)
    for line in text.legal_basis:
        para(doc, line, italic=True, indent=True)
    para(doc, f"Theo đề nghị của {text.proposer}.", italic=True, indent=True, after=12)
    para(doc, "QUYẾT ĐỊNH:", 14, bold=True, align=Align.CENTER, after=12, with_next=True)
    _article(doc, 1, f"Kiểm tra tại các đơn vị: {', '.join(text.units)}.")
    para(doc, f"1. Phạm vi, đối tượng, nhiệm vụ kiểm tra: {sentence(text.scope)}", indent=True)
    para(doc, f"2. Nội dung kiểm tra: {sentence(text.content)}", indent=True)
    para(
        doc,
        f"3. Thời hạn kiểm tra: từ ngày {format_date(text.start)} đến ngày "
        f"{format_date(text.end)}.",
        indent=True,
    )
    _article(doc, 2, "Thành lập Đoàn kiểm tra gồm các ông (bà) có tên sau:")
    rows = [
        (str(n), line.name, line.position, line.unit, line.role)
        for n, line in enumerate(text.team, start=1)
    ]
    decree30.grid_table(doc, TEAM_HEADS, TEAM_WIDTHS_MM, rows, left=(1, 2, 3))
    para(
        doc,
        "Đoàn kiểm tra có trách nhiệm thực hiện việc kiểm tra theo đúng nội dung, thời hạn nêu "
        "tại Điều 1; Trưởng Đoàn kiểm tra báo cáo kết quả kiểm tra chậm nhất 05 ngày làm việc "
        "sau khi kết thúc kiểm tra. Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ.",
        indent=True,
        before=6,
    )
    _article(
        doc,
        3,
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị có "
        "tên tại Điều 1, các thành viên Đoàn kiểm tra và các đơn vị, cá nhân có liên quan chịu "
        "trách nhiệm thi hành Quyết định này./.",
    )
    decree30.signature(
        doc,
        decree30.Signature(
            recipients=("- Như Điều 3;", f"- {structure.head} (để b/c);", "- Lưu: VT, VP."),
            authority=text.signer_authority,
            title=text.signer_title,
            name=text.signer_name,
        ),
    )
    return decree30.to_bytes(doc)
