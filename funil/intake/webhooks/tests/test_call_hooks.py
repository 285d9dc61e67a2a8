"""Call events over HTTP: an unknown caller becomes a lead with the call on its timeline."""

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead


def test_a_missed_call_from_an_unknown_number_creates_a_lead_with_the_call(make_hook, post_signed, ana):
    hook = make_hook("call")
    response = post_signed(
        hook,
        {
            "event": "missed",
            "call_id": "c-81",
            "from": "(81) 98888-1234",
            "to": "+55 81 3030-0000",
            "caller_name": "Joana Prado",
            "occurred_at": "2026-05-04T13:45:00Z",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["results"][0]["outcome"] == "created" and body["results"][0]["key"] == "c-81:missed"
    lead = Lead.objects.get(pk=body["results"][0]["lead"])
    assert (lead.first_name, lead.last_name, lead.phone_e164) == ("Joana", "Prado", "+5581988881234")
    assert lead.source is not None and lead.source.kind == "phone_call"
    call = Activity.objects.get(lead=lead, kind=Kind.CALL)
    assert (call.subject, call.direction, call.channel, call.actor_label) == ("Missed call", "in", "phone", "call")
    assert call.payload["call_id"] == "c-81" and call.payload["to"] == "+55 81 3030-0000"
    assert hook.refresh().captured_count == 1


def test_an_ended_call_keeps_its_duration_and_recording(make_hook, post_signed):
    hook = make_hook("call")
    response = post_signed(
        hook,
        {
            "event": "ended",
            "call_id": "c-82",
            "from": "+5511912345678",
            "duration": 192,
            "recording_url": "https://pbx.example.com/rec/c-82.mp3",
        },
    )
    assert response.status_code == 200
    call = Activity.objects.get(kind=Kind.CALL, payload__call_id="c-82")
    assert call.subject == "Call ended (3:12)"
    assert (call.payload["duration"], call.payload["recording_url"]) == (192, "https://pbx.example.com/rec/c-82.mp3")


def test_an_outbound_call_is_about_the_number_called(make_hook, post_signed):
    hook = make_hook("call")
    response = post_signed(
        hook, {"event": "answered", "call_id": "c-83", "direction": "out", "from": "201", "to": "+34 612 345 678"}
    )
    assert response.status_code == 200
    lead = Lead.objects.get(pk=response.json()["results"][0]["lead"])
    assert lead.phone_e164 == "+34612345678"
    assert Activity.objects.get(lead=lead, kind=Kind.CALL).direction == "out"


def test_several_events_in_one_body_are_each_captured(make_hook, post_signed):
    hook = make_hook("call")
    events = [{"event": "missed", "call_id": f"c-9{i}", "from": f"+55 81 99999-000{i}"} for i in range(3)]
    response = post_signed(hook, {"events": events})
    assert response.status_code == 200
    assert [r["key"] for r in response.json()["results"]] == ["c-90:missed", "c-91:missed", "c-92:missed"]
    assert Lead.objects.filter(phone_e164__startswith="+55819999900").count() == 3
    assert hook.refresh().captured_count == 3


def test_a_bad_event_is_refused_with_each_field_named(make_hook, post_signed):
    hook = make_hook("call")
    response = post_signed(
        hook,
        {"events": [{"event": "ringing", "from": "+5581", "duration": -3, "recording_url": "javascript:alert(1)"}]},
    )
    assert response.status_code == 400
    fields = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert fields == {
        "events[0].event": "invalid",
        "events[0].call_id": "required",
        "events[0].duration": "invalid",
        "events[0].recording_url": "invalid",
    }
    assert not Lead.objects.exists()
    assert hook.refresh().refused_count == 1


def test_a_number_intake_cannot_read_is_refused_per_field_not_half_written(make_hook, post_signed):
    hook = make_hook("call")
    response = post_signed(hook, {"event": "missed", "call_id": "c-84", "from": "not a number"})
    assert response.status_code == 422
    result = response.json()["results"][0]
    assert result["ok"] is False and result["errors"][0]["field"] == "phone"
    assert not Lead.objects.exists()
    integration = hook.refresh()
    assert integration.refused_count == 1 and integration.last_error
