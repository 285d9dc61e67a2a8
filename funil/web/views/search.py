"""Global search: leads, contacts, companies and deals by name, email, phone or company, within the scope."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from funil.accounts.access import Actor
from funil.search import global_search

from ..doors import Request, member_view


@require_GET
@member_view
def search(request: Request, actor: Actor) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = global_search(actor, query) if query else None
    template = "web/_search_results.html" if request.htmx else "web/search.html"
    return render(request, template, {"actor": actor, "q": query, "results": results})
