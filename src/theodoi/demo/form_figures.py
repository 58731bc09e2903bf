"""What the demo's units write in the TTHC control form (seed 001 Phụ lục II): figures that
pass every rule of the form, varied by unit and period without chance (a checksum of the
unit's code, so that every load writes the same), larger for the larger provinces; and short
narrative texts in the seed's words. `demo.form_stories` sends them through the real services.

A province's quarter: dossiers received by channel (5.2-5.5) plus those carried from the
quarter before (5.6, the unit's 5.10 of that quarter when it sent one), resolved on time and
late (5.7-5.9), still in progress (5.10-5.12), the inter-connected ones (5.13-5.16); the same
5.1 in 6.2; feedback (PAKN) received on the national portal (4a) and otherwise (4b), the
carried ones being those still in progress the quarter before.
"""

from dataclasses import dataclass
from zlib import crc32

from theodoi.core.periods import Kind, Period

Figures = dict[str, int]

# Relative size of the larger provinces (after the 2025 merger); the others 0.8-1.4.
SIZE = {
    "HOCHIMINH": 8.5, "HANOI": 7.0, "HAIPHONG": 2.6, "DONGNAI": 2.9, "BACNINH": 2.4,
    "THANHHOA": 2.6, "NGHEAN": 2.3, "DANANG": 1.8, "CANTHO": 1.6, "HUNGYEN": 1.9,
    "PHUTHO": 1.9, "NINHBINH": 1.8, "TAYNINH": 1.8, "ANGIANG": 1.7, "GIALAI": 1.5,
    "DAKLAK": 1.5, "QUANGNINH": 1.5, "KHANHHOA": 1.4, "LAMDONG": 1.4,
}  # fmt: skip
RECEIVED_PER_QUARTER = 36_000  # dossiers a province of size 1 receives in a quarter
TTHC_COUNT = 25  # the procedures a province's office publishes (2.website, 2.posted)
FIRST_LINKED_QUARTER = (2023, 1)  # the inter-connected services started (6.2.g1, 6.2.g2)


def spread(code: str, period: Period, span: int) -> int:
    """A number in 0..span-1 fixed by the unit and the period."""
    return crc32(f"{code}/{period.slug}".encode()) % span


def size_of(code: str) -> float:
    return SIZE.get(code, 0.8 + crc32(code.encode()) % 60 / 100)


@dataclass(frozen=True)
class Carried:
    """What a unit's previous version leaves for this period (None: it sent none)."""

    dossiers: int | None = None  # its 5.10
    feedback_a: int | None = None  # its 4a.processing
    feedback_b: int | None = None  # its 4b.processing


def carried_from(values: dict[str, int] | None) -> Carried:
    if not values:
        return Carried()
    return Carried(values.get("5.10"), values.get("4a.processing"), values.get("4b.processing"))


def feedback(code: str, period: Period, scale: float, carried: Carried) -> Figures:
    """Section 4: feedback on the national portal (4a) and by other channels (4b)."""
    out: Figures = {}
    for row, base, before in (("4a", 9, carried.feedback_a), ("4b", 4, carried.feedback_b)):
        new = round(base * scale * (0.6 + spread(code + row, period, 80) / 100))
        old = before if before is not None else spread(code + row, period, 3)
        total = new + old
        processing = min(total, spread(code + row + "p", period, 4))
        out |= {
            f"{row}.total": total, f"{row}.new": new, f"{row}.carried": old,
            f"{row}.regulations": total // 4, f"{row}.processed": total - processing,
            f"{row}.processing": processing,
        }  # fmt: skip
    return out


def province_figures(code: str, period: Period, carried: Carried) -> Figures:
    """A province's figures for a quarter or a year that pass every rule (5.6 =
    `carried.dossiers`)."""
    scale, jitter = size_of(code), spread(code, period, 1000) / 1000
    number, length = (4, 4) if period.kind == Kind.YEAR else (period.number, 1)  # quarters
    growth = (0.95 + 0.1 * jitter) * (1 + number / 20)
    received = round(RECEIVED_PER_QUARTER * length * scale * growth)
    online = round(received * (0.78 + 0.08 * jitter))
    desk, post = round(received * 0.09), round(received * 0.025)
    old = carried.dossiers if carried.dossiers is not None else round(received * 0.03)
    total = received + old
    pending = round(total * (0.025 + 0.01 * jitter))
    pending_late = max(1, pending // 100)
    resolved = total - pending
    resolved_late = resolved // 1000 + 1
    linked = round(received * 0.015)
    linked_open, linked_late = round(linked * 0.04), round(linked * 0.003)
    quarters = (period.year - FIRST_LINKED_QUARTER[0]) * 4 + number
    births, deaths = round(800 * scale * quarters), round(260 * scale * quarters)
    return {
        "2.website": TTHC_COUNT, "2.posted": TTHC_COUNT,
        "5.1": total, "5.2": online, "5.3": desk, "5.4": post,
        "5.5": received - online - desk - post, "5.6": old,
        "5.7": resolved, "5.8": resolved - resolved_late, "5.9": resolved_late,
        "5.10": pending, "5.11": pending - pending_late, "5.12": pending_late,
        "5.13": linked, "5.14": linked - linked_open - linked_late, "5.15": linked_late,
        "5.16": linked_open,
        "5.apology.sent": resolved_late, "5.apology.overdue": resolved_late,
        "6.2.online": online, "6.2.total": total,
        "6.2.g1.received": births, "6.2.g1.resolved": round(births * 0.95),
        "6.2.g1.returned": round(births * 0.03),
        "6.2.g2.received": deaths, "6.2.g2.resolved": round(deaths * 0.94),
        "6.2.g2.returned": round(deaths * 0.04),
    } | feedback(code, period, scale, carried)  # fmt: skip


def central_figures(code: str, period: Period, carried: Carried) -> Figures:
    """A central unit's section 4: the feedback on the procedures it is in charge of."""
    return feedback(code, period, 0.5 + crc32(code.encode()) % 100 / 100, carried)


def quarter_words(period: Period) -> str:
    if period.kind == Kind.YEAR:
        return f"năm {period.year}"
    return f"quý {'I' * period.number if period.number < 4 else 'IV'} năm {period.year}"


PROVINCE_TEXTS = {
    "1.documents": "{name} ban hành Kế hoạch kiểm soát TTHC năm {year} và văn bản đôn đốc "
    "các phòng nghiệp vụ, BHXH cơ sở thực hiện công khai, giải quyết TTHC đúng hạn.",
    "1.review": "Công tác chỉ đạo kịp thời; một số BHXH cơ sở còn chậm cập nhật danh mục "
    "TTHC sau khi sắp xếp đơn vị hành chính.",
    "2.form": "Niêm yết bảng danh mục {tthc} TTHC và mã QR tra cứu tại Bộ phận một cửa của "
    "BHXH tỉnh và các BHXH cơ sở.",
    "3.a": "Rà soát {tthc} TTHC đang thực hiện; đề xuất cắt giảm thành phần hồ sơ của 02 TTHC "
    "về cấp lại sổ BHXH, thẻ BHYT.",
    "4.review": "PAKN được tiếp nhận, chuyển xử lý và trả lời đúng thời hạn; chủ yếu hỏi về "
    "thời gian đóng BHXH và cấp lại thẻ BHYT.",
    "5.saturday": "Bố trí cán bộ tiếp nhận, trả kết quả tại Trung tâm phục vụ hành chính công "
    "tỉnh cả sáng thứ Bảy.",
    "5.staff": "Phân công viên chức có chuyên môn, được tập huấn nghiệp vụ làm việc tại Bộ "
    "phận một cửa; luân chuyển định kỳ theo quy định.",
    "5.post": "Phối hợp Bưu điện tỉnh tiếp nhận hồ sơ, trả kết quả qua dịch vụ bưu chính công "
    "ích; không để hồ sơ thất lạc.",
    "5.online": "Hướng dẫn người dân cài đặt VssID và nộp hồ sơ trực tuyến; số hồ sơ giao "
    "dịch điện tử tăng so với quý trước.",
    "5.review": "Hồ sơ giải quyết đúng hạn đạt tỷ lệ cao; hồ sơ quá hạn đã có thư xin lỗi "
    "gửi người dân.",
    "6.1": "Thực hiện tiếp nhận, số hóa hồ sơ và lưu trữ kết quả giải quyết TTHC điện tử theo "
    "Nghị định số 45/2022/NĐ-CP.",
    "7": "Tuyên truyền về dịch vụ công trực tuyến trên trang thông tin điện tử, Zalo và tại "
    "Bộ phận một cửa.",
    "8": "Đề xuất tự động điền sẵn thông tin từ Cơ sở dữ liệu quốc gia về dân cư vào tờ khai "
    "điện tử.",
    "9": "Các nhiệm vụ theo Kế hoạch số 400/KH-BHXH đến hạn trong kỳ đã hoàn thành đúng tiến độ.",
}
CENTRAL_TEXTS = {
    "3.a": "Rà soát các TTHC thuộc lĩnh vực đơn vị chủ trì; đề xuất đơn giản hóa 01 TTHC.",
    "4.review": "PAKN thuộc lĩnh vực của đơn vị được trả lời đúng hạn, công khai trên Cổng "
    "DVC quốc gia.",
    "6.1": "Phối hợp Trung tâm CNTT hoàn thiện quy trình điện tử các TTHC do đơn vị chủ trì.",
    "7": "Cung cấp nội dung hỏi đáp chính sách cho Cổng thông tin điện tử BHXH Việt Nam.",
    "8": "Nghiên cứu liên thông dữ liệu với các bộ, ngành để giảm giấy tờ người dân phải nộp.",
    "9": "Hoàn thành các nhiệm vụ được giao tại Kế hoạch số 400/KH-BHXH trong kỳ.",
}


def texts_for(central: bool, name: str, period: Period, fields: set[str]) -> dict[str, str]:
    """The unit's narrative for the period: the texts of the fields it fills then."""
    chosen = CENTRAL_TEXTS if central else PROVINCE_TEXTS
    words = {"name": name, "year": period.year, "tthc": TTHC_COUNT}
    return {k: v.format(**words) for k, v in chosen.items() if k in fields}
