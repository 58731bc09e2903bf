import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.errors import ValidationFailed
from theodoi.partners import catalog
from theodoi.partners.generation import Outcome, check_year, generate


class Command(BaseCommand):
    help = (
        "Nghĩa vụ theo quy chế phối hợp với Tổng LĐLĐ Việt Nam (DOMAIN §13): tạo nhiệm vụ "
        "có thời hạn của một năm (chạy lại không tạo thêm)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        make = commands.add_parser("generate", help="tạo nhiệm vụ của một năm")
        make.add_argument("--year", required=True, help="năm, ví dụ 2027")
        make.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            agreement = catalog.agreement()
            year = check_year(agreement, options["year"], timezone.localdate())
            outcome = generate(actor=None, agreement=agreement, year=year)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        if options["json"]:
            self.stdout.write(json.dumps(as_json(outcome), ensure_ascii=False))
            return
        self.stdout.write(
            f"Năm {year}: tạo mới {outcome.created} nhiệm vụ, "
            f"đã có {outcome.existing} nhiệm vụ (tổng {len(outcome.obligations)})."
        )


def as_json(outcome: Outcome) -> dict[str, Any]:
    """`{"created", "existing", "tasks"}`: every task of the year, created now or before."""
    return {
        "created": outcome.created,
        "existing": outcome.existing,
        "tasks": [
            {
                "code": f"{o.duty.code}-{o.period}",
                "title": o.task.content,
                "deadline": o.deadline.isoformat(),
                "unit": o.unit.code,
            }
            for o in outcome.obligations
        ],
    }
