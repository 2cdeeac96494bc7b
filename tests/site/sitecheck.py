"""Checks of the built course website. Each ``check_*`` returns a list of problems (plain
sentences); an empty list means the check passed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from tools.website import REPO

TEXT_SUFFIXES = {".html", ".js", ".txt", ".md", ".ipynb", ".py", ".json", ".csv"}
MIN_SECRET = 16
"""Shorter solution lines (``q1 = "B"``) are too common to tell a leak from course text."""


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "_static" not in p.parts)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _norm(text: str) -> str:
    """One line of text, spaces collapsed, typographic quotes (Sphinx's smartquotes) plain."""
    return " ".join(text.translate(_QUOTES).split())


# --- links -------------------------------------------------------------------------------


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        page = soup(path)
        cache[path] = {t["id"] for t in page.find_all(id=True)} | {
            t["name"] for t in page.find_all("a", attrs={"name": True})
        }
    return cache[path]


def check_links(root: Path, pdfs: bool = True) -> list[str]:
    """Every internal href/src points to a file of the site; every #anchor exists there.
    ``pdfs=False``: links to PDFs are left out (a site built without them)."""
    problems, ids = [], {}
    for page in html_pages(root):
        for tag in soup(page).find_all(["a", "img", "link", "script"]):
            target = tag.get("href") or tag.get("src")
            if not target or target.startswith(("mailto:", "javascript:", "data:")):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            if not pdfs and parts.path.endswith(".pdf"):
                continue
            file = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            where = page.relative_to(root)
            if file.is_dir():
                file = file / "index.html"
            if not file.exists():
                problems.append(f"{where}: link to {target} points to no file")
                continue
            if parts.fragment and file.suffix == ".html":
                if unquote(parts.fragment) not in _ids(file, ids):
                    problems.append(f"{where}: anchor #{parts.fragment} is not in {file.name}")
    return problems


# --- what must not be on the students' site ----------------------------------------------


def _between(cells, start: str, end: str) -> list[list[dict]]:
    """Groups of cells between raw cells ``start`` and ``end`` (Otter Assign markup)."""
    groups, current = [], None
    for cell in cells:
        text = "".join(cell["source"]).strip()
        if cell["cell_type"] == "raw" and text.startswith(start):
            current = []
        elif cell["cell_type"] == "raw" and text.startswith(end):
            if current is not None:
                groups.append(current)
            current = None
        elif current is not None:
            current.append(cell)
    return groups


def _solution_lines(code: str) -> list[str]:
    lines, inside = [], False
    for line in code.splitlines():
        if "# BEGIN SOLUTION" in line:
            inside = True
            continue
        if "# END SOLUTION" in line:
            inside = False
            continue
        if inside:
            lines.append(line)
        elif re.search(r"#\s*SOLUTION\b", line):
            lines.append(re.sub(r"#\s*SOLUTION\b.*$", "", line))
    return lines


RUBRIC = re.compile(r"Rubri[ck]")
"""The heading over a rubric: "Rubric" (English) or "Rubrik" (an Indonesian twin)."""


def secrets(repo: Path = REPO, editions: tuple[str, ...] = ("en", "id")) -> dict[str, set[str]]:
    """What only instructors may see, from the exercise sources and the rubrics.

    ``solution``: lines of model answers (code and written); ``hidden test``: lines of hidden
    tests; ``rubric``: the rubrics under the model answers. Lines that the student
    notebooks also contain (imports, prompts) are not secrets. ``editions``: whose exercise
    sources to read (English ``exercises/source/NAME/``, Indonesian ``.../id/NAME/``).
    """
    student = []
    for nb in (repo / "exercises" / "student").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            student.extend(_norm(ln) for ln in "".join(cell["source"]).splitlines())
    for test in (repo / "exercises" / "student").rglob("tests/*.py"):
        student.extend(_norm(ln) for ln in test.read_text(encoding="utf-8").splitlines())
    student_text = "\n".join(student)
    found: dict[str, set[str]] = {"solution": set(), "hidden test": set(), "rubric": set()}
    sources = []
    for lang in editions:
        folder = repo / "exercises" / "source" / ("" if lang == "en" else lang)
        sources += sorted(p for p in folder.glob("*/*.ipynb") if p.parent.name.startswith("ex"))
    for src in sources:
        cells = json.loads(src.read_text(encoding="utf-8"))["cells"]
        for group in _between(cells, "# BEGIN SOLUTION", "# END SOLUTION"):
            for cell in group:
                text = "".join(cell["source"])
                lines = _solution_lines(text) if cell["cell_type"] == "code" else text.splitlines()
                found["solution"].update(_norm(ln) for ln in lines)
                rubric = RUBRIC.search(text) if cell["cell_type"] == "markdown" else None
                if rubric:
                    # what a page shows of the rubric: the text of each line, no markup
                    for line in text[rubric.start() :].splitlines():
                        plain = re.sub(r"^\s*[-*+]\s+", "", line)
                        found["rubric"].add(_norm(re.sub(r"[*`]", "", plain)))
        for group in _between(cells, "# BEGIN TESTS", "# END TESTS"):
            for cell in group:
                text = "".join(cell["source"])
                if re.search(r"^hidden:\s*true", text, re.MULTILINE):
                    found["hidden test"].update(_norm(ln) for ln in text.splitlines())
    return {
        kind: {s for s in lines if len(s) >= MIN_SECRET and s not in student_text}
        for kind, lines in found.items()
    }


def _site_texts(root: Path, skip: tuple[str, ...]) -> dict[Path, str]:
    texts = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or rel.parts[:1] == skip:
            continue
        if "_static" in rel.parts:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            page = BeautifulSoup(raw, "html.parser")
            raw = (
                page.get_text("")
                + "\n"
                + "\n".join(str(s.string or "") for s in page.find_all("script"))
            )
        texts[rel] = "\n".join(_norm(ln) for ln in raw.splitlines())
    return texts


def check_no_leaks(root: Path, found: dict[str, set[str]] | None = None) -> list[str]:
    """No file of the students' site (every page, source copy, search index) holds a secret."""
    found = secrets() if found is None else found
    problems = []
    for rel, text in _site_texts(root, skip=("instructors",)).items():
        for kind, lines in found.items():
            for line in sorted(lines):
                if line in text:
                    problems.append(f"{rel}: {kind} on the students' site: {line[:80]!r}")
                    break
        # (Otter leaves "<!-- BEGIN QUESTION -->" in student notebooks: that one is harmless.)
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN", "hidden: true"):
            if marker in text:
                problems.append(f"{rel}: Otter Assign marker {marker!r} on the students' site")
    return problems


# --- pages without a kernel ----------------------------------------------------------------

RAW_WIDGET = re.compile(
    r"\b(VBox|HBox|Output|Dropdown|IntSlider|Button|ToggleButtons|Text|Checkbox|Tab|Box)"
    r"\((children|layout|value|options|description|outputs)="
)


def check_widget_outputs(root: Path, pages) -> list[str]:
    """Widget cells show their fallback; nothing waits for widget JavaScript or a CDN."""
    problems = []
    for page in pages:
        if page.kind == "exercise":
            continue
        path = root / page.html
        text = path.read_text(encoding="utf-8")
        doc = BeautifulSoup(text, "html.parser")
        if "application/vnd.jupyter.widget" in text:
            problems.append(f"{page.html}: a widget view or widget state is in the page")
        for script in doc.find_all("script", src=True):
            if "require" in script["src"] or "html-manager" in script["src"]:
                problems.append(f"{page.html}: loads widget JavaScript {script['src']}")
        for out in doc.select("div.cell_output"):
            shown = out.get_text(" ").strip()
            if RAW_WIDGET.search(shown):
                problems.append(f"{page.html}: a widget shows as Python text: {shown[:80]!r}")
        for cell in doc.select("div.cell"):
            code = cell.select_one("div.cell_input")
            out = cell.select_one("div.cell_output")
            if code is None:
                continue
            last = [ln for ln in code.get_text().strip().splitlines() if ln.strip()][-1:]
            calls_widget = last and re.match(
                r"^\s*((?<![\w.])show\(|MultipleChoice\(|\w+_(picker|checker|explorer|search|mapper|widget)\()",
                last[0],
            )
            multi = re.search(r"(?<![\w.])(show|MultipleChoice)\(", code.get_text())
            if (calls_widget or multi) and (out is None or not out.get_text(strip=True)):
                problems.append(
                    f"{page.html}: a widget cell shows nothing: {code.get_text()[:60]!r}"
                )
    return problems


def check_images(root: Path) -> list[str]:
    """Every image has a text alternative that says something (not a file name)."""
    problems = []
    for page in html_pages(root):
        for img in soup(page).find_all("img"):
            alt = (img.get("alt") or "").strip()
            rel = page.relative_to(root)
            if not alt:
                problems.append(f"{rel}: image {img.get('src', '')[:60]} has no alt text")
            elif re.search(r"\.(png|jpe?g|svg|gif)$", alt) or alt.startswith(("_images", "../")):
                problems.append(f"{rel}: image alt text is a file name: {alt[:60]!r}")
            elif (
                "cell_output"
                in " ".join(" ".join(p.get("class", [])) for p in img.parents if p.name == "div")
                and len(alt) < 40
            ):
                problems.append(f"{rel}: a figure's alt text is too short to describe it: {alt!r}")
    return problems


# --- the two editions ------------------------------------------------------------------------


def html_lang(path: Path) -> str | None:
    tag = soup(path).find("html")
    return tag.get("lang") if tag else None


def check_language_switches(root: Path, expected: dict[str, str], names: dict[str, str]):
    """Every page has one language switch: a relative link, named in its language (with
    ``lang`` and ``hreflang``), to ``expected[page]`` (both paths from the site's root), and
    the same address as ``<link rel="alternate">`` in its head."""
    problems = []
    for page in html_pages(root):
        rel = page.relative_to(root).as_posix()
        doc = soup(page)
        switches = doc.select("div.course-language-switch")
        if len(switches) != 1:
            problems.append(f"{rel}: {len(switches)} language switches")
            continue
        links = switches[0].find_all("a", href=True)
        if len(links) != 1:
            problems.append(f"{rel}: the language switch has {len(links)} links")
            continue
        a = links[0]
        href, lang = a["href"], a.get("lang")
        if urlsplit(href).scheme or href.startswith("/"):
            problems.append(f"{rel}: the switch's link {href} is not relative (no use offline)")
        target = (page.parent / unquote(urlsplit(href).path)).resolve()
        if not target.is_file():
            problems.append(f"{rel}: the switch leads to {href}, which does not exist")
            continue
        got = target.relative_to(root.resolve()).as_posix()
        if got != expected.get(rel):
            problems.append(f"{rel}: the switch leads to {got}, not {expected.get(rel)}")
        if lang not in names or a.get("hreflang") != lang:
            problems.append(
                f"{rel}: the switch's link has lang={lang!r} hreflang={a.get('hreflang')!r}"
            )
        elif a.get_text(" ", strip=True) != names[lang]:
            problems.append(
                f"{rel}: the switch says {a.get_text(strip=True)!r}, not {names[lang]!r}"
            )
        if html_lang(page) == lang:
            problems.append(f"{rel}: the switch leads to the page's own language {lang}")
        alternate = doc.find("link", rel="alternate", hreflang=lang)
        if alternate is None or alternate.get("href") != href:
            problems.append(f"{rel}: no <link rel=alternate hreflang={lang}> to {href} in its head")
    return problems
