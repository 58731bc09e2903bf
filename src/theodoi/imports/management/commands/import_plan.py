import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.core.dates import DateParseError, parse_date
from theodoi.core.errors import ValidationFailed
from theodoi.imports.reading import as_json, read_plan


class Command(BaseCommand):
    help = "Đọc (--dry-run) hoặc nhập bảng nhiệm vụ của một kế hoạch từ tệp .docx/.xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp kế hoạch (.docx hoặc .xlsx)")
        parser.add_argument("--date", default="", help="ngày của kế hoạch (yyyy-mm-dd)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ đọc, không ghi gì")
        parser.add_argument("--json", action="store_true", help="in kết quả đọc dạng JSON")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        try:
            plan_date = parse_date(str(options["date"])) if options["date"] else None
        except DateParseError as exc:
            raise CommandError(f"--date: {exc}") from exc
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không mở được tệp «{path}»: {exc.strerror}.") from exc
        try:
            reading = read_plan(data, path.name, plan_date)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        if options["json"]:
            self.stdout.write(json.dumps(as_json(reading), ensure_ascii=False, indent=1))
            return
        for row in reading.rows:
            flags = "; ".join(f.message for f in row.flags)
            self.stdout.write(
                f"{row.code:8} {row.lead_text[:30]:30} {row.timeline_text[:30]:30} {flags}"
            )
