"""Meetings with the partner in the demo (docs/partners.md, "Họp, kết luận và nhiệm vụ sau
họp"), told through the real services so that `congdoan` (Tổng LĐLĐ) has something to see:

- the partner's own units below Tổng LĐLĐ: its Office, its policy and law board and the
  provincial federation (LĐLĐ) of each province in force, made by the organisation service
  before the demo's people (`congdoan.nghean` belongs to LĐLĐ Nghệ An), each LĐLĐ registered
  as its province's counterpart before the duties are generated (`register_counterparts`),
  so that it coordinates its province's joint tasks;
- the six-monthly meeting of BHXH Nghệ An with LĐLĐ Nghệ An, recorded by the province, its
  notice registered by the Office: one conclusion led by LĐLĐ Nghệ An, followed by the
  province and done; one led by the province, under way;
- this year's annual review, hosted by the side whose turn it is (Art. 6.4): one conclusion
  led by Tổng LĐLĐ and followed by the Office, just assigned; one not yet turned into a task.

Loaded once: nothing is added when the meetings are there already.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.demo.tasks import Teller, _at
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.services import unit_create
from theodoi.partners import catalog
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.counterparts import counterpart_set
from theodoi.partners.generation import host_of
from theodoi.partners.meetings import Person, meeting_record, meeting_register_notice
from theodoi.partners.models import Agreement, Meeting, MeetingKind, Obligation, Side
from theodoi.tasks import steps
from theodoi.workcalendar.services import WorkingCalendar

LABEL = "dữ liệu mẫu"
OWN_UNITS = [  # (code, name, short name) below Tổng LĐLĐ
    ("TLD_VP", "Văn phòng Tổng Liên đoàn Lao động Việt Nam", "Văn phòng Tổng LĐLĐ"),
    ("TLD_CSPL", "Ban Chính sách - Pháp luật Tổng Liên đoàn", "Ban CS-PL Tổng LĐLĐ"),
]


def pdf(title: str) -> bytes:
    """A one-page PDF saying `title` (ASCII), with a correct cross-reference table."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _file(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(title), content_type="application/pdf")


def partner_units(partner: Unit, today: date) -> dict[str, Unit]:
    """The partner's own units and a provincial federation per province in force today."""
    made: dict[str, Unit] = {}
    wanted = [(code, name, short) for code, name, short in OWN_UNITS]
    for province in Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"):
        if not province.is_active_on(today):
            continue
        place = province.name.removeprefix("Bảo hiểm xã hội ").removeprefix("tỉnh ")
        wanted.append((f"LDLD_{province.code}", f"Liên đoàn Lao động {place}", f"LĐLĐ {place}"))
    for code, name, short in wanted:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = unit_create(
                actor=None,
                code=code,
                name=name,
                short_name=short,
                kind=UnitKind.EXTERNAL,
                parent=partner,
            )
        made[code] = unit
    return made


def register_counterparts(agreement: Agreement, today: date) -> int:
    """Each province's LĐLĐ as its counterpart (partners.counterparts); how many are new."""
    units = partner_units(agreement.partner, today)
    have = set(agreement.counterparts.values_list("province__code", flat=True))
    added = 0
    for province in Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"):
        ldld = units.get(f"LDLD_{province.code}")
        if ldld is None or province.code in have:
            continue
        counterpart_set(
            actor=None,
            agreement=agreement,
            province=province,
            partner_unit=ldld,
            actor_label=LABEL,
        )
        added += 1
    return added


def _obligation(agreement: Agreement, duty: str, period: str, unit: Unit) -> Obligation | None:
    return Obligation.objects.filter(
        duty__agreement=agreement, duty__code=duty, period=period, unit=unit
    ).first()


def _provincial(teller: Teller, agreement: Agreement, units: dict[str, Unit], today: date) -> None:
    province = Unit.objects.get(code="NGHEAN")
    ldld = units["LDLD_NGHEAN"]
    year = today.year if today >= date(today.year, 7, 31) else today.year - 1
    held_on = WorkingCalendar().add_working_days(date(year, 6, 25), 0)
    head = teller.head_of(province)
    meeting = meeting_record(
        actor=head,
        agreement=agreement,
        kind=MeetingKind.PROVINCIAL,
        held_on=held_on,
        host=Side.OURS,
        unit=province,
        partner_unit=ldld,
        people=[
            Person("Nguyễn Văn Hùng", "Giám đốc BHXH tỉnh Nghệ An", Side.OURS),
            Person("Lê Thị Hoa", "Trưởng phòng Quản lý thu", Side.OURS),
            Person("Trần Thị Mai", "Chủ tịch LĐLĐ tỉnh Nghệ An", Side.PARTNER),
            Person("Phan Văn Lực", "Trưởng ban Chính sách - Pháp luật", Side.PARTNER),
        ],
        place="Trụ sở BHXH tỉnh Nghệ An, Vinh",
        summary="Đánh giá phối hợp 6 tháng đầu năm; doanh nghiệp nợ đóng BHXH trên địa bàn.",
        obligation=_obligation(agreement, "hop-dinh-ky-tinh", f"{year}-H1", province),
        minutes=[_file("bien-ban-hop-6-thang.pdf", f"Bien ban hop 6 thang {year}")],
        at=_at(held_on),
    )
    noticed_on = held_on + timedelta(days=3)
    meeting_register_notice(
        actor=teller.office,
        meeting=meeting,
        number=f"215/TB-BHXH-{year}",
        issued_on=noticed_on,
        notice=[_file("thong-bao-ket-luan.pdf", "Thong bao ket luan")],
        at=_at(noticed_on),
    )
    partner_led = conclusion_add(
        actor=head,
        meeting=meeting,
        text="Rà soát, vận động các doanh nghiệp nợ đóng BHXH trên 3 tháng tham gia đầy đủ.",
        lead_side=Side.PARTNER,
        lead_unit=ldld,
        deadline=held_on + timedelta(days=75),
    )
    ours = conclusion_add(
        actor=head,
        meeting=meeting,
        text="Cung cấp cho LĐLĐ tỉnh danh sách đơn vị nợ đóng hằng quý.",
        lead_side=Side.OURS,
        lead_unit=province,
        deadline=max(today + timedelta(days=30), held_on + timedelta(days=200)),
    )
    moment = _at(noticed_on + timedelta(days=2))
    done = conclusion_assign(
        actor=teller.office, conclusion=partner_led, leader=teller.leader, at=moment
    )
    going = conclusion_assign(actor=teller.office, conclusion=ours, leader=teller.leader, at=moment)
    accepted = noticed_on + timedelta(days=4)
    done = teller.step(steps.task_accept, head, done, accepted, assignees=[])
    deadline = held_on + timedelta(days=75)
    result = "LĐLĐ tỉnh đã vận động 42/57 doanh nghiệp; BHXH tỉnh theo dõi số nộp."
    done = teller.step(steps.task_submit, head, done, deadline - timedelta(days=6), result=result)
    done = teller.step(steps.task_forward, teller.office, done, deadline - timedelta(days=5))
    teller.step(steps.task_approve, teller.leader, done, deadline - timedelta(days=4))
    going = teller.step(steps.task_accept, head, going, accepted, assignees=[])
    note = "Đã gửi danh sách quý III; đang tổng hợp quý IV."
    teller.step(steps.task_progress, head, going, accepted + timedelta(days=100), note=note,
                progress=60)  # fmt: skip


def _review(teller: Teller, agreement: Agreement, today: date) -> None:
    held_on = WorkingCalendar().add_working_days(today - timedelta(days=14), 0)
    duty = agreement.duties.get(code="tong-ket-hang-nam")
    host = host_of(agreement, duty, held_on.year) or Side.OURS
    office_unit = Unit.objects.get(code="VP")
    meeting = meeting_record(
        actor=teller.office,
        agreement=agreement,
        kind=MeetingKind.ANNUAL_REVIEW,
        held_on=held_on,
        host=host,
        unit=office_unit,
        partner_unit=agreement.partner,
        people=[
            Person("Nguyễn Thị Lan", "Phó Giám đốc BHXH Việt Nam", Side.OURS),
            Person("Lê Văn Phong", "Chuyên viên Văn phòng", Side.OURS),
            Person("Ngọ Duy Hiểu", "Phó Chủ tịch Tổng LĐLĐ Việt Nam", Side.PARTNER),
            Person("Hoàng Văn Đoàn", "Chuyên viên Tổng LĐLĐ", Side.PARTNER),
        ],
        place="Hà Nội",
        summary=f"Tổng kết phối hợp năm {held_on.year}, phương hướng năm {held_on.year + 1}.",
        obligation=_obligation(agreement, "tong-ket-hang-nam", str(held_on.year), office_unit),
        minutes=[_file("bien-ban-tong-ket.pdf", f"Bien ban tong ket {held_on.year}")],
        at=_at(held_on),
    )
    noticed_on = held_on + timedelta(days=2)
    meeting_register_notice(
        actor=teller.office,
        meeting=meeting,
        number=f"480/TB-BHXH-{held_on.year}",
        issued_on=noticed_on,
        notice=[_file("thong-bao-tong-ket.pdf", "Thong bao ket luan tong ket")],
        at=_at(noticed_on),
    )
    theirs = conclusion_add(
        actor=teller.office,
        meeting=meeting,
        text="Chỉ đạo LĐLĐ các tỉnh phối hợp kiểm tra việc đóng BHXH tại doanh nghiệp.",
        lead_side=Side.PARTNER,
        lead_unit=agreement.partner,
        deadline=today + timedelta(days=90),
    )
    conclusion_add(
        actor=teller.office,
        meeting=meeting,
        text="Xây dựng kế hoạch kiểm tra liên ngành năm sau.",
        lead_side=Side.OURS,
        lead_unit=Unit.objects.get(code="KT"),
        deadline=today + timedelta(days=30),
    )
    conclusion_assign(
        actor=teller.office, conclusion=theirs, leader=teller.leader, at=_at(noticed_on)
    )


def load_meetings(password: str) -> int:
    """The partner's units and the two meetings, once; how many meetings were added."""
    today = timezone.localdate()
    agreement = catalog.agreement()
    units = partner_units(agreement.partner, today)
    if Meeting.objects.filter(agreement=agreement).exists():
        return 0
    teller = Teller(password)
    _provincial(teller, agreement, units, today)
    _review(teller, agreement, today)
    return 2
