from django.apps import AppConfig


class MergeConfig(AppConfig):
    name = "funil.intake.merge"
    label = "intake_merge"
    verbose_name = "Duplicates and merge"
