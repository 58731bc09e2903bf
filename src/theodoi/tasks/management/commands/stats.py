import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.commands import date_option
from theodoi.organisation.models import Unit
from theodoi.tasks.models import State
from theodoi.tasks.stats import CLASS_LABELS, KEYS, View, state_counts, statistics


class Command(BaseCommand):
    help = "Thống kê nhiệm vụ theo 4 loại (DOMAIN §8) tại một ngày, từ lịch sử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", default="", help="ngày thống kê (yyyy-mm-dd hoặc dd/mm/yyyy)"
        )
        parser.add_argument("--unit", default="", help="mã đơn vị (gồm cả đơn vị cấp dưới)")
        parser.add_argument("--view", default="agency", help="unit | agency (mặc định)")
        parser.add_argument(
            "--by-state",
            action="store_true",
            help="với --unit: số nhiệm vụ đơn vị chủ trì theo trạng thái hiện tại, số quá hạn",
        )
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
        if options["by_state"]:
            if unit is None:
                raise CommandError("--by-state: cần --unit (mã đơn vị chủ trì).")
            self._by_state(unit, as_of, view, bool(options["json"]))
            return
        result = statistics(as_of, view, unit)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"Thống kê ngày {as_of:%d/%m/%Y}, góc nhìn {view}: {result['total']} nhiệm vụ"
        )
        for key in KEYS[1:]:
            self.stdout.write(f"  {CLASS_LABELS[key]}: {result[key]}")

    def _by_state(self, unit: Unit, as_of: date, view: View, as_json: bool) -> None:
        counts = state_counts(unit, as_of, view)
        if as_json:
            data = {
                "as_of": as_of.isoformat(),
                "view": str(view),
                "unit": unit.code,
                "by_state": {
                    str(state): {"total": c.total, "overdue": c.overdue}
                    for state, c in counts.items()
                },
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            f"Nhiệm vụ do {unit.code} chủ trì theo trạng thái, ngày {as_of:%d/%m/%Y}, "
            f"góc nhìn {view}:"
        )
        for state, c in counts.items():
            late = f" ({c.overdue} quá hạn)" if c.overdue else ""
            self.stdout.write(f"  {State(state).label}: {c.total}{late}")
