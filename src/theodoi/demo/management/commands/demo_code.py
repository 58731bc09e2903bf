from django.core.management.base import BaseCommand
from django_otp.oath import totp

from theodoi.demo.services import DEMO_TOTP_KEY, demo_secret


class Command(BaseCommand):
    help = (
        "In mã xác thực hai bước hiện tại của khóa mẫu (người dùng mẫu quantri, lanhdao, "
        "vanphong khi chạy thử), thay cho ứng dụng xác thực."
    )

    def handle(self, *args: object, **options: object) -> None:
        code = totp(bytes.fromhex(DEMO_TOTP_KEY))
        self.stdout.write(f"{code:06d}")
        self.stderr.write(f"(khóa mẫu {demo_secret()}; mã đổi sau mỗi 30 giây)")
