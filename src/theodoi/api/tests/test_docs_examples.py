"""docs/api.md's examples run as written: every `sh` block, in order, in one bash process, with
`SITE` (a live server on the demo), `TOKEN` (the Office tracker's key) and `PROVINCE_TOKEN` (a
key of BHXH Nghệ An's head, whose form the demo leaves returned) — as a reader would
paste them."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from theodoi.accounts.models import User
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.api.tokens import token_create
from theodoi.demo.tests.copies import copy_demo

pytestmark = pytest.mark.django_db(transaction=True)
DOC = Path(settings.PROJECT_DIR) / "docs" / "api.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def examples() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_page_has_the_examples_the_issue_asks_for() -> None:
    joined = "\n".join(examples())
    assert "$SITE/api/v1/tasks/?" in joined  # listing tasks
    assert "/submit/" in joined and "files" in joined  # submitting a result with a file
    guide = DOC.read_text(encoding="utf-8")
    assert "## Webhook" in guide and "def verify(" in guide  # checking a webhook's signature


def test_every_example_runs_as_written(live_server, tmp_path: Path) -> None:
    copy_demo(TEST_PASSWORD)
    tracker = User.objects.get(username="vanphong")
    token = token_create(actor=None, user=tracker, name="Ví dụ trong tài liệu").secret
    province = User.objects.get(username="thutruong.nghean")  # its form is returned in the demo
    province_token = token_create(actor=None, user=province, name="Ví dụ của tỉnh").secret
    head = User.objects.get(username="cntt.truongban")  # leads a task under way in the demo
    unit_token = token_create(actor=None, user=head, name="Ví dụ của đơn vị").secret
    script = tmp_path / "examples.sh"
    script.write_text("set -euo pipefail\n" + "\n".join(examples()), encoding="utf-8")
    done = subprocess.run(
        ["bash", str(script)],
        env={
            "PATH": "/usr/bin:/bin",
            "SITE": live_server.url,
            "TOKEN": token,
            "PROVINCE_TOKEN": province_token,
            "UNIT_TOKEN": unit_token,
            "HOME": str(tmp_path),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "vanphong" in done.stdout
    assert "\nsubmitted\n" in done.stdout  # a unit's result sent with a file
    assert '"status": "stored"' in done.stdout and "Đã tiếp nhận" in done.stdout  # a form sent
