from django.core.management.base import BaseCommand

from theodoi.demo.services import demo_password, load_demo


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
        self.stdout.write("Mở http://127.0.0.1:8000 để đăng nhập.")
