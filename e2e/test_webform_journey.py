"""A web form, start to finish, in the browser: Ana builds it in Settings, a visitor sends the hosted form and the
lead appears on the board; a robot filling the hidden field makes nothing; the embed script draws the form on
another site and sends it across origins."""

import http.server
import os
import socket
import threading

import pytest
from playwright.sync_api import Page, expect

from funil.intake.webforms.models import WebForm
from funil.leads.models import Lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def build_form(page: Page, url: str, screenshots_dir: str) -> WebForm:
    page.goto(f"{url}/settings/webforms/")
    page.get_by_label("Name", exact=True).fill("Fale conosco")
    page.get_by_role("button", name="Create form").click()
    expect(page.get_by_role("heading", name="Fale conosco")).to_be_visible()
    # Phone becomes required, the city joins the form third, and the name gets a Portuguese label.
    page.get_by_label("Phone is required").check()
    page.locator("input[name=use_city]").check()
    page.get_by_label("Position of City").fill("3")
    page.get_by_label("Position of Phone").fill("4")
    page.get_by_label("Label of Full name (pt-br)").fill("Seu nome")
    page.get_by_label("Thank-you message (English)").fill("Thanks! We will call you today.")
    page.get_by_label("Minimum seconds to fill in").fill("1")
    page.get_by_role("button", name="Save form").click()
    expect(page.get_by_text("Form Fale conosco saved.")).to_be_visible()
    form = WebForm.objects.get(name="Fale conosco")
    assert [f["key"] for f in form.fields][:3] == ["full_name", "email", "city"]
    preview = page.locator(".webform-preview-box")
    expect(preview.get_by_label("City")).to_be_visible()
    page.screenshot(path=os.path.join(screenshots_dir, "webform-builder.png"), full_page=True)
    return form


def test_ana_builds_a_form_a_visitor_sends_it_and_the_lead_is_on_the_board(
    page: Page, live_server, ana, screenshots_dir
):
    log_in(page, live_server.url, ana.user.email)
    form = build_form(page, live_server.url, screenshots_dir)
    page.get_by_role("link", name="Embed").click()
    expect(page.get_by_label("Script tag")).to_have_value(
        f'<script src="{live_server.url}/in/forms/{form.public_id}/embed.js" async></script>'
    )
    page.screenshot(path=os.path.join(screenshots_dir, "webform-embed.png"), full_page=True)

    visitor = page.context.browser.new_page()
    visitor.goto(f"{live_server.url}/in/forms/{form.public_id}/?utm_source=instagram")
    visitor.get_by_label("Full name").fill("Joana Prado")
    visitor.get_by_label("Email").fill("joana@padariaboa.com.br")
    visitor.get_by_label("Phone").fill("(11) 3456-7890")
    visitor.get_by_label("City").fill("São Paulo")
    visitor.screenshot(path=os.path.join(screenshots_dir, "webform-hosted.png"), full_page=True)
    visitor.wait_for_timeout(1100)  # a person takes longer than the form's minimum second
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_text("Thanks! We will call you today.")).to_be_visible()
    lead = Lead.objects.get(workspace=ana.workspace, email_normalized="joana@padariaboa.com.br")
    assert (lead.city, lead.utm_source, lead.phone_e164) == ("São Paulo", "instagram", "+551134567890")

    page.goto(f"{live_server.url}/leads/board/")
    expect(page.get_by_role("link", name="Joana Prado")).to_be_visible()
    page.goto(f"{live_server.url}/settings/webforms/")
    expect(page.get_by_test_id(f"leads-{form.pk}")).to_have_text("1")


def test_a_robot_that_fills_the_hidden_field_makes_nothing(page: Page, live_server, ana, screenshots_dir):
    from funil.intake.webforms.services import webform_create

    form = webform_create(actor=ana, data={"name": "Contato", "min_fill_seconds": 0})
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/in/forms/{form.public_id}/?lang=pt-br")
    expect(page.get_by_label("Telefone")).to_be_visible()
    page.screenshot(path=os.path.join(screenshots_dir, "webform-hosted-phone-pt-br.png"), full_page=True)
    page.locator("#wf-full_name").fill("Cheap Pills")
    page.locator("#wf-email").fill("bot@spam.example")
    page.locator("input[name=homepage]").evaluate("input => { input.value = 'http://spam.example'; }")
    page.locator("form.webform button[type=submit]").click()
    expect(page.locator(".webform-message")).to_be_visible()
    assert not Lead.objects.filter(workspace=ana.workspace).exists()
    form.refresh_from_db()
    assert (form.spam, form.leads) == (1, 0)


class _Page(http.server.BaseHTTPRequestHandler):
    html = b""

    def do_GET(self) -> None:  # the standard library names it so
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, *args: object) -> None:
        pass


def test_the_embed_script_draws_checks_and_sends_the_form_from_another_site(page: Page, live_server, ana):
    from funil.intake.webforms.services import webform_create

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = f"http://127.0.0.1:{port}"  # another origin than the live server's localhost
    form = webform_create(actor=ana, data={"name": "Site", "min_fill_seconds": 1, "allowed_origins": [site]})
    _Page.html = (
        f'<!doctype html><html><body><h1>Padaria Boa</h1><div id="here"></div>'
        f'<script src="{live_server.url}/in/forms/{form.public_id}/embed.js" data-target="#here" async></script>'
        f"</body></html>"
    ).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"{site}/precos?utm_campaign=outono")
        embedded = page.locator("#here form")
        embedded.get_by_role("button", name="Send").click()  # empty: checked in place, nothing sent
        expect(embedded.get_by_text("This field is required.").first).to_be_visible()
        embedded.get_by_label("Full name").fill("Rui Costa")
        embedded.get_by_label("Email").fill("rui@")
        embedded.get_by_role("button", name="Send").click()
        expect(embedded.get_by_text("Enter a valid email address.")).to_be_visible()
        embedded.get_by_label("Email").fill("rui@padariaboa.com.br")
        page.wait_for_timeout(1100)
        embedded.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Thank you! We will be in touch soon.")).to_be_visible()
    finally:
        server.shutdown()
    lead = Lead.objects.get(workspace=ana.workspace, email_normalized="rui@padariaboa.com.br")
    assert lead.utm_campaign == "outono"
