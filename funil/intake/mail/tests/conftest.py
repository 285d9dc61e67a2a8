"""Real RFC 822 messages from tests/messages/, and an email gateway integration to post them to."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from funil.intake.webhooks.services import integration_create
from funil.intake.webhooks.signing import sign

MESSAGES = Path(__file__).parent / "messages"


def message(name: str) -> bytes:
    return (MESSAGES / name).read_bytes()


@pytest.fixture
def gateway(ana):
    integration, secret = integration_create(actor=ana, data={"kind": "email_gateway", "name": "Sales inbox"})
    integration.secret_shown = secret  # what the admin copied into the MTA's configuration
    return integration


@pytest.fixture
def post_mail(client) -> Callable[..., Any]:
    """POST raw bytes as an MTA pipe would: Bearer token by default, or an HMAC signature, or nothing."""

    def post(integration: Any, raw: bytes, *, auth: str = "bearer", token: str | None = None) -> Any:
        secret = integration.secret_shown if token is None else token
        headers = {}
        if auth == "bearer":
            headers["Authorization"] = f"Bearer {secret}"
        elif auth == "hmac":
            headers["X-Funil-Signature"] = sign(secret, raw)
        return client.post(f"/in/mail/{integration.public_id}/", raw, content_type="message/rfc822", headers=headers)

    return post


@pytest.fixture(scope="session")
def imap_server():
    from .imap_server import start_dovecot, stop_dovecot

    server, process, root = start_dovecot()
    yield server
    stop_dovecot(process, root)


@pytest.fixture
def mailbox(imap_server):
    """The test user's INBOX, emptied; `put(raw)` files a message as an MTA would deliver it."""
    conn = imap_server.connect()
    conn.select("INBOX")
    if conn.search(None, "ALL")[1][0]:
        conn.store("1:*", "+FLAGS", r"(\Deleted)")
        conn.expunge()

    class Box:
        server = imap_server

        def put(self, raw: bytes, flags: str = "") -> None:
            typ, _ = conn.append("INBOX", flags or None, None, raw)
            assert typ == "OK"

        def flags(self) -> list[str]:
            """Each message's flags, in order."""
            conn.select("INBOX")
            _typ, data = conn.fetch("1:*", "(FLAGS)")
            return [line.decode() for line in data if isinstance(line, bytes)]

    yield Box()
    conn.logout()


@pytest.fixture
def imap_integration(ana, imap_server):
    settings = {
        "host": imap_server.host,
        "port": str(imap_server.port),
        "security": "none",
        "username": imap_server.user,
        "password": imap_server.password,
    }
    integration, _ = integration_create(actor=ana, data={"kind": "imap", "name": "Vendas IMAP", "settings": settings})
    return integration
