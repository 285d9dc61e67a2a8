from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "funil.deals"
    label = "deals"
