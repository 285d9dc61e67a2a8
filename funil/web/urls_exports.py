"""List exports, mounted inside the `web` namespace: `?format=csv|xlsx` plus the list's own filter parameters."""

from django.urls import path

from .views import exports

urlpatterns = [
    path("leads/export/", exports.lead_export, name="leads_export"),
    path("deals/export/", exports.deal_export, name="deals_export"),
    path("contacts/export/", exports.contact_export, name="contacts_export"),
    path("companies/export/", exports.company_export, name="companies_export"),
]
