from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "theodoi.webhooks"
    verbose_name = "Webhook"
