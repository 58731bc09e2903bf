import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.api.models import ApiToken
from theodoi.api.tokens import DEFAULT_DAYS, state_of, token_create, token_revoke
from theodoi.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Khóa API cá nhân: tạo (in khóa một lần duy nhất), liệt kê, thu hồi."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="tạo khóa mới cho một người dùng")
        create.add_argument("username", help="tên đăng nhập")
        create.add_argument("--name", default="Dòng lệnh", help="tên khóa (mặc định «Dòng lệnh»)")
        create.add_argument("--days", type=int, default=DEFAULT_DAYS, help="số ngày dùng được")
        create.add_argument("--json", action="store_true", help='in {"token", "expires"}')
        listing = commands.add_parser("list", help="các khóa của một người dùng")
        listing.add_argument("username")
        listing.add_argument("--json", action="store_true", help="in JSON")
        revoke = commands.add_parser("revoke", help="thu hồi một khóa")
        revoke.add_argument("username")
        revoke.add_argument("--name", required=True, help="tên khóa cần thu hồi")

    def handle(self, *args: object, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{options['username']}».")
        try:
            getattr(self, f"_{options['subcommand']}")(user, options)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc

    def _create(self, user: User, options: dict[str, Any]) -> None:
        made = token_create(actor=None, user=user, name=options["name"], days=options["days"])
        expires = made.token.expires_on
        if options["json"]:
            self.stdout.write(json.dumps({"token": made.secret, "expires": expires.isoformat()}))
            return
        self.stdout.write(made.secret)
        self.stderr.write(
            f"Khóa «{made.token.name}» của {user.get_username()}, dùng được đến hết "
            f"{expires:%d/%m/%Y}. Hãy lưu lại ngay: khóa không được hiển thị lần nữa."
        )

    def _list(self, user: User, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        tokens = list(user.api_tokens.all())
        if options["json"]:
            rows = [_row(t, today) for t in tokens]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for token in tokens:
            self.stdout.write(f"{token.prefix}…  {token.name}  {state_of(token, today)}")

    def _revoke(self, user: User, options: dict[str, Any]) -> None:
        token = user.api_tokens.filter(name=options["name"], revoked_at__isnull=True).first()
        if token is None:
            raise CommandError(
                f"{user.get_username()} không có khóa đang dùng tên «{options['name']}»."
            )
        token_revoke(actor=None, token=token)
        self.stdout.write(f"Đã thu hồi khóa «{token.name}».")


def _row(token: ApiToken, today: Any) -> dict[str, Any]:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires": token.expires_on.isoformat(),
        "revoked": token.revoked_at is not None,
        "state": state_of(token, today),
        "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
    }
