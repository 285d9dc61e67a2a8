"""`funil import FILE --kind leads [--mapping NAME] [--dry-run] [--report REPORT.json]`: the same job the web
page runs, run here with a progress bar; the report gives the counts and every row's outcome."""

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from funil.accounts.access import Actor, actor_for
from funil.accounts.models import Membership, Workspace
from funil.core.errors import DomainError, ValidationFailed
from funil.imports import engine
from funil.imports.models import DuplicatePolicy, ImportJob
from funil.imports.services import SetUp, import_configure, import_start, import_upload, report


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of leads into a workspace."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", default="leads", choices=["leads", "contacts", "companies", "deals"])
        parser.add_argument("--workspace", help="workspace name or id (default: the only one)")
        parser.add_argument("--as", dest="email", help="the member importing (default: the first admin)")
        parser.add_argument("--mapping", default="", help="a saved mapping's name")
        parser.add_argument("--policy", default=DuplicatePolicy.SKIP, choices=DuplicatePolicy.values)
        parser.add_argument("--dry-run", action="store_true", help="count what would happen, write nothing")
        parser.add_argument("--report", help="write a JSON report of every row's outcome here")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        actor = self._actor(options["workspace"], options["email"])
        try:
            with path.open("rb") as handle:
                job = import_upload(
                    actor=actor,
                    kind=options["kind"],
                    upload=File(handle),
                    filename=path.name,
                    mapping_name=options["mapping"],
                )
            import_configure(actor=actor, job=job, setup=SetUp(mapping=job.mapping, policy=options["policy"]))
            self._describe(job)
            job = import_start(actor=actor, job=job, dry_run=options["dry_run"], enqueue=False)
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{e.field}: {e.message}" for e in exc.errors)) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        started = time.monotonic()
        done = engine.run(job.pk, progress=_Bar(job.total_rows).show)
        sys.stderr.write("\n")
        if done is None:
            raise CommandError("Another worker is running this import.")
        self._summary(done, time.monotonic() - started, options["report"])

    def _actor(self, workspace: str | None, email: str | None) -> Actor:
        spaces = Workspace.objects.all()
        if workspace:
            spaces = spaces.filter(pk=int(workspace)) if workspace.isdigit() else spaces.filter(name=workspace)
        found = list(spaces[:2])
        if len(found) != 1:
            raise CommandError("Name the workspace with --workspace (none or several match).")
        members = Membership.objects.filter(workspace=found[0], is_active=True).select_related("user")
        member = members.filter(user__email__iexact=email).first() if email else members.filter(role="admin").first()
        if member is None:
            raise CommandError("No such active member in that workspace (--as EMAIL).")
        return actor_for(member.user, found[0])

    def _describe(self, job: ImportJob) -> None:
        mapped = [f"{h} -> {t}" for h, t in zip(job.headers, job.mapping, strict=True) if t]
        ignored = [h for h, t in zip(job.headers, job.mapping, strict=True) if not t]
        fmt = (
            f"{job.file_kind}, {job.encoding or '-'}, delimiter {job.delimiter!r}" if job.file_kind == "csv" else "xlsx"
        )
        self.stderr.write(f"{job.filename}: {fmt}; dates {job.date_order} {job.date_note}")
        self.stderr.write("Columns: " + ", ".join(mapped) + (f"; ignored: {', '.join(ignored)}" if ignored else ""))

    def _summary(self, job: ImportJob, seconds: float, report_path: str | None) -> None:
        if job.dry_summary.get("done"):
            s = job.dry_summary
            counts = {k: s[k] for k in ("rows", "new", "in_file", "existing", "rejected")}
            self.stdout.write(
                f"Dry run: {s['rows']} rows: {s['new']} new, {s['in_file']} duplicates inside the file, "
                f"{s['existing']} already in Funil, {s['rejected']} with errors ({seconds:.1f} s)"
            )
        else:
            counts = {k: getattr(job, k) for k in ("created", "updated", "skipped", "rejected")}
            self.stdout.write(
                f"Import {job.pk} {job.status}: {job.created} created, {job.updated} updated, "
                f"{job.skipped} skipped as duplicates, {job.rejected} rejected ({seconds:.1f} s)"
            )
        if report_path:
            with open(report_path, "w", encoding="utf-8") as out:
                _write_report(out, job, counts)
            self.stdout.write(f"Report written to {report_path}")


def _write_report(out: Any, job: ImportJob, counts: dict[str, Any]) -> None:
    """Streamed: a million rows never sit in memory at once."""
    head = {"job": job.pk, "file": job.filename, "status": job.status, "counts": counts}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
    if job.dry_summary.get("done"):
        rows: Any = ({"row": e["row"], "outcome": "rejected", "errors": e["errors"]} for e in job.dry_summary["errors"])
    else:
        rows = report(job)
    for index, entry in enumerate(rows):
        out.write(("," if index else "") + "\n" + json.dumps(entry, ensure_ascii=False))
    out.write("\n]}\n")


class _Bar:
    def __init__(self, total: int) -> None:
        self.total = max(total, 1)

    def show(self, job: ImportJob) -> None:
        done = job.dry_summary.get("rows", 0) if job.dry_run else job.done_rows
        width = 30
        filled = int(width * done / self.total)
        sys.stderr.write(
            f"\r[{'#' * filled}{' ' * (width - filled)}] {100 * done // self.total:3d}% {done:,}/{self.total:,} rows"
        )
        sys.stderr.flush()
