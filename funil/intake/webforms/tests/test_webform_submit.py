"""A visitor sends a web form over HTTP, form-encoded or as JSON: the lead is made through lead_capture, with the
form's source, the page's UTM tags and the submission on its timeline."""

import json

from funil.activities.models import Activity, Kind
from funil.leads.models import Lead

from .conftest import filled, token_for, url


def test_a_form_encoded_submission_makes_a_lead_with_its_origin(visitor, webform):
    page = "https://www.acme.example/precos?utm_source=google&utm_medium=cpc&utm_campaign=outono"
    response = visitor.post(
        url(webform),
        filled(webform, consent="on", utm_source="", page_url=page),
        HTTP_ORIGIN="https://www.acme.example",
        HTTP_USER_AGENT="Mozilla/5.0",
    )
    assert response.status_code == 200
    assert "Thanks, we will call you." in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "https://www.acme.example"
    lead = Lead.objects.get(workspace=webform.workspace)
    assert (lead.first_name, lead.last_name, lead.email_normalized) == ("Joana", "Prado", "joana@padariaboa.com.br")
    assert lead.phone_e164 == "+551134567890" and lead.company_name == "Padaria Boa"
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == ("google", "cpc", "outono")
    assert lead.source_id == webform.source_id and lead.owner_id is None
    submission = Activity.objects.get(lead=lead, kind=Kind.FORM_SUBMISSION)
    assert submission.payload["page_url"] == page
    assert submission.payload["values"]["need"] == "Um orçamento 🍞"
    assert "Email: joana@padariaboa.com.br" in submission.body
    webform.refresh_from_db()
    assert (webform.submissions, webform.leads, webform.spam) == (1, 1, 0)


def test_a_json_submission_gets_a_json_answer(visitor, webform):
    response = visitor.post(
        url(webform),
        json.dumps(filled(webform, email="ana.maria@exemplo.com.br", _lang="pt-br")),
        content_type="application/json",
        HTTP_ORIGIN="https://www.acme.example",
    )
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "Obrigado, vamos ligar.", "redirect": None}
    lead = Lead.objects.get(workspace=webform.workspace)
    assert lead.email_normalized == "ana.maria@exemplo.com.br" and lead.language == "pt-br"


def test_a_redirect_goes_only_to_the_address_the_admin_set(visitor, webform, ana):
    from funil.intake.webforms.services import webform_update

    webform_update(actor=ana, form=webform, changes={"redirect_url": "https://www.acme.example/obrigado"})
    plain = visitor.post(url(webform), filled(webform, redirect="https://evil.example"))
    assert plain.status_code == 303 and plain["Location"] == "https://www.acme.example/obrigado"
    fetched = visitor.post(url(webform), json.dumps(filled(webform, email="b@x.com")), content_type="application/json")
    assert fetched.json()["redirect"] == "https://www.acme.example/obrigado"


def test_the_hosted_page_carries_a_token_and_the_campaign_tags(visitor, webform):
    response = visitor.get(
        url(webform) + "?utm_source=newsletter&utm_campaign=maio", HTTP_REFERER="https://blog.example/"
    )
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert 'name="_token"' in html and 'name="utm_source" value="newsletter"' in html
    assert 'name="page_url" value="https://blog.example/"' in html
    assert 'name="homepage"' in html and 'aria-hidden="true"' in html
    assert "Send me news." in html


def test_a_double_submitted_form_makes_one_lead(visitor, webform):
    data = filled(webform)
    first = visitor.post(url(webform), data)
    second = visitor.post(url(webform), data)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert Lead.objects.filter(workspace=webform.workspace).count() == 1
    assert Activity.objects.filter(kind=Kind.FORM_SUBMISSION).count() == 1
    webform.refresh_from_db()
    assert (webform.submissions, webform.leads) == (1, 1)


def test_a_corrected_submission_keeps_its_token_and_makes_one_lead(visitor, webform):
    token = token_for(webform)
    bad = visitor.post(url(webform), filled(webform, _token=token, email="joana@"))
    assert bad.status_code == 422
    assert f'value="{token}"' in bad.content.decode()
    good = visitor.post(url(webform), filled(webform, _token=token))
    assert good.status_code == 200
    assert Lead.objects.filter(workspace=webform.workspace).count() == 1


def test_custom_fields_and_consent_reach_the_lead(visitor, ana):
    from funil.catalog.services import custom_field_create
    from funil.intake.webforms.services import webform_create

    custom_field_create(
        actor=ana, data={"entity": "lead", "label": "Segment", "type": "choice", "choices": "SMB\nEnterprise"}
    )
    custom_field_create(actor=ana, data={"entity": "lead", "label": "Newsletter", "type": "boolean"})
    form = webform_create(
        actor=ana,
        data={
            "name": "Custom",
            "fields": [
                {"key": "email", "required": True},
                {"key": "custom:segment", "required": True},
                {"key": "custom:newsletter"},
            ],
        },
    )
    missing = visitor.post(url(form), {"_token": token_for(form), "email": "x@y.com"}, HTTP_ACCEPT="application/json")
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"field": "custom:segment", "code": "required", "message": "This field is required."}
    ]
    wrong = visitor.post(
        url(form),
        {"_token": token_for(form), "email": "x@y.com", "custom:segment": "Huge"},
        HTTP_ACCEPT="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "custom:segment"
    ok = visitor.post(
        url(form), {"_token": token_for(form), "email": "x@y.com", "custom:segment": "SMB", "custom:newsletter": "on"}
    )
    assert ok.status_code == 200
    lead = Lead.objects.get(workspace=form.workspace)
    assert lead.custom_fields == {"segment": "SMB", "newsletter": True}
