from django.conf import settings
from django.core.management.base import BaseCommand

from theodoi.core.access import SECOND_FACTOR_ROLES
from theodoi.demo.services import demo_password, demo_secret, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, lịch, người dùng mẫu). Chạy lại không tạo trùng."

    def handle(self, *args: object, **options: object) -> None:
        try:
            password = demo_password()
        except RuntimeError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from exc
        report, users = load_demo(password)
        self.stdout.write(report.summary())
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {password}):")
        for demo in users:
            self.stdout.write(f"  {demo.username:<18} {demo.full_name:<18} {demo.position}")
        self.stdout.write("")
        required = [d.username for d in users if set(d.roles) & SECOND_FACTOR_ROLES]
        if settings.PRODUCTION:
            self.stdout.write(
                f"Xác thực hai bước: {', '.join(required)} cài đặt ứng dụng xác thực "
                "ở lần đăng nhập đầu."
            )
        else:
            self.stdout.write(
                f"Xác thực hai bước ({', '.join(required)}): mã bí mật mẫu {demo_secret()}; "
                "thêm vào ứng dụng xác thực, hoặc chạy `.venv/bin/theodoi demo_code` "
                "để xem mã hiện tại."
            )
        self.stdout.write("")
        self.stdout.write("Mở http://127.0.0.1:8000 để đăng nhập.")
