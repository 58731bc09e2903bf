import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.commands import date_option
from theodoi.core.dates import format_date
from theodoi.core.errors import ValidationFailed
from theodoi.core.singleton import scheduled
from theodoi.monitoring.management.commands.urge import ready
from theodoi.reports.agency.data import ended_period, gather
from theodoi.reports.agency.services import narrative_for
from theodoi.reports.agency.word import build_report
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

    @scheduled("report open")
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
        """The agency's report of an ended period: its figures as JSON (`--json`, the totals
        exactly `theodoi stats --as-of <last day> --json`) and/or its Word file (`--out`),
        with the narrative of the period's draft, or the default words."""
        out = str(options["out"] or "")
        if not out and not options["json"]:
            raise CommandError("Cần --out TỆP.docx để ghi văn bản, hoặc --json để in số liệu.")
        try:
            period = ended_period(str(options["period"]), timezone.localdate())
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        draft = ready(Path(out)) if out else None  # the folder takes files, before any work
        try:
            data = gather(period)
            if draft is not None:
                draft.write_bytes(build_report(data, narrative_for(period, timezone.localdate())))
                os.replace(draft, out)  # the whole file appears at once, or none
        except OSError as exc:
            raise CommandError(f"--out: không ghi được tệp «{out}»: {exc.strerror}.") from exc
        finally:
            if draft is not None:
                draft.unlink(missing_ok=True)
        if options["json"]:
            self.stdout.write(json.dumps(data.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"Đã lập báo cáo tình hình thực hiện nhiệm vụ {period.label} "
                f"(số liệu đến hết ngày {period.end:%d/%m/%Y}), ghi vào «{out}»."
            )
