"""Admins build forms in Settings: fields, order, labels per language, consent, thank-you or redirect, source and
campaign, sites and anti-spam settings. Others may not; another workspace's admin does not even see them."""

import pytest
from django.urls import reverse
from django.utils import translation

from funil.catalog.models import Campaign, Source
from funil.core.errors import Forbidden, ValidationFailed
from funil.intake.webforms.models import WebForm
from funil.intake.webforms.services import webform_create, webform_update

from .conftest import url


def _builder_post(form: WebForm, **overrides: object) -> dict[str, object]:
    """The builder page as a browser posts it: every row of the fields table, ticked or not."""
    data: dict[str, object] = {
        "name": form.name,
        "active": "1",
        "source": form.source_id or "",
        "campaign": "",
        "redirect_url": "",
        "allowed_origins": "https://www.acme.example/\nhttps://landing.acme.example:8443",
        "min_fill_seconds": "4",
        "ip_limit_per_hour": "10",
        "form_limit_per_minute": "60",
        "thank_you_en": "Thank you!",
        "thank_you_pt-br": "Obrigado!",
        "consent_enabled": "1",
        "consent_text_en": "I agree to receive emails.",
        "consent_text_pt-br": "Aceito receber e-mails.",
        "row": ["full_name", "email", "phone", "company_name", "need", "city"],
        "use_email": "1",
        "order_email": "2",
        "required_email": "1",
        "use_full_name": "1",
        "order_full_name": "1",
        "required_full_name": "1",
        "label_full_name_pt-br": "Nome completo",
        "label_full_name_es": "Nombre completo",
        "use_city": "1",
        "order_city": "3",
        "label_city_pt-br": "Sua cidade",
    }
    data.update(overrides)
    return data


def test_ana_creates_a_form_with_sensible_defaults(client, ana):
    client.force_login(ana.user)
    response = client.post(reverse("web:settings_webforms"), {"name": "Orçamento"})
    form = WebForm.objects.get(workspace=ana.workspace, name="Orçamento")
    assert response.status_code == 302 and response["Location"] == reverse("web:settings_webform", args=[form.pk])
    assert [f["key"] for f in form.fields] == ["full_name", "email", "phone", "company_name", "need"]
    assert form.source is not None and form.source.kind == "web_form"
    assert len(form.public_id) >= 16 and form.active
    listing = client.get(reverse("web:settings_webforms")).content.decode()
    assert "Orçamento" in listing and f'data-testid="leads-{form.pk}">0<' in listing
    duplicate = client.post(reverse("web:settings_webforms"), {"name": "orçamento"})
    assert duplicate.status_code == 422 and "name" in duplicate.context["errors"]


def test_ana_builds_the_fields_their_order_labels_and_settings(client, ana):
    form = webform_create(actor=ana, data={"name": "Contato"})
    campaign = Campaign.objects.create(workspace=ana.workspace, name="Outono", currency="BRL")
    client.force_login(ana.user)
    edit = reverse("web:settings_webform", args=[form.pk])
    response = client.post(edit, _builder_post(form, campaign=campaign.pk))
    assert response.status_code == 302
    form.refresh_from_db()
    assert [(f["key"], f["required"]) for f in form.fields] == [("full_name", True), ("email", True), ("city", False)]
    assert form.fields[0]["labels"] == {"pt-br": "Nome completo", "es": "Nombre completo"}
    assert form.allowed_origins == ["https://www.acme.example", "https://landing.acme.example:8443"]
    assert (form.min_fill_seconds, form.ip_limit_per_hour, form.form_limit_per_minute) == (4, 10, 60)
    assert form.campaign == campaign and form.consent_enabled
    assert form.consent_text == {"en": "I agree to receive emails.", "pt-br": "Aceito receber e-mails."}
    page = client.get(edit).content.decode()
    assert 'value="Nome completo"' in page and "Aceito receber e-mails." in page
    assert 'name="_token"' not in page  # the preview cannot be sent


def test_builder_mistakes_are_shown_next_to_their_fields(client, ana):
    form = webform_create(actor=ana, data={"name": "Contato"})
    client.force_login(ana.user)
    bad = client.post(
        reverse("web:settings_webform", args=[form.pk]),
        _builder_post(
            form,
            redirect_url="javascript:alert(1)",
            allowed_origins="https://ok.example\nftp://files.example\nhttps://x.example/path",
            min_fill_seconds="-1",
            consent_text_en="",
            **{"consent_text_pt-br": ""},
            use_email="",
            use_full_name="",
            use_city="1",
        ),
    )
    assert bad.status_code == 422
    assert set(bad.context["errors"]) == {
        "redirect_url",
        "allowed_origins",
        "min_fill_seconds",
        "consent_text",
        "fields",
    }
    assert 'value="javascript:alert(1)"' in bad.content.decode()
    form.refresh_from_db()
    assert form.redirect_url == "" and form.consent_enabled is False


def test_the_service_refuses_unknown_and_repeated_fields(ana):
    with pytest.raises(ValidationFailed) as caught:
        webform_create(actor=ana, data={"name": "X", "fields": [{"key": "email"}, {"key": "email"}, {"key": "owner"}]})
    assert {e.code for e in caught.value.errors} == {"webform_field_duplicate", "webform_field_unknown"}


def test_a_required_lead_custom_field_must_be_on_the_form(ana):
    from funil.catalog.services import custom_field_create

    custom_field_create(actor=ana, data={"entity": "lead", "label": "Segment", "type": "text", "required": True})
    form = webform_create(actor=ana, data={"name": "Auto"})
    assert {"key": "custom:segment", "required": True, "labels": {}} in form.fields
    with pytest.raises(ValidationFailed) as caught:
        webform_update(actor=ana, form=form, changes={"fields": [{"key": "email"}]})
    assert caught.value.errors[0].code == "webform_fields_missing_required"


def test_labels_are_in_the_visitors_language(client, ana, webform):
    portuguese = client.get(url(webform) + "?lang=pt-br").content.decode()
    assert "Seu nome" in portuguese  # the admin's label
    assert ">E-mail" in portuguese and ">Telefone" in portuguese  # the usual names, translated
    assert "Quero receber novidades." in portuguese and 'lang="pt-br"' in portuguese
    by_browser = client.get(url(webform), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content.decode()
    assert "Seu nome" in by_browser
    english = client.get(url(webform), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Full name" in english and "Send me news." in english


def test_the_preview_shows_the_form_in_the_chosen_language(client, ana, webform):
    client.force_login(ana.user)
    with translation.override("en"):
        page = client.get(reverse("web:settings_webform", args=[webform.pk]) + "?preview=pt-br").content.decode()
    assert "Seu nome" in page and "Quero receber novidades." in page


@pytest.mark.parametrize("persona", ["bruno", "rita"])
def test_salespeople_and_read_only_members_may_not_build_forms(client, request, webform, persona):
    actor = request.getfixturevalue(persona)
    client.force_login(actor.user)
    assert client.get(reverse("web:settings_webforms")).status_code == 403
    assert client.get(reverse("web:settings_webform", args=[webform.pk])).status_code == 403
    assert client.post(reverse("web:settings_webform", args=[webform.pk]), _builder_post(webform)).status_code == 403
    assert client.post(reverse("web:settings_webform_delete", args=[webform.pk])).status_code == 403
    assert WebForm.objects.filter(pk=webform.pk, name="Contact us").exists()


def test_carla_finds_none_of_acmes_forms(client, carla, webform):
    client.force_login(carla.user)
    for name in ("settings_webform", "settings_webform_embed", "settings_webform_active", "settings_webform_delete"):
        method = client.post if name.endswith(("active", "delete")) else client.get
        assert method(reverse(f"web:{name}", args=[webform.pk])).status_code == 404
    assert "Contact us" not in client.get(reverse("web:settings_webforms")).content.decode()
    with pytest.raises(Forbidden):
        webform_update(actor=carla, form=webform, changes={"name": "Mine"})


def test_a_form_is_switched_off_and_on_and_deleted(client, ana, webform):
    client.force_login(ana.user)
    client.post(reverse("web:settings_webform_active", args=[webform.pk]), {"active": "0"})
    assert not WebForm.objects.get(pk=webform.pk).active
    client.post(reverse("web:settings_webform_active", args=[webform.pk]), {"active": "1"})
    assert WebForm.objects.get(pk=webform.pk).active
    client.post(reverse("web:settings_webform_delete", args=[webform.pk]))
    assert not WebForm.objects.filter(pk=webform.pk).exists()


def test_the_list_costs_the_same_queries_for_many_forms(client, ana, django_assert_max_num_queries):
    source = Source.objects.filter(workspace=ana.workspace).first()
    for i in range(12):
        webform_create(actor=ana, data={"name": f"Form {i}", "source": source.pk})
    client.force_login(ana.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("web:settings_webforms"))
    assert response.content.decode().count("Form 1") >= 3
