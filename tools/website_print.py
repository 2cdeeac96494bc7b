"""Printable PDFs of the course website: one per chapter and one for the whole course, for
each edition (the Indonesian ones in ``id/pdf/``).

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


def footer(lang: str = "en") -> str:
    """The footer of every printed page (the page's title, "page N of M") in ``lang``."""
    from asean_tip_course.i18n import _, language

    with language(lang):
        count = _("page {page} of {total}").format(
            page='<span class="pageNumber"></span>', total='<span class="totalPages"></span>'
        )
    return (
        '<div style="font-size:8px; width:100%; padding:0 14mm; color:#555;">'
        f'<span class="title"></span><span style="float:right">{count}</span></div>'
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


def print_page(page, html_file: Path, pdf_file: Path, lang: str = "en") -> None:
    """Print one built page to an A4 PDF (its footer in ``lang``)."""
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
        footer_template=footer(lang),
    )


def make_pdfs(html_dir: Path, chapters, playwright=None) -> list[Path]:
    """PDFs of the chapters (``website.Page`` objects) and one of them all.

    ``chapters``: a list of pages, or ``{edition's folder in the site: its chapters}``
    (``{"": [...], "id/": [...]}``) for one set of PDFs per edition, each in that edition's
    ``pdf/`` folder. ``playwright``: a running Playwright driver to reuse (the tests pass
    theirs: its sync API cannot run two drivers at once in one process); without it, one is
    started here.
    """
    from contextlib import nullcontext

    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    editions = chapters if isinstance(chapters, dict) else {"": chapters}
    made: list[Path] = []
    printed: dict[str, list[Path]] = {root: [] for root in editions}
    with nullcontext(playwright) if playwright else sync_playwright() as driver:
        browser = launch(driver)
        page = browser.new_page()
        for root, found in editions.items():
            for chapter in found:
                target = html_dir / root / chapter.pdf
                lang = getattr(chapter, "lang", "en")
                print_page(page, html_dir / root / chapter.html, target, lang)
                printed[root].append(target)
        browser.close()
    for root, pdfs in printed.items():
        whole = PdfWriter()
        for pdf in pdfs:
            whole.append(str(pdf), outline_item=pdf.stem.replace("_", " "))
        course = html_dir / root / "pdf" / "course.pdf"
        course.parent.mkdir(parents=True, exist_ok=True)
        with course.open("wb") as out:
            whole.write(out)
        made += [*pdfs, course]
    return made
