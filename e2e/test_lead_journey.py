"""A salesperson's lead, start to finish, in the browser: create it, drag it across the board, schedule and
complete a follow-up, convert it into a contact, a company and a deal, undo the conversion."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from funil.activities.models import Activity
from funil.leads.models import Lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def test_a_lead_from_creation_to_conversion_and_back(page: Page, live_server, ana, screenshots_dir):
    log_in(page, live_server.url, ana.user.email)

    page.goto(f"{live_server.url}/leads/new/")
    page.get_by_label("First name", exact=True).fill("Joana")
    page.get_by_label("Last name", exact=True).fill("Prado")
    page.get_by_label("Company", exact=True).fill("Padaria Boa")
    page.get_by_label("Email", exact=True).fill("joana@padariaboa.com.br")
    page.get_by_label("Phone", exact=True).fill("(11) 3456-7890")
    page.get_by_role("button", name="Create lead").click()
    expect(page.get_by_role("heading", name="Joana Prado")).to_be_visible()
    lead = Lead.objects.get(first_name="Joana")
    assert lead.phone_e164 == "+551134567890"

    # Drag the card from New to Contacted on the board.
    page.goto(f"{live_server.url}/leads/board/")
    card = page.locator(f"#lead-{lead.pk}")
    target = page.locator(".column", has=page.get_by_role("heading", name="Contacted"))
    card.drag_to(target)
    expect(page.get_by_test_id("count-Contacted")).to_have_text("1", timeout=15_000)
    assert Lead.objects.get(pk=lead.pk).stage.name == "Contacted"
    page.screenshot(path=os.path.join(screenshots_dir, "board.png"))

    # The keyboard alternative: the card's own "Move to stage" form.
    page.locator(f"#move-{lead.pk}").select_option(label="Nurturing")
    page.locator(f"#lead-{lead.pk}").get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("count-Nurturing")).to_have_text("1", timeout=15_000)

    # Schedule a follow-up on the card, then complete it.
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    schedule = page.locator("section.composer", has=page.get_by_role("heading", name="Schedule a follow-up"))
    schedule.get_by_label("Due", exact=True).fill(due)
    schedule.get_by_label("What", exact=True).fill("Call about the proposal")
    schedule.get_by_role("button", name="Schedule").click()
    followups = page.locator("#followups")
    expect(followups).to_contain_text("Call about the proposal")
    followups.get_by_role("button", name="Done").click()
    expect(followups).to_contain_text("Nothing scheduled")
    assert Activity.objects.filter(lead=lead, done_at__isnull=False).exists()
    page.screenshot(path=os.path.join(screenshots_dir, "card.png"), full_page=True)

    # Convert, then undo.
    page.get_by_role("link", name="Convert").click()
    page.get_by_role("button", name="Convert").click()
    expect(page.get_by_test_id("status")).to_have_text("Converted")
    expect(page.get_by_role("link", name="Joana Prado")).to_be_visible()
    page.get_by_role("button", name="Undo conversion").click()
    expect(page.get_by_test_id("status")).to_have_text("Open")
    assert Lead.objects.get(pk=lead.pk).status == "open"


def test_bruno_sees_only_his_cards_on_the_board(page: Page, live_server, ana, bruno):
    from funil.testing.factories import make_lead

    make_lead(ana, first_name="Alice")
    make_lead(ana, first_name="Berta", owner_id=bruno.user.pk)
    log_in(page, live_server.url, bruno.user.email)
    page.goto(f"{live_server.url}/leads/board/")
    expect(page.get_by_role("link", name="Berta Pereira")).to_be_visible()
    expect(page.get_by_role("link", name="Alice Pereira")).to_have_count(0)


def test_switching_to_portuguese_shows_the_board_in_portuguese(page: Page, live_server, ana, screenshots_dir):
    log_in(page, live_server.url, ana.user.email)
    page.goto(f"{live_server.url}/leads/board/")
    page.locator("#language").select_option("pt-br")
    page.locator(".langswitch button").click()
    expect(page.get_by_role("link", name="Novo lead")).to_be_visible()
    expect(page.get_by_role("link", name="Quadro")).to_be_visible()
    page.screenshot(path=os.path.join(screenshots_dir, "board-pt-br.png"))
