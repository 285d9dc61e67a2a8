"""The reads behind matching: every candidate of one incoming person in one round trip, then the few found.

Phase 1 is one SQL statement on PostgreSQL (a UNION ALL of small indexed lookups with the same seven columns;
SQLite, which allows no LIMIT inside a compound statement, runs them one by one):

- leads and contacts by exact email, E.164 phone or messenger identity (indexes: workspace + column),
- the messenger identities themselves (which id matched, for the label),
- companies by email or website domain,
- one company's most recent leads and contacts, names only: the company-key indexes on PostgreSQL (an
  index-only scan for leads, intake 0003), a narrowing by the company's longest word on SQLite, where
  the caller then compares company keys in Python.

It is written in SQL rather than built with the ORM because building and compiling six querysets cost more
than running them (the budget for all of matching is 5 ms at a million leads). Phase 1 sees the workspace;
phase 2 loads only the records that matched, through `access.scoped`, which applies the actor's scope and
leaves out merged tombstones: access rules stay in the one place that owns them.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from funil.accounts.access import Actor, scoped
from funil.contacts.models import Company, Contact
from funil.core.search import fold
from funil.leads.models import Lead, LeadStatus

from .keys import COMPANY_KEY_SQL, CompanyKey, Keys, company_key
from .models import Identity

# A converted lead lives on as its contact; open and junk leads are who a person may already be.
MATCHED_LEAD_STATUSES = (LeadStatus.OPEN, LeadStatus.JUNK)
EXACT_LIMIT = 20
COMPANY_BLOCK = 200  # most recent records of one company compared by name
LEAD_COLUMNS = (
    "id",
    "workspace_id",
    "first_name",
    "last_name",
    "company_name",
    "email",
    "email_normalized",
    "phone",
    "phone_e164",
    "mobile",
    "mobile_e164",
    "status",
    "stage_id",
    "owner_id",
    "team_id",
    "contact_id",
    "created_at",
)
CONTACT_COLUMNS = (
    "id",
    "workspace_id",
    "first_name",
    "last_name",
    "email",
    "email_normalized",
    "phone",
    "phone_e164",
    "mobile",
    "mobile_e164",
    "owner_id",
    "team_id",
    "company_id",
    "lifecycle",
    "created_at",
)
COMPANY_COLUMNS = ("id", "workspace_id", "name", "domain", "owner_id", "team_id")
LEADS, CONTACTS, COMPANIES = Lead._meta.db_table, Contact._meta.db_table, Company._meta.db_table
IDENTITIES = Identity._meta.db_table


@dataclass(frozen=True)
class Row:
    """One candidate row. kind: lead, contact, company (exact), lead~, contact~ (same company), identity."""

    kind: str
    pk: int | None
    a: str | None = ""  # first name | company name | identity kind
    b: str | None = ""  # last name | identity value
    c: str | None = ""  # email | domain | company name (SQLite) | identity's contact id
    d: str | None = ""  # phone
    e: str | None = ""  # mobile

    @property
    def first_name(self) -> str:
        return self.a or ""

    @property
    def last_name(self) -> str:
        return self.b or ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.a, self.b) if p)


class _Sql:
    """Parts of one statement and their parameters, in order."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, list[Any]]] = []

    def add(self, sql: str, params: list[Any]) -> None:
        self.parts.append((sql, params))


def _in(values: list[Any] | tuple[Any, ...]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def candidate_rows(
    actor: Actor, keys: Keys, *, exclude_lead_id: int | None, exclude_contact_id: int | None
) -> list[Row]:
    parts = statements(actor, keys, exclude_lead_id=exclude_lead_id, exclude_contact_id=exclude_contact_id)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(parts) > 1:
            cursor.execute(" UNION ALL ".join(f"({sql})" for sql, _p in parts), [p for _s, ps in parts for p in ps])
            return [Row(*row) for row in cursor.fetchall()]
        rows = []
        for sql, params in parts:
            cursor.execute(sql, params)
            rows += [Row(*row) for row in cursor.fetchall()]
        return rows


def statements(
    actor: Actor, keys: Keys, *, exclude_lead_id: int | None = None, exclude_contact_id: int | None = None
) -> list[tuple[str, list[Any]]]:
    """Each lookup's SQL and parameters (a test EXPLAINs them one by one)."""
    sql = _Sql()
    ws = actor.workspace.pk
    postgres = connection.vendor == "postgresql"
    _exact(sql, ws, keys, postgres, exclude_lead_id, exclude_contact_id)
    if keys.domains:
        sql.add(
            f"SELECT 'company', id, name, '', domain, '', '' FROM {COMPANIES} "
            f"WHERE workspace_id = %s AND domain IN {_in(keys.domains)} LIMIT 5",
            [ws, *keys.domains],
        )
    if keys.company_key and keys.full_name:
        _company(sql, ws, keys, postgres, exclude_lead_id, exclude_contact_id)
    return sql.parts


def _identity_where(keys: Keys) -> tuple[str, list[Any]] | None:
    """The incoming messenger ids, and its phone numbers as WhatsApp ids."""
    terms, params = [], []
    for kind, value in keys.messenger:
        terms.append("(kind = %s AND value = %s)")
        params += [kind, value]
    if keys.phones:
        terms.append(f"(kind = 'whatsapp' AND value IN {_in(keys.phones)})")
        params += keys.phones
    return (" OR ".join(terms), params) if terms else None


def _exact(sql: _Sql, ws: int, keys: Keys, postgres: bool, no_lead: int | None, no_contact: int | None) -> None:
    identity = _identity_where(keys)
    phones = phone_keys(keys)
    if not (keys.email or phones or identity):
        return
    for table, kind, fk, excluded in (
        (LEADS, "lead", "lead_id", no_lead),
        (CONTACTS, "contact", "contact_id", no_contact),
    ):
        where, params = ["workspace_id = %s"], list[Any]([ws])
        if kind == "lead":  # live leads only: merged tombstones must not crowd the live one out of the LIMIT
            where.append(f"status IN {_in(MATCHED_LEAD_STATUSES)} AND merged_into_id IS NULL")
            params += MATCHED_LEAD_STATUSES
        if excluded:
            where.append("id <> %s")
            params.append(excluded)
        terms: list[str] = []
        if keys.email:
            terms.append("email_normalized = %s")
            params.append(keys.email)
        if phones:
            terms += [f"phone_e164 IN {_in(phones)}", f"mobile_e164 IN {_in(phones)}"]
            params += phones * 2
        if identity is not None:
            ids = f"SELECT {fk} FROM {IDENTITIES} WHERE workspace_id = %s AND ({identity[0]})"
            # PostgreSQL: an init plan keeps the other OR branches on their indexes (IN (subquery) would not).
            terms.append(f"id = ANY(ARRAY({ids}))" if postgres else f"id IN ({ids})")
            params += [ws, *identity[1]]
        sql.add(
            f"SELECT '{kind}', id, first_name, last_name, email_normalized, phone_e164, mobile_e164 FROM {table} "
            f"WHERE {' AND '.join(where)} AND ({' OR '.join(terms)}) LIMIT {EXACT_LIMIT}",
            params,
        )
    if identity is not None:
        sql.add(
            f"SELECT 'identity', lead_id, kind, value, CAST(contact_id AS TEXT), '', '' FROM {IDENTITIES} "
            f"WHERE workspace_id = %s AND ({identity[0]}) LIMIT 50",
            [ws, *identity[1]],
        )


def _company(sql: _Sql, ws: int, keys: Keys, postgres: bool, no_lead: int | None, no_contact: int | None) -> None:
    if postgres:
        lead_key, company_key_sql = (COMPANY_KEY_SQL % {"expressions": c} for c in ("company_name", "name"))
        lead_where, company_where, value = f"{lead_key} = %s", f"{company_key_sql} = %s", keys.company_key
        lead_name, company_name = "''", "''"  # the key index already compared them
    else:
        longest = max(re.findall(r"\w+", fold(keys.company)), key=len, default="")
        lead_where = company_where = "search_text LIKE %s"
        value, lead_name, company_name = f"%{longest}%", "company_name", "co.name"
    lead_block = (
        f"SELECT 'lead~', id, first_name, last_name, {lead_name}, '', '' FROM {LEADS} "
        f"WHERE workspace_id = %s AND status IN {_in(MATCHED_LEAD_STATUSES)} AND company_name <> '' "
        f"AND {lead_where}{' AND id <> %s' if no_lead else ''}"
    )
    block_params = [ws, *MATCHED_LEAD_STATUSES, value, *([no_lead] if no_lead else [])]
    # The company's most recent leads (for a misspelt last name), and those with the same last name however
    # many the company has (a misspelt first name). Names are in the index: both stay index-only scans.
    sql.add(f"{lead_block} ORDER BY id DESC LIMIT {COMPANY_BLOCK}", block_params)
    if keys.last_name:
        sql.add(
            f"{lead_block} AND lower(last_name) = %s ORDER BY id DESC LIMIT {COMPANY_BLOCK}",
            [*block_params, keys.last_name.lower()],
        )
    joined = "" if postgres else f" JOIN {COMPANIES} co ON co.id = c.company_id"
    sql.add(
        f"SELECT 'contact~', c.id, c.first_name, c.last_name, {company_name}, '', '' FROM {CONTACTS} c{joined} "
        f"WHERE c.workspace_id = %s AND c.company_id IN (SELECT id FROM {COMPANIES} WHERE workspace_id = %s "
        f"AND {company_where} LIMIT 50){' AND c.id <> %s' if no_contact else ''} "
        f"ORDER BY c.id DESC LIMIT {COMPANY_BLOCK}",
        [ws, ws, value, *([no_contact] if no_contact else [])],
    )


def phone_keys(keys: Keys) -> list[str]:
    """Phone numbers of the person, a WhatsApp id being one too."""
    return list(dict.fromkeys(keys.phones + [v for k, v in keys.messenger if k == "whatsapp"]))


def company_block[M: Lead | Company](qs: QuerySet[M], column: str, company: str) -> QuerySet[M]:
    """The ORM form of the same-company narrowing, for callers that want records (intake's company lookup)."""
    if connection.vendor == "postgresql":
        return qs.annotate(_company_key=CompanyKey(column)).filter(_company_key=company_key(company))
    longest = max(re.findall(r"\w+", fold(company)), key=len, default="")
    return qs.filter(search_text__contains=longest)


def load(actor: Actor, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """The matched records themselves, as the actor may read them (a tombstone or an out-of-scope row drops)."""
    records: dict[tuple[str, int], Any] = {}
    sources: tuple[tuple[str, type[Any], tuple[str, ...], dict[str, Any]], ...] = (
        ("lead", Lead, LEAD_COLUMNS, {"status__in": MATCHED_LEAD_STATUSES}),
        ("contact", Contact, CONTACT_COLUMNS, {}),
        ("company", Company, COMPANY_COLUMNS, {}),
    )
    for kind, model, columns, also in sources:
        ids = [pk for k, pk in wanted if k == kind]
        if ids:
            qs = scoped(actor, model).filter(pk__in=ids, **also).only(*columns)
            records.update(((kind, r.pk), r) for r in qs)
    return records
