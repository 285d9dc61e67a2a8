from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from funil.accounts.models import Workspace
from funil.core.errors import DomainError
from funil.demo.seed import DEMO_WORKSPACE, demo_load


class Command(BaseCommand):
    help = "Create the demo workspace and fill it with realistic data (reused when it already exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--leads", type=int, default=2000, help="How many leads (5 timeline rows each).")
        parser.add_argument("--seed", type=int, default=42, help="Same seed, same data.")
        parser.add_argument("--workspace", default=DEMO_WORKSPACE, help="Workspace name.")
        parser.add_argument("--if-empty", action="store_true", help="Only when the database has no workspace yet.")

    def handle(self, *args: object, **options: Any) -> None:
        leads = int(options["leads"])
        if leads < 1:
            raise CommandError("--leads must be at least 1")
        if options["if_empty"] and Workspace.objects.exclude(name=options["workspace"]).exists():
            self.stdout.write("Workspaces exist already; no demo data loaded.")
            return
        try:
            result = self._load(leads, options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if result.created:
            self.stdout.write(f"Loaded the demo workspace {result.workspace.name!r} in {result.seconds:.1f} s.")
        else:
            self.stdout.write(f"The demo workspace {result.workspace.name!r} already has data; reusing it.")
        self.stdout.write(self.style.SUCCESS(f"Log in as {result.email} with password {result.password}"))

    def _load(self, leads: int, options: Any) -> Any:
        return demo_load(
            leads=leads,
            seed=int(options["seed"]),
            name=str(options["workspace"]),
            progress=self.stdout.write,
        )
