"""The embed code: a script that draws the form on any site (fresh token each load, nothing cached, nothing
loaded from elsewhere) and a plain HTML form that works without a script."""

import json
import re

from django.urls import reverse

from funil.intake.webforms import tokens
from funil.intake.webforms.services import webform_set_active

from .conftest import url


def _config(script: str) -> dict:
    match = re.search(r"funilWebForm\((\{.*\}), document\.currentScript\);", script, re.S)
    assert match, script[-300:]
    return json.loads(match.group(1))


def test_the_script_carries_the_fields_labels_and_a_fresh_token(client, webform):
    script_url = reverse("intake_webforms:embed", args=[webform.public_id])
    response = client.get(script_url + "?lang=pt-br")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-store"
    script = response.content.decode()
    assert "http://" not in script.split("funilWebForm(", 1)[0].replace("http://testserver", "")
    config = _config(script)
    assert config["endpoint"] == f"http://testserver{url(webform)}"
    assert [f["key"] for f in config["fields"]] == ["full_name", "email", "phone", "company_name", "need"]
    assert config["fields"][0]["label"] == "Seu nome" and config["fields"][1]["label"] == "E-mail"
    assert config["consent"] == "Quero receber novidades." and config["thanks"] == "Obrigado, vamos ligar."
    assert tokens.read(config["token"], form_id=webform.pk) is not None
    again = _config(client.get(script_url).content.decode())
    assert again["token"] != config["token"]


def test_no_text_in_the_config_can_close_a_script_element(client, ana, webform):
    from funil.intake.webforms.services import webform_update

    webform_update(actor=ana, form=webform, changes={"thank_you": {"en": "</script><script>alert(1)</script>"}})
    script = client.get(reverse("intake_webforms:embed", args=[webform.public_id])).content.decode()
    assert "</script>" not in script
    assert _config(script)["thanks"] == "</script><script>alert(1)</script>"


def test_a_switched_off_form_has_no_script(client, ana, webform):
    webform_set_active(actor=ana, form=webform, active=False)
    assert client.get(reverse("intake_webforms:embed", args=[webform.public_id])).status_code == 410
    assert client.get(reverse("intake_webforms:embed", args=["nope"])).status_code == 404


def test_the_embed_page_gives_the_script_tag_and_the_plain_form(client, ana, webform):
    client.force_login(ana.user)
    page = client.get(reverse("web:settings_webform_embed", args=[webform.pk]) + "?lang=es")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"http://testserver/in/forms/{webform.public_id}/embed.js?lang=es" in html
    snippet = page.context["html_snippet"]
    assert f'action="http://testserver{url(webform)}"' in snippet
    assert 'name="_token"' not in snippet and 'name="_lang" value="es"' in snippet
    assert 'name="homepage"' in snippet and "left:-10000px" in snippet
    assert "Enviar" in snippet or "Send" in snippet
