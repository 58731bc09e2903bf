"""The agreement as data: `definitions/*.json` holds each agreement with its duties, and
`install` writes what the database does not have yet.

An agreement is written once, with the directive document its tasks hang from (registered in
the task register, DocumentKind.COORDINATION) and its duties; a duty added to the file later is
added by the next `install`. A duty once installed is not rewritten from the file (its
obligations were dated by it): a changed rule is a new duty code. Installing is idempotent, also
when two runs meet (the agreement's unique code; the loser reads the winner's row).
"""

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.models import Agreement, Duty, Level
from theodoi.partners.rules import check_rule
from theodoi.tasks.models import DocumentKind, Origin
from theodoi.tasks.services import document_register

FOLDER = Path(__file__).parent / "definitions"
AGREEMENT_FIELDS = ["code", "name", "number", "signed_on", "valid_from", "valid_to", "partner"]
DEFAULT = "tld-2015"  # the agreement with Tổng LĐLĐ Việt Nam (seed 004)


@lru_cache(maxsize=1)
def _files() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted(FOLDER.glob("*.json")))


def shipped() -> list[dict[str, Any]]:
    """The agreements the code ships (fresh copies: callers may not change the cache)."""
    return [json.loads(text) for text in _files()]


def _unit(code: str, field: str, kinds: frozenset[str]) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationFailed(
            {field: f"Chưa có đơn vị mã «{code}» trong danh mục đơn vị."}, Code.NOT_FOUND
        )
    if unit.kind not in kinds:
        raise ValidationFailed(
            {field: f"Đơn vị «{code}» là {unit.get_kind_display()}, không thể ở vai trò này."}
        )
    return unit


def check_duty(raw: dict[str, Any]) -> None:
    """Refuse a duty of the file that could not be generated (Vietnamese, naming the duty)."""
    code = raw.get("code", "?")
    wrong = check_rule(raw["rule"], raw.get("month"), raw.get("day"))
    if raw["level"] not in Level.values:
        wrong = f"Cấp «{raw['level']}» không có."
    elif raw["level"] == Level.CENTRAL and not raw.get("lead"):
        wrong = "Nhiệm vụ cấp trung ương cần đơn vị chủ trì."
    elif raw["level"] == Level.PROVINCIAL and raw.get("lead"):
        wrong = "Nhiệm vụ cấp tỉnh do từng BHXH tỉnh chủ trì, không ghi đơn vị chủ trì."
    if wrong:
        raise ValidationFailed({"duties": f"Nhiệm vụ «{code}»: {wrong}"})


def _duties(agreement: Agreement, schema: dict[str, Any]) -> int:
    have = set(agreement.duties.values_list("code", flat=True))
    written = 0
    for order, raw in enumerate(schema["duties"], start=1):
        check_duty(raw)
        if raw["code"] in have:
            continue
        lead = raw.get("lead")
        Duty.objects.create(
            agreement=agreement,
            code=raw["code"],
            title=raw["title"],
            guest_title=raw.get("guest_title", ""),
            article=raw["article"],
            level=raw["level"],
            rule=raw["rule"],
            month=raw.get("month"),
            day=raw.get("day"),
            lead_unit=_unit(lead, "lead", frozenset({UnitKind.CENTRAL})) if lead else None,
            joint=bool(raw.get("joint", True)),
            hosted_in_turn=bool(raw.get("hosted_in_turn", False)),
            instruction=raw.get("instruction", ""),
            order=order,
        )
        written += 1
    return written


def _create(schema: dict[str, Any]) -> Agreement:
    partner = _unit(schema["partner"], "partner", frozenset({UnitKind.EXTERNAL}))
    signed_on = date.fromisoformat(schema["signed_on"])
    document = document_register(
        actor=None,
        kind=DocumentKind.COORDINATION,
        number=schema.get("number", ""),
        issued_on=signed_on,
        issuer=schema["issuer"],
        summary=schema["name"],
        origin=Origin.INTERNAL,
    )
    valid_to = schema.get("valid_to")
    agreement = Agreement.objects.create(
        code=schema["code"],
        name=schema["name"],
        number=schema.get("number", ""),
        signed_on=signed_on,
        valid_from=date.fromisoformat(schema["valid_from"]),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        partner=partner,
        document=document,
        we_host_even_years=bool(schema.get("we_host_even_years", True)),
    )
    record_change(
        actor=None,
        action=ChangeKind.CREATE,
        obj=agreement,
        before=None,
        after=snapshot(agreement, AGREEMENT_FIELDS),
    )
    return agreement


def install() -> int:
    """Write the shipped agreements and duties not in the database yet; how many rows."""
    written = 0
    for schema in shipped():
        try:
            with transaction.atomic():
                agreement = Agreement.objects.filter(code=schema["code"]).first()
                if agreement is None:
                    agreement = _create(schema)
                    written += 1
                written += _duties(agreement, schema)
        except IntegrityError:  # another run installed it at the same moment
            pass
    return written


def agreement(code: str = DEFAULT) -> Agreement:
    """The agreement `code`, installed first if the database does not have it yet."""
    found = Agreement.objects.select_related("partner", "document").filter(code=code).first()
    if found is None:
        install()
        found = Agreement.objects.select_related("partner", "document").filter(code=code).first()
    if found is None:
        missing = {"agreement": f"Không có quy chế phối hợp «{code}»."}
        raise ValidationFailed(missing, Code.NOT_FOUND)
    return found
