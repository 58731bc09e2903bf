import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.commands import date_option
from theodoi.organisation.models import Unit
from theodoi.tasks.stats import CLASS_LABELS, KEYS, View, statistics


class Command(BaseCommand):
    help = "Thống kê nhiệm vụ theo 4 loại (DOMAIN §8) tại một ngày, từ lịch sử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", default="", help="ngày thống kê (yyyy-mm-dd hoặc dd/mm/yyyy)"
        )
        parser.add_argument("--unit", default="", help="mã đơn vị (gồm cả đơn vị cấp dưới)")
        parser.add_argument("--view", default="agency", help="unit | agency (mặc định)")
        parser.add_argument("--json", action="store_true", help="in JSON")

    def handle(self, *args: object, **options: object) -> None:
        as_of = date_option(options, "as-of", timezone.localdate())
        try:
            view = View(str(options["view"]))
        except ValueError:
            raise CommandError(f"--view: «{options['view']}» phải là unit hoặc agency.") from None
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code__iexact=str(options["unit"]).strip()).first()
            if unit is None:
                raise CommandError(f"--unit: không có đơn vị mã «{options['unit']}».")
        result = statistics(as_of, view, unit)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"Thống kê ngày {as_of:%d/%m/%Y}, góc nhìn {view}: {result['total']} nhiệm vụ"
        )
        for key in KEYS[1:]:
            self.stdout.write(f"  {CLASS_LABELS[key]}: {result[key]}")
