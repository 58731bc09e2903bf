"""A generated Word file made into PDF by LibreOffice headless, in a temporary folder of its
own (its own profile too, so two conversions at once never share a lock), within a time
limit after which LibreOffice and its children are ended."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from theodoi.core.errors import Code, ValidationFailed

# PDF/A-2b: fonts embedded, for keeping; the signature is added after as an incremental update.
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


# what LibreOffice may see of the site's environment: not its secrets (the signing passphrase
# and PIN, SECRET_KEY, DATABASE_URL)
PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SAL_USE_VCLPLUGIN")


def _environment(home: str) -> dict[str, str]:
    kept = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    return {**kept, "HOME": home}


def _refused(message: str, code: Code = Code.FILE_REFUSED) -> ValidationFailed:
    return ValidationFailed({"__all__": message}, code)


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a Word document; refused with a Vietnamese message when LibreOffice is
    missing, fails, or takes longer than THEODOI_SOFFICE_TIMEOUT seconds."""
    soffice = shutil.which(settings.THEODOI_SOFFICE)
    if soffice is None:
        raise _refused(
            "Máy chủ chưa cài LibreOffice nên không chuyển được văn bản sang PDF để ký số; "
            "báo quản trị hệ thống.",
            Code.REQUIRED,
        )
    limit = settings.THEODOI_SOFFICE_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="theodoi-pdf-") as folder:
        work = Path(folder)
        source = work / "van-ban.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(work),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, ended whole on time-out
            env=_environment(folder),
        )
        try:
            process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise _refused(
                f"LibreOffice không chuyển xong văn bản sang PDF trong {limit} giây; "
                "hãy thử lại sau ít phút."
            ) from None
        result = work / "van-ban.pdf"
        if process.returncode != 0 or not result.is_file():
            raise _refused("LibreOffice không chuyển được văn bản này sang PDF.")
        return result.read_bytes()
