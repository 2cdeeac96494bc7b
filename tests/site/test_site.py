"""The course website: built from the manifest with no warnings, links and anchors resolve,
launch buttons everywhere, widgets shown as their fallbacks, no solutions on the students'
site, accessible (axe-core), readable on a phone, printable on A4."""

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

from asean_tip_course import website
from tools import links

# One build per run: with pytest-xdist (--dist loadgroup) every site test runs in one worker.
pytestmark = [pytest.mark.site, pytest.mark.xdist_group("site")]

PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 900}


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_table_of_contents_is_the_manifest(site):
    toc = yaml.safe_load((website.SITE / "src" / "students" / "_toc.yml").read_text())
    listed = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    expected = [p.docname for p in website.pages()]
    assert listed[: len(expected)] == expected
    nav = sitecheck.soup(site / "index.html").select_one("nav.bd-docs-nav")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    for page in website.pages():
        assert any(h.endswith(page.html) for h in hrefs), f"{page.path} is not in the navigation"
    assert "instructors" not in " ".join(hrefs), "instructors' pages are in the students' nav"


def test_internal_links_and_anchors_resolve(site):
    problems = sitecheck.check_links(site)
    assert not problems, _report(problems)


def _same_link(a: str, b: str) -> bool:
    pa, pb = urlsplit(unquote(a)), urlsplit(unquote(b))
    return (pa.scheme, pa.netloc, pa.path) == (pb.scheme, pb.netloc, pb.path) and parse_qs(
        pa.query
    ) == parse_qs(pb.query)


def test_every_notebook_page_has_launch_buttons_and_download(site):
    problems = []
    for page in website.pages():
        doc = sitecheck.soup(site / page.html)
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
            target = (site / page.html).parent / download[0]["href"]
            if target.read_bytes() != (website.REPO / page.path).read_bytes():
                problems.append(f"{page.html}: the downloaded notebook is not the repository's")
    assert not problems, _report(problems)


def test_widget_cells_show_their_fallback_without_widget_code(site):
    problems = sitecheck.check_widget_outputs(site, website.pages())
    assert not problems, _report(problems)


def test_cells_folded_in_the_notebook_are_folded_on_the_page(site):
    for page in website.pages():
        cells = json.loads((website.REPO / page.path).read_text(encoding="utf-8"))["cells"]
        folded = sum(bool(c["metadata"].get("jupyter", {}).get("source_hidden")) for c in cells)
        shown = len(sitecheck.soup(site / page.html).select("div.cell.tag_hide-input"))
        assert shown == folded, f"{page.html}: {folded} folded cells, {shown} folded on the page"


def test_every_image_has_a_text_alternative(site):
    problems = sitecheck.check_images(site)
    assert not problems, _report(problems)
    figures = [
        img
        for page in website.pages()
        for img in sitecheck.soup(site / page.html).select("div.cell_output img")
    ]
    assert figures, "no figure found in the chapters"
    assert all(
        img["alt"].lower().lstrip("*").startswith(("figure", "the figure")) for img in figures
    )


def test_students_site_has_no_solutions_hidden_tests_or_rubrics(site):
    found = sitecheck.secrets()
    assert all(found.values()), f"secrets were not read from the exercise sources: {found.keys()}"
    problems = sitecheck.check_no_leaks(site, found)
    assert not problems, _report(problems)


def test_the_instructors_pages_hold_the_rubrics_and_objectives(site):
    rubrics = sitecheck.soup(site / "instructors" / "rubrics.html").get_text("")
    text = sitecheck._norm(rubrics)
    found = sitecheck.secrets()["rubric"]
    assert found and all(s in text for s in found), "a rubric sentence is missing"
    objectives = sitecheck.soup(site / "instructors" / "objectives.html").get_text(" ")
    ids = [o["id"] for ch in website.manifest()["chapters"] for o in ch["objectives"]]
    assert all(i in objectives for i in ids)


def test_leak_check_finds_a_planted_leak(site, tmp_path):
    found = sitecheck.secrets()
    planted = tmp_path / "html"
    shutil.copytree(site, planted, ignore=shutil.ignore_patterns("_images", "pdf", "_static"))
    assert sitecheck.check_no_leaks(planted, found) == []
    page = planted / "notebooks" / "04_evidence.html"
    for kind, lines in found.items():
        leak = sorted(lines)[0]
        original = page.read_text(encoding="utf-8")
        page.write_text(original.replace("</main>", f"<pre>{leak}</pre></main>"), "utf-8")
        problems = sitecheck.check_no_leaks(planted, found)
        assert any(kind in p for p in problems), f"a planted {kind} was not found"
        page.write_text(original, "utf-8")
    (planted / "_sources" / "leak.ipynb").write_text(json.dumps({"x": "# BEGIN SOLUTION"}))
    assert sitecheck.check_no_leaks(planted, found)


def test_pdfs_one_per_chapter_and_the_whole_course(site, chromium):
    from pypdf import PdfReader

    total = 0
    for page in [p for p in website.pages() if p.kind == "chapter"]:
        reader = PdfReader(site / page.pdf)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), "not A4"
        # NFKC: the PDF's ligatures (fi, ffi) read as the letters they stand for
        text = " ".join(p.extract_text() for p in reader.pages)
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        assert f"Chapter {page.number}" in text
        assert "Run this page" not in text and "Search" not in text[:200]
        doc = sitecheck.soup(site / page.html)
        for img in doc.select("div.cell_output img"):
            # the description under each figure is printed too (first words)
            words = " ".join(img["alt"].split()[2:8])
            assert words in text, f"{page.pdf}: figure description {words!r} is not printed"
        images = sum(len(p.images) for p in reader.pages)
        assert images >= len(doc.select("div.cell_output img")), f"{page.pdf}: figures missing"
        total += len(reader.pages)
    whole = PdfReader(site / "pdf" / "course.pdf")
    assert len(whole.pages) == total


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
    assert re.search(r"notebooks/0\d_", " ".join(names))
