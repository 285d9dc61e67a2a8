from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "funil.activities"
    label = "activities"
