"""The record lists (deals, contacts, companies), their bulk actions, and deletion with confirmation for leads,
deals, contacts and companies."""

from django.urls import path

from .views import company_list, contact_list, deal_list, record_delete

urlpatterns = [
    path("deals/", deal_list.deal_list, name="deal_list"),
    path("deals/bulk/", deal_list.bulk, name="deal_bulk"),
    path("deals/delete/", record_delete.deal_delete_view, name="deal_delete"),
    path("contacts/", contact_list.contact_list, name="contact_list"),
    path("contacts/bulk/", contact_list.bulk, name="contact_bulk"),
    path("contacts/delete/", record_delete.contact_delete_view, name="contact_delete"),
    path("companies/", company_list.company_list, name="company_list"),
    path("companies/bulk/", company_list.bulk, name="company_bulk"),
    path("companies/delete/", record_delete.company_delete_view, name="company_delete"),
    path("leads/delete/", record_delete.lead_delete_view, name="lead_delete"),
]
