"""The demo's reports lived in: for the two open rounds of each report type, units' drafts,
submissions on time and late, returns with a comment, second versions, acceptances, and some
left unsent; and one ad-hoc request of the Office answered by two of its three units.

Everything goes through the real services (`reports.services`, `reports.adhoc`) as the
demo's people, each step at the story's moment (`at=`, never later than now), as
`demo.tasks` tells the tasks.
A few units per round carry the detailed stories and the demo's own units send every
report; in each type's latest round past its due date (the one the dashboard's panel shows)
and in every round due this year most other units simply send too, so that the panel and
the ranking read like a working year; the rest stay "Chưa nộp" (a submission costs a few
dozen queries, and `load_demo` must stay quick). Told once: a second `load_demo` finds
submissions and stops. docs/reports.md "The demo" tells the stories.
"""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.accounts.services import user_create
from theodoi.core import decree30
from theodoi.demo.tasks import VN
from theodoi.organisation.models import Unit
from theodoi.reports import services
from theodoi.reports.adhoc import ANSWER_KEY, adhoc_create
from theodoi.reports.models import ReportRequest, ReportRound, ReportSubmission

# Text by section title; a title not here gets GENERIC. Short, in the seeds' words.
TEXTS = {
    "Tình hình, kết quả thực hiện nhiệm vụ được giao": "Đơn vị đã triển khai đầy đủ các nhiệm "
    "vụ Lãnh đạo Ngành phân công; các nhiệm vụ đến hạn trong kỳ đã hoàn thành, có sản phẩm "
    "gửi Văn phòng theo dõi.",
    "Nhiệm vụ chưa hoàn thành, quá hạn và nguyên nhân": "Còn một nhiệm vụ về số hoá hồ sơ "
    "chưa hoàn thành do chờ nâng cấp phần mềm nghiệp vụ; đơn vị đã đề nghị gia hạn.",
    "Khó khăn, vướng mắc, đề xuất": "Đề nghị BHXH Việt Nam sớm hướng dẫn thống nhất biểu mẫu "
    "sau khi sắp xếp đơn vị hành chính.",
    "Nhiệm vụ trọng tâm kỳ tới": "Tập trung hoàn thành các chỉ tiêu thu, phát triển người "
    "tham gia và đẩy mạnh giao dịch điện tử.",
    "Việc ban hành văn bản chỉ đạo, điều hành": "Ban hành Kế hoạch kiểm soát TTHC năm của "
    "đơn vị và văn bản đôn đốc thực hiện.",
    "Công khai TTHC, danh mục TTHC": "Công khai đầy đủ danh mục TTHC tại Bộ phận một cửa và "
    "trên Cổng thông tin điện tử.",
    "Tiếp nhận, xử lý PAKN về quy định, TTHC": "a) Trên Cổng DVC quốc gia: không phát sinh "
    "phản ánh, kiến nghị; b) Khác: tiếp nhận 02 kiến nghị, đã trả lời đúng hạn.",
    "Một cửa, một cửa liên thông: tiếp nhận, giải quyết, trả kết quả": "Tiếp nhận và giải "
    "quyết hồ sơ đúng hạn, không có hồ sơ quá hạn.",
    "Thực hiện TTHC trên môi trường điện tử": "Tỷ lệ hồ sơ nộp trực tuyến toàn trình tăng so "
    "với kỳ trước; kết quả số hoá hồ sơ đạt yêu cầu.",
    "Truyền thông hỗ trợ hoạt động kiểm soát TTHC": "Tuyên truyền về DVC trực tuyến trên "
    "trang thông tin và tại Bộ phận một cửa.",
    "Nghiên cứu, đề xuất sáng kiến cải cách TTHC": "Đề xuất rút gọn thành phần hồ sơ cấp lại "
    "sổ BHXH.",
    "Tình hình triển khai và kết quả thực hiện Kế hoạch": "Các nhiệm vụ của Kế hoạch đến hạn "
    "trong kỳ đã hoàn thành đúng tiến độ.",
    "Công tác chỉ đạo, điều hành CCHC": "Ban hành Kế hoạch CCHC năm và phân công đơn vị chủ "
    "trì từng nhiệm vụ; kiểm tra việc thực hiện hằng quý.",
    "Cải cách thủ tục hành chính": "Rà soát, đơn giản hoá TTHC; giải quyết hồ sơ trên Cổng "
    "DVC quốc gia đúng hạn.",
}
GENERIC = "Đơn vị thực hiện theo Kế hoạch; không phát sinh vướng mắc trong kỳ."
SECOND = " Bổ sung theo ý kiến của đơn vị tổng hợp: số liệu đến hết kỳ báo cáo."
RETURN_COMMENT = "Đề nghị bổ sung số liệu đến hết kỳ báo cáo và nguyên nhân nhiệm vụ quá hạn."
# The detailed stories, one per unit in this order; on a round not yet due "late" is on time.
STORIES = [
    "accepted", "resubmitted", "returned", "submitted_late", "draft", "accepted_late",
    "submitted", "open",
]  # fmt: skip
REGULARS = {"HANOI", "CNTT", "TST"}  # the units of the demo's people (demo.services)
MISSING_EVERY = 9  # in a round past its due date, one unit in nine sends nothing
LATE_EVERY = 5  # and one in five sends late
ADHOC_TITLE = "Báo cáo nhanh việc công khai TTHC tại Bộ phận một cửa sau sắp xếp"


def _pdf(title: str) -> bytes:
    """A one-page PDF whose page says `title` (ASCII)."""
    text = f"BT /F1 14 Tf 72 760 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(out)


def _docx(lines: list[str]) -> bytes:
    doc = decree30.document()
    for line in lines:
        decree30.para(doc, line)
    return decree30.to_bytes(doc)


class ReportTeller:
    """Tells each round's stories at their dates, as the unit's people and the collector's."""

    def __init__(self, today: date, now: datetime) -> None:
        self.today, self.now = today, now
        self.office = User.objects.get(username="vanphong")
        self.password_hash = self.office.password  # the demo's one password, hashed once
        self.people: dict[int, User] = {}  # writers by unit
        self.reviewers: dict[int, User] = {}  # by collecting unit

    def person(self, unit: Unit, username: str, role: str, position: str) -> User:
        found = User.objects.filter(unit=unit, role_grants__role=role).order_by("pk").first()
        if found is None:
            found = user_create(
                actor=None, username=username, password="", password_hash=self.password_hash,
                roles=[role], full_name=f"{position} {unit}", position=position, unit=unit,
            )  # fmt: skip
        return found

    def writer(self, unit: Unit) -> User:
        if unit.pk not in self.people:
            staff = User.objects.filter(unit=unit, role_grants__role=Role.UNIT_STAFF).first()
            self.people[unit.pk] = staff or self.person(
                unit, f"thutruong.{unit.code.lower()}", Role.UNIT_HEAD, "Thủ trưởng đơn vị"
            )
        return self.people[unit.pk]

    def reviewer(self, report_round: ReportRound) -> User:
        collector = report_round.collector
        if collector.code == "VP":
            return self.office
        if collector.pk not in self.reviewers:
            self.reviewers[collector.pk] = self.person(
                collector, "phapche.chuyenvien", Role.UNIT_STAFF, "Chuyên viên"
            )
        return self.reviewers[collector.pk]

    def at(self, day: date, hour: int = 9) -> datetime:
        return min(datetime(day.year, day.month, day.day, hour, tzinfo=VN), self.now)

    def sent_day(self, report_round: ReportRound, index: int, late: bool) -> date:
        """A day to send on: before the due date, or after it when late and it has passed."""
        due = report_round.due_date
        start = report_round.window_start or due - timedelta(days=30)
        if late and due < self.today:  # from the day after it, today at the latest
            return min(due + timedelta(days=1 + index % 9), self.today)
        day = min(due - timedelta(days=index % 6), self.today - timedelta(days=6 + index % 4))
        return max(day, start)

    def fill(self, request: ReportRequest, day: date, extra: str = "") -> ReportRequest:
        sections = {
            s["key"]: TEXTS.get(s["title"], GENERIC) + extra for s in request.round.sections
        }
        return services.report_save_draft(
            actor=self.writer(request.unit), request=request,
            expected_version=request.version, sections=sections, at=self.at(day, 8),
        )  # fmt: skip

    def attach(self, request: ReportRequest, day: date, name: str, data: bytes) -> ReportRequest:
        services.report_attach(
            actor=self.writer(request.unit), request=request, expected_version=request.version,
            files=[SimpleUploadedFile(name, data)], at=self.at(day, 8),
        )  # fmt: skip
        return ReportRequest.objects.get(pk=request.pk)

    def submit(self, request: ReportRequest, day: date) -> ReportRequest:
        services.report_submit(
            actor=self.writer(request.unit), request=request,
            expected_version=request.version, at=self.at(day, 10),
        )  # fmt: skip
        return ReportRequest.objects.get(pk=request.pk)

    def review(self, request: ReportRequest, day: date, accept: bool) -> ReportRequest:
        actor, moment = self.reviewer(request.round), self.at(day, 15)
        if accept:
            services.report_accept(
                actor=actor, request=request, expected_version=request.version, at=moment
            )
        else:
            services.report_return(
                actor=actor, request=request, expected_version=request.version,
                comment=RETURN_COMMENT, at=moment,
            )  # fmt: skip
        return ReportRequest.objects.get(pk=request.pk)

    def tell(self, request: ReportRequest, story: str, index: int) -> None:
        if story == "open":
            return
        late = story.endswith("_late")
        sent = self.sent_day(request.round, index, late)
        request = self.fill(request, sent - timedelta(days=1))
        if story == "draft":
            return
        if index == 0:  # the first story of a round sends its report with a file
            label = request.round.period.replace("-", "")
            request = self.attach(request, sent, f"phu-luc-so-lieu-{label}.pdf", _pdf(label))
        request = self.submit(request, sent)
        if story.startswith("submitted"):
            return
        accept = story.startswith("accepted")
        request = self.review(request, sent + timedelta(days=2), accept=accept)
        if story != "resubmitted":
            return
        again = sent + timedelta(days=3)
        request = self.fill(request, again, SECOND)
        lines = [request.round.title, RETURN_COMMENT, SECOND.strip()]
        request = self.attach(request, again, "bao-cao-bo-sung.docx", _docx(lines))
        request = self.submit(request, again)
        self.review(request, again + timedelta(days=1), accept=True)

    def tell_round(self, report_round: ReportRound, turn: int, busy: bool) -> None:
        """The detailed stories (each round `turn` hands them to the next units); the demo's
        own units (REGULARS) send every report; in a `busy` round most other units send too
        (accepted, or half of them still waiting in a round due this month), one in
        MISSING_EVERY not at all."""
        requests = list(report_round.requests.select_related("unit", "round__collector"))
        requests.sort(key=lambda r: r.unit.code)
        start = turn * len(STORIES) % len(requests)
        requests = requests[start:] + requests[:start]
        for index, request in enumerate(requests[: len(STORIES)]):
            self.tell(request, STORIES[index], index)
        recent = report_round.due_date >= self.today - timedelta(days=30)
        for index, request in enumerate(requests[len(STORIES) :], start=1):
            regular = request.unit.code in REGULARS
            if not regular and (not busy or index % MISSING_EVERY == 0):
                continue
            late = not regular and index % LATE_EVERY == 0
            sent = self.sent_day(report_round, index, late)
            request = self.submit(self.fill(request, sent), sent)
            if regular or index % 2 or not recent:
                self.review(request, sent + timedelta(days=3), accept=True)

    def tell_adhoc(self) -> None:
        """Sent to three provinces with a week to answer: one on time, one late, one silent."""
        units = list(Unit.objects.filter(code__in=["HANOI", "HOCHIMINH", "DANANG"]))
        sent_on = self.today - timedelta(days=20)
        adhoc = adhoc_create(
            actor=self.office, title=ADHOC_TITLE, units=units,
            due_date=sent_on + timedelta(days=7), at=self.at(sent_on),
            content="Đề nghị các đơn vị báo cáo việc công khai danh mục TTHC tại Bộ phận "
            "một cửa sau khi sắp xếp đơn vị hành chính, kèm ảnh chụp nơi niêm yết (nếu có).",
        )  # fmt: skip
        answers = {"HANOI": 5, "HOCHIMINH": 11}  # days after sending
        for request in adhoc.requests.select_related("unit", "round__collector"):
            if request.unit.code not in answers:
                continue
            day = sent_on + timedelta(days=answers[request.unit.code])
            request = services.report_save_draft(
                actor=self.writer(request.unit), request=request,
                expected_version=request.version, at=self.at(day, 8),
                sections={ANSWER_KEY: TEXTS["Công khai TTHC, danh mục TTHC"]},
            )  # fmt: skip
            self.submit(request, day)


def tell_report_stories() -> None:
    """The stories of every open round and the ad-hoc request, once."""
    if ReportSubmission.objects.exists():
        return
    now = timezone.now()
    teller = ReportTeller(timezone.localdate(now), now)
    # a round whose content is a statistical form is sent through the form: demo.form_stories
    rounds = ReportRound.objects.filter(report_type__isnull=False, form_code="").select_related(
        "collector"
    )
    # busy: each type's latest round past its due date (the dashboard's panel shows it) and
    # every round due this year before today (this year's evaluation counts them)
    latest = {}
    for report_round in rounds.filter(due_date__lt=teller.today).order_by("due_date"):
        latest[report_round.report_type_id] = report_round.pk
    for turn, report_round in enumerate(rounds.order_by("report_type__code", "period")):
        due = report_round.due_date
        this_year = due.year == teller.today.year and due < teller.today
        teller.tell_round(report_round, turn, this_year or report_round.pk in latest.values())
    teller.tell_adhoc()
