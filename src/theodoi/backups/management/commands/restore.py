"""`theodoi restore FILE [--json]`: an archive of `theodoi backup` into the empty database
named by DATABASE_URL and an empty MEDIA_ROOT (docs/operations.md, "Sao lưu và khôi phục")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from theodoi.backups.manifest import OperationFailed
from theodoi.backups.output import done, fail
from theodoi.backups.services import restore
from theodoi.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống của DATABASE_URL và thư mục tệp "
        "trống; từ chối nếu đích đã có dữ liệu."
    )
    requires_system_checks = []  # nothing may open (and so create) an SQLite target early

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tệp sao lưu do theodoi backup tạo")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = restore(Path(str(options["archive"])).absolute())
        except (ValidationFailed, OperationFailed) as exc:
            fail(self.stdout, exc, bool(options["json"]))
        done(self.stdout, result.summary(), result.as_json(), bool(options["json"]))
