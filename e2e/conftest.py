"""Browser tests: Playwright drives Debian's Chromium against a live Funil server."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django's ORM refuses to run
# there unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _patient_expectations():
    """CI machines are shared: give page assertions more time than the 5 s default before failing."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            raise pytest.UsageError("Chromium is required for the browser tests in CI (.ci/run installs it)")
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshots_dir():
    path = os.path.join(os.path.dirname(__file__), "..", "var", "screenshots")
    os.makedirs(path, exist_ok=True)
    return path
