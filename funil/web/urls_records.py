from django.urls import path

from .views import company_card, composer, contact_card, deal_card, record_edit, record_new
from .views.record_kinds import KINDS


def _shared_routes() -> list:
    """The routes every card has, per record kind: `<kind>_field`, `_timeline`, `_log`, `_schedule`, `_assign`."""
    routes = []
    for kind in KINDS.values():
        base = f"{kind.prefix}/<int:record_id>/"
        extra = {"kind": kind.name}
        routes += [
            path(f"{base}field/<str:name>/", record_edit.field, extra, name=f"{kind.name}_field"),
            path(f"{base}timeline/", composer.timeline, extra, name=f"{kind.name}_timeline"),
            path(f"{base}log/", composer.log_activity, extra, name=f"{kind.name}_log"),
            path(f"{base}schedule/", composer.schedule, extra, name=f"{kind.name}_schedule"),
            path(f"{base}assign/", record_edit.assign, extra, name=f"{kind.name}_assign"),
        ]
    return routes


urlpatterns = [
    path("deals/new/", record_new.deal_new, name="deal_new"),
    path("contacts/new/", record_new.contact_new, name="contact_new"),
    path("companies/new/", record_new.company_new, name="company_new"),
    path("contacts/<int:contact_id>/", contact_card.card, name="contact_card"),
    path("deals/<int:deal_id>/", deal_card.card, name="deal_card"),
    path("deals/<int:deal_id>/lines/", deal_card.lines, name="deal_lines"),
    path("companies/<int:company_id>/", company_card.card, name="company_card"),
    path("followups/<int:activity_id>/done/", composer.followup_done, name="followup_done"),
    path("followups/<int:activity_id>/move/", composer.followup_move, name="followup_move"),
    path("files/<int:attachment_id>/", composer.attachment, name="attachment"),
    *_shared_routes(),
]
