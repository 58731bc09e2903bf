from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "theodoi.workcalendar"
    verbose_name = "Lịch ngày làm việc"
