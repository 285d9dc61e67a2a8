from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "funil.intake.webhooks"
    label = "intake_webhooks"
    verbose_name = "Calls and messengers"
