"""`funil fetchmail`: poll the IMAP mailboxes of every active IMAP integration once (a cron job or the worker's
periodic job calls it); `--integration` limits it to one, by its name or number."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from funil.intake.webhooks.models import Integration, IntegrationKind

from ...imap import BATCH, fetchmail


class Command(BaseCommand):
    help = "Fetch unseen messages from the IMAP mailboxes of the active IMAP integrations into lead intake."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--integration", help="Only this integration (its number or public id).")
        parser.add_argument("--batch", type=int, default=BATCH, help="At most this many messages per mailbox.")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = None
        if options["integration"]:
            chosen = [self._integration(options["integration"])]
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        reports = fetchmail(integrations=chosen, batch=options["batch"])
        for report in reports:
            self.stdout.write(str(report))
            for problem in report.problems:
                self.stdout.write(f"  {problem}")
        if not reports:
            self.stdout.write("No active IMAP integration.")
        failed = [r for r in reports if r.error]
        if failed:
            raise CommandError(f"{len(failed)} mailbox(es) could not be polled.")

    def _integration(self, ref: str) -> Integration:
        qs = Integration.objects.select_related("workspace").filter(kind=IntegrationKind.IMAP)
        found = qs.filter(pk=int(ref)).first() if ref.isdigit() else None
        if found is None:
            try:
                found = qs.filter(public_id=ref).first()
            except ValidationError:  # not a UUID either
                found = None
        if found is None:
            raise CommandError(f"No IMAP integration {ref!r}.")
        return found
