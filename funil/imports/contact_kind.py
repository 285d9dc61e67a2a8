"""Contacts: read by the contacts app's own reader, written row by row through contact_create and contact_update,
matched on email and phones (the normalised columns intake matches on too), linked to the company their row
names, rolled back through contact_delete."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from funil.accounts.access import Actor
from funil.contacts.deletion import contact_delete
from funil.contacts.models import Contact
from funil.contacts.services import contact_create, contact_update
from funil.contacts.services.fields import CONTACT_IDENTITY, read_input
from funil.core.domains import company_domain
from funil.core.normalize import clean_text
from funil.deals.models import Deal
from funil.leads.models import Lead

from .company_kind import (
    Made,
    RowWriter,
    changes_for,
    companies_made,
    delete_all,
    drop_companies,
    inputs,
    read_cells,
    read_chunk,
    untouched,
    validate,
)
from .kinds import Writer, register
from .lead_rows import ImportRowError, LeadRow, RowContext, _fail, _split_name
from .models import DuplicatePolicy, ImportJob
from .reading import Row

PHONES = ("phone_e164", "mobile_e164")


def _contact_cell(ctx: RowContext, row: LeadRow, target: str, header: str, text: str, data: dict[str, Any]) -> bool:
    if target != "company_name":
        return False
    row.values["company_name"] = clean_text(text)  # linked (or created) when the row is written
    return True


def read_contact_row(ctx: RowContext, number: int, cells: list[str]) -> LeadRow:
    read = read_cells(ctx, number, cells, _contact_cell)
    _split_name(read.data)
    if not read.row.errors and not any(read.data.get(name) for name in CONTACT_IDENTITY):
        _fail(read.row, "", ImportRowError.EMPTY, _("Give at least a name, an email or a phone."))
    validate(read, lambda data: read_input(ctx.actor, "contact", data))
    if not read.row.errors:
        read.row.identity = contact_keys(read.row.values)
    return read.row


def contact_keys(values: dict[str, Any]) -> list[str]:
    found = [f"e:{values['email_normalized']}"] if values.get("email_normalized") else []
    return found + [f"p:{values[name]}" for name in PHONES if values.get(name)]


def existing_contacts(workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
    """key -> the oldest contact with that email or phone (one query for the batch)."""
    emails = [k[2:] for r in rows for k in r.keys if k.startswith("e:")]
    phones = [k[2:] for r in rows for k in r.keys if k.startswith("p:")]
    if not emails and not phones:
        return {}
    found = Contact.objects.filter(workspace_id=workspace_id).filter(
        Q(email_normalized__in=emails) | Q(phone_e164__in=phones) | Q(mobile_e164__in=phones)
    )
    matches: dict[str, int] = {}
    for pk, email, phone, mobile in found.order_by("pk").values_list(
        "pk", "email_normalized", "phone_e164", "mobile_e164"
    ):
        for key in contact_keys({"email_normalized": email, "phone_e164": phone, "mobile_e164": mobile}):
            matches.setdefault(key, pk)
    return matches


class ContactWriter(RowWriter):
    model = Contact
    entity = "contact"

    def existing(self, rows: list[LeadRow]) -> dict[str, int]:
        return existing_contacts(self.job.workspace_id, rows)

    def prepare(self, rows: list[LeadRow]) -> None:
        self.links.prefetch(str(r.values["company_name"]) for r in rows if r.values.get("company_name"))

    def create(self, row: LeadRow, made: Made) -> models.Model:
        data = inputs(row.values)
        if row.values.get("company_name"):
            data["company"] = self._company(row, made)
        return contact_create(actor=self.actor, data=data, owner_id=row.values.get("owner_id"))

    def update(self, row: LeadRow, record: Any, made: Made) -> None:
        changes = changes_for(self.job.policy, inputs(row.values), record)
        fill = self.job.policy == DuplicatePolicy.FILL
        if row.values.get("company_name") and not (fill and record.company_id):
            company = self._company(row, made)
            if company != record.company_id:
                changes["company"] = company
        if changes:
            contact_update(actor=self.actor, contact=record, expected_version=record.version, changes=changes)

    def _company(self, row: LeadRow, made: Made) -> int:
        domain = company_domain(str(row.values.get("email_normalized") or ""))  # a work email tells its domain
        return self.links.company(str(row.values["company_name"]), row, made, domain=domain)

    def not_yours(self) -> str:
        return _("A contact with this email or phone exists, and you may not change it.")


class ContactKind:
    entity = "contact"
    pipeline_kind: str | None = None
    identity_targets: tuple[str, ...] = ("full_name", "first_name", "last_name", "email", "phone", "mobile")

    def read_batch(self, ctx: RowContext, chunk: list[Row]) -> list[LeadRow]:
        return read_chunk(ctx, chunk, read_contact_row)

    def writer(self, actor: Actor, job: ImportJob, ctx: RowContext) -> Writer:
        return ContactWriter(actor, job, ctx).write

    def existing(self, workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
        return existing_contacts(workspace_id, rows)

    def rollback(self, actor: Actor, record_ids: list[int]) -> tuple[int, list[int]]:
        """Removes the contacts nobody touched since and no deal or lead points at, then the companies the import
        created for them that are left with nobody."""
        contacts = list(Contact.objects.filter(pk__in=record_ids).only("pk", "company_id"))
        made = companies_made("contact", record_ids, {c.company_id for c in contacts if c.company_id})
        pointed = set(Deal.objects.filter(contact_id__in=record_ids).values_list("contact_id", flat=True)) | set(
            Lead.objects.filter(contact_id__in=record_ids).values_list("contact_id", flat=True)
        )
        doomed = [c for c in untouched(Contact, record_ids) if c.pk not in pointed]
        gone = {c.pk for c in doomed}
        removed = delete_all(lambda chunk: contact_delete(actor=actor, contacts=chunk), doomed)
        if made:
            drop_companies(actor, made)
        return removed, [c.pk for c in contacts if c.pk not in gone]


register("contacts", ContactKind())
