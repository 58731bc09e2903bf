from dataclasses import dataclass

from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.core.access import Action, can


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    key: str


def menu_for(user: User) -> list[MenuItem]:
    items = [
        (Action.VIEW_DASHBOARD, "Tổng quan", "monitoring:dashboard", "dashboard"),
        (Action.VIEW_TASKS, "Việc của tôi", "tasks:mine", "mine"),
        (Action.VIEW_TASKS, "Nhiệm vụ", "tasks:list", "tasks"),
        (Action.VIEW_TASKS, "Văn bản", "tasks:documents", "documents"),
        (Action.IMPORT_PLANS, "Nhập kế hoạch", "imports:upload", "imports"),
        (Action.VIEW_STATS, "Thống kê", "tasks:stats", "stats"),
        (Action.VIEW_SCORECARD, "Đánh giá", "evaluation:home", "evaluation"),
        (Action.VIEW_UNITS, "Đơn vị", "organisation:tree", "units"),
        (Action.VIEW_CALENDAR, "Lịch làm việc", "workcalendar:current", "calendar"),
        (Action.MANAGE_REMINDERS, "Nhắc việc", "monitoring:policy", "reminders"),
        (Action.VIEW_USERS, "Người dùng", "accounts:list", "users"),
        (Action.VIEW_AUDIT, "Nhật ký", "audit:list", "audit"),
    ]
    return [
        MenuItem(label, reverse(name), key)
        for action, label, name, key in items
        if can(user, action)
    ]
