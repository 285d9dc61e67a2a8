"""A web form of Acme's, and a visitor who fills it in the way a browser does."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from funil.intake.webforms import tokens
from funil.intake.webforms.models import WebForm
from funil.intake.webforms.services import webform_create

FIELDS = [
    {"key": "full_name", "required": True, "labels": {"pt-br": "Seu nome"}},
    {"key": "email", "required": True},
    {"key": "phone", "required": False},
    {"key": "company_name", "required": False},
    {"key": "need", "required": False},
]


@pytest.fixture
def webform(ana) -> WebForm:
    return webform_create(
        actor=ana,
        data={
            "name": "Contact us",
            "fields": FIELDS,
            "allowed_origins": ["https://www.acme.example"],
            "consent_enabled": True,
            "consent_text": {"en": "Send me news.", "pt-br": "Quero receber novidades."},
            "thank_you": {"en": "Thanks, we will call you.", "pt-br": "Obrigado, vamos ligar."},
            "min_fill_seconds": 3,
        },
    )


def url(form: WebForm) -> str:
    return reverse("intake_webforms:form", args=[form.public_id])


def token_for(form: WebForm, *, age: float = 10) -> str:
    """A token as a page rendered `age` seconds ago would carry."""
    return tokens.issue(form.pk, min_seconds=form.min_fill_seconds, now=time.time() - age)


def filled(form: WebForm, **values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "_token": token_for(form),
        "full_name": "Joana Prado",
        "email": "joana@padariaboa.com.br",
        "phone": "(11) 3456-7890",
        "company_name": "Padaria Boa",
        "need": "Um orçamento 🍞",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def visitor() -> Client:
    """An anonymous browser: no session, and CSRF enforced as on a real site."""
    return Client(enforce_csrf_checks=True)
