"""The agency's throwaway key configured as an operator would (settings and the environment),
an urging letter to issue, and signed PDFs made once per module for the checks."""

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from theodoi.monitoring.letters import LetterTask, LetterText, build_letter
from theodoi.monitoring.models import UrgingLetter
from theodoi.monitoring.services import urging_create
from theodoi.monitoring.tests.conftest import task_for
from theodoi.signing import keys
from theodoi.signing.pades import sign_pdf
from theodoi.signing.pdf import docx_to_pdf
from theodoi.signing.tests.ca import PASSPHRASE, AgencyKey, agency_key
from theodoi.tasks.tests import conftest as task_world
from theodoi.tasks.tests.conftest import World

world = task_world.world  # the fixture, shared
TODAY = date(2026, 12, 8)


@pytest.fixture(scope="session")
def session_agency(tmp_path_factory) -> AgencyKey:
    """One throwaway CA for the session: making its two RSA keys took about 0.2 s of each
    test that signs."""
    return agency_key(tmp_path_factory.mktemp("agency"))


@pytest.fixture
def agency(session_agency: AgencyKey, tmp_path: Path, settings, monkeypatch) -> AgencyKey:
    """Signing configured with the session's CA, its files copied into the test's folder: the
    key as PKCS#12, its root trusted."""
    made = AgencyKey(session_agency.root, tmp_path / "agency.p12", tmp_path / "roots.pem")
    shutil.copyfile(session_agency.pkcs12, made.pkcs12)
    shutil.copyfile(session_agency.roots_pem, made.roots_pem)
    settings.THEODOI_SIGNING_PKCS12 = str(made.pkcs12)
    settings.THEODOI_SIGNING_TRUST_ROOTS = str(made.roots_pem)
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv(keys.PASSPHRASE_VARIABLE, PASSPHRASE)
    return made


def letter_text() -> LetterText:
    line = LetterTask(
        number=1,
        content="1.1. Báo cáo nợ đọng quý IV",
        document="Quyết định 12/QĐ-TTg",
        internal_deadline="02/12/2026",
        deadline="03/12/2026",
        standing="Quá hạn 4 ngày làm việc",
    )
    return LetterText(
        unit_name="Ban Quản lý Thu - Sổ, Thẻ",
        number="7",
        issued_on=TODAY,
        soon_days=5,
        overdue=[line],
        soon=[],
        signer_authority="TL. Tổng Giám đốc",
        signer_title="Chánh Văn phòng",
        signer_name="Nguyễn Văn A",
    )


@pytest.fixture(scope="module")
def signed_letter(session_agency: AgencyKey) -> Iterator[tuple[bytes, AgencyKey]]:
    """An urging letter made into PDF by LibreOffice and signed with the session's throwaway
    CA's key (once for the module: LibreOffice takes a second or two), with that CA."""
    made = session_agency
    with (
        override_settings(THEODOI_SIGNING_PKCS12=str(made.pkcs12)),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv(keys.PASSPHRASE_VARIABLE, PASSPHRASE)
        pdf = docx_to_pdf(build_letter(letter_text()))
        with keys.agency_signer() as signer:
            signed = sign_pdf(pdf, signer=signer, reason="Thử", location="Hà Nội")
        yield signed.data, made


@pytest.fixture
def letter(world: World, agency: AgencyKey) -> UrgingLetter:
    """An urging letter to TST about one overdue task, generated as the Office does."""
    task_for(world, date(2026, 12, 3), content="Báo cáo nợ đọng quý IV")
    return urging_create(
        actor=world.office,
        unit=world.units["TST"],
        issued_on=TODAY,
        soon_days=5,
        number="7",
        signer_authority="TL. Tổng Giám đốc",
        signer_title="Chánh Văn phòng",
        signer_name="Nguyễn Văn A",
    )
