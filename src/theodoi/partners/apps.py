from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "theodoi.partners"
    verbose_name = "Phối hợp với đối tác"
