from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "funil.analytics"
    label = "analytics"
