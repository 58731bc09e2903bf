"""`theodoi urge UNIT_CODE --out FILE.docx --user USERNAME [--as-of DATE]`: the urging letter
the page "Văn bản đôn đốc" makes, written to a file (from cron too).

The letter goes through the page's service (`monitoring.services.urging_create`), so it is
registered as the page registers it: kept in the unit's list of letters, logged on each task's
timeline and told to the unit's heads. Refused whole, with nothing written, on an unknown unit
or user, a bad date, a unit with nothing to urge or a file that cannot be written."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.access import Action, can
from theodoi.core.agency import structure_on
from theodoi.core.commands import date_option
from theodoi.core.errors import ValidationFailed
from theodoi.monitoring.services import urging_create
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit


def ready(path: Path) -> Path:
    """A new empty file beside `path` that will become it, proving the folder takes files;
    else a `CommandError` saying why. Made before anything is registered."""
    folder = path.parent
    if path.is_dir():
        raise CommandError(f"--out: «{path}» là một thư mục, cần tên tệp .docx.")
    if path.suffix.lower() != ".docx":
        raise CommandError(f"--out: «{path}» cần có đuôi .docx (văn bản Word).")
    if not folder.is_dir():
        raise CommandError(f"--out: không có thư mục «{folder}» để ghi tệp.")
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".don-doc-", suffix=".docx")
    except OSError as exc:
        raise CommandError(f"--out: không ghi được tệp vào «{folder}»: {exc.strerror}.") from exc
    os.close(handle)
    # mkstemp makes it private (0600); the file put in place reads like any new file there
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)
    return Path(name)


class Command(BaseCommand):
    help = "Lập văn bản đôn đốc một đơn vị (như trang «Văn bản đôn đốc») và ghi ra tệp .docx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit", help="mã đơn vị được đôn đốc")
        parser.add_argument("--out", required=True, help="tệp .docx sẽ ghi")
        parser.add_argument("--user", required=True, help="tên đăng nhập người lập (Văn phòng)")
        parser.add_argument(
            "--as-of", default="", help="ngày văn bản và số liệu (dd/mm/yyyy hoặc yyyy-mm-dd)"
        )
        parser.add_argument("--soon-days", type=int, default=5, help="kèm việc sắp đến hạn")
        parser.add_argument("--number", default="", help="số văn bản (để trống cho Văn thư)")
        parser.add_argument("--signer-name", default="", help="họ tên người ký")
        parser.add_argument("--authority", default="", help="thẩm quyền ký (KT. GIÁM ĐỐC)")
        parser.add_argument("--title", default="", help="chức vụ người ký (PHÓ GIÁM ĐỐC)")

    def handle(self, *args: object, **options: object) -> None:
        day = date_option(options, "as-of", timezone.localdate())
        path = Path(str(options["out"]))
        code = str(options["unit"]).strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã «{code}».")
        user = User.objects.filter(username=str(options["user"]), is_active=True).first()
        if user is None or not can(user, Action.URGE_UNITS):
            raise CommandError(
                "--user: cần tên đăng nhập của một người Văn phòng có quyền lập văn bản đôn đốc."
            )
        structure = structure_on(day)
        draft = ready(path)
        try:
            with transaction.atomic():
                letter = urging_create(
                    actor=user,
                    unit=unit,
                    issued_on=day,
                    soon_days=int(str(options["soon_days"])),
                    number=str(options["number"]),
                    signer_authority=str(options["authority"]) or structure.signer_authority,
                    signer_title=str(options["title"]) or structure.signer_title,
                    signer_name=str(options["signer_name"]),
                )
                try:
                    with letter.file.open("rb") as handle:
                        draft.write_bytes(handle.read())
                    os.replace(draft, path)  # the whole file appears at once, or none
                except OSError:
                    letter.file.delete(save=False)  # the registration is undone below
                    raise
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        except OSError as exc:
            raise CommandError(f"--out: không ghi được tệp «{path}»: {exc.strerror}.") from exc
        finally:
            draft.unlink(missing_ok=True)
        self.stdout.write(
            f"Đã lập văn bản đôn đốc {unit_label(unit)} ngày {day:%d/%m/%Y} "
            f"({letter.tasks.count()} nhiệm vụ), ghi vào «{path}»."
        )
