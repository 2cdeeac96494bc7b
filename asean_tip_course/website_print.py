"""Printable PDFs of the course website: one per chapter and one for the whole course.

Each PDF is printed from the built page by headless Chromium (Debian's, through Playwright),
so it shows exactly what the page shows: tables, figures and the sentence describing each
figure. The site's print style (``site_static/course.css``) hides navigation and buttons and
lets long lines wrap on A4.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
FOOTER = (
    '<div style="font-size:8px; width:100%; padding:0 14mm; color:#555;">'
    '<span class="title"></span><span style="float:right">page '
    '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def missing_requirements() -> str | None:
    """Why PDFs cannot be made here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[site]')."
    if not CHROMIUM.exists():
        return f"Chromium was not found at {CHROMIUM} (on Debian: apt-get install chromium)."
    return None


def launch(playwright):
    """Debian's Chromium, headless, without any network of its own."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )


def print_page(page, html_file: Path, pdf_file: Path) -> None:
    """Print one built page to an A4 PDF."""
    page.goto(html_file.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    pdf_file.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(pdf_file),
        format="A4",
        print_background=True,
        prefer_css_page_size=True,
        display_header_footer=True,
        header_template="<div></div>",
        footer_template=FOOTER,
    )


def make_pdfs(html_dir: Path, chapters, playwright=None) -> list[Path]:
    """PDFs of the start page's chapters (``website.Page`` objects) and one of them all.

    ``playwright``: a running Playwright driver to reuse (the tests pass theirs: its sync API
    cannot run two drivers at once in one process); without it, one is started here.
    """
    from contextlib import nullcontext

    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    made: list[Path] = []
    with nullcontext(playwright) if playwright else sync_playwright() as driver:
        browser = launch(driver)
        page = browser.new_page()
        for chapter in chapters:
            target = html_dir / chapter.pdf
            print_page(page, html_dir / chapter.html, target)
            made.append(target)
        browser.close()
    whole = PdfWriter()
    for pdf in made:
        whole.append(str(pdf), outline_item=pdf.stem.replace("_", " "))
    course = html_dir / "pdf" / "course.pdf"
    with course.open("wb") as out:
        whole.write(out)
    made.append(course)
    return made
