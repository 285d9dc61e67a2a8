"""Deals: read by the deals app's own reader, written row by row through deal_create and deal_update at the stage
the row names (or the default deal pipeline's first open stage), linked to the contact whose email the row gives
and to the company it names, matched on their folded title and that contact or company, rolled back through
deal_delete."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, scoped
from funil.activities.models import Activity, Kind
from funil.contacts.models import Contact
from funil.core.domains import company_domain
from funil.core.errors import ValidationFailed
from funil.core.normalize import clean_text, normalize_email
from funil.deals.models import Deal, DealStatus
from funil.deals.services import deal_create, deal_delete, deal_update
from funil.deals.services.fields import read_deal_input
from funil.pipelines.models import Meaning, PipelineKind, Stage

from .company_kind import (
    Made,
    RowWriter,
    by_name,
    changes_for,
    companies_made,
    delete_all,
    drop_companies,
    inputs,
    name_filters,
    oldest,
    read_cells,
    read_chunk,
    untouched,
    validate,
    whole_number,
)
from .kinds import Writer, register
from .lead_rows import ImportRowError, LeadRow, RowContext, _fail, _reference
from .lookups import _names, fold
from .models import DuplicatePolicy, ImportJob
from .reading import Row
from .values import parse_date, parse_money


def _deal_cell(ctx: RowContext, row: LeadRow, target: str, header: str, text: str, data: dict[str, Any]) -> bool:
    if target == "amount":
        amount, currency = parse_money(text)  # "R$ 1.500,00" says its currency too
        data[target] = str(amount)
        if currency:
            row.entry["amount_currency"] = currency
    elif target == "probability":
        data[target] = whole_number(text)  # "50%", "50"
    elif target == "expected_close_date":
        day = parse_date(text, ctx.date_order)
        data[target] = day.date() if isinstance(day, datetime.datetime) else day
    elif target == "contact_email":
        try:
            row.values[target] = normalize_email(text, field=target)
        except ValidationFailed as exc:
            _fail(row, header, exc.errors[0].code, exc.errors[0].message)
    elif target == "company_name":
        row.values[target] = clean_text(text)
    elif target == "pipeline":
        row.entry[target] = text  # the stage is looked for in it when the row is written
    elif target == "stage":
        row.entry[target] = text
        _reference(ctx, row, target, header, text)
        if row.errors and row.errors[-1]["code"] == ImportRowError.CLOSED_STAGE:
            row.errors[-1]["message"] = _("A new deal starts in an open stage.")
    else:
        return False
    return True


def read_deal_row(ctx: RowContext, number: int, cells: list[str]) -> LeadRow:
    read = read_cells(ctx, number, cells, _deal_cell)
    if not read.data.get("currency") and read.row.entry.get("amount_currency"):
        read.data["currency"] = read.row.entry["amount_currency"]
    if not read.row.errors and not clean_text(read.data.get("title", "")):
        _fail(read.row, "", ImportRowError.EMPTY, _("Give the deal a title."))
    validate(read, lambda data: read_deal_input(ctx.workspace, data))
    if not read.row.errors:
        values = read.row.values
        party = values.get("contact_email") or fold(values.get("company_name", ""))
        read.row.identity = [deal_key(values["title"], party)]
    return read.row


def deal_key(title: str, party: str) -> str:
    """A deal is its title with whom it is about: the contact's email, else the company's folded name."""
    return f"t:{fold(title)}|{party}"


def existing_deals(workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
    """key -> the oldest deal of that title about that contact (linked, or named by email in its import entry)
    or company. Candidates are deals of the rows' titles (as written, or in other capitals) and deals of their
    contacts and companies, whose keys are then compared folded: one query for the batch on PostgreSQL."""
    titles = {str(r.values["title"]) for r in rows if r.values.get("title")}
    if not titles:
        return {}
    emails = {str(r.values["contact_email"]) for r in rows if r.values.get("contact_email")}
    names = list({str(r.values["company_name"]) for r in rows if r.values.get("company_name")})
    emailed = Activity.objects.filter(deal_id=OuterRef("pk"), kind=Kind.IMPORT).order_by("pk")
    deals = (
        by_name(Deal.objects.filter(workspace_id=workspace_id), "company__")
        .annotate(_title=Upper("title"), _email=Subquery(emailed.values(email=KT("payload__contact_email"))[:1]))
        .values_list("pk", "title", "contact__email_normalized", "company__name", "_email")
    )
    near = Q(title__in=titles) | Q(_title__in={t.upper() for t in titles}) | Q(contact__email_normalized__in=emails)
    matches: dict[str, int] = {}
    for index, names_q in enumerate(name_filters(names, "company__") if names else [Q(pk__in=[])]):
        wanted = (near if index == 0 else Q(pk__in=[])) | names_q
        for pk, title, email, company, imported_email in deals.filter(wanted):
            parties = {p for p in (email, imported_email, fold(company or "")) if p} or {""}
            for party in parties:
                oldest(matches, deal_key(title, party), pk)
    return matches


@dataclass
class _Pipeline:
    pk: int
    stages: dict[str, int] = field(default_factory=dict)  # a stage's name (in any language) -> stage
    first_open: int | None = None


def pipelines_by_name(stages: list[Stage]) -> dict[str, _Pipeline]:
    """A deal pipeline's name, as stored or as a default name reads in each language -> its stages."""
    pipelines: dict[int, _Pipeline] = {}
    names: dict[str, _Pipeline] = {}
    for stage in stages:
        pipeline = pipelines.setdefault(stage.pipeline_id, _Pipeline(stage.pipeline_id))
        for name in _names(stage.name):
            pipeline.stages.setdefault(name, stage.pk)
        if stage.meaning == Meaning.OPEN and pipeline.first_open is None:
            pipeline.first_open = stage.pk
        for name in _names(stage.pipeline.name):
            names.setdefault(name, pipeline)
    return names


class DealWriter(RowWriter):
    model = Deal
    entity = "deal"

    def __init__(self, actor: Actor, job: ImportJob, ctx: RowContext) -> None:
        super().__init__(actor, job, ctx)
        stages = Stage.objects.filter(workspace=job.workspace, pipeline__kind=PipelineKind.DEAL).select_related(
            "pipeline"
        )
        self.stages = {s.pk: s for s in stages.order_by("pipeline_id", "position", "pk")}
        self.pipelines = pipelines_by_name(list(self.stages.values()))
        self.contacts: dict[str, tuple[int, int | None]] = {}  # email -> (contact, its company)

    def existing(self, rows: list[LeadRow]) -> dict[str, int]:
        return existing_deals(self.job.workspace_id, rows)

    def prepare(self, rows: list[LeadRow]) -> None:
        self.links.prefetch(str(r.values["company_name"]) for r in rows if r.values.get("company_name"))
        emails = {r.values["contact_email"] for r in rows if r.values.get("contact_email")}
        self.contacts = {}
        if emails:
            found = scoped(self.actor, Contact).filter(email_normalized__in=emails).order_by("pk")
            for pk, email, company in found.values_list("pk", "email_normalized", "company_id"):
                self.contacts.setdefault(email, (pk, company))

    def create(self, row: LeadRow, made: Made) -> models.Model:
        data = {**inputs(row.values), **self._links(row, made, None)}
        data["source"] = row.values.get("source_id") or self.ctx.lookups.import_source
        if row.values.get("campaign_id"):
            data["campaign"] = row.values["campaign_id"]
        return deal_create(actor=self.actor, data=data, owner_id=row.values.get("owner_id"), stage=self._stage(row))

    def update(self, row: LeadRow, record: Any, made: Made) -> None:
        changes = {**changes_for(self.job.policy, inputs(row.values), record), **self._links(row, made, record)}
        if changes:
            deal_update(actor=self.actor, deal=record, expected_version=record.version, changes=changes)

    def _links(self, row: LeadRow, made: Made, deal: Deal | None) -> dict[str, Any]:
        """The contact of the row's email (when Funil has one) and the company it names (found or created), else
        that contact's company; on an update, only what changes (and, when filling, only what the deal lacks)."""
        fill = deal is not None and self.job.policy == DuplicatePolicy.FILL
        email = str(row.values.get("contact_email") or "")
        contact = self.contacts.get(email) if email else None
        links: dict[str, Any] = {}
        if contact and not (fill and deal and deal.contact_id):
            links["contact"] = contact[0]
        if not (fill and deal and deal.company_id):
            if row.values.get("company_name"):
                name = str(row.values["company_name"])
                links["company"] = self.links.company(name, row, made, domain=company_domain(email))
            elif contact and contact[1]:
                links["company"] = contact[1]
        if deal is not None:
            links = {name: pk for name, pk in links.items() if getattr(deal, f"{name}_id") != pk}
        return links

    def _stage(self, row: LeadRow) -> Stage | None:
        """The stage named, looked for in the pipeline the row names; that pipeline's first open stage when it
        names none there; None for the default pipeline's first open stage."""
        stage_id = row.values.get("stage_id")
        pipeline = self.pipelines.get(fold(row.entry.get("pipeline", "")))
        chosen = stage_id is not None and "stage_as_written" in row.entry  # picked by the person, from the lists
        if (
            pipeline is not None
            and not chosen
            and (stage_id is None or self.stages[stage_id].pipeline_id != pipeline.pk)
        ):
            stage_id = pipeline.stages.get(fold(row.entry.get("stage", ""))) or pipeline.first_open
        return self.stages.get(stage_id) if stage_id else None

    def payload(self, row: LeadRow) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if row.values.get("contact_email"):  # kept whether or not Funil had the contact: the next file matches it
            extra["contact_email"] = row.values["contact_email"]
        if row.entry.get("pipeline") and fold(row.entry["pipeline"]) not in self.pipelines:
            extra["pipeline_as_written"] = row.entry["pipeline"]
        return extra

    def not_yours(self) -> str:
        return _("A deal with this title exists, and you may not change it.")


class DealKind:
    entity = "deal"
    pipeline_kind: str | None = PipelineKind.DEAL
    identity_targets: tuple[str, ...] = ("title",)

    def read_batch(self, ctx: RowContext, chunk: list[Row]) -> list[LeadRow]:
        return read_chunk(ctx, chunk, read_deal_row)

    def writer(self, actor: Actor, job: ImportJob, ctx: RowContext) -> Writer:
        return DealWriter(actor, job, ctx).write

    def existing(self, workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
        return existing_deals(workspace_id, rows)

    def rollback(self, actor: Actor, record_ids: list[int]) -> tuple[int, list[int]]:
        """Removes the open deals nobody touched since, then the companies the import created for them that are
        left with nobody."""
        deals = list(Deal.objects.filter(pk__in=record_ids).only("pk", "company_id"))
        made = companies_made("deal", record_ids, {d.company_id for d in deals if d.company_id})
        doomed = [d for d in untouched(Deal, record_ids) if d.status == DealStatus.OPEN]
        gone = {d.pk for d in doomed}
        removed = delete_all(lambda chunk: deal_delete(actor=actor, deals=chunk), doomed)
        if made:
            drop_companies(actor, made)
        return removed, [d.pk for d in deals if d.pk not in gone]


register("deals", DealKind())
