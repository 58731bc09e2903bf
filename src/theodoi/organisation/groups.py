"""Named groups that stand where a unit should (DOMAIN §3): they resolve to members on a date."""

import re
from datetime import date
from enum import StrEnum

from django.db.models import QuerySet

from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import units_active_on


class Group(StrEnum):
    PROVINCES = "@PROVINCES"
    CENTRAL = "@CENTRAL"
    RELATED = "@RELATED"
    LEADERSHIP_TBD = "@LEADERSHIP_TBD"

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    Group.PROVINCES: "BHXH các tỉnh, thành phố",
    Group.CENTRAL: "Các đơn vị trực thuộc BHXH Việt Nam",
    Group.RELATED: "Các đơn vị liên quan (Văn phòng chỉ định sau)",
    Group.LEADERSHIP_TBD: "Theo phân công của Lãnh đạo Ngành khi phát sinh",
}

# Patterns over folded text (see theodoi.core.text.fold and resolver.canonical).
GROUP_PATTERNS: list[tuple[Group, re.Pattern[str]]] = [
    (
        Group.PROVINCES,
        re.compile(
            r"^(cac )?(bhxh )?(cac )?tinh( thanh pho| tp| thanh)?"
            r"( truc thuoc (trung uong|tw))?$"
        ),
    ),
    (
        Group.CENTRAL,
        re.compile(
            r"^cac (don vi|ban|vu|trung tam|ban trung tam|don vi nghiep vu)"
            r"( (truc thuoc|thuoc|o)( (bhxh vn|trung uong|tw))?)?$"
        ),
    ),
    (
        Group.RELATED,
        re.compile(r"^(cac |nhung )?(don vi|co quan|to chuc|ban)( khac)?( co)? lien quan$"),
    ),
    (
        Group.LEADERSHIP_TBD,
        re.compile(r"(theo|do) (su )?phan cong (cua )?lanh dao|lanh dao nganh phan cong"),
    ),
]


def match_group(canonical_text: str) -> Group | None:
    for group, pattern in GROUP_PATTERNS:
        if pattern.search(canonical_text):
            return group
    return None


def group_members(group: Group, as_of: date) -> QuerySet[Unit]:
    """Units a group stands for on `as_of`. @RELATED and @LEADERSHIP_TBD are named later."""
    if group is Group.PROVINCES:
        return units_active_on(as_of).filter(kind=UnitKind.PROVINCE)
    if group is Group.CENTRAL:
        return units_active_on(as_of).filter(kind=UnitKind.CENTRAL)
    return Unit.objects.none()
