"""Two leads with the same email: the card's panel shows the other one, Ana merges them keeping the second's
phone, the old link opens the survivor, and she undoes the merge."""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from funil.leads.models import Lead
from funil.testing.factories import make_lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def test_merge_two_leads_with_the_same_email_and_undo(page: Page, live_server, ana, screenshots_dir):
    first = make_lead(
        ana, first_name="Joana", last_name="Prado", email="joana@padariaboa.com.br", phone="(11) 3456-7890"
    )
    second = make_lead(
        ana, first_name="Joana", last_name="Prado", email="Joana@PadariaBoa.com.br", phone="(11) 98765-4321"
    )
    log_in(page, live_server.url, ana.user.email)

    page.goto(f"{live_server.url}/leads/{first.pk}/")
    panel = page.get_by_test_id("duplicates-panel")
    expect(panel).to_contain_text("Possible duplicates")
    candidate = page.get_by_test_id(f"duplicate-lead-{second.pk}")
    expect(candidate).to_contain_text("Joana Prado")
    page.screenshot(path=os.path.join(screenshots_dir, "merge-panel.png"), full_page=True)

    candidate.get_by_role("link", name="Merge…").click()
    expect(page.get_by_role("heading", name="Merge leads")).to_be_visible()
    page.get_by_label("Phone: (11) 98765-4321").check()
    page.screenshot(path=os.path.join(screenshots_dir, "merge-page.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshots_dir, "merge-page-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Merge into Joana Prado").click()

    expect(page).to_have_url(re.compile(rf"/leads/{first.pk}/$"))
    expect(page.locator(".flash")).to_contain_text("Merged 1 lead into Joana Prado")
    expect(page.locator("#field-phone")).to_contain_text("(11) 98765-4321")
    expect(page.get_by_role("button", name="Undo merge")).to_be_visible()
    assert Lead.all_objects.get(pk=second.pk).merged_into_id == first.pk
    page.screenshot(path=os.path.join(screenshots_dir, "merge-done.png"), full_page=True)

    page.goto(f"{live_server.url}/leads/{second.pk}/")  # the old link
    expect(page).to_have_url(re.compile(rf"/leads/{first.pk}/$"))

    page.get_by_role("button", name="Undo merge").click()
    expect(page.locator(".flash")).to_contain_text("The merge was undone")
    expect(page.locator("#field-phone")).to_contain_text("(11) 3456-7890")
    assert Lead.objects.filter(pk=second.pk).exists()
    page.goto(f"{live_server.url}/leads/{second.pk}/")
    expect(page.get_by_role("heading", name="Joana Prado")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/leads/{second.pk}/$"))


def test_the_duplicates_report_groups_the_same_email(page: Page, live_server, ana, screenshots_dir):
    make_lead(ana, first_name="Joana", email="joana@padariaboa.com.br")
    make_lead(ana, first_name="Joana P.", email="joana@padariaboa.com.br")
    log_in(page, live_server.url, ana.user.email)
    page.goto(f"{live_server.url}/leads/")
    page.get_by_role("link", name="Duplicates").click()
    page.get_by_role("link", name="Same email").click()
    cluster = page.locator("article.dup-cluster")
    expect(cluster).to_contain_text("joana@padariaboa.com.br")
    page.screenshot(path=os.path.join(screenshots_dir, "merge-report.png"), full_page=True)
    cluster.get_by_role("button", name="Not duplicates").click()
    expect(cluster).to_have_count(0)
