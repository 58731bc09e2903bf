import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.core.errors import ValidationFailed
from theodoi.core.periods import parse_period
from theodoi.targets.actuals import standing, standings
from theodoi.targets.amounts import show
from theodoi.targets.selectors import followed_targets, list_json, show_json, target_by_code
from theodoi.targets.status import LABELS, Status


class Command(BaseCommand):
    help = (
        "Chỉ tiêu (DOMAIN §12): danh sách chỉ tiêu với số thực hiện mới nhất, một chỉ tiêu theo kỳ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        listing = commands.add_parser(
            "list", help="các chỉ tiêu đang theo dõi và số thực hiện mới nhất"
        )
        listing.add_argument("--json", action="store_true", help="in JSON")
        one = commands.add_parser("show", help="một chỉ tiêu trong một kỳ")
        one.add_argument("code", help="mã chỉ tiêu (ho-so-truc-tuyen)")
        one.add_argument("--period", required=True, help="YYYY-Qn hoặc YYYY")
        one.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            if options["subcommand"] == "list":
                self._list(options)
            else:
                self._show(options)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc

    def _list(self, options: dict[str, Any]) -> None:
        found = standings(list(followed_targets()))
        if options["json"]:
            self.stdout.write(json.dumps(list_json(found), ensure_ascii=False))
            return
        for item in found:
            target, latest = item.target, item.latest
            actual = f"{show(latest.value)} ({latest.period.label})" if latest else "chưa có số"
            self.stdout.write(
                f"{target.code:<28} chỉ tiêu {show(target.goal)} {target.get_unit_display()}, "
                f"hạn {target.deadline:%d/%m/%Y}, {target.owner.code}: {actual} — "
                f"{LABELS[item.status]}"
            )

    def _show(self, options: dict[str, Any]) -> None:
        target = target_by_code(str(options["code"]))
        period = parse_period(str(options["period"]))
        data = show_json(standing(target), period)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        unit = target.get_unit_display()
        got = data["actual"]
        actual = "chưa có số" if got is None else f"{show(Decimal(str(got)))} {unit}"
        self.stdout.write(target.name)
        self.stdout.write(
            f"{period.label}: thực hiện {actual}, chỉ tiêu {show(target.goal)} {unit} — "
            f"{LABELS[Status(data['status'])]}"
        )
        for code, value in data["by_unit"].items():
            self.stdout.write(f"  {code:<14} {show(Decimal(str(value)))}")
