from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "funil.intake"
    label = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        # Importing the task module registers its recurring job with the scheduler.
        from . import tasks as _tasks  # noqa: F401
