from django.apps import AppConfig


class WebFormsConfig(AppConfig):
    name = "funil.intake.webforms"
    label = "intake_webforms"
    verbose_name = "Web forms"

    def ready(self) -> None:
        from . import tasks as _tasks  # noqa: F401  (registers the recurring clean-up)
