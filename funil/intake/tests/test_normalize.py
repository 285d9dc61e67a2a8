"""Normalisation through lead_capture: each field read the same way for every channel, every problem reported
per field with a code, and nothing written when anything is wrong."""

import pytest

from funil.core.errors import ValidationFailed
from funil.intake.capture import Channel, Incoming, lead_capture
from funil.intake.normalize import country_code, normalize_url, split_full_name
from funil.leads.models import Lead


def capture(actor, **person):
    messenger = person.pop("messenger", {})
    return lead_capture(actor=actor, incoming=Incoming(channel=Channel.API, person=person, messenger=messenger))


def codes(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_names_are_trimmed_and_nfc_and_a_full_name_is_split(ana):
    lead = capture(ana, full_name="  Jose\u0301   da  Silva ").lead
    assert (lead.first_name, lead.last_name) == ("José", "da Silva")
    lead = capture(ana, full_name="Pereira, Joana", email="joana@example.com").lead
    assert (lead.first_name, lead.last_name) == ("Joana", "Pereira")
    lead = capture(ana, full_name="Ignored Name", first_name="Kept", email="kept@example.com").lead
    assert (lead.first_name, lead.last_name) == ("Kept", "")


def test_split_full_name_cases():
    assert split_full_name("Cher") == ("Cher", "")
    assert split_full_name("Silva, ") == ("Silva", "")
    assert split_full_name("María José García López") == ("María", "José García López")


def test_a_stored_lead_keeps_accents_emoji_and_right_to_left_text_exactly(ana):
    sent = {"first_name": "Zoë 🎉", "last_name": "שלום", "company_name": "مرحبا Çağr\u0131 Ltda", "city": "São Paulo"}
    lead = capture(ana, **sent).lead
    lead.refresh_from_db()
    assert {k: getattr(lead, k) for k in sent} == sent


def test_emails_are_lower_cased_with_an_idna_domain_and_kept_as_sent(ana):
    lead = capture(ana, first_name="Ana", email="Ana.Maria@Bücher.Example").lead
    assert lead.email == "Ana.Maria@Bücher.Example"
    assert lead.email_normalized == "ana.maria@xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("sent", "e164", "extension"),
    [
        ("(81) 3333-4444 ramal 12", "+558133334444", "12"),
        ("(81) 3333-4444 r. 7", "+558133334444", "7"),
        ("+55 81 3333-4444 ext. 301", "+558133334444", "301"),
        ("81 3333 4444 extensão 45", "+558133334444", "45"),
        ("81 3333 4444 extensa\u0303o 46", "+558133334444", "46"),  # the tilde typed as a combining mark
        ("+34 91 123 45 67", "+34911234567", ""),
    ],
)
def test_phones_become_e164_in_the_workspace_country_keeping_original_and_extension(ana, sent, e164, extension):
    lead = capture(ana, first_name="Rui", phone=sent).lead
    assert (lead.phone, lead.phone_e164, lead.phone_extension) == (sent, e164, extension)


def test_a_spanish_workspace_reads_local_numbers_as_spanish(carla):
    assert capture(carla, first_name="Pilar", phone="912 345 678").lead.phone_e164 == "+34912345678"


def test_urls_get_a_scheme_and_a_lower_case_idna_host(ana):
    assert capture(ana, first_name="Web", website="Acme.COM.br/Contato").lead.website == "https://acme.com.br/Contato"
    assert normalize_url("http://Bücher.Example/ä?q=1") == "http://xn--bcher-kva.example/ä?q=1"
    assert normalize_url("//Foo.com:8080/a") == "https://foo.com:8080/a"


@pytest.mark.parametrize(
    ("sent", "code"),
    [
        ("Brasil", "BR"),
        ("España", "ES"),
        ("Portugal", "PT"),
        ("br", "BR"),
        ("Spain", "ES"),
        ("Espanha", "ES"),
        ("EUA", "US"),
        ("Alemanha", "DE"),
    ],
)
def test_countries_by_iso_code_or_name(sent, code):
    assert country_code(sent) == code


def test_a_country_name_is_stored_as_its_code(ana):
    assert capture(ana, first_name="Luís", country="Portugal").lead.country == "PT"


def test_every_bad_field_is_reported_with_a_code_and_nothing_is_written(ana):
    with pytest.raises(ValidationFailed) as caught:
        capture(
            ana,
            first_name="x" * 101,
            email="not-an-email",
            phone="12",
            website="ftp://files.example.com",
            country="Atlantis",
            budget="lots",
            favourite_colour="blue",
            messenger={"whatsapp": "abc", "telegram": "not id"},
        )
    assert codes(caught.value) == {
        "first_name": "too_long",
        "email": "email_invalid",
        "phone": "phone_invalid",
        "website": "url_invalid",
        "country": "country_invalid",
        "budget": "amount_invalid",
        "favourite_colour": "field_unknown",
        "messenger.whatsapp": "messenger_invalid",
        "messenger.telegram": "messenger_invalid",
    }
    assert not Lead.objects.exists()


def test_a_person_without_any_identity_is_refused(ana):
    with pytest.raises(ValidationFailed) as caught:
        capture(ana, city="Recife")
    assert codes(caught.value) == {"first_name": "lead_empty"}


def test_sources_and_campaigns_may_be_named(ana):
    from funil.catalog.models import Source

    site = Source.objects.filter(workspace=ana.workspace).first()
    lead = capture(ana, first_name="Bia", source=site.name.upper()).lead
    assert lead.source == site
    with pytest.raises(ValidationFailed) as caught:
        capture(ana, first_name="Bia", source="Carrier pigeon")
    assert codes(caught.value) == {"source": "reference_invalid"}
