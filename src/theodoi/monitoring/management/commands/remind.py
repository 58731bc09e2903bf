"""`theodoi remind [--as-of DATE] [--json]`: the daily reminder job, once.

Writes the day's reminders (in-app, and e-mail as each person chose), puts the day's digests
together and sends the mail that waits. Safe to run again; a run started while another runs,
on this machine or another, does nothing (`core/singleton.py`; docs/monitoring.md says how it
is scheduled).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.core.commands import date_option
from theodoi.core.dates import EARLIEST, LATEST, format_date
from theodoi.core.errors import ValidationFailed
from theodoi.core.singleton import scheduled
from theodoi.monitoring.reminders import run_reminders
from theodoi.notifications.delivery import deliver
from theodoi.notifications.digests import queue_digests
from theodoi.tasks.links import task_url


class Command(BaseCommand):
    help = "Gửi nhắc việc của một ngày (mặc định hôm nay), thư tổng hợp và thư đang chờ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default="", help="ngày nhắc (dd/mm/yyyy hoặc yyyy-mm-dd)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    @scheduled("remind")
    def handle(self, *args: object, **options: object) -> None:
        as_of = date_option(options, "as-of", timezone.localdate())
        try:
            result = run_reminders(as_of)
        except ValidationFailed as exc:
            raise CommandError(
                "Cấu hình nhắc việc không hợp lệ, chưa gửi gì: " + "; ".join(exc.errors.values())
            ) from exc
        queue_digests(as_of)
        mail = deliver()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"Nhắc việc ngày {as_of:%d/%m/%Y}: đã gửi {result.sent} thông báo, "
                f"bỏ qua {result.skipped_already_sent} thông báo đã gửi trước đó."
            )
        if result.out_of_range:
            self.stderr.write(
                f"Bỏ qua {len(result.out_of_range)} nhiệm vụ có thời hạn ngoài khoảng "
                f"{format_date(EARLIEST)} - {format_date(LATEST)}, hãy sửa thời hạn: "
                f"{', '.join(task_url(pk) for pk in result.out_of_range)}"
            )
        line = f"Thư điện tử: đã gửi {mail.sent}, chưa gửi được {mail.failed}."
        if mail.error:
            line += f" Lỗi gần nhất: {mail.error}."
        if mail.failed > mail.broken:
            line += " Thư chưa gửi được vẫn chờ và sẽ được gửi lại."
        if mail.broken:
            line += f" {mail.broken} thư không tạo được, đã đánh dấu lỗi (không gửi lại)."
        sys.stderr.write(line + "\n")
