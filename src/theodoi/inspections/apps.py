from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "theodoi.inspections"
    verbose_name = "Kiểm tra việc thực hiện nhiệm vụ"
