"""Companies: read by the contacts app's own reader, written row by row through company_create and company_update,
matched on domain and folded name, rolled back through company_delete.

Contacts and deals link to companies, so the part the three kinds share lives here too: reading a row's cells,
writing a batch one row at a time (each row in its own savepoint: a row the service refuses is rejected alone and
its neighbours go in), the import timeline entry, the companies a row names (found, or created once per batch),
and what makes a record untouched for a rollback."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from funil.accounts.access import Actor, can, require_owner_choice, scoped
from funil.activities import timeline
from funil.activities.deletion import MAX_BATCH
from funil.activities.models import Activity, Kind
from funil.contacts.deletion import company_delete
from funil.contacts.models import Company, Contact
from funil.contacts.services import company_create, company_update
from funil.contacts.services.fields import read_input
from funil.core.errors import DomainError, FieldError, ValidationFailed
from funil.core.normalize import clean_text
from funil.core.search import fold as search_fold
from funil.deals.models import Deal
from funil.intake.candidates import CompanyKey
from funil.intake.keys import company_key
from funil.intake.normalize import country_code, normalize_url
from funil.leads.models import Lead

from .copy_insert import insert_all
from .kinds import Writer, register
from .lead_batch import BatchResult
from .lead_rows import (
    MAX_CELL,
    REFERENCE_TARGETS,
    ImportRowError,
    LeadRow,
    RowContext,
    _fail,
    _moment,
    _reference,
)
from .lookups import fold
from .models import DuplicatePolicy, ImportJob, ImportRow, RowOutcome
from .reading import Row
from .values import Unreadable, parse_amount, parse_date

CUSTOM = "custom:"
ENTRY_TARGETS = ("notes", "external_id")  # kept on the import's timeline entry, not on the record
# Keys a row carries beside the record's own fields: the links it names, resolved when it is written.
LINKS = ("company_name", "contact_email")
DERIVED = ("_normalized", "_e164", "_extension")  # the readers derive these; a service is given what they come from
# A field a service names in a refusal, and the column it came from when the file has no column of its own name.
ALIASES = {
    "first_name": "full_name",
    "last_name": "full_name",
    "company": "company_name",
    "contact": "contact_email",
    "domain": "website",
    "stage": "pipeline",
}
NAME_CHUNK = 200  # names per query where the company key has no SQL form (SQLite's expression depth)

# --- Reading ---------------------------------------------------------------------------------------------------

# A kind's own cells: (ctx, row, target, header, text, data) -> True when it took the cell.
CellReader = Callable[[RowContext, LeadRow, str, str, str, dict[str, Any]], bool]


@dataclass
class ReadRow:
    row: LeadRow
    data: dict[str, Any] = field(default_factory=dict)  # what the app's own reader is given
    columns: dict[str, str] = field(default_factory=dict)  # field -> the header of its column


def read_cells(ctx: RowContext, number: int, cells: list[str], own: CellReader) -> ReadRow:
    """The row's cells by the mapping: references, dates, the entry's notes and ids and countries as every kind
    reads them, the rest by the kind's own reader or as text."""
    read = ReadRow(LeadRow(number, cells))
    custom: dict[str, Any] = {}
    for index, target in enumerate(ctx.mapping):
        text = cells[index].strip() if index < len(cells) else ""
        if not target or not text:
            continue
        header = ctx.headers[index] if index < len(ctx.headers) else str(index + 1)
        read.columns[target.removeprefix(CUSTOM)] = header
        if len(text) > MAX_CELL:
            message = _("At most %(count)d characters.") % {"count": MAX_CELL}
            _fail(read.row, header, ImportRowError.TOO_LONG, message)
        elif target.startswith(CUSTOM):
            custom[target.removeprefix(CUSTOM)] = text
        else:
            try:
                _read_cell(ctx, read, target, header, text, own)
            except Unreadable as exc:
                _fail(read.row, header, str(exc.code), exc.message)
    if custom:
        read.data["custom_fields"] = custom
    return read


def _read_cell(ctx: RowContext, read: ReadRow, target: str, header: str, text: str, own: CellReader) -> None:
    if own(ctx, read.row, target, header, text, read.data):
        return
    if target in REFERENCE_TARGETS:
        _reference(ctx, read.row, target, header, text)
    elif target == "created_at":
        read.row.created_at = _moment(parse_date(text, ctx.date_order))
    elif target in ENTRY_TARGETS:
        read.row.entry[target] = text
    elif target == "country":
        read.data[target] = country_code(text) or text  # "Brasil", "España" -> BR, ES; else the reader says why
    else:
        read.data[target] = text


def validate(read: ReadRow, reader: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """The app's reader over the row's values; each field it refuses named by its column."""
    if read.row.errors:
        return
    try:
        read.row.values.update(reader(read.data))
    except ValidationFailed as exc:
        for error in exc.errors:
            _fail(read.row, column_of(read.columns, error.field), error.code, error.message)


def column_of(columns: dict[str, str], name: str) -> str:
    key = name.split(".")[-1] if name.startswith("custom_fields") else name
    return columns.get(key) or columns.get(name) or columns.get(ALIASES.get(key, ""), "")


def read_chunk(
    ctx: RowContext, chunk: list[Row], read_one: Callable[[RowContext, int, list[str]], LeadRow]
) -> list[LeadRow]:
    prepared = []
    for row in chunk:
        read = read_one(ctx, row.number, row.cells)
        if row.broken:
            message = _("This row is cut short (a quote is never closed).")
            read.errors.insert(0, {"column": "", "code": "row_broken", "message": message})
        prepared.append(read)
    return prepared


def whole_number(text: str) -> str:
    """ "1.000", "250" -> "1000", "250"; anything else as written, for the field's reader to say why."""
    try:
        number = parse_amount(text.rstrip("% "))
    except Unreadable:
        return text
    return str(int(number)) if number == number.to_integral_value() else text


def site_domain(text: str) -> str:
    """ "https://www.Acme.com.br/contato" -> "acme.com.br"; "" when it is no web address."""
    try:
        host = urlsplit(normalize_url(text)).hostname or ""
    except ValidationFailed:
        return ""
    return host.removeprefix("www.")


# --- Writing ---------------------------------------------------------------------------------------------------


@dataclass
class Made:
    """What a row's write leaves to keep once its savepoint holds: companies created for it, and their entries."""

    entries: list[Activity] = field(default_factory=list)
    companies: dict[str, int] = field(default_factory=dict)  # folded name -> company


def inputs(values: dict[str, Any]) -> dict[str, Any]:
    """A read row's values as its service takes them (what the readers derive and the links left out)."""
    return {
        name: value
        for name, value in values.items()
        if name not in LINKS and not name.endswith("_id") and not name.endswith(DERIVED)
    }


def _empty(value: Any) -> bool:
    return value in ("", None, {}) or (isinstance(value, Decimal) and value == 0)  # a deal's amount starts at 0


def changes_for(policy: str, data: dict[str, Any], record: models.Model) -> dict[str, Any]:
    """The row's values the record takes: its empty fields only (fill), or every field the row has."""
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if value in ("", None, {}):
            continue
        current = getattr(record, name, None)
        if name == "custom_fields":
            current = current or {}
            merged = {**value, **current} if policy == DuplicatePolicy.FILL else {**current, **value}
            if merged != current:
                changes[name] = merged
        elif (policy != DuplicatePolicy.FILL or _empty(current)) and current != value:
            changes[name] = value
    return changes


def import_entry(actor: Actor, job: ImportJob, row: LeadRow, record: models.Model, extra: dict[str, Any]) -> Activity:
    payload: dict[str, Any] = {"import_job": job.pk, "row": row.row, "file": job.filename}
    if row.entry.get("external_id"):
        payload["external_id"] = row.entry["external_id"]
    for target in REFERENCE_TARGETS:
        if written := row.entry.get(f"{target}_as_written"):
            payload[f"{target}_as_written"] = written
    payload.update(extra)
    return timeline.build(
        actor=actor,
        target=record,
        kind=Kind.IMPORT,
        subject="Imported",
        body=row.entry.get("notes", ""),
        payload=payload,
    )


class RowWriter:
    """One kind's batch, written a row at a time through its services: duplicates found (inside the batch, then
    in the workspace, including what earlier batches of this job wrote), skipped or used to update the record as
    the job's policy says; each new record gets its import entry."""

    model: ClassVar[type[models.Model]]
    entity: ClassVar[str]

    def __init__(self, actor: Actor, job: ImportJob, ctx: RowContext) -> None:
        self.actor, self.job, self.ctx = actor, job, ctx
        self.columns = {t.removeprefix(CUSTOM): h for h, t in zip(ctx.headers, ctx.mapping, strict=False) if t}
        self.links = CompanyLinks(actor, job, self.entity)
        if "owner" in job.mapping:  # naming owners other than oneself needs the right to assign
            for mapped_owner in set(ctx.lookups.owners.values()):
                require_owner_choice(actor, self.entity, mapped_owner)
        self.entries: list[Activity] = []
        self.dated: list[models.Model] = []

    # What each kind says --------------------------------------------------------------------------------------
    def existing(self, rows: list[LeadRow]) -> dict[str, int]:
        raise NotImplementedError

    def prepare(self, rows: list[LeadRow]) -> None:
        """Whatever the batch's rows name, read once for the batch."""

    def create(self, row: LeadRow, made: Made) -> models.Model:
        raise NotImplementedError

    def update(self, row: LeadRow, record: Any, made: Made) -> None:
        raise NotImplementedError

    def payload(self, row: LeadRow) -> dict[str, Any]:
        return {}

    def not_yours(self) -> str:
        raise NotImplementedError

    # The batch ------------------------------------------------------------------------------------------------
    def write(self, rows: list[LeadRow]) -> BatchResult:
        result = BatchResult()
        self.entries, self.dated = [], []
        for row in rows:
            if row.errors:
                result.add(self._rejected(row, row.errors))
        good = [row for row in rows if not row.errors]
        self.prepare(good)
        policy = self.job.policy
        matches = self.existing(good) if policy != DuplicatePolicy.CREATE else {}
        earlier = rows_of_records(self.job, self.entity, set(matches.values()))
        in_batch: dict[str, int] = {}
        for row in good:
            record = next((matches[k] for k in row.keys if k in matches), None)
            twin = next((in_batch[k] for k in row.keys if k in in_batch), None)
            if policy == DuplicatePolicy.CREATE or (record is None and twin is None):
                done = self._create(row)
            elif twin is not None:
                done = ImportRow(job=self.job, row=row.row, outcome=RowOutcome.SKIPPED, duplicate_row=twin)
            elif policy == DuplicatePolicy.SKIP:
                done = ImportRow(job=self.job, row=row.row, outcome=RowOutcome.SKIPPED, record_id=record)
                done.duplicate_row = earlier.get(record)  # type: ignore[arg-type]
            else:
                done = self._update(row, record)  # type: ignore[arg-type]
            if done.outcome in (RowOutcome.CREATED, RowOutcome.UPDATED):
                for key in row.keys:  # a later row with the same keys is a duplicate of this one
                    in_batch.setdefault(key, row.row)
            result.add(done)
        timeline.record_all(self.entries)
        if self.dated:  # the date the old system created them on
            self.model._default_manager.bulk_update(self.dated, ["created_at"], batch_size=500)
        insert_all(result.rows)
        return result

    def _create(self, row: LeadRow) -> ImportRow:
        made = Made()
        try:
            with transaction.atomic():
                record = self.create(row, made)
        except DomainError as exc:
            return self._rejected(row, self._errors(exc))
        self._keep(made)
        self.entries.append(import_entry(self.actor, self.job, row, record, self.payload(row)))
        if row.created_at:
            record.created_at = row.created_at  # type: ignore[attr-defined]
            self.dated.append(record)
        return ImportRow(job=self.job, row=row.row, outcome=RowOutcome.CREATED, record_id=record.pk)

    def _update(self, row: LeadRow, record_id: int) -> ImportRow:
        record = self.model._default_manager.get(pk=record_id)
        if not can(self.actor, self.entity, "update", record):
            errors = [{"column": "", "code": "duplicate_not_yours", "message": self.not_yours()}]
            return self._rejected(row, errors, record_id)
        made = Made()
        try:
            with transaction.atomic():
                self.update(row, record, made)
        except DomainError as exc:
            return self._rejected(row, self._errors(exc), record_id)
        self._keep(made)
        return ImportRow(job=self.job, row=row.row, outcome=RowOutcome.UPDATED, record_id=record_id)

    def _keep(self, made: Made) -> None:
        self.links.known.update(made.companies)
        self.entries.extend(made.entries)

    def _errors(self, exc: DomainError) -> list[dict[str, str]]:
        if isinstance(exc, ValidationFailed):
            return [
                {"column": column_of(self.columns, e.field), "code": str(e.code), "message": str(e.message)}
                for e in exc.errors
            ]
        return [{"column": column_of(self.columns, exc.field or ""), "code": exc.code, "message": str(exc.message)}]

    def _rejected(self, row: LeadRow, errors: list[dict[str, str]], record: int | None = None) -> ImportRow:
        return ImportRow(
            job=self.job, row=row.row, outcome=RowOutcome.REJECTED, errors=errors, cells=row.cells, record_id=record
        )


def rows_of_records(job: ImportJob, fk: str, records: set[int]) -> dict[int, int]:
    """Records this job created in earlier batches -> their rows, to name "duplicate of row N" (read off their
    import entries, which the record's timeline index finds)."""
    if not records:
        return {}
    entries = Activity.objects.filter(**{f"{fk}_id__in": records}, kind=Kind.IMPORT, payload__import_job=job.pk)
    return {pk: payload["row"] for pk, payload in entries.values_list(f"{fk}_id", "payload") if pk}


# --- Companies a row names -------------------------------------------------------------------------------------


class CompanyLinks:
    """The companies a batch's rows name (a contact's or a deal's company column): one the importer can see with
    the same folded name, else one created for the first row that names it, with its own import entry."""

    def __init__(self, actor: Actor, job: ImportJob, entity: str) -> None:
        self.actor, self.job, self.entity = actor, job, entity
        self.known: dict[str, int] = {}

    def prefetch(self, names: Iterable[str]) -> None:
        self.known = companies_named(scoped(self.actor, Company), names)

    def company(self, name: str, row: LeadRow, made: Made, *, domain: str = "") -> int:
        key = fold(name)
        found = self.known.get(key) or made.companies.get(key)
        if found:
            return found
        try:
            company = company_create(actor=self.actor, data={"name": name, "domain": domain})
        except ValidationFailed as exc:  # the row's company column, not the new company's own field
            raise ValidationFailed([FieldError("company_name", e.code, e.message) for e in exc.errors]) from None
        made.companies[key] = company.pk
        made.entries.append(import_entry(self.actor, self.job, row, company, {"created_for": self.entity}))
        return company.pk


def companies_named(companies: QuerySet[Company], names: Iterable[str]) -> dict[str, int]:
    """Folded name -> the oldest of `companies` with that name."""
    wanted = {fold(name): name for name in names if name}
    found: dict[str, int] = {}
    for names_q in name_filters(list(wanted.values())) if wanted else []:
        for pk, name in by_name(companies).filter(names_q).values_list("pk", "name"):
            if fold(name) in wanted:
                oldest(found, fold(name), pk)
    return found


def oldest(found: dict[str, int], key: str, pk: int) -> None:
    if key not in found or pk < found[key]:
        found[key] = pk


def by_name(records: QuerySet[Any], via: str = "") -> QuerySet[Any]:
    """`records` ready for `name_filters` (`via`: the path to the company, as "company__")."""
    if connection.vendor != "postgresql":
        return records
    return records.annotate(_name_key=CompanyKey(f"{via}name"))


def name_filters(names: list[str], via: str = "") -> list[Q]:
    """Conditions that find companies by these names (over `by_name`): the company key on PostgreSQL (the index
    intake built), else the start of the search text, a chunk of names at a time. Candidates only: the caller
    compares the folded names."""
    if connection.vendor == "postgresql":
        return [Q(_name_key__in={company_key(name) for name in names})]
    chunks = []
    for start in range(0, len(names), NAME_CHUNK):
        q = Q(pk__in=[])
        for name in names[start : start + NAME_CHUNK]:
            q |= Q(**{f"{via}search_text__startswith": search_fold(name)})
        chunks.append(q)
    return chunks


# --- Rollback --------------------------------------------------------------------------------------------------


def untouched[M: models.Model](model: type[M], ids: Iterable[int]) -> list[M]:
    """The records still as the import left them: first version, nothing on their timeline but the import entry
    and the row saying they were created."""
    fk = str(model._meta.model_name)
    ids = list(ids)
    others = (
        Activity.objects.filter(**{f"{fk}_id__in": ids})
        .exclude(kind=Kind.IMPORT)
        .exclude(kind=Kind.SYSTEM, payload__has_key="created")
    )
    touched = set(others.values_list(f"{fk}_id", flat=True))
    records = model._default_manager.filter(pk__in=ids, version=1).order_by("pk")
    return [record for record in records if record.pk not in touched]


def delete_all[M: models.Model](delete: Callable[[list[M]], int], records: list[M]) -> int:
    """The delete services take a few hundred records at a time."""
    return sum(delete(records[start : start + MAX_BATCH]) for start in range(0, len(records), MAX_BATCH))


def companies_made(fk: str, ids: list[int], company_ids: set[int]) -> set[int]:
    """Of `company_ids`, those created by the imports that created these records (read before they go)."""
    if not company_ids:
        return set()
    entries = Activity.objects.filter(**{f"{fk}_id__in": ids}, kind=Kind.IMPORT)
    jobs = {payload.get("import_job") for payload in entries.values_list("payload", flat=True)}
    theirs = Activity.objects.filter(company_id__in=company_ids, kind=Kind.IMPORT).values_list("company_id", "payload")
    return {pk for pk, payload in theirs if payload.get("import_job") in jobs and payload.get("created_for")}


def drop_companies(actor: Actor, ids: Iterable[int]) -> tuple[int, list[int]]:
    """Removes the companies nobody touched and nothing points at (no contact, deal or lead); returns how many
    went and the others."""
    ids = list(ids)
    pointed = (
        set(Contact.objects.filter(company_id__in=ids).values_list("company_id", flat=True))
        | set(Deal.objects.filter(company_id__in=ids).values_list("company_id", flat=True))
        | set(Lead.objects.filter(company_id__in=ids).values_list("company_id", flat=True))
    )
    doomed = [c for c in untouched(Company, ids) if c.pk not in pointed and can(actor, "company", "delete", c)]
    gone = {c.pk for c in doomed}
    removed = delete_all(lambda chunk: company_delete(actor=actor, companies=chunk), doomed)
    return removed, [pk for pk in ids if pk not in gone]


# --- Companies -------------------------------------------------------------------------------------------------


def _company_cell(ctx: RowContext, row: LeadRow, target: str, header: str, text: str, data: dict[str, Any]) -> bool:
    if target == "size":
        data[target] = whole_number(text)
    elif target == "domain":
        data[target] = site_domain(text) or text.lower()
    else:
        return False
    return True


def read_company_row(ctx: RowContext, number: int, cells: list[str]) -> LeadRow:
    read = read_cells(ctx, number, cells, _company_cell)
    if not read.data.get("domain") and read.data.get("website"):
        read.data["domain"] = site_domain(read.data["website"])  # kept, so the next file finds the company by it
    if not read.row.errors and not clean_text(read.data.get("name", "")):
        _fail(read.row, "", ImportRowError.EMPTY, _("Give the company a name."))
    validate(read, lambda data: read_input(ctx.actor, "company", data))
    if not read.row.errors:
        read.row.identity = company_keys(read.row.values.get("domain", ""), read.row.values["name"])
    return read.row


def company_keys(domain: str, name: str) -> list[str]:
    return ([f"d:{domain}"] if domain else []) + [f"n:{fold(name)}"]


def existing_companies(workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
    """key -> the oldest company with that domain or folded name (one query for the batch on PostgreSQL)."""
    domains = [k[2:] for r in rows for k in r.keys if k.startswith("d:")]
    names = list({str(r.values["name"]) for r in rows if r.values.get("name")})
    if not domains and not names:
        return {}
    companies = by_name(Company.objects.filter(workspace_id=workspace_id))
    matches: dict[str, int] = {}
    for index, names_q in enumerate(name_filters(names) if names else [Q(pk__in=[])]):
        wanted = (Q(domain__in=domains) if index == 0 else Q(pk__in=[])) | names_q
        for pk, name, domain in companies.filter(wanted).values_list("pk", "name", "domain"):
            for key in company_keys(domain, name):
                oldest(matches, key, pk)
    return matches


class CompanyWriter(RowWriter):
    model = Company
    entity = "company"

    def existing(self, rows: list[LeadRow]) -> dict[str, int]:
        return existing_companies(self.job.workspace_id, rows)

    def create(self, row: LeadRow, made: Made) -> models.Model:
        return company_create(actor=self.actor, data=inputs(row.values), owner_id=row.values.get("owner_id"))

    def update(self, row: LeadRow, record: Any, made: Made) -> None:
        changes = changes_for(self.job.policy, inputs(row.values), record)
        if changes:
            company_update(actor=self.actor, company=record, expected_version=record.version, changes=changes)

    def not_yours(self) -> str:
        return _("A company with this domain or name exists, and you may not change it.")


class CompanyKind:
    entity = "company"
    pipeline_kind: str | None = None
    identity_targets: tuple[str, ...] = ("name",)

    def read_batch(self, ctx: RowContext, chunk: list[Row]) -> list[LeadRow]:
        return read_chunk(ctx, chunk, read_company_row)

    def writer(self, actor: Actor, job: ImportJob, ctx: RowContext) -> Writer:
        return CompanyWriter(actor, job, ctx).write

    def existing(self, workspace_id: int, rows: list[LeadRow]) -> dict[str, int]:
        return existing_companies(workspace_id, rows)

    def rollback(self, actor: Actor, record_ids: list[int]) -> tuple[int, list[int]]:
        """Removes the companies nobody touched since and nothing points at (a company with deals stays)."""
        return drop_companies(actor, record_ids)


register("companies", CompanyKind())
