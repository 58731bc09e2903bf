import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from theodoi.inspections.listing import inspection_list


class Command(BaseCommand):
    help = (
        "Các cuộc kiểm tra việc thực hiện nhiệm vụ (Quy chế 1142, Điều 12-18): "
        "số quyết định, đơn vị, thời gian, hạn báo cáo, trạng thái, hồ sơ còn thiếu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        listing = commands.add_parser("list", help="liệt kê các cuộc kiểm tra")
        listing.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: Any) -> None:
        rows = inspection_list(None, timezone.localdate())
        if options["json"]:
            data = [row.as_dict() for row in rows]
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=_iso))
            return
        if not rows:
            self.stdout.write("Chưa có cuộc kiểm tra nào.")
            return
        for row in rows:
            self.stdout.write(
                f"#{row.inspection.pk} {row.number or 'chưa có quyết định'} · {row.kind_label} · "
                f"{', '.join(u.code for u in row.units)} · "
                f"{row.inspection.start:%d/%m/%Y}–{row.inspection.end:%d/%m/%Y} · "
                f"hạn báo cáo {row.report_due:%d/%m/%Y} · {row.status.label} · "
                f"hồ sơ thiếu: {', '.join(row.record_missing) or 'không'} · "
                f"{row.recommendations} kiến nghị, {row.followup_tasks} nhiệm vụ"
            )
        self.stdout.write(f"Tổng: {len(rows)} cuộc kiểm tra.")


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
