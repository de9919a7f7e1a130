"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

`playwright install` cannot download a browser here, so the system chromium (bin/install-browser) is
launched through `executable_path`. Outside CI the tests skip when it is missing; in CI they fail.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Without the networking flags chromium keeps dialling hosts this closed network refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# axe-core impacts that fail a page.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def chromium_path():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI must run the browser tests (bin/install-browser).")
        pytest.skip("chromium is not installed (bin/install-browser)")
    return CHROMIUM


@pytest.fixture
def page(transactional_db, chromium_path, monkeypatch):
    """A fresh chromium page, started after the test database is set up.

    Playwright's sync API runs an asyncio loop in this thread while it lives. Django then refuses ORM
    calls from test code ("async context"), and asgiref's context-local connections would hand the test
    a new connection object; starting Playwright per test, after the database fixture, keeps the
    database set-up and teardown outside that loop. The live server answers from its own thread.
    """
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=LAUNCH_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def blocking_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as 'rule-id: help' lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
