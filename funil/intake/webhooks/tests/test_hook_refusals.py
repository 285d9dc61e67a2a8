"""What every signed endpoint refuses, and how: 404, 405, 413 before parsing, 401, 400 — never a 500."""

import json
import uuid

import pytest

from funil.intake.webhooks.services import integration_rotate_secret, integration_set_active
from funil.intake.webhooks.signing import sign
from funil.leads.models import Lead

GOOD = {"id": "m-1", "text": "hi", "from": {"name": "Rui Costa"}}


def test_an_unknown_address_is_404(client, db):
    response = client.post(f"/in/hooks/{uuid.uuid4()}/", b"{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "integration_not_found"
    assert client.post("/in/hooks/123/", b"{}", content_type="application/json").status_code == 404


def test_an_inactive_integration_or_another_kinds_address_is_404(client, ana, make_hook, post_signed):
    hook = make_hook("generic")
    integration_set_active(actor=ana, integration=hook.integration, active=False)
    assert post_signed(hook, GOOD).status_code == 404
    mail = make_hook("email_gateway")
    assert post_signed(mail, GOOD).status_code == 404  # the email gateway lives at /in/mail/
    imap = make_hook("imap", settings={"host": "imap.example.com", "username": "u", "password": "p"})
    response = client.post(f"/in/hooks/{imap.integration.public_id}/", b"{}", content_type="application/json")
    assert response.status_code == 404


def test_a_bad_or_missing_signature_is_401_and_counted(make_hook, post_signed):
    hook = make_hook("generic")
    assert post_signed(hook, GOOD, secret="").status_code == 401
    response = post_signed(hook, GOOD, secret="not-the-secret")
    assert response.status_code == 401 and response.json()["code"] == "signature_invalid"
    tampered = json.dumps(GOOD).encode()
    response = post_signed(hook, tampered + b" ", headers={"X-Funil-Signature": sign(hook.secret, tampered)})
    assert response.status_code == 401
    assert post_signed(hook, GOOD, headers={"X-Funil-Signature": "sha256=ünïcode"}).status_code == 401
    integration = hook.refresh()
    assert (integration.refused_count, integration.captured_count) == (4, 0) and integration.last_error
    assert not Lead.objects.exists()


def test_the_signature_header_without_the_sha256_prefix_and_in_upper_case_is_accepted(make_hook, post_signed):
    hook = make_hook("generic")
    body = json.dumps(GOOD).encode()
    response = post_signed(hook, body, headers={"X-Funil-Signature": sign(hook.secret, body)[7:].upper()})
    assert response.status_code == 200


def test_an_oversized_body_is_413_before_it_is_read(settings, make_hook, post_signed):
    settings.FUNIL_WEBHOOK_MAX_BYTES = 1024
    hook = make_hook("generic")
    big = {**GOOD, "text": "x" * 2000}
    response = post_signed(hook, big)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert not Lead.objects.exists()


def test_a_body_longer_than_its_announced_length_is_still_cut_at_the_limit(settings, rf, make_hook):
    from funil.intake.webhooks.endpoint import Refused, read_body

    request = rf.post("/", b"x" * 5000, content_type="application/json")
    request.META["CONTENT_LENGTH"] = ""  # a chunked upload announces nothing
    with pytest.raises(Refused) as refused:
        read_body(request, 1024)
    assert refused.value.status == 413
    assert read_body(rf.post("/", b"small", content_type="text/plain"), 1024) == b"small"


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000, b"null", b"42", b'"text"', b"[]"],
    ids=["empty", "text", "bad-utf8", "deep", "null", "number", "string", "list"],
)
@pytest.mark.parametrize("kind", ["call", "whatsapp", "telegram", "generic"])
def test_malformed_bodies_are_400_for_every_kind(settings, kind, body, make_hook, post_signed):
    settings.FUNIL_WEBHOOK_MAX_BYTES = 300_000
    hook = make_hook(kind)
    headers = {"X-Funil-Signature": sign(hook.secret, body)}
    response = post_signed(hook, body, headers=headers)
    assert response.status_code == 400, (kind, body[:20], response.content[:200])
    assert response.json()["ok"] is False and response.json()["code"]
    assert not Lead.objects.exists()


def test_more_than_a_hundred_deliveries_in_one_body_are_refused_before_any_is_captured(make_hook, post_signed):
    hook = make_hook("generic")
    messages = [{**GOOD, "id": f"m-{n}"} for n in range(101)]
    response = post_signed(hook, {"messages": messages})
    assert response.status_code == 400 and response.json()["code"] == "too_many_deliveries"
    assert not Lead.objects.exists()


def test_only_post_and_the_whatsapp_challenge_are_answered(client, make_hook):
    hook = make_hook("generic")
    assert client.get(hook.url).status_code == 405
    assert client.put(hook.url, b"{}").status_code == 405


def test_after_a_rotation_the_old_secret_works_for_a_while_unless_revoked(ana, make_hook, post_signed):
    hook = make_hook("generic")
    old = hook.secret
    new = integration_rotate_secret(actor=ana, integration=hook.integration)
    assert post_signed(hook, {**GOOD, "id": "a"}, secret=new).status_code == 200
    assert post_signed(hook, {**GOOD, "id": "b"}, secret=old).status_code == 200
    newest = integration_rotate_secret(actor=ana, integration=hook.integration, revoke_old=True)
    assert post_signed(hook, {**GOOD, "id": "c"}, secret=new).status_code == 401
    assert post_signed(hook, {**GOOD, "id": "d"}, secret=newest).status_code == 200
