"""`theodoi send_mail`: send the e-mail that waits in the outbox (retries included)."""

from django.core.management.base import BaseCommand

from theodoi.core.singleton import scheduled
from theodoi.notifications.delivery import deliver


class Command(BaseCommand):
    help = "Gửi thư điện tử đang chờ (kể cả thư gửi lỗi trước đó đã đến lượt gửi lại)."

    @scheduled("send_mail")
    def handle(self, *args: object, **options: object) -> None:
        result = deliver()
        self.stdout.write(f"Đã gửi {result.sent} thư, chưa gửi được {result.failed}.")
        if result.error:
            self.stderr.write(f"Lỗi gần nhất: {result.error}.")
        if result.failed > result.broken:
            self.stderr.write("Thư chưa gửi được vẫn chờ để gửi lại.")
        if result.broken:
            self.stderr.write(
                f"{result.broken} thư không tạo được, đã đánh dấu lỗi (không gửi lại)."
            )
