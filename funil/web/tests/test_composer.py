"""The composer, the timeline and the follow-ups are one set of views for every record kind."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funil.activities.models import Activity, Attachment, Kind
from funil.contacts.tests.factories import make_company, make_contact
from funil.deals.models import Deal
from funil.testing.factories import make_deal, make_lead

MAKERS = {
    "lead": make_lead,
    "deal": make_deal,
    "contact": make_contact,
    "company": make_company,
}
KINDS = list(MAKERS)


def due(days: int = 1) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("kind", KINDS)
def test_logging_a_call_and_attaching_a_file(client, ana, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    record = MAKERS[kind](ana)
    client.force_login(ana.user)
    url = reverse(f"web:{kind}_log", args=[record.pk])
    logged = client.post(url, {"kind": "call", "direction": "out", "subject": "Discovery"}, HTTP_HX_REQUEST="true")
    assert logged.status_code == 200 and logged.headers["HX-Trigger"] == f"{kind}-changed"
    assert Activity.objects.filter(**{kind: record}, kind=Kind.CALL, subject="Discovery").exists()
    empty = client.post(url, {"kind": "note"}, HTTP_HX_REQUEST="true")
    assert "HX-Trigger" not in empty.headers and 'role="alert"' in empty.content.decode()
    pdf = SimpleUploadedFile("proposal.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"file": pdf, "body": "Proposal v1"}).status_code == 302
    attachment = Attachment.objects.get(**{f"activity__{kind}": record})
    download = client.get(reverse("web:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    card = client.get(reverse(f"web:{kind}_card", args=[record.pk])).content.decode()
    assert "Discovery" in card and reverse("web:attachment", args=[attachment.pk]) in card


@pytest.mark.parametrize("kind", KINDS)
def test_scheduling_rescheduling_and_completing_a_followup(client, ana, kind):
    record = MAKERS[kind](ana)
    card = reverse(f"web:{kind}_card", args=[record.pk])
    client.force_login(ana.user)
    url = reverse(f"web:{kind}_schedule", args=[record.pk])
    missing = client.post(url, {"kind": "call", "subject": "x"}, HTTP_HX_REQUEST="true")
    assert "due date" in missing.content.decode()
    assert client.post(url, {"kind": "meeting", "subject": "Demo", "due_at": due()}).url == card
    followup = Activity.objects.get(**{kind: record}, due_at__isnull=False)
    assert "Demo" in client.get(card + "?part=followups").content.decode()
    moved = client.post(reverse("web:followup_move", args=[followup.pk]), {"due_at": due(3)}, HTTP_HX_REQUEST="true")
    assert moved.status_code == 204 and moved.headers["HX-Trigger"] == f"{kind}-changed"
    later = Activity.objects.get(pk=followup.pk).due_at
    assert later > followup.due_at + timedelta(days=1)
    client.post(reverse("web:followup_move", args=[followup.pk]), {"days": "1"})
    assert Activity.objects.get(pk=followup.pk).due_at == later + timedelta(days=1)
    done = client.post(reverse("web:followup_done", args=[followup.pk]))
    assert done.status_code == 302 and done.url == card  # back to the record it belongs to
    assert Activity.objects.get(pk=followup.pk).done_at is not None
    assert "Demo" not in client.get(card + "?part=followups").content.decode()


def test_a_deals_next_followup_date_follows_its_followups(client, ana):
    deal = make_deal(ana)
    client.force_login(ana.user)
    client.post(reverse("web:deal_schedule", args=[deal.pk]), {"kind": "call", "subject": "Call", "due_at": due()})
    followup = Activity.objects.get(deal=deal, due_at__isnull=False)
    assert Deal.objects.get(pk=deal.pk).next_followup_at == followup.due_at
    client.post(reverse("web:followup_done", args=[followup.pk]), HTTP_HX_REQUEST="true")
    assert Deal.objects.get(pk=deal.pk).next_followup_at is None


@pytest.mark.parametrize("kind", ["deal", "contact", "company"])
def test_the_timeline_filters_by_kind_and_pages(client, ana, kind):
    record = MAKERS[kind](ana)
    for i in range(35):
        Activity.objects.create(workspace=ana.workspace, kind=Kind.NOTE, subject=f"n{i}", **{kind: record})
    Activity.objects.create(workspace=ana.workspace, kind=Kind.CALL, subject="A call", **{kind: record})
    client.force_login(ana.user)
    url = reverse(f"web:{kind}_timeline", args=[record.pk])
    first = client.get(url + "?kind=notes")
    page = first.context["timeline"]
    assert len(page.activities) == 30 and page.next_cursor and "Older" in first.content.decode()
    rest = client.get(url, {"kind": "notes", "cursor": page.next_cursor})
    assert [a.subject for a in rest.context["timeline"].activities] == [f"n{i}" for i in range(4, -1, -1)]
    calls = client.get(url + "?kind=calls").context["timeline"].activities
    assert [a.subject for a in calls] == ["A call"]


@pytest.mark.parametrize("kind", ["deal", "contact", "company"])
def test_only_those_who_may_edit_the_record_use_the_composer(client, ana, bruno, rita, carla, kind):
    record = MAKERS[kind](ana)
    followup = Activity.objects.create(
        workspace=ana.workspace, kind=Kind.TASK, subject="Send it", due_at=timezone.now(), **{kind: record}
    )
    log = reverse(f"web:{kind}_log", args=[record.pk])
    for outsider in (bruno, carla):
        client.force_login(outsider.user)
        assert client.post(log, {"kind": "note", "body": "x"}).status_code == 404
        assert client.get(reverse(f"web:{kind}_timeline", args=[record.pk])).status_code == 404
        assert client.post(reverse("web:followup_done", args=[followup.pk])).status_code == 404
    client.force_login(rita.user)
    assert client.post(log, {"kind": "note", "body": "x"}, HTTP_HX_REQUEST="true").status_code == 403
    schedule = reverse(f"web:{kind}_schedule", args=[record.pk])
    assert client.post(schedule, {"kind": "call", "subject": "x", "due_at": due()}).status_code == 403
    assert not Activity.objects.filter(kind=Kind.NOTE, body="x").exists()
    client.post(reverse("web:followup_done", args=[followup.pk]))
    assert Activity.objects.get(pk=followup.pk).done_at is None


def test_followups_done_from_my_day_still_go_back_to_my_day(client, ana):
    deal = make_deal(ana)
    followup = Activity.objects.create(
        workspace=ana.workspace, deal=deal, kind=Kind.CALL, subject="Call", due_at=timezone.now()
    )
    client.force_login(ana.user)
    response = client.post(reverse("web:followup_done", args=[followup.pk]), {"next": reverse("web:my_day")})
    assert response.url == reverse("web:my_day")


FIRST_FIELD = {"lead": "first_name", "deal": "title", "contact": "first_name", "company": "name"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_card_and_its_htmx_fragments_render(client, ana, kind):
    record = MAKERS[kind](ana)
    client.force_login(ana.user)
    card = reverse(f"web:{kind}_card", args=[record.pk])
    assert client.get(card).status_code == 200
    assert client.get(card + "?part=header").content.decode().lstrip().startswith("<header")
    assert client.get(card + "?part=followups").content.decode().lstrip().startswith('<section id="followups"')
    timeline = client.get(reverse(f"web:{kind}_timeline", args=[record.pk])).content.decode()
    assert timeline.lstrip().startswith('<section class="panel timeline"')
    field = reverse(f"web:{kind}_field", args=[record.pk, FIRST_FIELD[kind]])
    form = client.get(field, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="value"' in form and 'name="version"' in form
    cancel = client.get(field + "?cancel=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'class="field-value"' in cancel and 'name="value"' not in cancel
    assert client.get(reverse(f"web:{kind}_field", args=[record.pk, "nope"])).status_code == 404
