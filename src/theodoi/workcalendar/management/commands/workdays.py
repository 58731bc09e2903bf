import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.core.dates import EARLIEST, LATEST, DateParseError, parse_date
from theodoi.core.errors import ValidationFailed
from theodoi.workcalendar.services import get_calendar


class Command(BaseCommand):
    help = "Lịch ngày làm việc: cộng/trừ ngày làm việc, liệt kê ngày nghỉ và ngày làm bù."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Ngày sau DATE N ngày làm việc (N âm: trước).")
        add.add_argument("date", help="dd/mm/yyyy hoặc yyyy-mm-dd")
        add.add_argument("n", help="số ngày làm việc (có thể âm)")
        listing = sub.add_parser("list", help="Ngày nghỉ (thứ 2-6) và ngày làm bù (thứ 7, CN).")
        listing.add_argument("year", help="năm, ví dụ 2026")
        listing.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: object) -> None:
        calendar = get_calendar()
        if options["action"] == "add":
            try:
                start = parse_date(str(options["date"]), "DATE")
            except DateParseError as exc:
                raise CommandError(str(exc)) from exc
            try:
                n = int(str(options["n"]))
            except ValueError:
                raise CommandError(f"N: «{options['n']}» không phải là số nguyên.") from None
            try:
                self.stdout.write(calendar.add_working_days(start, n).isoformat())
            except ValidationFailed as exc:
                raise CommandError(str(exc)) from exc
            return
        text = str(options["year"]).strip()
        year = int(text) if text.isdigit() and len(text) == 4 else 0
        if not EARLIEST.year <= year <= LATEST.year:
            raise CommandError(
                f"YEAR: «{text}» không phải là năm hợp lệ (từ {EARLIEST.year} đến {LATEST.year})."
            )
        days_off, make_up = calendar.year_exceptions(year)
        if options["json"]:
            payload = {
                "days_off": [d.day.isoformat() for d in days_off],
                "make_up_days": [d.day.isoformat() for d in make_up],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            f"Năm {year}: {len(days_off)} ngày nghỉ trong tuần, {len(make_up)} ngày làm bù"
        )
        for info in days_off:
            self.stdout.write(f"  nghỉ   {info.day:%d/%m/%Y} {info.reason}")
        for info in make_up:
            self.stdout.write(f"  làm bù {info.day:%d/%m/%Y} {info.reason}")
