from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.accounts.models import User
from theodoi.accounts.second_factor import second_factor_reset
from theodoi.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Gỡ xác thực hai bước của một người (ứng dụng và mã dự phòng), có ghi nhật ký: dùng khi "
        "người quản trị duy nhất mất điện thoại, nên không ai gỡ được trên trang Người dùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="tên đăng nhập của người cần gỡ")
        parser.add_argument("--reason", required=True, help="lý do gỡ (ghi vào nhật ký)")

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        try:
            second_factor_reset(actor=None, user=user, reason=str(options["reason"]))
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã gỡ xác thực hai bước của {username}; lần đăng nhập sau sẽ được hướng dẫn cài lại "
            "nếu vai trò bắt buộc."
        )
