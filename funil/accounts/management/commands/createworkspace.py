import getpass

from django.core.management.base import BaseCommand, CommandError, CommandParser

from funil.accounts.roles import Role
from funil.accounts.services import member_add, workspace_create
from funil.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a workspace with its default pipelines and an admin member."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")
        parser.add_argument("--password", help="Asked for when omitted.")
        parser.add_argument("--currency", default="BRL")
        parser.add_argument("--country", default="BR")
        parser.add_argument("--language", default="pt-br")
        parser.add_argument("--time-zone", default="America/Sao_Paulo")
        parser.add_argument("--mode", default="classic", choices=["classic", "simple"])

    def handle(self, *args: object, **o: str) -> None:
        password = o["password"] or getpass.getpass("Admin password: ")
        try:
            workspace = workspace_create(
                name=o["name"],
                currency=o["currency"],
                country=o["country"],
                language=o["language"],
                time_zone=o["time_zone"],
                crm_mode=o["mode"],
            )
            member_add(
                workspace=workspace,
                email=o["admin_email"],
                role=Role.ADMIN,
                full_name=o["admin_name"],
                password=password,
            )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(f"Created workspace {workspace.name!r} (id {workspace.pk})."))
