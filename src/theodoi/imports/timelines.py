"""Reading the "Thời gian thực hiện" cell of a plan (DOMAIN §5.3) into a schedule.

A cell is split into clauses (";", line breaks, bullets); each clause is an event ("Khi …",
"Sau khi …"), continuous work ("Thường xuyên"), a recurrence ("Hằng quý", "Định kỳ 6 tháng",
"Tháng 12 hằng năm", "trước ngày 19 của tháng cuối quý I, II, III") or a deadline ("Quý II,
III/2024", "Tháng 7/2024", "6 tháng cuối năm 2025", "trước 31/12/2025", "từ … đến …"). The
clauses combine into one `Schedule`: recurring before deadline before continuous before event.
"Trước <ngày>" means the day before (DOMAIN §7) and is flagged for a person to confirm.
An event may say how long after it the work is due ("trong vòng 05 ngày làm việc kể từ …":
`days`, `working_days`). A yearly recurrence with a final date in a later year ("theo lộ trình
hằng năm và hoàn thành trước 31/12/2025") is a roadmap: one due date a year from the plan's
year, the last one the final date (`period` "roadmap", `roadmap`).
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from theodoi.core.dates import EARLIEST, LATEST, format_date, in_range
from theodoi.core.text import unaccent

DEADLINE, CONTINUOUS, RECURRING, EVENT = "deadline", "continuous", "recurring", "event"
ROADMAP = "roadmap"  # the period of a yearly recurrence that ends on a final date
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDER = {RECURRING: 0, DEADLINE: 1, CONTINUOUS: 2, EVENT: 3}


@dataclass
class Schedule:
    kind: str
    deadline: date | None = None
    occurrences: list[date] | None = None
    period: str = ""  # week | month | quarter | half | year (recurring)
    doubts: list[str] = field(default_factory=list)  # why a person should confirm it
    understood: bool = True
    days: int | None = None  # event: the work is due this many days after it
    working_days: bool = False  # event: `days` are working days

    @property
    def roadmap(self) -> bool:
        return self.period == ROADMAP

    @property
    def certain(self) -> bool:
        return self.understood and not self.doubts


def norm(text: str) -> str:
    """Lower case without diacritics; keeps digits and the punctuation dates use."""
    text = unaccent(text).lower()
    text = re.sub(r"[^0-9a-z/.,;:()\-\n ]+", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(year: int, quarter: int) -> date:
    return end_of_month(year, quarter * 3)


_CLAUSES = re.compile(r";|\n|(?:^|\s)-\s(?=\D)|\.\s+-\s")
_EVENT = re.compile(
    r"^(khi|sau khi|ngay khi|ngay sau khi|truoc khi"
    r"|trong (vong|thoi gian|thoi han) .*(ke tu|sau khi))"
    r"|khi (co|phat sinh|duoc)|theo (yeu cau|de nghi|chi dao|thong bao|tien do)|dot xuat"
    r"|\d{1,3} ngay (lam viec )?(sau khi|ke tu|sau ngay)"
)
_EVENT_DAYS = re.compile(r"(\d{1,3}) ngay( lam viec)?\b(?!\s*[/.-]\s*\d)")
_CONTINUOUS = re.compile(r"thuong xuyen|lien tuc|hang ngay|hang ngay|moi ngay")
_EVERY = r"(hang|hang|moi|dinh ky|dinh ky hang|theo)"
_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?")
_DATE_WORDS = re.compile(r"ngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?")
_YEAR = re.compile(r"\b(19|20)(\d{2})\b")
_QUARTERS = re.compile(r"quy\s+((?:[ivx]+|\d)(?:\s*(?:,|va|-|den)\s*(?:[ivx]+|\d))*)\b")
_MONTHS = re.compile(r"thang\s+(\d{1,2})((?:\s*(?:,|va|-|den)\s*\d{1,2})*)(?!\s*thang)")
_BEFORE = re.compile(r"\btruoc\b")
_DAY_BEFORE = re.compile(r"(ngay|truoc|den|han)\s*$")


def parse(text: str, plan_year: int) -> Schedule:
    """The schedule written in `text`, for a plan of `plan_year`."""
    found = [
        p for p in (_clause(c, plan_year) for c in _split(norm(_unbroken(text)))) if p is not None
    ]
    pieces = [p for p in found if _in_range(p)]
    far = [] if len(pieces) == len(found) else [_FAR]
    if not pieces:
        return Schedule(DEADLINE, understood=False, doubts=far)
    pieces.sort(key=lambda p: _ORDER[p.kind])
    first = pieces[0]
    doubts = [*far, *(d for p in pieces for d in p.doubts)]
    if first.kind == RECURRING:
        days = sorted(
            {d for p in pieces for d in (p.occurrences or [])}
            | {p.deadline for p in pieces if p.deadline}
        )
        known = any(p.occurrences is not None for p in pieces if p.kind == RECURRING)
        final = max((p.deadline for p in pieces if p.deadline), default=None)
        if first.period == "year" and known and final is not None and final.year > plan_year:
            first_day = min((d for d in days if d.year == plan_year), default=final)
            return Schedule(RECURRING, final, roadmap(first_day, final), ROADMAP, doubts)
        occurrences = [d for d in days if d.year == plan_year] if known else None
        period = first.period
        return Schedule(RECURRING, max(days) if days else None, occurrences, period, doubts)
    if first.kind == DEADLINE:
        dates = sorted({p.deadline for p in pieces if p.kind == DEADLINE and p.deadline})
        if len(dates) > 1:
            doubts.append("Có nhiều mốc thời gian; lấy mốc muộn nhất.")
        return Schedule(DEADLINE, dates[-1], doubts=doubts)
    timed = next((p for p in pieces if p.kind == first.kind and p.days is not None), first)
    return Schedule(first.kind, doubts=doubts, days=timed.days, working_days=timed.working_days)


def _unbroken(text: str) -> str:
    """Lines broken inside a sentence joined ("Thực hiện theo\nlộ trình hàng\nnăm và hoàn
    thành trước\n31/12/2025"): a line that begins in lower case or with a digit goes on the
    one before; a capital or a bullet begins a clause of its own."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        start = line.lstrip()[:1]
        if out and (start.islower() or start.isdigit()):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def roadmap(first: date, final: date) -> list[date]:
    """A roadmap's due dates: `first`'s day and month in each year from `first`'s to the year
    before `final`'s, then `final`."""
    days = []
    for year in range(first.year, final.year):
        last = calendar.monthrange(year, first.month)[1]
        days.append(date(year, first.month, min(first.day, last)))
    return [*days, final]


_FAR = f"Có ngày ngoài khoảng {format_date(EARLIEST)} – {format_date(LATEST)}: không lấy."


def _in_range(piece: Schedule) -> bool:
    days = [*(piece.occurrences or []), *([piece.deadline] if piece.deadline else [])]
    return all(in_range(day) for day in days)


def _split(text: str) -> list[str]:
    return [c.strip(" .,:-") for c in _CLAUSES.split(text) if c and c.strip(" .,:-")]


def _clause(text: str, year: int) -> Schedule | None:
    try:
        return _clause_of(text, year)
    except OverflowError:  # a year near 1 or 9999 in the cell: refused by `parse`
        return Schedule(DEADLINE, date.min)


def _clause_of(text: str, year: int) -> Schedule | None:
    if _EVENT.search(text):
        days = _EVENT_DAYS.search(text)
        if days is None:
            return Schedule(EVENT)
        return Schedule(EVENT, days=int(days.group(1)), working_days=bool(days.group(2)))
    if _CONTINUOUS.search(text):
        return Schedule(CONTINUOUS)
    recurring = _recurring(text, year)
    if recurring is not None:
        return recurring
    return _deadline(text, year)


# Recurrences --------------------------------------------------------------------------------


def _day_in_text(text: str) -> tuple[int | None, bool]:
    """The day of the month a recurrence names ("trước ngày 19", "ngày 15"), and "trước"."""
    found = re.search(r"(truoc|cham nhat|den)?\s*ngay (\d{1,2})(?!\s*[/.-]\s*\d)", text)
    if not found:
        return None, False
    return int(found.group(2)), found.group(1) == "truoc"


def _on(year: int, month: int, day: int | None, before: bool) -> date:
    if day is None:
        return end_of_month(year, month)
    last = calendar.monthrange(year, month)[1]
    value = date(year, month, min(day, last))
    return value - timedelta(days=1) if before else value


def _recurring(text: str, year: int) -> Schedule | None:
    day, before = _day_in_text(text)
    yearly_month = re.search(r"thang (\d{1,2}) " + _EVERY + r" nam", text)
    if yearly_month:
        month = int(yearly_month.group(1))
        if 1 <= month <= 12:
            yearly = Schedule(RECURRING, occurrences=[_on(year, month, day, before)], period="year")
            final = _final(text, year)
            if final is not None:
                yearly.deadline, yearly.doubts = final.deadline, final.doubts
            return yearly
    quarter_words = re.search(r"bao cao quy|" + _EVERY + r" quy|quy mot lan|cuoi quy|dau quy", text)
    if quarter_words:
        listed = _QUARTERS.search(text)
        quarters = _numbers(listed.group(1)) if listed else [1, 2, 3, 4]
        months = [q * 3 - 2 for q in quarters] if "dau quy" in text else [q * 3 for q in quarters]
        days = [_on(year, m, day, before) for m in months if 1 <= m <= 12]
        if re.search(r"(ca|hang|hang|bao cao) nam", text) and 12 not in months:
            days.append(_on(year, 12, day, before))
        return Schedule(RECURRING, occurrences=sorted(days), period="quarter")
    if (
        re.search(r"(6|sau) thang", text)
        and re.search(
            _EVERY + r" (6|sau) thang|(6|sau) thang (mot|1) lan|bao cao (6|sau) thang", text
        )
        and not re.search(r"(6|sau) thang (dau|cuoi)", text)
    ):
        return Schedule(
            RECURRING,
            occurrences=[_on(year, 6, day, before), _on(year, 12, day, before)],
            period="half",
        )
    if re.search(_EVERY + r" thang|thang mot lan", text):
        days = [_on(year, m, day, before) for m in range(1, 13)]
        return Schedule(RECURRING, occurrences=days, period="month")
    if re.search(_EVERY + r" tuan|tuan mot lan", text):
        return Schedule(RECURRING, period="week", doubts=["Hằng tuần: chưa rõ ngày trong tuần."])
    if re.search(_EVERY + r" nam|nam mot lan|bao cao nam|lo trinh", text):
        dated = _DATE.search(text) is not None
        explicit = _deadline(text, year) if dated else _final(text, year)
        if (
            explicit is not None
            and explicit.deadline is not None
            and dated
            and not re.search(r"hoan thanh", text)
        ):
            explicit.kind = RECURRING
            explicit.occurrences = [explicit.deadline]
            explicit.period = "year"
            return explicit
        result = Schedule(RECURRING, occurrences=[_on(year, 12, day, before)], period="year")
        if explicit is not None and explicit.deadline is not None:
            result.deadline = explicit.deadline
            result.doubts += explicit.doubts
            result.occurrences = [min(explicit.deadline, *(result.occurrences or []))]
        return result
    return None


def _final(text: str, year: int) -> Schedule | None:
    """The final date a yearly recurrence names after "hoàn thành", "đến" ("hằng năm, hoàn
    thành trước 31/12/2025", "hằng năm đến năm 2026")."""
    found = re.search(r"\b(hoan thanh|den het|den|cham nhat)\b", text)
    if found is None:
        return None
    final = _deadline(text[found.start() :], year)
    return final if final is not None and final.deadline is not None else None


def _numbers(text: str) -> list[int]:
    values = []
    for token in re.findall(r"[ivx]+|\d+", text):
        value = ROMAN.get(token) if not token.isdigit() else int(token)
        if value and 1 <= value <= 4:
            values.append(value)
    range_ = re.search(r"([ivx]+|\d)\s*(-|den)\s*([ivx]+|\d)", text)
    if range_ and len(values) == 2:
        values = list(range(values[0], values[1] + 1))
    return values


# Deadlines ----------------------------------------------------------------------------------


def _deadline(text: str, year: int) -> Schedule | None:
    doubts: list[str] = []
    dates = _dates(text, year, doubts)
    if dates:
        return Schedule(DEADLINE, dates[-1], doubts=doubts)
    years = [int(a + b) for a, b in _YEAR.findall(text)]
    in_year = years[-1] if years else year
    quarters = _QUARTERS.search(text)
    if quarters:
        numbers = _numbers(quarters.group(1))
        if numbers:
            last = max(numbers)
            if _BEFORE.search(text[: quarters.start()]):
                return _before(
                    end_of_quarter(in_year, last - 1) if last > 1 else date(in_year - 1, 12, 31),
                    doubts,
                    "quý",
                )
            return Schedule(DEADLINE, end_of_quarter(in_year, last), doubts=doubts)
    half = re.search(r"(6|sau) thang (dau|cuoi)", text)
    if half:
        month = 6 if half.group(2) == "dau" else 12
        return Schedule(DEADLINE, end_of_month(in_year, month), doubts=doubts)
    months = _MONTHS.search(text)
    if months:
        values = [int(v) for v in re.findall(r"\d{1,2}", months.group(0)[5:])]
        values = [v for v in values if 1 <= v <= 12]
        if values:
            year_here = re.search(r"thang\s+[\d,\s\-va]*?(\d{1,2})\s*[/-]\s*(\d{4})", text)
            month_year = int(year_here.group(2)) if year_here else in_year
            if _BEFORE.search(text[: months.start()]):
                first = date(month_year, max(values), 1)
                return _before(first, doubts, "tháng")
            if re.search(r"\bdau thang|giua thang", text):
                doubts.append("«Đầu/giữa tháng»: lấy hết tháng, cần xác nhận.")
            return Schedule(DEADLINE, end_of_month(month_year, max(values)), doubts=doubts)
    if years:
        if _BEFORE.search(text):
            return _before(date(years[-1], 1, 1), doubts, "năm")
        return Schedule(DEADLINE, date(max(years), 12, 31), doubts=doubts)
    if (
        re.search(r"\b(trong |ca |het )?nam( nay)?\b", text)
        and re.search(r"\bnam\b", text)
        and not re.search(r"\bnam (truoc|sau|toi)\b", text)
    ):
        if re.search(r"dau nam|giua nam", text):
            return None
        return Schedule(
            DEADLINE, date(year, 12, 31), doubts=["Không ghi năm: lấy năm của kế hoạch."]
        )
    return None


def _before(first_day_after: date, doubts: list[str], unit: str) -> Schedule:
    value = first_day_after - timedelta(days=1)
    doubts.append(f"«Trước {unit} …»: lấy ngày {value:%d/%m/%Y}, cần xác nhận.")
    return Schedule(DEADLINE, value, doubts=doubts)


def _dates(text: str, year: int, doubts: list[str]) -> list[date]:
    found: list[tuple[int, date]] = []
    for pattern in (_DATE, _DATE_WORDS):
        for match in pattern.finditer(text):
            day, month = int(match.group(1)), int(match.group(2))
            bare = pattern is _DATE and match.group(3) is None
            if bare and not _DAY_BEFORE.search(text[: match.start()]):
                continue  # "Quý I/2024" or "7/2024" is not a day
            value_year = int(match.group(3)) if match.group(3) else year
            try:
                value = date(value_year, month, day)
            except ValueError:
                continue
            if _BEFORE.search(text[max(0, match.start() - 16) : match.start()]):
                value -= timedelta(days=1)
                doubts.append(
                    f"«Trước {day}/{month}/{value_year}»: lấy ngày {value:%d/%m/%Y}, cần xác nhận."
                )
            found.append((match.start(), value))
    return [value for _, value in sorted(found)]
