"""Leads: read by the leads' own reader, written in bulk (COPY on PostgreSQL) with their import entries,
matched on email and phones, rolled back through lead_delete."""

from typing import Any

from funil.accounts.access import Actor, require_owner_choice
from funil.accounts.members import new_record_owner
from funil.activities.models import Activity, Kind
from funil.leads.models import Lead
from funil.pipelines.models import PipelineKind
from funil.pipelines.selectors import first_open_stage

from .kinds import Writer, register
from .lead_batch import Defaults, existing_matches, write_batch
from .lead_rows import LeadRow, RowContext, read_batch
from .models import ImportJob
from .reading import Row

IDENTITY = ("full_name", "first_name", "last_name", "company_name", "email", "phone", "mobile")


class LeadKind:
    entity = "lead"
    pipeline_kind: str | None = PipelineKind.LEAD
    identity_targets: tuple[str, ...] = (
        "full_name",
        "first_name",
        "last_name",
        "company_name",
        "email",
        "phone",
        "mobile",
    )

    def read_batch(self, ctx: RowContext, chunk: list[Row]) -> list[LeadRow]:
        return read_batch(ctx, chunk)

    def writer(self, actor: Actor, job: ImportJob, ctx: RowContext) -> Writer:
        owner_id, team_id = new_record_owner(actor, "lead", None)
        if "owner" in job.mapping:  # naming owners other than oneself needs the right to assign
            for mapped_owner in set(ctx.lookups.owners.values()):
                require_owner_choice(actor, "lead", mapped_owner)
        stage = first_open_stage(job.workspace, PipelineKind.LEAD)
        defaults = Defaults(stage, owner_id, team_id, ctx.lookups.import_source)
        teams = ctx.lookups.teams

        def write(rows: list[LeadRow]) -> Any:
            return write_batch(actor, job, rows, defaults, teams)

        return write

    def existing(self, workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
        return existing_matches(workspace_id, rows)

    def rollback(self, actor: Actor, record_ids: list[int]) -> tuple[int, list[int]]:
        """Removes the leads nobody touched since (first version, nothing on the timeline but the import)."""
        from funil.leads.services import lead_delete

        leads = list(Lead.objects.filter(pk__in=record_ids))
        others = Activity.objects.filter(lead_id__in=record_ids).exclude(kind=Kind.IMPORT)
        touched = set(others.values_list("lead_id", flat=True))
        untouched = [lead for lead in leads if lead.version == 1 and lead.pk not in touched and lead.status == "open"]
        kept = [lead.pk for lead in leads if lead not in untouched]
        return (lead_delete(actor=actor, leads=untouched) if untouched else 0), kept


register("leads", LeadKind())
