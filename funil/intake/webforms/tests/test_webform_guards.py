"""What guards the public endpoint: allowed origins (CORS), a size limit checked before parsing, the honeypot,
the minimum fill time, rate limits shared across processes, and clear refusals of unreadable input: never a 500."""

import json
import time

import pytest

from funil.intake.webforms import tokens
from funil.intake.webforms.http import MAX_BODY_BYTES
from funil.intake.webforms.services import webform_update
from funil.leads.models import Lead

from .conftest import filled, token_for, url

ORIGIN = "https://www.acme.example"


def person(form, i: int) -> dict[str, object]:
    """Somebody else each time: another name, email and no shared phone, so no submission matches another."""
    return filled(form, full_name=f"Visitor {i} Souza", email=f"visitor{i}@example.com", phone=None, company_name=None)


def _no_lead(form) -> bool:
    return not Lead.objects.filter(workspace=form.workspace).exists()


def test_the_preflight_answers_only_a_listed_origin(visitor, webform):
    allowed = visitor.options(
        url(webform),
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in allowed["Access-Control-Allow-Methods"]
    assert "Content-Type" in allowed["Access-Control-Allow-Headers"]
    other = visitor.options(url(webform), HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert other.status_code == 403 and not other.has_header("Access-Control-Allow-Origin")


def test_a_browser_post_from_another_site_is_refused(visitor, webform):
    json_post = visitor.post(
        url(webform), json.dumps(filled(webform)), content_type="application/json", HTTP_ORIGIN="https://evil.example"
    )
    assert json_post.status_code == 403 and json_post.json()["code"] == "origin_refused"
    assert not json_post.has_header("Access-Control-Allow-Origin")
    plain = visitor.post(url(webform), filled(webform), HTTP_ORIGIN="null")
    assert plain.status_code == 403
    assert _no_lead(webform)


def test_the_hosted_page_itself_and_any_origin_when_allowed(visitor, webform, ana):
    own = visitor.post(url(webform), filled(webform), HTTP_ORIGIN="http://testserver")
    assert own.status_code == 200 and not own.has_header("Access-Control-Allow-Origin")
    webform_update(actor=ana, form=webform, changes={"allowed_origins": "*"})
    anywhere = visitor.post(url(webform), person(webform, 1), HTTP_ORIGIN="https://other.example")
    assert anywhere.status_code == 200 and anywhere["Access-Control-Allow-Origin"] == "https://other.example"


def test_a_filled_honeypot_is_spam_answered_with_the_usual_thanks(visitor, webform):
    response = visitor.post(url(webform), filled(webform, homepage="http://cheap-pills.example"))
    assert response.status_code == 200 and "Thanks, we will call you." in response.content.decode()
    fetched = visitor.post(url(webform), json.dumps(filled(webform, homepage="x")), content_type="application/json")
    assert fetched.json()["ok"] is True
    assert _no_lead(webform)
    webform.refresh_from_db()
    assert (webform.spam, webform.submissions, webform.leads) == (2, 0, 0)


def test_a_form_sent_faster_than_a_person_could_is_spam(visitor, webform):
    response = visitor.post(url(webform), filled(webform, _token=token_for(webform, age=0.5)))
    assert response.status_code == 200 and "Thanks, we will call you." in response.content.decode()
    assert _no_lead(webform)
    webform.refresh_from_db()
    assert webform.spam == 1


def test_without_a_valid_token_the_form_comes_back_to_be_confirmed(visitor, webform):
    """The static HTML snippet has no token, nor has a forged or two-day-old one: nothing is taken, the form is
    shown again filled in with a fresh token (whose minimum time is a glance, not the whole form's)."""
    old = tokens.issue(webform.pk, min_seconds=3, now=time.time() - 3 * 24 * 3600)
    for token in (None, "forged", old, token_for(webform)[:-2] + "xx"):
        response = visitor.post(url(webform), filled(webform, _token=token))
        assert response.status_code == 200
        html = response.content.decode()
        assert "check your details and send the form again" in html and 'value="joana@padariaboa.com.br"' in html
    fetched = visitor.post(url(webform), json.dumps(filled(webform, _token=None)), content_type="application/json")
    assert fetched.status_code == 422 and fetched.json()["code"] == "webform_token_invalid"
    fresh = tokens.read(fetched.json()["token"], form_id=webform.pk)
    assert fresh is not None and fresh.min_seconds == 1
    assert _no_lead(webform)


def test_a_token_of_another_form_is_not_accepted(visitor, webform, ana):
    from funil.intake.webforms.services import webform_create

    other = webform_create(actor=ana, data={"name": "Other"})
    response = visitor.post(url(webform), filled(webform, _token=token_for(other)), HTTP_ACCEPT="application/json")
    assert response.status_code == 422 and response.json()["code"] == "webform_token_invalid"


@pytest.fixture
def frozen_windows(monkeypatch):
    """Every hit in the same minute and hour, however long the test takes."""
    from funil.intake.webforms import ratelimit

    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_030.0)


def test_rate_limits_per_address_and_per_form(visitor, webform, ana, frozen_windows):
    webform_update(actor=ana, form=webform, changes={"ip_limit_per_hour": 2, "form_limit_per_minute": 100})
    codes = [visitor.post(url(webform), person(webform, i), REMOTE_ADDR="203.0.113.9").status_code for i in range(3)]
    assert codes == [200, 200, 429]
    limited = visitor.post(url(webform), person(webform, 9), REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT="application/json")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited" and limited["Retry-After"]
    other_visitor = visitor.post(url(webform), person(webform, 10), REMOTE_ADDR="198.51.100.7")
    assert other_visitor.status_code == 200
    # Only the three submissions that got through spent the form's bucket (refused ones do not): a fourth is over.
    webform_update(actor=ana, form=webform, changes={"ip_limit_per_hour": 0, "form_limit_per_minute": 3})
    assert visitor.post(url(webform), person(webform, 11), REMOTE_ADDR="198.51.100.8").status_code == 429
    assert Lead.objects.filter(workspace=webform.workspace).count() == 3
    webform.refresh_from_db()
    assert webform.spam == 3


def test_an_ipv6_visitor_is_counted_by_its_network(visitor, webform, ana, frozen_windows):
    webform_update(actor=ana, form=webform, changes={"ip_limit_per_hour": 1})
    first = visitor.post(url(webform), person(webform, 1), REMOTE_ADDR="2001:db8:1:2::10")
    second = visitor.post(url(webform), person(webform, 2), REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert (first.status_code, second.status_code) == (200, 429)


def test_an_oversized_body_is_refused_before_it_is_read(visitor, webform):
    big = json.dumps(filled(webform, need="x" * (MAX_BODY_BYTES + 10)))
    response = visitor.post(url(webform), big, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    lying = visitor.generic(
        "POST",
        url(webform),
        b"a=1",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )
    assert lying.status_code == 413
    assert _no_lead(webform)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00", b"\x00"],
)
def test_malformed_json_is_a_400_with_a_code(visitor, webform, body):
    response = visitor.generic("POST", url(webform), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "malformed"


def test_other_media_types_are_refused(visitor, webform):
    response = visitor.generic("POST", url(webform), b"<x/>", content_type="text/xml", HTTP_ACCEPT="application/json")
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_a_bad_email_is_a_422_next_to_its_field(visitor, webform):
    fetched = visitor.post(
        url(webform), json.dumps(filled(webform, email="joana@@example")), content_type="application/json"
    )
    assert fetched.status_code == 422
    body = fetched.json()
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("email", "email_invalid")]
    assert body["token"]
    plain = visitor.post(url(webform), filled(webform, email="joana@@example"))
    assert plain.status_code == 422
    assert 'aria-invalid="true" aria-describedby="wf-email-error"' in plain.content.decode()
    missing = visitor.post(url(webform), filled(webform, full_name=""))
    assert missing.status_code == 422
    assert 'id="wf-full_name-error">This field is required.' in missing.content.decode()
    assert _no_lead(webform)


@pytest.mark.parametrize(
    "values",
    [
        {"email": {"nested": "object"}},
        {"email": ["a@x.com", "b@x.com"]},
        {"full_name": 12345, "email": True},
        {"phone": "+55 11 9" + "9" * 60},
        {"full_name": "x" * 500},
        {"_token": {"f": 1}},
        {"consent": {"yes": 1}},
    ],
)
def test_odd_values_are_field_errors_never_a_500(visitor, webform, values):
    response = visitor.post(url(webform), json.dumps(filled(webform, **values)), content_type="application/json")
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:
        assert all(e["code"] for e in response.json()["errors"])


def test_text_is_kept_exactly_and_escaped(visitor, webform):
    name = "<script>alert(1)</script> مريم 👩‍💼"
    response = visitor.post(url(webform), filled(webform, full_name=name, email="bad"))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    ok = visitor.post(url(webform), filled(webform, full_name=name))
    assert ok.status_code == 200
    lead = Lead.objects.get(workspace=webform.workspace)
    assert f"{lead.first_name} {lead.last_name}" == name


def test_a_switched_off_or_unknown_form_takes_nothing(visitor, webform, ana):
    from funil.intake.webforms.services import webform_set_active

    assert visitor.post("/in/forms/not-a-form/", filled(webform), HTTP_ACCEPT="application/json").status_code == 404
    webform_set_active(actor=ana, form=webform, active=False)
    assert visitor.get(url(webform)).status_code == 410
    closed = visitor.post(url(webform), json.dumps(filled(webform)), content_type="application/json")
    assert closed.status_code == 410 and closed.json()["code"] == "webform_inactive"
    assert _no_lead(webform)


def test_other_methods_are_not_allowed(visitor, webform):
    assert visitor.put(url(webform), b"").status_code == 405


def test_a_tokenless_flood_from_one_address_does_not_close_the_form_for_others(visitor, webform, ana, frozen_windows):
    webform_update(actor=ana, form=webform, changes={"ip_limit_per_hour": 3, "form_limit_per_minute": 5})
    for i in range(40):  # no token: it could never become a lead, so it must not spend the form's own bucket
        visitor.post(url(webform), person(webform, i) | {"_token": ""}, REMOTE_ADDR="203.0.113.66")
    real = visitor.post(url(webform), person(webform, 99), REMOTE_ADDR="198.51.100.20")
    assert real.status_code == 200 and Lead.objects.filter(email_normalized="visitor99@example.com").exists()


def test_behind_a_trusted_proxy_each_visitor_is_counted_by_its_own_address(
    visitor, webform, ana, frozen_windows, settings
):
    settings.FUNIL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    webform_update(actor=ana, form=webform, changes={"ip_limit_per_hour": 1, "form_limit_per_minute": 100})
    via_proxy = {"REMOTE_ADDR": "10.1.2.3"}
    first = visitor.post(url(webform), person(webform, 1), HTTP_X_FORWARDED_FOR="203.0.113.1", **via_proxy)
    second = visitor.post(url(webform), person(webform, 2), HTTP_X_FORWARDED_FOR="203.0.113.2", **via_proxy)
    forged = visitor.post(  # a client-written entry left of the proxy's is never believed
        url(webform), person(webform, 3), HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1", **via_proxy
    )
    assert (first.status_code, second.status_code, forged.status_code) == (200, 200, 429)
    settings.FUNIL_TRUSTED_PROXIES = []
    direct = visitor.post(
        url(webform), person(webform, 4), HTTP_X_FORWARDED_FOR="192.0.2.50", REMOTE_ADDR="203.0.113.1"
    )
    assert direct.status_code == 429  # without trusted proxies the header is ignored: 203.0.113.1 already sent one
