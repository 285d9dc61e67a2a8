from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "funil.intake.mail"
    label = "intake_mail"
    verbose_name = "Inbound email"

    def ready(self) -> None:
        # Registers the periodic IMAP poll with the scheduler of `funil worker`.
        from . import tasks as _tasks  # noqa: F401
