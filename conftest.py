"""Shared fixtures: the small cast every test speaks of.

Ana administers the Acme workspace; Bruno sells on Ana's team and sees only his own records;
Rita is a read-only member of Acme; Carla works in another workspace and must see nothing of Acme's.
"""

import pytest

from funil.accounts.access import Actor, actor_for
from funil.accounts.models import Workspace
from funil.accounts.roles import Role
from funil.accounts.services import member_add, team_create, workspace_create
from funil.testing.personas import PASSWORD


@pytest.fixture
def acme(db) -> Workspace:
    return workspace_create(name="Acme Ltda", currency="BRL", country="BR")


@pytest.fixture
def globex(db) -> Workspace:
    return workspace_create(name="Globex SL", currency="EUR", country="ES", language="es", time_zone="Europe/Madrid")


@pytest.fixture
def sales_team(acme):
    return team_create(workspace=acme, name="Inside sales")


@pytest.fixture
def ana(acme, sales_team) -> Actor:
    m = member_add(
        workspace=acme,
        email="ana@acme.example.com",
        role=Role.ADMIN,
        full_name="Ana Souza",
        password=PASSWORD,
        team=sales_team,
    )
    return actor_for(m.user, acme)


@pytest.fixture
def bruno(acme, sales_team) -> Actor:
    m = member_add(
        workspace=acme,
        email="bruno@acme.example.com",
        role=Role.SALESPERSON,
        full_name="Bruno Lima",
        password=PASSWORD,
        team=sales_team,
    )
    return actor_for(m.user, acme)


@pytest.fixture
def rita(acme) -> Actor:
    m = member_add(
        workspace=acme, email="rita@acme.example.com", role=Role.READ_ONLY, full_name="Rita Reis", password=PASSWORD
    )
    return actor_for(m.user, acme)


@pytest.fixture
def carla(globex) -> Actor:
    m = member_add(
        workspace=globex, email="carla@globex.example.com", role=Role.ADMIN, full_name="Carla García", password=PASSWORD
    )
    return actor_for(m.user, globex)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; tests that are not about passwords do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded files (attachments, import files) go to a folder of the test's own, not the checkout's var/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Funil's mail goes to it over the wire. Yields received messages."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    received: list[email.message.Message] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    yield received
    controller.stop()
