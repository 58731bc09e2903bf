"""What generated documents say of the agency itself (DOMAIN §10): its name, its place, and
how it stands at a date (the body above it, its head, who signs for the head). The only place
these words are kept; the Decree 30 layout (`core/decree30.py`) lays them out."""

from dataclasses import dataclass
from datetime import date

ISSUER = "BẢO HIỂM XÃ HỘI VIỆT NAM"
PLACE = "Hà Nội"


@dataclass(frozen=True)
class AgencyStructure:
    """What a document says of the agency's place and its head, from `since` on (headings,
    "Nơi nhận", the default signature)."""

    since: date
    parent_body: str  # the line above the issuer; "" when the agency stands alone
    head: str  # the head of the agency as "Nơi nhận" names it
    signer_authority: str  # a deputy signs for the head (Decree 30, Appendix I: "KT.")
    signer_title: str


STRUCTURES = (
    AgencyStructure(
        date.min, "", "Tổng Giám đốc BHXH Việt Nam", "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC"
    ),
    # from 01/03/2025 BHXH Việt Nam is part of the Ministry of Finance, led by a Giám đốc
    AgencyStructure(
        date(2025, 3, 1), "BỘ TÀI CHÍNH", "Giám đốc BHXH Việt Nam", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    ),
)


def structure_on(day: date) -> AgencyStructure:
    return [s for s in STRUCTURES if s.since <= day][-1]
