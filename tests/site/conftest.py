"""The course website, built once per test session (``python3 course.py site`` does the same)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from asean_tip_course import website, website_print  # noqa: E402


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The built site's HTML folder. A build warning fails every site test with its message."""
    pdf = website_print.missing_requirements() is None
    driver = request.getfixturevalue("playwright_driver") if pdf else None
    try:
        return website.build(pdf=pdf, playwright=driver)
    except website.BuildError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def chromium(request):
    why_not = website_print.missing_requirements()
    if why_not:
        pytest.skip(f"Site browser checks skipped: {why_not}")
    browser = website_print.launch(request.getfixturevalue("playwright_driver"))
    yield browser
    browser.close()
