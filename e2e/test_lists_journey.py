"""Ana works through the deal list (sort, filter, select two, give them to Bruno) and deletes a lead after
confirming what goes with it."""

import os

import pytest
from playwright.sync_api import Page, expect

from funil.deals.models import Deal
from funil.leads.models import Lead
from funil.testing.factories import make_deal, make_lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def test_sort_filter_and_bulk_assign_deals_then_delete_a_lead(page: Page, live_server, ana, bruno, screenshots_dir):
    for title, amount in (("Forno grande", "9000"), ("Forno pequeno", "4000"), ("Café", "300"), ("Pão", "150")):
        make_deal(ana, title=title, amount=amount)
    log_in(page, live_server.url, ana.user.email)

    page.goto(f"{live_server.url}/deals/")
    rows = page.locator("#list-rows tr")
    expect(rows).to_have_count(4)
    page.get_by_role("link", name="Amount").click()  # largest first
    expect(rows.first).to_contain_text("Forno grande")
    page.get_by_role("link", name="Amount ↓").click()  # smallest first
    expect(rows.first).to_contain_text("Pão")

    page.get_by_role("searchbox", name="Text").fill("forno")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Forno pequeno")  # the filter keeps the sort
    assert "q=forno" in page.url and "sort=amount" in page.url

    page.get_by_label("Select Forno grande").check()
    page.get_by_label("Select Forno pequeno").check()
    page.get_by_test_id("bulk-action").select_option("assign")
    page.locator(".bulk-bar select[name=owner]").select_option(label="Bruno Lima")
    page.screenshot(path=os.path.join(screenshots_dir, "deal-list.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshots_dir, "deal-list-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash")).to_contain_text("2 deals updated.")
    assert set(Deal.objects.filter(title__startswith="Forno").values_list("owner", flat=True)) == {bruno.user.pk}
    assert Deal.objects.get(title="Café").owner_id == ana.user.pk

    lead = make_lead(ana, first_name="Joana", last_name="Prado")
    page.goto(f"{live_server.url}/leads/")
    page.get_by_label("Select Joana Prado").check()
    page.get_by_test_id("bulk-action").select_option("delete")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Delete 1 lead?")).to_be_visible()
    expect(page.get_by_test_id("delete-list")).to_contain_text("Joana Prado")
    expect(page.get_by_test_id("delete-list")).to_contain_text("1 timeline entry")
    page.screenshot(path=os.path.join(screenshots_dir, "lead-delete-confirm.png"), full_page=True)
    page.get_by_role("button", name="Delete 1 lead").click()
    expect(page.locator(".flash")).to_contain_text("1 lead deleted.")
    expect(page.get_by_role("heading", name="Leads")).to_be_visible()
    assert not Lead.objects.filter(pk=lead.pk).exists()
