"""A deal's card in the browser: edit its amount inline, log a call, schedule a follow-up and complete it,
then follow the link to its company's page."""

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from funil.activities.models import Activity, Kind
from funil.contacts.tests.factories import make_company, make_contact
from funil.deals.models import Deal
from funil.testing.factories import make_deal
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def test_working_a_deal_from_its_card_and_opening_its_company(page: Page, live_server, ana, screenshots_dir):
    company = make_company(ana, name="Padaria Boa", domain="padariaboa.com.br")
    contact = make_contact(ana, first_name="Joana", last_name="Prado", company=company)
    deal = make_deal(ana, title="Padaria Boa — CRM", amount="1000", contact=contact.pk, company=company.pk)
    log_in(page, live_server.url, ana.user.email)
    page.goto(f"{live_server.url}/deals/{deal.pk}/")
    expect(page.get_by_role("heading", name="Padaria Boa — CRM")).to_be_visible()

    # The amount, edited in place: the header's amount follows without a reload.
    page.get_by_role("button", name="Edit Amount").click()
    amount = page.locator("#input-amount")
    amount.fill("2500.50")
    amount.press("Enter")
    expect(page.locator("#field-amount")).to_contain_text("2,500.50")
    expect(page.get_by_test_id("amount")).to_contain_text("2,500.50")
    assert Deal.objects.get(pk=deal.pk).amount == Decimal("2500.50")

    # Log a call; it shows on the timeline.
    composer = page.locator("section.composer", has=page.get_by_role("heading", name="Log an activity"))
    composer.locator("select[name=kind]").select_option("call")
    composer.get_by_label("Subject", exact=True).fill("Discovery call with Joana")
    composer.get_by_role("button", name="Log").click()
    expect(page.locator(".timeline")).to_contain_text("Discovery call with Joana")
    assert Activity.objects.filter(deal=deal, kind=Kind.CALL).exists()

    # Schedule a follow-up, then complete it.
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    schedule = page.locator("section.composer", has=page.get_by_role("heading", name="Schedule a follow-up"))
    schedule.get_by_label("Due", exact=True).fill(due)
    schedule.get_by_label("What", exact=True).fill("Send the proposal")
    schedule.get_by_role("button", name="Schedule").click()
    followups = page.locator("#followups")
    expect(followups).to_contain_text("Send the proposal")
    page.screenshot(path=os.path.join(screenshots_dir, "deal-card.png"), full_page=True)
    followups.get_by_role("button", name="Done").click()
    expect(followups).to_contain_text("Nothing scheduled")
    assert Activity.objects.filter(deal=deal, due_at__isnull=False, done_at__isnull=False).exists()

    # The company's page, from the link in the deal's header.
    page.locator("#card-header").get_by_role("link", name="Padaria Boa").click()
    expect(page.get_by_role("heading", name="Padaria Boa", exact=True)).to_be_visible()
    expect(page.locator(".related")).to_contain_text(["Joana Prado", "Padaria Boa — CRM"])
    expect(page.locator(".timeline")).to_contain_text("Discovery call with Joana")
    page.screenshot(path=os.path.join(screenshots_dir, "company-card.png"), full_page=True)

    # At phone width the card becomes one column.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/deals/{deal.pk}/")
    expect(page.get_by_test_id("amount")).to_be_visible()
    page.screenshot(path=os.path.join(screenshots_dir, "deal-card-phone.png"), full_page=True)
