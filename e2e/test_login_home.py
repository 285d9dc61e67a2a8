"""A salesperson's first minute: open Funil, log in, see the workspace's numbers, log out."""

import os

import pytest
from playwright.sync_api import Page, expect

from funil.testing.factories import make_deal, make_lead
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme_with_data(ana, bruno):
    for _ in range(3):
        make_lead(ana, owner_id=bruno.user.pk)
    make_deal(ana, amount="12000")
    return ana


def test_log_in_see_the_numbers_and_log_out(page: Page, live_server, acme_with_data, screenshots_dir):
    ana = acme_with_data
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    page.get_by_label("Email").fill(ana.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Acme Ltda")).to_be_visible()
    expect(page.get_by_test_id("open-leads")).to_have_text("3")
    expect(page.get_by_test_id("open-deals")).to_have_text("1")
    page.screenshot(path=os.path.join(screenshots_dir, "home-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshots_dir, "home-phone.png"), full_page=True)

    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")


def test_a_wrong_password_is_answered_on_the_page(page: Page, live_server, ana):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(ana.user.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.screenshot(path=os.path.join(os.path.dirname(__file__), "..", "var", "screenshots", "login-error.png"))


def test_no_page_requests_anything_outside_the_server(page: Page, live_server, ana):
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(ana.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Acme Ltda")).to_be_visible()
    assert outside == []
