"""An admin's settings session in the browser: add a stage, rename it in place, move it with the keyboard,
invite a colleague, and the invitation reaches them with a link that lets them in."""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from funil.pipelines.models import Pipeline, PipelineKind, Stage
from funil.testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_be_visible()


def stage_names(pipeline: Pipeline) -> list[str]:
    return list(Stage.objects.filter(pipeline=pipeline).order_by("position").values_list("name", flat=True))


def test_an_admin_shapes_the_pipeline_and_invites_a_colleague(
    page: Page, live_server, ana, smtp_server, screenshots_dir
):
    pipeline = Pipeline.objects.get(workspace=ana.workspace, kind=PipelineKind.LEAD, is_default=True)
    log_in(page, live_server.url, ana.user.email)
    page.goto(f"{live_server.url}/settings/")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Pipelines and stages").click()
    page.get_by_role("main").get_by_role("link", name="Leads", exact=True).click()

    # Add a stage.
    add = page.locator("section", has=page.get_by_role("heading", name="Add a stage"))
    add.get_by_label("Name").fill("Demo booked")
    add.get_by_label("Probability (%)").fill("60")
    add.get_by_role("button", name="Add stage").click()
    expect(page.get_by_text("Stage Demo booked added.")).to_be_visible()
    assert stage_names(pipeline)[4] == "Demo booked"

    # Rename it in place (htmx), without leaving the page.
    page.get_by_role("link", name="Rename Demo booked").click()
    field = page.get_by_label("New name")
    expect(field).to_be_focused()
    field.fill("Demo done")
    field.press("Enter")
    expect(page.locator("#stages")).to_contain_text("Demo done")
    expect(page.get_by_label("New name")).to_have_count(0)
    assert "Demo done" in stage_names(pipeline)
    # The rename also refreshes the whole stage list (its buttons carry the name): let that swap settle, as
    # htmx enables the new buttons only once it has.
    expect(page.get_by_role("button", name="Move Demo done up")).to_be_visible()
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)

    # Move it up twice from the keyboard: focus stays on the button after each swap.
    up = page.get_by_role("button", name="Move Demo done up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Demo done moved up.")).to_have_count(1)
    expect(page.get_by_role("button", name="Move Demo done up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#stages tbody tr").nth(2)).to_contain_text("Demo done")
    assert stage_names(pipeline)[2] == "Demo done"
    page.screenshot(path=os.path.join(screenshots_dir, "settings-pipeline.png"), full_page=True)

    # Invite a colleague; the mail arrives over SMTP with a link to choose a password.
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email").fill("joana@acme.example.com")
    page.get_by_label("Full name (optional)").fill("Joana Prado")
    page.get_by_label("Role").select_option("manager")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to joana@acme.example.com")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Invitation pending")
    page.screenshot(path=os.path.join(screenshots_dir, "settings-users.png"), full_page=True)
    [mail] = smtp_server
    assert mail["To"] == "joana@acme.example.com" and "Acme Ltda" in mail["Subject"]
    link = re.search(r"http://\S+/password/reset/\S+", mail.get_payload(decode=True).decode()).group(0)

    # Joana follows the link, chooses a password and logs in to Acme.
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(link)
    page.get_by_label("New password").fill("Sunny-day-2026!")
    page.get_by_label("Repeat it").fill("Sunny-day-2026!")
    page.get_by_role("button", name="Save the password").click()
    log_in(page, live_server.url, "joana@acme.example.com", "Sunny-day-2026!")
    expect(page.get_by_role("heading", name="Acme Ltda")).to_be_visible()


def test_the_settings_pages_fit_a_phone(page: Page, live_server, ana, screenshots_dir):
    log_in(page, live_server.url, ana.user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    pipeline = Pipeline.objects.get(workspace=ana.workspace, kind=PipelineKind.LEAD, is_default=True)
    page.goto(f"{live_server.url}/settings/pipelines/{pipeline.pk}/")
    expect(page.get_by_role("button", name="Move New up")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # wide tables scroll inside their panel
    page.screenshot(path=os.path.join(screenshots_dir, "settings-pipeline-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/settings/members/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(screenshots_dir, "settings-users-phone.png"), full_page=True)
