"""`theodoi backup --out FILE [--json]`: the database and the attached files in one archive
(docs/operations.md, "Sao lưu và khôi phục")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from theodoi.backups.manifest import OperationFailed
from theodoi.backups.output import done, fail
from theodoi.backups.services import backup
from theodoi.core.errors import ValidationFailed
from theodoi.core.singleton import scheduled


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và mọi tệp đính kèm vào một tệp .tar (hoặc .tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="tệp sao lưu sẽ tạo (.tar, .tar.gz)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    @scheduled("backup")
    def handle(self, *args: object, **options: object) -> None:
        try:
            result = backup(Path(str(options["out"])).absolute())
        except (ValidationFailed, OperationFailed) as exc:
            fail(self.stdout, exc, bool(options["json"]))
        done(self.stdout, result.summary(), result.as_json(), bool(options["json"]))
