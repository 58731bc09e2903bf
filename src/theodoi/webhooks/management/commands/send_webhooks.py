"""`theodoi send_webhooks [--json]`: send the webhook deliveries that wait (retries included)."""

import json

from django.core.management.base import BaseCommand, CommandParser

from theodoi.core.singleton import scheduled
from theodoi.webhooks.delivery import deliver


class Command(BaseCommand):
    help = "Gửi webhook đang chờ (kể cả lần gửi lỗi trước đó đã đến lượt gửi lại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    @scheduled("send_webhooks")
    def handle(self, *args: object, **options: object) -> None:
        result = deliver()
        if options["json"]:
            self.stdout.write(json.dumps({"sent": result.sent, "failed": result.failed}))
            return
        self.stdout.write(f"Đã gửi {result.sent} webhook, chưa gửi được {result.failed}.")
        if result.failed:
            self.stderr.write("Lần gửi chưa được vẫn chờ để gửi lại (xem trang Webhook).")
