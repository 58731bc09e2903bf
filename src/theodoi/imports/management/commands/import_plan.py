import json
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from theodoi.accounts.models import User
from theodoi.core.access import Action, can
from theodoi.core.commands import date_option
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.imports import services
from theodoi.imports.models import ImportStatus, PlanImport
from theodoi.imports.reading import PlanReading, as_json, read_plan


class Command(BaseCommand):
    help = "Đọc (--dry-run) hoặc nhập bảng nhiệm vụ của một kế hoạch từ tệp .docx/.xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="", help="tệp kế hoạch (.docx hoặc .xlsx)")
        parser.add_argument("--date", default="", help="ngày của kế hoạch (yyyy-mm-dd)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ đọc, không ghi gì")
        parser.add_argument("--json", action="store_true", help="in kết quả đọc dạng JSON")
        parser.add_argument("--number", default="", help="số, ký hiệu kế hoạch (khi nhập)")
        parser.add_argument("--user", default="", help="tên đăng nhập người nhập (Văn phòng)")
        parser.add_argument(
            "--signer", default="", help="tên đăng nhập lãnh đạo ký kế hoạch (khi nhập)"
        )
        parser.add_argument(
            "--signer-name", default="", help="họ tên người ký khi người đó không có tài khoản"
        )
        parser.add_argument(
            "--reimport",
            action="store_true",
            help="nhập lại kế hoạch đã có trong sổ (bản sửa đổi: cập nhật nhiệm vụ theo STT)",
        )
        parser.add_argument(
            "--resume",
            type=int,
            default=0,
            help="nhập tiếp lần nhập có mã này (đã dừng giữa chừng)",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["resume"]:
            self._report(self._resume(int(str(options["resume"])), options), options)
            return
        if not options["file"]:
            raise CommandError("Cần tên tệp kế hoạch (hoặc --resume MÃ để nhập tiếp).")
        path = Path(str(options["file"]))
        plan_date = date_option(options, "date")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không mở được tệp «{path}»: {exc.strerror}.") from exc
        try:
            reading = read_plan(data, path.name, plan_date)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        if options["dry_run"]:
            self._print(reading, bool(options["json"]))
            return
        self._report(self._import(path, data, plan_date, options), options)

    def _report(self, summary: dict, options: dict) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"Đã nhập: {len(summary['created'])} mới, {len(summary['updated'])} cập nhật, "
            f"{len(summary['unchanged'])} không đổi, {len(summary['missing'])} đã bỏ khỏi tệp."
        )
        for conflict in summary["conflicts"]:
            self.stdout.write(f"Chưa cập nhật dòng {conflict['key']}: {conflict['reason']}")

    def _print(self, reading: PlanReading, as_json_output: bool) -> None:
        if as_json_output:
            self.stdout.write(json.dumps(as_json(reading), ensure_ascii=False, indent=1))
            return
        for row in reading.rows:
            flags = "; ".join(f.message for f in row.flags)
            self.stdout.write(
                f"{row.code:8} {row.lead_text[:30]:30} {row.timeline_text[:30]:30} {flags}"
            )

    def _user(self, options: dict) -> User:
        user = User.objects.filter(username=str(options["user"])).first()
        if user is None or not can(user, Action.IMPORT_PLANS):
            raise CommandError(
                "--user: cần tên đăng nhập của một người Văn phòng có quyền nhập kế hoạch."
            )
        return user

    def _resume(self, pk: int, options: dict) -> dict:
        """The page's «Nhập tiếp»: an import that stopped half-way, finished from its progress."""
        user = self._user(options)
        plan = PlanImport.objects.filter(pk=pk, status=ImportStatus.COMMITTING).first()
        if plan is None:
            raise CommandError(f"--resume: không có lần nhập mã {pk} đang dừng giữa chừng.")
        try:
            plan = services.plan_commit(actor=user, plan_import=plan, expected_version=plan.version)
        except (ValidationFailed, ConflictError) as exc:
            raise CommandError(str(exc)) from exc
        return plan.summary

    def _import(self, path: Path, data: bytes, plan_date: date | None, options: dict) -> dict:
        """The web page's path: upload, then commit as the named Office user."""
        user = self._user(options)
        signer = None
        if options["signer"]:
            signer = User.objects.filter(username=str(options["signer"])).first()
            if signer is None:
                raise CommandError(f"--signer: không có người dùng «{options['signer']}».")
        try:
            plan = services.plan_upload(
                actor=user,
                file=SimpleUploadedFile(path.name, data),
                number=str(options["number"]),
                plan_date=plan_date,
                signer=signer,
                signer_name=str(options["signer_name"]),
                reimport=bool(options["reimport"]),
            )
            plan = services.plan_commit(actor=user, plan_import=plan, expected_version=plan.version)
        except ValidationFailed as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        if plan.date_read:
            self.stdout.write(f"Ngày kế hoạch đọc từ văn bản: «{plan.date_read}».")
        return plan.summary
