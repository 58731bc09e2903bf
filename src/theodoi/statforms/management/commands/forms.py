import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.accounts.models import Role, User
from theodoi.core.errors import ServiceError, ValidationFailed
from theodoi.core.periods import Period, parse_period
from theodoi.reports.models import ReportRequest
from theodoi.statforms import catalog
from theodoi.statforms.periods import asked, periods_of
from theodoi.statforms.rollup import rollup
from theodoi.statforms.selectors import request_in, round_or_open, year_periods
from theodoi.statforms.services import FormRefused, Outcome, form_check_only, form_submit

MAX_DATA = 2 * 1024 * 1024  # bytes of a --data file


class Command(BaseCommand):
    help = "Biểu mẫu thống kê (DOMAIN §10): các kỳ, nộp số liệu của đơn vị, tổng hợp toàn quốc."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        periods = commands.add_parser("periods", help="các kỳ của biểu mẫu trong một năm")
        periods.add_argument("form", help="mã biểu mẫu (tthc)")
        periods.add_argument("year", type=int, help="năm")
        periods.add_argument("--json", action="store_true", help="in JSON")
        submit = commands.add_parser("submit", help="nộp số liệu của một đơn vị từ tệp JSON")
        submit.add_argument("form")
        submit.add_argument("--unit", required=True, help="mã đơn vị báo cáo")
        submit.add_argument("--period", required=True, help="YYYY-Qn hoặc YYYY")
        submit.add_argument("--data", required=True, help='tệp JSON {"values", "texts", ...}')
        submit.add_argument("--by", default="", help="tên đăng nhập người nộp")
        submit.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        submit.add_argument("--json", action="store_true", help="in JSON")
        total = commands.add_parser("aggregate", help="tổng hợp toàn quốc của một kỳ")
        total.add_argument("form")
        total.add_argument("--period", required=True)
        total.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: Any) -> None:
        form = str(options["form"])
        if form not in catalog.codes():
            known = ", ".join(catalog.codes())
            raise CommandError(f"Không có biểu mẫu «{form}» (các biểu mẫu có: {known}).")
        try:
            getattr(self, f"_{options['subcommand']}")(form, options)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc

    def _periods(self, form: str, options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(year_periods(form, int(options["year"]))))
            return
        for p in periods_of(catalog.calendar(form), int(options["year"])):
            self.stdout.write(
                f"{p.period.label}: số liệu {p.window_start:%d/%m/%Y}-{p.window_end:%d/%m/%Y}, "
                f"hạn nộp {p.due:%d/%m/%Y}"
            )

    def _aggregate(self, form: str, options: dict[str, Any]) -> None:
        found = rollup(form, period_option(options), with_previous=False)
        if options["json"]:
            self.stdout.write(json.dumps(found.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{found.period.label}: {found.submitted}/{found.expected} đơn vị đã nộp; "
            f"chưa nộp: {', '.join(found.missing) or 'không'}."
        )

    def _submit(self, form: str, options: dict[str, Any]) -> None:
        period = period_option(options)
        if not asked(catalog.calendar(form), period):
            raise CommandError(f"--period: biểu mẫu «{form}» không có kỳ {period.label}.")
        data = read_data(Path(str(options["data"])))
        request = request_in(round_or_open(form, period), str(options["unit"]))
        values, texts, notes = data["values"], data["texts"], data["explanations"]
        if options["dry_run"]:
            found = form_check_only(request, values=values, texts=texts, explanations=notes)
            self._answer(options, found)
            return
        actor = submitter(str(options["by"]), request)
        try:
            submission, checked = form_submit(
                actor=actor,
                request=request,
                expected_version=request.version,
                values=values,
                texts=texts,
                explanations=notes,
            )
        except FormRefused as exc:
            self._answer(options, Outcome(exc.checked, None))
            return
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        self._answer(options, Outcome(checked, submission.number))

    def _answer(self, options: dict[str, Any], outcome: Outcome) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
        else:
            checked = outcome.checked
            for finding in [*checked.errors, *checked.warnings]:
                self.stdout.write(finding.message)
            word = "Không ghi (--dry-run)" if outcome.dry_run else "Đã ghi"
            done = f"{word}: lần nộp {outcome.version}."
            self.stdout.write("Bị từ chối." if outcome.refused else done)
        if outcome.refused:
            raise SystemExit(1)


def period_option(options: dict[str, Any]) -> Period:
    try:
        return parse_period(str(options["period"]))
    except ValidationFailed as exc:
        raise CommandError("--period: " + " ".join(exc.errors.values())) from exc


def read_data(path: Path) -> dict[str, dict[str, Any]]:
    """The --data file: {"values": {...}, "texts": {...}, "explanations": {...}}."""
    try:
        if path.stat().st_size > MAX_DATA:
            raise CommandError(f"--data: tệp «{path}» lớn quá {MAX_DATA // 1024 // 1024} MB.")
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise CommandError(f"--data: không đọc được tệp «{path}»: {exc.strerror}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"--data: tệp «{path}» không phải JSON hợp lệ ({exc}).") from exc
    if not isinstance(data, dict) or set(data) - {"values", "texts", "explanations"}:
        raise CommandError(
            '--data: tệp phải là một đối tượng JSON {"values", "texts", "explanations"}.'
        )
    parts: dict[str, dict[str, Any]] = {}
    for key in ("values", "texts", "explanations"):
        part = data.get(key, {})
        if not isinstance(part, dict):
            raise CommandError(f"--data: «{key}» phải là một đối tượng JSON (mã: giá trị).")
        if key != "values" and any(not isinstance(v, str) for v in part.values()):
            raise CommandError(f"--data: các giá trị của «{key}» phải là chuỗi văn bản.")
        parts[key] = part
    return parts


def submitter(username: str, request: ReportRequest) -> User:
    """--by, or the unit's head (who answers for the report, Regulation 1142 Art. 7.2)."""
    if username:
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"--by: không có người dùng đang hoạt động «{username}».")
        return found
    heads = User.objects.filter(unit=request.unit, is_active=True, role_grants__role=Role.UNIT_HEAD)
    head = heads.order_by("username").first()
    if head is None:
        raise CommandError(
            f"--by: đơn vị {request.unit.code} chưa có lãnh đạo đơn vị; hãy ghi --by TÊN."
        )
    return head
