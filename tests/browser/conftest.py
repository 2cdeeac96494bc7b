"""Fixtures for the real-browser checks: one JupyterLab server and one Chromium per session.

The tests skip (with the command to fix it) when Playwright or Chromium is missing.
"""

from __future__ import annotations

import pytest
from labcheck import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, missing_requirements, start_lab


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Skip the browser tests, saying how to enable them, when a requirement is missing."""
    missing = missing_requirements()
    if missing:
        pytest.skip(f"Browser tests skipped. {missing}")


@pytest.fixture(scope="session")
def lab(browser_requirements, tmp_path_factory):
    """JupyterLab started with the README's command, serving a temporary copy of the course."""
    server = start_lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(browser_requirements, playwright_driver):
    """Headless Debian Chromium (never a browser downloaded by Playwright)."""
    chromium = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, lab):
    """A fresh browser tab (own cookies and storage) for one notebook."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()
    lab.reset()
