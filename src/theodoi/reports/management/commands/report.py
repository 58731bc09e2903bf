import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.commands import date_option
from theodoi.core.dates import format_date
from theodoi.reports.opening import open_rounds


class Command(BaseCommand):
    help = "Báo cáo (DOMAIN §10): mở các đợt báo cáo theo kỳ; lập báo cáo tình hình nhiệm vụ."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        opening = commands.add_parser(
            "open", help="mở đợt báo cáo của các kỳ đã đến (chạy lại không tạo trùng)"
        )
        opening.add_argument("--as-of", default="", help="ngày chạy (yyyy-mm-dd hoặc dd/mm/yyyy)")
        opening.add_argument("--json", action="store_true", help="in JSON")
        agency = commands.add_parser(
            "tasks", help="báo cáo tình hình thực hiện nhiệm vụ của cơ quan trong một kỳ"
        )
        agency.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn, YYYY-H1/H2, YYYY")
        agency.add_argument("--out", default="", help="tệp Word (.docx) để ghi")
        agency.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: object) -> None:
        if options["subcommand"] == "open":
            self._open(options)
        else:
            self._tasks(options)

    def _open(self, options: dict[str, object]) -> None:
        as_of = date_option(options, "as-of", timezone.localdate())
        result = open_rounds(as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
        else:
            self.stdout.write(
                f"Mở đợt báo cáo đến ngày {format_date(as_of)}: tạo mới {result.created} "
                f"yêu cầu báo cáo, {result.existing} yêu cầu đã có từ trước."
            )

    def _tasks(self, options: dict[str, object]) -> None:
        raise CommandError("Chưa có: báo cáo tình hình nhiệm vụ.")
