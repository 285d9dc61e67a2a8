"""The contact list: sortable columns, keyset pages, chosen columns, filters in the URL, and bulk actions."""

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from funil.accounts.access import Actor
from funil.contacts.models import Contact, Lifecycle
from funil.contacts.selectors import ContactFilter, company_choices, contacts_listed, countries
from funil.contacts.services import contact_assign

from ..doors import Request, member_view
from ..listing import ListSpec, iso, owner_from, render_list, run_bulk


def _assign(actor: Actor, contact: Contact, request: Request) -> None:
    contact_assign(actor=actor, contact=contact, owner_id=owner_from(request), reason=_("Bulk assignment"))


SPEC = ListSpec(
    entity="contact",
    model=Contact,
    nav="contacts",
    columns={
        "name": gettext_lazy("Name"),
        "company": gettext_lazy("Company"),
        "title": gettext_lazy("Job title"),
        "email": gettext_lazy("Email"),
        "phone": gettext_lazy("Phone"),
        "lifecycle": gettext_lazy("Lifecycle"),
        "country": gettext_lazy("Country"),
        "city": gettext_lazy("City"),
        "owner": gettext_lazy("Owner"),
        "created": gettext_lazy("Created"),
    },
    default_columns=("name", "company", "email", "phone", "lifecycle", "owner", "created"),
    sorts={
        "name": "first_name",
        "email": "email_normalized",
        "country": "country",
        "city": "city",
        "created": "created_at",
    },
    template="web/lists/contacts.html",
    rows_template="web/lists/_contact_rows.html",
    updated=lambda n: ngettext("%(n)d contact updated.", "%(n)d contacts updated.", n) % {"n": n},
    actions={"assign": _assign},
    export=(
        ("id", lambda r: r.pk),
        ("first_name", lambda r: r.first_name),
        ("last_name", lambda r: r.last_name),
        ("title", lambda r: r.title),
        ("company", lambda r: r.company.name if r.company else ""),
        ("email", lambda r: r.email),
        ("phone", lambda r: r.phone),
        ("mobile", lambda r: r.mobile),
        ("lifecycle", lambda r: r.lifecycle),
        ("city", lambda r: r.city),
        ("country", lambda r: r.country),
        ("owner", lambda r: r.owner.email if r.owner else ""),
        ("marketing_consent", lambda r: "" if r.marketing_consent is None else r.marketing_consent),
        ("created_at", lambda r: iso(r.created_at)),
    ),
    export_related=("company", "owner"),
)


@require_GET
@member_view
def contact_list(request: Request, actor: Actor) -> HttpResponse:
    f = ContactFilter.from_query(request.GET)
    context = {
        "heading": _("Contacts"),
        "companies": company_choices(actor, f.company),
        "lifecycles": Lifecycle.choices,
        "countries": countries(actor, Contact),
    }
    qs = contacts_listed(actor, f).select_related("company", "owner")
    return render_list(request, actor, SPEC, f, qs, context)


@require_POST
@member_view
def bulk(request: Request, actor: Actor) -> HttpResponseBase:
    """Apply one action to the selected contacts, each through its service; report what was done and refused."""
    return run_bulk(request, actor, SPEC)
