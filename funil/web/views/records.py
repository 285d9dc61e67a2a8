"""Contact and deal pages: their fields and timelines (a contact's and a deal's include the leads they came from)."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from funil.accounts.access import Actor, load
from funil.activities.selectors import timeline_page
from funil.contacts.models import Contact
from funil.deals.models import Deal
from funil.pipelines.models import Stage

from ..doors import Request, member_view


@member_view
def contact_card(request: Request, actor: Actor, contact_id: int) -> HttpResponse:
    contact = load(actor, Contact.objects.select_related("company", "owner"), contact_id)
    lead_ids = list(contact.leads.values_list("pk", flat=True))
    records = Q(contact=contact) | Q(lead_id__in=lead_ids)
    return render(
        request,
        "web/records/contact.html",
        {
            "actor": actor,
            "contact": contact,
            "timeline": timeline_page(actor, records, size=50),
            "deals": list(contact.deals.select_related("stage")),
            "leads": list(contact.leads.all()),
        },
    )


@member_view
def deal_card(request: Request, actor: Actor, deal_id: int) -> HttpResponse:
    deal = load(actor, Deal.objects.select_related("stage", "contact", "company", "owner", "lead"), deal_id)
    records = Q(deal=deal) | (Q(lead_id=deal.lead_id) if deal.lead_id else Q(pk__in=[]))
    return render(
        request,
        "web/records/deal.html",
        {
            "actor": actor,
            "deal": deal,
            "timeline": timeline_page(actor, records, size=50),
            "stages": list(Stage.objects.filter(pipeline_id=deal.pipeline_id)),
            "lines": list(deal.lines.select_related("product")),
        },
    )
