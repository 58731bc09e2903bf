from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.organisation.loading import UnitLoadError, load_units


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị từ tệp CSV (tiêu đề như samples/units.csv). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="đường dẫn tệp CSV (UTF-8)")
        parser.add_argument(
            "--by", default="", help="tên đăng nhập của người thực hiện (ghi nhật ký)"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"--by: không có người dùng «{options['by']}».")
        try:
            report = load_units(
                path.read_bytes(), actor=actor, actor_label=f"load_units {path.name}"
            )
        except UnitLoadError as exc:
            raise CommandError(
                "Không nạp gì cả vì tệp có lỗi:\n" + "\n".join(f"  - {e}" for e in exc.errors)
            ) from exc
        self.stdout.write(report.summary())
