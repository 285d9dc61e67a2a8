"""The company list: sortable columns, keyset pages, chosen columns, filters in the URL, and bulk actions."""

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor
from funil.contacts.models import Company
from funil.contacts.selectors import CompanyFilter, companies_listed, company_counts, countries, industries
from funil.contacts.services import company_assign

from ..doors import Request, member_view
from ..listing import ListSpec, iso, owner_from, render_list, run_bulk


def _assign(actor: Actor, company: Company, request: Request) -> None:
    company_assign(actor=actor, company=company, owner_id=owner_from(request), reason=_("Bulk assignment"))


SPEC = ListSpec(
    entity="company",
    model=Company,
    nav="companies",
    columns={
        "name": gettext_lazy("Name"),
        "domain": gettext_lazy("Domain"),
        "industry": gettext_lazy("Industry"),
        "size": gettext_lazy("Employees"),
        "contacts": gettext_lazy("Contacts"),
        "deals": gettext_lazy("Open deals"),
        "phone": gettext_lazy("Phone"),
        "city": gettext_lazy("City"),
        "country": gettext_lazy("Country"),
        "owner": gettext_lazy("Owner"),
        "created": gettext_lazy("Created"),
    },
    default_columns=("name", "domain", "industry", "size", "contacts", "deals", "owner", "created"),
    sorts={"name": "name", "industry": "industry", "size": "size", "country": "country", "created": "created_at"},
    default_sort="-created",  # served by an index; a name sort is one click away
    numeric=frozenset({"size", "contacts", "deals"}),
    template="web/lists/companies.html",
    rows_template="web/lists/_company_rows.html",
    updated=lambda n: ngettext("%(n)d company updated.", "%(n)d companies updated.", n) % {"n": n},
    actions={"assign": _assign},
    export=(
        ("id", lambda r: r.pk),
        ("name", lambda r: r.name),
        ("domain", lambda r: r.domain),
        ("website", lambda r: r.website),
        ("phone", lambda r: r.phone),
        ("industry", lambda r: r.industry),
        ("size", lambda r: "" if r.size is None else r.size),
        ("city", lambda r: r.city),
        ("country", lambda r: r.country),
        ("owner", lambda r: r.owner.email if r.owner else ""),
        ("created_at", lambda r: iso(r.created_at)),
    ),
    export_related=("owner",),
)


@require_GET
@member_view
def company_list(request: Request, actor: Actor) -> HttpResponse:
    f = CompanyFilter.from_query(request.GET)
    context = {
        "heading": _("Companies"),
        "industries": industries(actor),
        "countries": countries(actor, Company),
    }
    qs = companies_listed(actor, f).select_related("owner")

    def with_counts(rows: list[Company], columns: list[str]) -> None:
        if "contacts" in columns or "deals" in columns:
            counts = company_counts(actor, [r.pk for r in rows])
            for row in rows:
                row.n_contacts, row.n_deals = counts[row.pk]  # type: ignore[attr-defined]

    return render_list(request, actor, SPEC, f, qs, context, decorate=with_counts)


@require_POST
@member_view
def bulk(request: Request, actor: Actor) -> HttpResponseBase:
    """Apply one action to the selected companies, each through its service; report what was done and refused."""
    return run_bulk(request, actor, SPEC)
