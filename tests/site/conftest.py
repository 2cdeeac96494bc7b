"""The course website, built once per test session (``python3 course.py site`` does the same)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools import website, website_print  # noqa: E402


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site's HTML folder (without its PDFs: ``site_pdfs`` adds them). A build
    warning fails every site test with its message."""
    try:
        return website.build(pdf=False)
    except website.BuildError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def chromium(request):
    """Headless Chromium for the site's browser checks. The tests that use it are also
    marked ``browser`` (conftest.py): ``-m "not browser"`` leaves them out."""
    why_not = website_print.missing_requirements()
    if why_not:
        pytest.skip(f"Site browser checks skipped: {why_not}")
    browser = website_print.launch(request.getfixturevalue("playwright_driver"))
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def site_pdfs(site, chromium, playwright_driver) -> Path:
    """The built site with its PDFs, printed by Chromium as ``python3 course.py site`` does."""
    website.make_pdfs(site, playwright=playwright_driver)
    return site
