"""The course website: built from the manifest with no warnings, links and anchors resolve,
launch buttons everywhere, widgets shown as their fallbacks, no solutions on the students'
site, accessible (axe-core), readable on a phone, printable on A4; in two editions (English
at the root, Bahasa Indonesia in id/), every page with a language switch to its twin."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import sitecheck
import yaml

from asean_tip_course.i18n import LANGUAGE_NAMES, _, language
from tools import links, website

# One build per run: with pytest-xdist (--dist loadgroup) every site test runs in one worker.
pytestmark = [pytest.mark.site, pytest.mark.xdist_group("site")]

PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 900}
EDITIONS = website.EDITIONS
ROOT = {"en": "", "id": "id/"}
"""Where each edition is in the site (said here, not taken from the code under test)."""


def edition_pages(lang: str) -> list[website.Page]:
    return website.pages(lang)


def all_pages() -> list[website.Page]:
    return [p for lang in EDITIONS for p in edition_pages(lang)]


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", EDITIONS)
def test_table_of_contents_is_the_manifest(site, lang):
    book = website.SITE / "src" / website.student_book(lang)
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    listed = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    expected = [p.docname for p in edition_pages(lang)]
    assert listed[: len(expected)] == expected
    nav = sitecheck.soup(site / ROOT[lang] / "index.html").select_one("nav.bd-docs-nav")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    for page in edition_pages(lang):
        assert any(h.endswith(page.html) for h in hrefs), f"{page.path} is not in the navigation"
    assert "instructors" not in " ".join(hrefs), "instructors' pages are in the students' nav"


def test_internal_links_and_anchors_resolve(site):
    """Links to the PDFs are checked with the PDFs (a browser test, below)."""
    problems = sitecheck.check_links(site, pdfs=False)
    assert not problems, _report(problems)


def _same_link(a: str, b: str) -> bool:
    pa, pb = urlsplit(unquote(a)), urlsplit(unquote(b))
    return (pa.scheme, pa.netloc, pa.path) == (pb.scheme, pb.netloc, pb.path) and parse_qs(
        pa.query
    ) == parse_qs(pb.query)


def test_every_notebook_page_has_launch_buttons_and_download(site):
    """On both editions: each page opens its own notebook (an Indonesian page its twin)."""
    problems = []
    for page in all_pages():
        doc = sitecheck.soup(site / ROOT[page.lang] / page.html)
        hrefs = [a["href"] for a in doc.find_all("a", href=True)]
        wanted = {
            "Binder": links.binder_url(page.path),
            "Colab": links.colab_url(page.path),
            "JupyterHub": links.nbgitpuller_url(links.hub_url(), page.path),
        }
        for name, url in wanted.items():
            found = [h for h in hrefs if _same_link(h, url)]
            # the theme's launch menu and the line at the top of the page
            if len(found) < 2:
                problems.append(f"{page.html}: {name} link {url} found {len(found)} time(s)")
        download = [a for a in doc.find_all("a", download=True) if a["href"].endswith(".ipynb")]
        if not download:
            problems.append(f"{page.html}: no download link for the notebook")
        else:
            target = (site / ROOT[page.lang] / page.html).parent / download[0]["href"]
            if target.read_bytes() != (website.REPO / page.path).read_bytes():
                problems.append(f"{page.html}: the downloaded notebook is not the repository's")
    assert not problems, _report(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_widget_cells_show_their_fallback_without_widget_code(site, lang):
    problems = sitecheck.check_widget_outputs(site / ROOT[lang], edition_pages(lang))
    assert not problems, _report(problems)


def test_cells_folded_in_the_notebook_are_folded_on_the_page(site):
    for page in all_pages():
        cells = json.loads((website.REPO / page.path).read_text(encoding="utf-8"))["cells"]
        folded = sum(bool(c["metadata"].get("jupyter", {}).get("source_hidden")) for c in cells)
        doc = sitecheck.soup(site / ROOT[page.lang] / page.html)
        shown = len(doc.select("div.cell.tag_hide-input"))
        assert shown == folded, f"{page.html}: {folded} folded cells, {shown} folded on the page"


FIGURE_WORDS = {
    "en": ("figure", "the figure"),
    "id": ("gambar", "deskripsi gambar", "keterangan gambar", "figure"),
}
"""How the sentence under a figure starts (a twin's figure not translated yet: English)."""


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_image_has_a_text_alternative(site, lang):
    problems = sitecheck.check_images(site / ROOT[lang])
    assert not problems, _report(problems)
    figures = [
        img
        for page in edition_pages(lang)
        for img in sitecheck.soup(site / ROOT[lang] / page.html).select("div.cell_output img")
    ]
    assert figures, "no figure found in the chapters"
    assert all(img["alt"].lower().lstrip("*").startswith(FIGURE_WORDS[lang]) for img in figures)


def test_students_site_has_no_solutions_hidden_tests_or_rubrics(site):
    found = sitecheck.secrets()
    assert all(found.values()), f"secrets were not read from the exercise sources: {found.keys()}"
    problems = sitecheck.check_no_leaks(site, found)
    assert not problems, _report(problems)


def test_the_instructors_pages_hold_the_rubrics_and_objectives(site):
    rubrics = sitecheck.soup(site / "instructors" / "rubrics.html").get_text("")
    text = sitecheck._norm(rubrics)
    found = sitecheck.secrets(editions=("en",))["rubric"]  # (these pages are English only)
    assert found and all(s in text for s in found), "a rubric sentence is missing"
    objectives = sitecheck.soup(site / "instructors" / "objectives.html").get_text(" ")
    ids = [o["id"] for ch in website.manifest()["chapters"] for o in ch["objectives"]]
    assert all(i in objectives for i in ids)


def test_leak_check_finds_a_planted_leak(site, tmp_path):
    """The check can fail: a secret planted in a copy of one built page is found (the whole
    site is checked clean by the test above)."""
    found = sitecheck.secrets()
    planted = tmp_path / "html"
    page = planted / "notebooks" / "04_evidence.html"
    page.parent.mkdir(parents=True)
    shutil.copy2(site / "notebooks" / "04_evidence.html", page)
    assert sitecheck.check_no_leaks(planted, found) == []
    for kind, lines in found.items():
        leak = sorted(lines)[0]
        original = page.read_text(encoding="utf-8")
        page.write_text(original.replace("</main>", f"<pre>{leak}</pre></main>"), "utf-8")
        problems = sitecheck.check_no_leaks(planted, found)
        assert any(kind in p for p in problems), f"a planted {kind} was not found"
        page.write_text(original, "utf-8")
    (planted / "_sources").mkdir()
    (planted / "_sources" / "leak.ipynb").write_text(json.dumps({"x": "# BEGIN SOLUTION"}))
    assert sitecheck.check_no_leaks(planted, found)


CHAPTER_WORD = {"en": "Chapter", "id": "Bab"}
RUN_LINE = {"en": "Run this page", "id": "Jalankan halaman ini"}
PAGE_COUNT = {"en": r"page \d+ of \d+", "id": r"halaman \d+ dari \d+"}


@pytest.mark.parametrize("lang", EDITIONS)
def test_pdfs_one_per_chapter_and_the_whole_course(site_pdfs, lang):
    from pypdf import PdfReader

    site = site_pdfs

    total = 0
    for page in [p for p in edition_pages(lang) if p.kind == "chapter"]:
        reader = PdfReader(site / ROOT[lang] / page.pdf)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), "not A4"
        # NFKC: the PDF's ligatures (fi, ffi) read as the letters they stand for
        text = " ".join(p.extract_text() for p in reader.pages)
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        assert f"{CHAPTER_WORD[lang]} {page.number}" in text
        assert RUN_LINE[lang] not in text and "Search" not in text[:200]
        assert re.search(PAGE_COUNT[lang], text), f"{page.pdf}: no page count in {lang}"
        doc = sitecheck.soup(site / ROOT[lang] / page.html)
        for img in doc.select("div.cell_output img"):
            # the description under each figure is printed too (first words)
            words = " ".join(img["alt"].split()[2:8])
            assert words in text, f"{page.pdf}: figure description {words!r} is not printed"
        images = sum(len(p.images) for p in reader.pages)
        assert images >= len(doc.select("div.cell_output img")), f"{page.pdf}: figures missing"
        total += len(reader.pages)
    whole = PdfReader(site / ROOT[lang] / "pdf" / "course.pdf")
    assert len(whole.pages) == total
    index = site / ROOT[lang] / "index.html"
    to_pdfs = [a["href"] for a in sitecheck.soup(index).find_all("a", href=True)]
    assert sum(href.endswith(".pdf") for href in to_pdfs) == total_chapters(lang) + 1
    problems = [p for p in sitecheck.check_links(site) if ".pdf" in p]
    assert not problems, _report(problems)


def total_chapters(lang: str) -> int:
    return len([p for p in edition_pages(lang) if p.kind == "chapter"])


# --- the Indonesian edition and the language switch -----------------------------------------


def test_the_indonesian_site_is_built_with_every_page(site):
    assert (site / "id" / "index.html").is_file()
    for page in edition_pages("id"):
        assert page.path.startswith(("notebooks/id/", "exercises/student/id/")), page.path
        assert (site / "id" / page.html).is_file(), f"id/{page.html} was not built"
    chapters = [p for p in edition_pages("id") if p.kind == "chapter"]
    assert len(chapters) == len(website.manifest()["chapters"])
    for name in ("glossary.html", "references.html", "data/README.html", "search.html"):
        assert (site / "id" / name).is_file(), f"id/{name} was not built"
    # the instructors' pages are English only, linked from the Indonesian home page
    assert not (site / "id" / "instructors").exists()
    home = sitecheck.soup(site / "id" / "index.html")
    assert home.find("a", href="../instructors/index.html")


def test_each_edition_says_its_language(site):
    problems = []
    for path in _pages(site):
        rel = path.relative_to(site).as_posix()
        want = "id" if rel.startswith("id/") else "en"
        if sitecheck.html_lang(path) != want:
            problems.append(f"{rel}: <html lang={sitecheck.html_lang(path)!r}>, not {want!r}")
    assert not problems, _report(problems)


def test_the_indonesian_pages_speak_indonesian(site):
    """The home page, the chapters' titles and the launch line come from the catalogue."""
    course = website.manifest()
    with language("id"):
        title, run = _(course["title"]), _("<strong>Run this page</strong> to use the widgets:")
        chapter_titles = [_(ch["title"]) for ch in course["chapters"]]
    assert title != course["title"], "the course title has no Indonesian translation"
    home = sitecheck.soup(site / "id" / "index.html")
    assert home.find("h1").get_text(" ", strip=True).startswith(title)
    text = sitecheck._norm(home.get_text(" "))
    assert all(t in text for t in chapter_titles)
    assert "Catatan konten" in text and "Content note" not in text
    page = sitecheck.soup(site / "id" / "notebooks" / "id" / "01_background.html")
    launch = page.select_one("p.course-launch")
    assert launch is not None and str(launch).startswith(f'<p class="course-launch">{run}')


def test_the_indonesian_glossary_puts_the_indonesian_term_first(site):
    from asean_tip_course import load

    glossary = load("glossary")
    table = sitecheck.soup(site / "id" / "glossary.html").select_one("table")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    ]
    assert len(rows) == len(glossary)
    by_term = {r.indonesian: r for r in glossary.itertuples()}
    with language("id"):
        for cells in rows:
            row = by_term[cells[0]]
            assert cells[1] == row.term
            assert sitecheck._norm(cells[2]) == sitecheck._norm(_(row.definition))


def test_the_indonesian_data_page_gives_each_table_and_links_to_its_card(site):
    schema = json.loads((website.REPO / "data" / "schema.json").read_text(encoding="utf-8"))
    page = site / "id" / "data" / "README.html"
    doc = sitecheck.soup(page)
    headings = [h.get_text(" ", strip=True).rstrip("#").strip() for h in doc.select("article h2")]
    text = sitecheck._norm(doc.get_text(" "))
    with language("id"):
        for name, table in schema["tables"].items():
            assert _(table["title"]) in headings, f"table {name}: no heading"
            assert sitecheck._norm(_(table["description"])) in text, f"table {name}"
    cards = {a["href"] for a in doc.find_all("a", href=True) if "data/README.html#" in a["href"]}
    assert len(cards) == len(schema["tables"])
    for href in cards:  # each leads to the English data cards (anchors: the link check)
        assert (page.parent / href.split("#")[0]).resolve() == (site / "data" / "README.html")


def _expected_switches(site: Path) -> dict[str, str]:
    """Each page's twin, from the site's root: a notebook page's twin, a page of the same
    name, or the other edition's home page."""
    english, indonesian = edition_pages("en"), edition_pages("id")
    twin = {p.html: "id/" + q.html for p, q in zip(english, indonesian, strict=True)}
    twin |= {"id/" + q.html: p.html for p, q in zip(english, indonesian, strict=True)}
    expected = {}
    for path in _pages(site):
        rel = path.relative_to(site).as_posix()
        if rel in twin:
            target = twin[rel]
        elif rel.startswith("instructors/"):
            target = "id/index.html"
        elif rel.startswith("id/"):
            target = rel.removeprefix("id/")
        else:
            target = "id/" + rel
        if not (site / target).is_file():
            target = "index.html" if rel.startswith("id/") else "id/index.html"
        expected[rel] = target
    return expected


def test_every_page_has_a_language_switch_to_its_twin(site):
    expected = _expected_switches(site)
    assert expected["notebooks/04_evidence.html"] == "id/notebooks/id/04_evidence.html"
    assert expected["id/glossary.html"] == "glossary.html"
    assert expected["instructors/rubrics.html"] == "id/index.html"
    problems = sitecheck.check_language_switches(site, expected, LANGUAGE_NAMES)
    assert not problems, _report(problems)


def test_the_language_switch_is_visible_and_works_by_keyboard_at_phone_width(site, chromium):
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    problems = []
    for start, target in (
        ("id/notebooks/id/02_asean_measures.html", "notebooks/02_asean_measures.html"),
        ("notebooks/02_asean_measures.html", "id/notebooks/id/02_asean_measures.html"),
        ("instructors/index.html", "id/index.html"),
    ):
        tab.goto((site / start).as_uri(), wait_until="load")
        link = tab.locator("div.course-language-switch a")
        box = link.bounding_box()
        if not link.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > 376:
            problems.append(f"{start}: the switch is not visible at 375 px ({box})")
            continue
        if box["y"] + box["height"] > PHONE["height"]:
            problems.append(f"{start}: the switch is below the first screen ({box})")
        for _press in range(40):  # Tab through the page until the switch has the focus
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.closest('.course-language-switch') !== null"):
                break
        else:
            problems.append(f"{start}: Tab never reaches the language switch")
            continue
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        if tab.url != (site / target).as_uri():
            problems.append(f"{start}: Enter on the switch opened {tab.url}, not {target}")
        tab.emulate_media(media="print")
        if tab.locator("div.course-language-switch").is_visible():
            problems.append(f"{target}: the switch would be printed")
        tab.emulate_media(media="screen")
    context.close()
    assert not problems, _report(problems)


def _pages(site: Path) -> list[Path]:
    return sitecheck.html_pages(site)


@pytest.fixture(scope="module")
def tab(chromium):
    context = chromium.new_context(viewport=LAPTOP)
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        ),
    )
    page.outside_requests = outside
    yield page
    context.close()


def test_axe_no_serious_or_critical_violations(site, tab):
    from axe_playwright_python.sync_playwright import Axe

    axe, problems = Axe(), []
    for path in _pages(site):
        tab.goto(path.as_uri(), wait_until="load")
        results = axe.run(tab)
        for v in results.response["violations"]:
            if v["impact"] in {"serious", "critical"}:
                where = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"{path.relative_to(site)}: {v['id']} ({v['impact']}) at {where}")
    assert not tab.outside_requests, f"pages asked the network for {tab.outside_requests[:5]}"
    assert not problems, _report(problems)


WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width + 1) wide.push('the page scrolls sideways');
  for (const el of document.querySelectorAll('.bd-article p, .bd-article li, .bd-article h1, .bd-article h2')) {
    if (el.closest('table, pre, .cell_output')) continue;  // these scroll in their own box
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) wide.push(el.tagName + ': ' + el.textContent.slice(0, 50));
  }
  return wide;
}"""


def test_pages_fit_a_phone_screen(site, chromium):
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    problems = []
    for path in _pages(site):
        tab.goto(path.as_uri(), wait_until="load")
        for what in tab.evaluate(WIDER_THAN_SCREEN)[:3]:
            problems.append(f"{path.relative_to(site)} at 375 px: {what}")
    context.close()
    assert not problems, _report(problems)


def test_axe_found_the_pages(site):
    names = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert {"index.html", "instructors/index.html", "glossary.html", "references.html"} <= names
    assert {"id/index.html", "id/glossary.html", "id/data/README.html"} <= names
    assert re.search(r"(?<!id/)notebooks/0\d_", " ".join(names))
    assert re.search(r"id/notebooks/id/0\d_", " ".join(names))
