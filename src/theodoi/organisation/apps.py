from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "theodoi.organisation"
    verbose_name = "Tổ chức, đơn vị"
