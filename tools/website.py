"""The course as a website: ``python3 course.py site`` (or ``python -m tools.website``).

Two Jupyter Book 1.x books are assembled from the repository into ``_site/`` (git-ignored):

- the **students' site** (``_site/html/``): a welcome page, the start notebook and the five
  chapters with their outputs (executed at build time, network blocked), the exercise sets in
  their student form, the data cards, the glossary and the references;
- its **Indonesian edition** (``_site/html/id/``), a book of its own built the same way from
  the twin notebooks (``notebooks/id/``, ``exercises/student/id/``), with the site's own texts
  in Bahasa Indonesia (``_()``, the package's message catalogue), a glossary with the
  Indonesian term first and a data page that links to the English data cards;
- the **instructors' pages** (``_site/html/instructors/``): guide, rubrics, objective map and
  grading, taken from ``exercises/README.md`` and the README's instructors section. They are a
  separate book, so no student page, navigation entry or search index holds them (English
  only).

Every page of both editions carries a language switch: a plain relative link to the same page
in the other language (or to the other edition's home page where there is no twin), so it works
from ``file://`` as well as from the published address.

The table of contents is generated from the course manifest (``course.yml``); nothing here
lists chapters. Launch buttons (Binder, Colab, JupyterHub) come from the same setting as the
README's links (``tools.links``). Printable PDFs (one per chapter and one for the
whole course) are made from the built pages with headless Chromium (:mod:`.website_print`).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from asean_tip_course.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, language
from asean_tip_course.manifest import edition_path
from tools import links

REPO = links.REPO
SITE = REPO / "_site"
"""Everything the build makes (sources, caches, HTML, PDFs); git-ignored."""
NETGUARD = REPO / "tests" / "netguard"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIGURE_NOTE = re.compile(
    r"^\s*\*+\s*(figure\b|the figure\b|gambar\b|(deskripsi|keterangan) gambar\b)",
    re.IGNORECASE,
)
"""The sentence under a figure that describes it (English, or an Indonesian twin's)."""
WIDGET_STATE = re.compile(
    r'\s*<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', re.DOTALL
)
"""The saved state of the live widgets: no use in a page that draws their fallback instead."""
SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
CSS = Path(__file__).with_name("site_static") / "course.css"


# --- what the course contains (from the manifest) ---------------------------------------

EDITIONS = LANGUAGES
"""The site's editions, English (the source, at the site's root) first."""


def edition_root(lang: str) -> str:
    """Where an edition's book sits in the site: ``""`` (English) or ``"id/"``."""
    return "" if lang == "en" else f"{lang}/"


@dataclass(frozen=True)
class Page:
    """A notebook of the course as the site shows it."""

    path: str  # path in the repository (and in the book: the book mirrors the repository)
    title: str
    kind: str  # "start", "chapter" or "exercise"
    number: int | None = None
    lang: str = "en"  # the edition: its book is at edition_root(lang) in the site

    @property
    def docname(self) -> str:
        return self.path.removesuffix(".ipynb")

    @property
    def html(self) -> str:
        """The page in its edition's book (``notebooks/id/01_background.html``)."""
        return self.docname + ".html"

    @property
    def pdf(self) -> str:
        """The chapter's PDF in its edition's book (``pdf/01_background.pdf``)."""
        return f"pdf/{Path(self.path).stem}.pdf"

    @property
    def site_html(self) -> str:
        """The page from the site's root (``id/notebooks/id/01_background.html``)."""
        return edition_root(self.lang) + self.html


def manifest() -> dict:
    """The course manifest (``course.yml``), read through the manifest module when it exists."""
    try:
        from asean_tip_course import manifest as reader  # written by the manifest helper
    except ImportError:
        reader = None
    if reader is not None and hasattr(reader, "raw"):
        return reader.raw()
    return yaml.safe_load((REPO / "course.yml").read_text(encoding="utf-8"))


def student_exercise(source: str, lang: str = "en") -> str:
    """The student notebook that ``otter assign`` makes from an exercise source notebook
    (``lang``: that edition's, e.g. ``exercises/student/id/NAME/NAME.ipynb``)."""
    src = Path(source)
    return edition_path(f"exercises/student/{src.parent.name}/{src.name}", lang)


def pages(lang: str = "en") -> list[Page]:
    """Start notebook, chapters and exercise sets of edition ``lang``, in the manifest's order."""
    course = manifest()
    chapters = course["chapters"]
    with language(lang):
        found = [
            Page(
                edition_path(course["start"]["notebook"], lang),
                _(course["start"]["title"]),
                "start",
                lang=lang,
            )
        ]
        for ch in chapters:
            found.append(
                Page(
                    edition_path(ch["notebook"], lang),
                    f"{ch['number']}. {_(ch['title'])}",
                    "chapter",
                    ch["number"],
                    lang,
                )
            )
        for ch in chapters:
            if ch.get("exercise"):
                found.append(
                    Page(
                        student_exercise(ch["exercise"], lang),
                        _("Exercises {number}: {title}").format(
                            number=ch["number"], title=_(ch["title"])
                        ),
                        "exercise",
                        ch["number"],
                        lang,
                    )
                )
    return found


# --- turning repository files into book pages -------------------------------------------

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_FULL_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(([^)\s]+)\)")


def _resolve(target: str, repo_path: str) -> tuple[str, str] | None:
    """``(repository path, anchor)`` of a relative link in the file ``repo_path``, or None
    for an address, an anchor on the same page or an absolute path."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
        return None
    file, _sep, anchor = target.partition("#")
    resolved = os.path.normpath((Path(repo_path).parent / file).as_posix()).replace(os.sep, "/")
    return resolved, anchor


def _rewrite_links(
    text: str, repo_path: str, staged: set[str], elsewhere: dict[str, str] | None = None
) -> str:
    """Point relative links to files the site does not carry at the repository instead.

    ``elsewhere``: pages of the other edition (repository path -> link from this page to the
    built page); a link to one of them opens that page of the site (an HTML link: Sphinx does
    not know another book's pages).
    """

    def other_edition(match: re.Match) -> str:
        found = _resolve(match.group(2), repo_path)
        if not found or found[0] not in (elsewhere or {}):
            return match.group(0)
        href = elsewhere[found[0]] + (f"#{found[1]}" if found[1] else "")
        return f'<a href="{html.escape(href)}">{match.group(1)}</a>'

    def fix(match: re.Match) -> str:
        found = _resolve(match.group(2), repo_path)
        if not found:
            return match.group(0)
        resolved, anchor = found
        if resolved in staged:
            return match.group(0)
        if (REPO / resolved).exists():
            kind = "tree" if (REPO / resolved).is_dir() else "blob"
            url = f"{links.repository_url()}/{kind}/{links.BRANCH}/{resolved}"
            return f"{match.group(1)}{url}{'#' + anchor if anchor else ''}{match.group(3)}"
        return match.group(0)

    if elsewhere:
        text = _FULL_LINK.sub(other_edition, text)
    return _LINK.sub(fix, text)


def _plain(markdown: str) -> str:
    """Markdown of a figure description as one plain sentence (for an image's alt text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def stage_notebook(
    src: Path, dest: Path, page: Page, staged: set[str], elsewhere: dict[str, str] | None = None
) -> None:
    """Copy a notebook into the book, prepared for reading without a kernel.

    The Colab setup cell is left out (it does nothing here), the markers the tests use are
    dropped from code, every figure gets the sentence under it as its alt text, and exercise
    sets are shown unexecuted (a student answers them in a running notebook). Call it in the
    page's language (``with i18n.language(page.lang)``): the launch line is written in it.
    """
    nb = json.loads(src.read_text(encoding="utf-8"))
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if cell["cell_type"] == "markdown":
            cell["source"] = _rewrite_links(source, page.path, staged, elsewhere)
            continue
        if cell["cell_type"] != "code":
            continue
        if links.SETUP_TAG in tags:
            tags.append("remove-cell")
        if cell["metadata"].get("jupyter", {}).get("source_hidden"):
            # folded in JupyterLab (a quiz's answer is in its code): folded here too
            tags.append("hide-input")
        lines = [ln for ln in source.splitlines() if ln.strip() != "# NBVAL_CHECK_OUTPUT"]
        cell["source"] = "\n".join(lines)
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if nxt and nxt["cell_type"] == "markdown" and FIGURE_NOTE.match("".join(nxt["source"])):
            alt = _plain("".join(nxt["source"]))
            cell["metadata"].setdefault("mystnb", {})["image"] = {"alt": alt}
    put_launch_line(cells, page)
    meta = nb.setdefault("metadata", {})
    if page.kind == "exercise":
        meta["mystnb"] = {"execution_mode": "off"}
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def launch_line(page: Page) -> str:
    """The line at the top of a notebook page: where to run it, and its file (HTML), in the
    current language."""
    depth = page.path.count("/")
    download = "../" * depth + f"_sources/{page.path}"
    hub = links.nbgitpuller_url(links.hub_url(), page.path)
    if page.kind == "exercise":
        what = _("<strong>Run this page</strong> to answer and check these exercises:")
    else:
        what = _("<strong>Run this page</strong> to use the widgets:")
    hub_name = _("your class's JupyterHub")
    download_name = _("download the notebook (.ipynb)")
    return (
        f'<p class="course-launch">{what} '
        f'<a href="{html.escape(links.binder_url(page.path))}">Binder</a> | '
        f'<a href="{html.escape(links.colab_url(page.path))}">Colab</a> | '
        f'<a href="{html.escape(hub)}">{hub_name}</a> | '
        f'<a href="{html.escape(download)}" download>{download_name}</a></p>'
    )


def put_launch_line(cells: list[dict], page: Page) -> None:
    """Put :func:`launch_line` right under the page's title (only in the site's copy)."""
    first = cells[0] if cells else None
    if first and first["cell_type"] == "markdown":
        lines = "".join(first["source"]).split("\n")
        title = next((i for i, ln in enumerate(lines) if ln.startswith("# ")), None)
        if title is not None:
            lines[title + 1 : title + 1] = ["", launch_line(page), ""]
            first["source"] = "\n".join(lines)
            return
    cells.insert(
        0,
        {
            "cell_type": "markdown",
            "id": "course-launch",
            "metadata": {},
            "source": launch_line(page),
        },
    )


def _md_cell(text) -> str:
    text = "" if text is None else str(text)
    if text in {"nan", "NaT", "<NA>"}:
        text = ""
    return " ".join(text.split()).replace("|", "\\|")


def _t(text) -> str:
    """A catalogue message from the data (a definition, a title) in the current language."""
    text = "" if text is None else str(text)
    return _md_cell(_(text)) if _md_cell(text) else ""


def glossary_page(lang: str = "en") -> str:
    """The course glossary (``data/glossary.csv``) as one page, in chapter order.

    In English: the English term first, then its Indonesian equivalent. In the Indonesian
    edition: the Indonesian term first, then the English one, the definitions through
    ``_()`` (English until the catalogue has them).
    """
    from asean_tip_course import load

    glossary = load("glossary")
    if lang == "en":
        glossary = glossary.sort_values(["chapter", "term"], kind="stable")
        lines = [
            "# Glossary",
            "",
            "Every term the course uses, with its Indonesian equivalent and the chapter that "
            "introduces it. The same list is in `data/glossary.csv`; in a running notebook the "
            "glossary search (start notebook, chapter 5) finds a term in either language.",
            "",
            "| term | Indonesian | meaning | chapter |",
            "|---|---|---|---|",
        ]
        for row in glossary.itertuples():
            lines.append(
                f"| **{_md_cell(row.term)}** | *{_md_cell(row.indonesian)}* | "
                f"{_md_cell(row.definition)} | {_md_cell(row.chapter)} |"
            )
        return "\n".join(lines) + "\n"
    glossary = glossary.assign(_key=glossary["indonesian"].str.lower())
    glossary = glossary.sort_values(["chapter", "_key"], kind="stable")
    with language(lang):
        lines = [
            "# " + _("Glossary"),
            "",
            _(
                "Every term the course uses, in Bahasa Indonesia, with the English term it "
                "renders and the chapter that introduces it. The same list is in "
                "`data/glossary.csv`; in a running notebook the glossary search (start "
                "notebook, chapter 5) finds a term in either language."
            ),
            "",
            _("| term | English | meaning | chapter |"),
            "|---|---|---|---|",
        ]
        for row in glossary.itertuples():
            lines.append(
                f"| **{_md_cell(row.indonesian)}** | "
                f'<span lang="en">*{_md_cell(row.term)}*</span> | '
                f"{_t(row.definition)} | {_md_cell(row.chapter)} |"
            )
    return "\n".join(lines) + "\n"


def references_page() -> str:
    """Every source the course uses (``data/sources.csv``), with its terms of use; its
    labels in the current language (the sources' own titles and notes as they are)."""
    from asean_tip_course import load

    sources = load("sources")
    lines = [
        "# " + _("References"),
        "",
        _(
            "Every figure in the course traces to one of these sources (column `source_id` of "
            "each table in `data/`). *Terms* says under which terms the course uses it."
        ),
        "",
    ]
    labels = {
        "publisher": N_("- **Publisher:** {value}"),
        "year": N_("- **Year:** {value}"),
        "terms": N_("- **Terms:** {value}"),
        "note": N_("- **Note:** {value}"),
    }
    for row in sources.itertuples():
        title = _md_cell(row.title)
        url = _md_cell(row.url)
        head = f"[{title}]({url})" if url.startswith("http") else title
        lines.append(f"({row.source_id})=")
        lines.append(f"## {title}" if len(title) < 90 else f"## {row.source_id}")
        lines.append("")
        lines.append(_("- **Source:** {value}").format(value=head))
        for field_name, label in labels.items():
            value = _md_cell(getattr(row, field_name))
            if value:
                lines.append(_(label).format(value=value))
        lines.append(_("- **Id in the data:** `{value}`").format(value=row.source_id))
        lines.append("")
    return "\n".join(lines)


def data_cards_page(staged: set[str]) -> str:
    """``data/README.md`` (the data card of every table), with its tables downloadable."""
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    text = _rewrite_links(text, "data/README.md", staged)
    first, _sep, rest = text.partition("\n")
    tables = sorted(p.name for p in (REPO / "data").glob("*.csv"))
    download = ", ".join(f"[{name}]({name})" for name in tables)
    intro = (
        f"{first.replace('# Course data', '# Data cards')}\n\n"
        f"The tables themselves (CSV, UTF-8): {download}; their description: "
        "[datapackage.json](datapackage.json).\n"
    )
    return intro + rest


def data_card_anchor(table: str) -> str:
    """The anchor of a table's section in the English data cards (``## paper_claims``)."""
    from docutils.nodes import make_id

    return make_id(table)


def data_summary_page(to_english: str) -> str:
    """The data page of a translated edition: each table's title and description in the
    current language (``_()``, from ``data/schema.json``), each with a link to its full data
    card on the English site (``to_english``: the English site's root from this page)."""
    schema = json.loads((REPO / "data" / "schema.json").read_text(encoding="utf-8"))
    cards = f"{to_english}data/README.html"
    lines = [
        "# " + _("Course data"),
        "",
        _(
            "The course's figures come from these tables (CSV, UTF-8, in the folder `data/`). "
            "Each has a title and a short description here; its full data card (what each "
            "column measures, what it cannot tell, its gaps and sources) is on the English "
            'site: <a href="{cards}" hreflang="en">Data cards</a>.'
        ).format(cards=html.escape(cards)),
        "",
    ]
    for name, table in schema["tables"].items():
        card = f"{cards}#{data_card_anchor(name)}"
        lines += [
            f"## {_md_cell(_(table['title']))}",
            "",
            _md_cell(_(table["description"])),
            "",
            _("- The table: `{table}` (`data/{table}.csv`, [download]({table}.csv))").format(
                table=name
            ),
            _('- <a href="{card}" hreflang="en">Its full data card</a> (in English)').format(
                card=html.escape(card)
            ),
            "",
        ]
    return "\n".join(lines)


def welcome_page(chapter_pages: list[Page], exercises: list[Page], lang: str = "en") -> str:
    """The site's home: what the course is, how to read it here, and how to run it (in the
    edition's language)."""
    course = manifest()
    root = "" if lang == "en" else "../"
    start_page = edition_path(course["start"]["notebook"], lang)
    binder = links.binder_url(start_page)
    rows = []
    with language(lang):
        for page, ch in zip(chapter_pages, course["chapters"], strict=True):
            question = _(ch["questions"][0]) if ch.get("questions") else ""
            rows.append(
                f"| {ch['number']} | [{_md_cell(_(ch['title']))}]({page.path}) | "
                f"{ch.get('minutes', '')} | "
                f'{_md_cell(question)} | <a href="{page.pdf}">PDF</a> |'
            )
        sets = ", ".join(
            _("[exercises {number}]({path})").format(number=p.number, path=p.path)
            for p in exercises
        )
        return "\n".join(
            [
                f"# {_(course['title'])}",
                "",
                _(
                    "An open course for students of international relations: it follows an "
                    "Indonesian undergraduate paper on ASEAN's efforts against human "
                    "trafficking, checks its claims against published data, and shows where "
                    "the paper is vague or wrong. No programming is needed."
                ),
                "",
                "```{admonition} " + _("Content note"),
                _(
                    "The course describes the exploitation and abuse of people, including "
                    "women and children. It uses only aggregated, published figures and tells "
                    "no individual's story. The [start page]({start}) says where to find help."
                ).format(start=start_page),
                "```",
                "",
                "## " + _("Read it here, or run it"),
                "",
                _(
                    "These pages show every chapter with its tables and figures, so you can "
                    "read the course on a phone or before class. The widgets and the questions "
                    "with instant feedback need a running notebook: the line *Run this page* at "
                    "the top of each notebook page (or the rocket button) opens it on "
                    "**Binder** or **Colab** (both free, nothing to install) or on your "
                    "class's **JupyterHub**, and gives you the notebook file to download."
                ),
                "",
                "- " + _("[Start here]({start}) (about 15 minutes)").format(start=start_page),
                "- "
                + _("[Open the whole course in JupyterLab on Binder]({binder})").format(
                    binder=binder
                ),
                "- "
                + _(
                    "Printable versions (A4): one PDF per chapter (in the table below) and "
                    '<a href="pdf/course.pdf">the whole course as one PDF</a>.'
                ),
                "",
                "## " + _("Learning path"),
                "",
                _("| # | chapter | minutes | the question it answers | print |"),
                "|---|---|---|---|---|",
                *rows,
                "",
                _(
                    "Each chapter has a practice set: {sets}. A practice set checks your "
                    "answers as you go when you open it in a running notebook."
                ).format(sets=sets),
                "",
                "## " + _("Also here"),
                "",
                "- "
                + _(
                    "[Data cards](data/README.md): what each table measures, what it cannot "
                    "tell, its gaps"
                ),
                "- " + _("[Glossary](glossary.md), in English and Indonesian"),
                "- "
                + _("[References](references.md): every source and the terms it is used under"),
                "- "
                + _(
                    '<a href="{instructors}">For instructors</a>: guide, rubrics, objective '
                    "map and grading (a separate part of the site)"
                ).format(instructors=f"{root}instructors/index.html"),
                "",
                _(
                    "The course's files are on GitHub: <{url}>. Course text CC BY 4.0, code MIT."
                ).format(url=links.repository_url()),
                "",
            ]
        )


# --- instructors' pages --------------------------------------------------------------------


def _sections(markdown: str, level: str = "## ") -> list[tuple[str, str]]:
    """``[(heading, body)]`` of a markdown text split at headings of ``level``."""
    parts: list[tuple[str, str]] = [("", "")]
    fence = False
    for line in markdown.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            fence = not fence
        if not fence and line.startswith(level):
            parts.append((line[len(level) :].strip(), ""))
        else:
            head, body = parts[-1]
            parts[-1] = (head, body + line)
    return [(h, b) for h, b in parts if h or b.strip()]


INSTRUCTOR_PAGES = {
    # page -> (title, words that send a section of exercises/README.md to it)
    "rubrics": ("Rubrics for the written answers", ("rubric",)),
    "objectives": ("Objective map", ("objective",)),
    "grading": ("Collecting and grading", ("collect", "grading", "grade")),
}


def _question_groups(cells: list[dict]) -> list[tuple[str, list[dict]]]:
    """``[(question name, cells)]`` between Otter Assign's BEGIN/END QUESTION raw cells."""
    groups, current, name = [], None, ""
    for cell in cells:
        text = "".join(cell["source"]).strip()
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION"):
            found = re.search(r"^name:\s*(\S+)", text, re.MULTILINE)
            name, current = (found.group(1) if found else "?"), []
        elif cell["cell_type"] == "raw" and text.startswith("# END QUESTION"):
            if current is not None:
                groups.append((name, current))
            current = None
        elif current is not None:
            current.append(cell)
    return groups


def written_answer_rubrics() -> str:
    """Each written question with its model answer and rubric, from the exercise sources
    (the one place the rubrics are kept)."""
    parts = []
    for ch in manifest()["chapters"]:
        if not ch.get("exercise"):
            continue
        source = REPO / ch["exercise"]
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        for name, group in _question_groups(cells):
            answers = [
                "".join(c["source"])
                for c in group
                if c["cell_type"] == "markdown" and "Rubric" in "".join(c["source"])
            ]
            if not answers:
                continue
            prompt = next(("".join(c["source"]) for c in group if c["cell_type"] == "markdown"), "")
            parts += [
                f"## {source.stem} {name}",
                "",
                "**The question.** " + prompt,
                "",
                *answers,
                "",
            ]
    return "\n".join(parts)


def instructor_pages() -> dict[str, str]:
    """Markdown of the instructors' pages, from exercises/README.md and the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for_instructors = next(
        (body for head, body in _sections(readme) if head.lower().startswith("for instructors")),
        "",
    )
    exercises = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    sections = _sections(exercises)
    intro = sections[0][1] if sections and not sections[0][0] else ""
    intro = re.sub(r"^# .*\n", "", intro, count=1)
    bodies: dict[str, list[str]] = {name: [] for name in ("guide", *INSTRUCTOR_PAGES)}
    for head, body in sections:
        if not head:
            continue
        target = next(
            (
                name
                for name, (_, words) in INSTRUCTOR_PAGES.items()
                if any(w in head.lower() for w in words)
            ),
            "guide",
        )
        bodies[target].append(f"## {head}\n{body}")
    course = manifest()
    objective_rows = [
        f"| {o['id']} | {ch['number']}. {_md_cell(ch['title'])} | {_md_cell(o['text'])} |"
        for ch in course["chapters"]
        for o in ch.get("objectives", [])
    ]
    staged: set[str] = set()
    fix = lambda text: _rewrite_links(text, "exercises/README.md", staged)  # noqa: E731
    return {
        "index": "\n".join(
            [
                "# For instructors",
                "",
                "How to use the course with a class: choosing chapters, releasing the exercise "
                "sets, collecting and grading them. These pages are kept apart from the "
                "students' pages. "
                '<a href="../index.html">Back to the course</a>.',
                "",
                "## Using the course",
                _rewrite_links(for_instructors, "README.md", staged),
                "## The exercise sets",
                fix(intro),
                *[fix(b) for b in bodies["guide"]],
            ]
        ),
        "rubrics": f"# {INSTRUCTOR_PAGES['rubrics'][0]}\n\n"
        + "\n".join(fix(b) for b in bodies["rubrics"])
        + "\n"
        + written_answer_rubrics(),
        "objectives": "\n".join(
            [
                f"# {INSTRUCTOR_PAGES['objectives'][0]}",
                "",
                "## The course's learning objectives",
                "",
                "From the course manifest (`course.yml`): every objective with its id.",
                "",
                "| id | chapter | objective |",
                "|---|---|---|",
                *objective_rows,
                "",
                *[fix(b) for b in bodies["objectives"]],
            ]
        ),
        "grading": f"# {INSTRUCTOR_PAGES['grading'][0]}\n\n"
        + "\n".join(fix(b) for b in bodies["grading"]),
    }


# --- the books -------------------------------------------------------------------------------


def hub_url() -> str:
    """The class JupyterHub the site's JupyterHub button opens (see ``links.hub_url``)."""
    return links.hub_url()


def book_config(title: str, cache: Path, notebooks: bool, lang: str = "en") -> dict:
    """A Jupyter Book ``_config.yml``: offline, warnings as errors, widgets as their fallback;
    the theme's own words (and ``<html lang>``) in the edition's language ``lang``."""
    repo = links.repository_url()
    with language(lang):
        author = _("The course authors")
        footer = _(
            "Course text CC BY 4.0, code MIT. Figures trace to the sources named under each "
            "of them."
        )
    config = {
        "title": title,
        "author": author,
        "copyright": "2026",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "execute": {
            "execute_notebooks": "cache" if notebooks else "off",
            "cache": str(cache),
            "timeout": 300,
            "allow_errors": False,
            "stderr_output": "remove-warn",
        },
        "repository": {"url": repo, "branch": links.BRANCH, "path_to_book": ""},
        "html": {
            "use_repository_button": True,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "home_page_in_navbar": True,
            "use_multitoc_numbering": False,
            "extra_footer": footer,
        },
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "binderhub_url": "https://mybinder.org",
            "colab_url": "https://colab.research.google.com",
            "jupyterhub_url": hub_url(),
            "thebe": False,
        },
        "parse": {"myst_enable_extensions": ["colon_fence", "deflist", "linkify", "substitution"]},
        "sphinx": {
            "config": {
                "language": lang,
                "myst_heading_anchors": 3,
                # A page without a kernel shows a widget's HTML fallback (its first state and
                # a sentence on what it does), never an empty box waiting for widget code.
                "nb_mime_priority_overrides": [["html", WIDGET_VIEW, None]],
                "nb_ipywidgets_js": {},
                "nb_merge_streams": True,
                "html_static_path": ["_static"],
                "html_css_files": ["course.css"],
                "html_show_sphinx": False,
                "suppress_warnings": ["myst.header"],
            }
        },
    }
    return config


def student_toc(all_pages: list[Page], lang: str = "en") -> dict:
    """``_toc.yml`` of the students' site, made from the manifest's order."""
    by_kind = {k: [p for p in all_pages if p.kind == k] for k in ("start", "chapter", "exercise")}
    with language(lang):
        return {
            "format": "jb-book",
            "root": "index",
            "parts": [
                {
                    "caption": _("Start"),
                    "chapters": [{"file": p.docname} for p in by_kind["start"]],
                },
                {
                    "caption": _("Chapters"),
                    "chapters": [{"file": p.docname} for p in by_kind["chapter"]],
                },
                {
                    "caption": _("Exercise sets"),
                    "chapters": [{"file": p.docname} for p in by_kind["exercise"]],
                },
                {
                    "caption": _("Reference"),
                    "chapters": [
                        {"file": "data/README"},
                        {"file": "glossary"},
                        {"file": "references"},
                    ],
                },
            ],
        }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _relative(target: str, page: str) -> str:
    """A link from the page ``page`` to ``target`` (both paths from the site's root)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def stage_students(book: Path, lang: str = "en") -> list[Page]:
    """Write the students' book sources of edition ``lang`` into ``book``; return its
    notebook pages."""
    if book.exists():
        shutil.rmtree(book)
    all_pages = pages(lang)
    staged = {p.path for p in all_pages} | {"data/README.md"}
    others = [p for other in EDITIONS if other != lang for p in pages(other)]
    with language(lang):
        for page in all_pages:
            src = REPO / page.path
            if not src.exists():
                raise SystemExit(f"The manifest names {page.path}, which does not exist.")
            # a link to a notebook of another edition opens that edition's page
            elsewhere = {p.path: _relative(p.site_html, page.site_html) for p in others}
            stage_notebook(src, book / page.path, page, staged, elsewhere)
        chapters = [p for p in all_pages if p.kind == "chapter"]
        exercises = [p for p in all_pages if p.kind == "exercise"]
        _write(book / "index.md", welcome_page(chapters, exercises, lang))
        _write(book / "glossary.md", glossary_page(lang))
        _write(book / "references.md", references_page())
        if lang == "en":
            _write(book / "data" / "README.md", data_cards_page(staged))
            for table in (REPO / "data").glob("*.csv"):
                shutil.copy2(table, book / "data" / table.name)
            shutil.copy2(REPO / "data" / "datapackage.json", book / "data" / "datapackage.json")
        else:
            to_english = _relative(".", f"{edition_root(lang)}data/README.html") + "/"
            _write(book / "data" / "README.md", data_summary_page(to_english))
            for table in (REPO / "data").glob("*.csv"):
                shutil.copy2(table, book / "data" / table.name)
    return all_pages


def stage_instructors(book: Path) -> None:
    """Write the instructors' book sources into ``book``."""
    if book.exists():
        shutil.rmtree(book)
    for name, text in instructor_pages().items():
        _write(book / f"{name}.md", text)


def _common_files(book: Path, title: str, toc: dict, notebooks: bool, lang: str = "en") -> None:
    # a cache of executed notebooks per book: the books are built at the same time
    config = book_config(title, SITE / "cache" / book.name, notebooks, lang)
    _write(book / "_config.yml", yaml.safe_dump(config, allow_unicode=True))
    _write(book / "_toc.yml", yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    (book / "_static").mkdir(parents=True, exist_ok=True)
    shutil.copy2(CSS, book / "_static" / "course.css")


class BuildError(RuntimeError):
    """The book did not build cleanly (a warning counts); the message holds the log's end."""


def guarded_env() -> dict[str, str]:
    """The environment for the build: no network for Sphinx or the notebook kernels."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


_NOTEBOOK_HREF = re.compile(r"""href=(["'])([^"':#?]+)\.ipynb(#[^"']*)?\1""")


def _notebook_links_to_pages(text: str, page: Path) -> str:
    """Links to a notebook inside cell outputs (Sphinx leaves those alone) open its page."""

    def fix(match: re.Match) -> str:
        quote, path, anchor = match.group(1), match.group(2), match.group(3) or ""
        if "_sources" in path or not (page.parent / f"{path}.html").exists():
            return match.group(0)
        return f"href={quote}{path}.html{anchor}{quote}"

    return _NOTEBOOK_HREF.sub(fix, text)


# --- the language switch ---------------------------------------------------------------------

SWITCH_CLASS = "course-language-switch"
_SWITCH_BEFORE = re.compile(r'<article class="bd-article"|<div class="bd-search-container">')
_HEAD_END = "</head>"


def edition_of(site_path: str) -> tuple[str, str]:
    """``(edition, path in its book)`` of a page given from the site's root."""
    for lang in EDITIONS:
        root = edition_root(lang)
        if root and site_path.startswith(root):
            return lang, site_path[len(root) :]
    return "en", site_path


def twin_of(site_path: str, other: str, html_dir: Path) -> str:
    """The same page in edition ``other`` (from the site's root): a notebook page's twin,
    a generated page (home, glossary, references, data page, search) of the same name, or the
    other edition's home page where there is none (the instructors' pages are English only)."""
    lang, inner = edition_of(site_path)
    twin = inner
    for mine, theirs in zip(pages(lang), pages(other), strict=True):
        if mine.html == inner:
            twin = theirs.html
    if inner.startswith("instructors/") or not (html_dir / edition_root(other) / twin).is_file():
        twin = "index.html"
    return edition_root(other) + twin


def language_switch(href: str, other: str) -> str:
    """The link to the same page in language ``other``: its name in that language."""
    name = html.escape(LANGUAGE_NAMES[other])
    return (
        f'<div class="{SWITCH_CLASS} d-print-none">'
        f'<a href="{html.escape(href)}" hreflang="{other}" lang="{other}">'
        f'<i class="fa-solid fa-language" aria-hidden="true"></i> {name}</a></div>'
    )


def put_language_switches(html_dir: Path) -> int:
    """Put the language switch on every page of the site (each edition's pages and the
    instructors'); with a ``<link rel="alternate">`` in the head. Returns how many pages."""
    done = 0
    for page in sorted(html_dir.rglob("*.html")):
        rel = page.relative_to(html_dir).as_posix()
        if "_static" in page.relative_to(html_dir).parts:
            continue
        lang, _inner = edition_of(rel)
        text = page.read_text(encoding="utf-8")
        if SWITCH_CLASS in text:
            continue
        found = _SWITCH_BEFORE.search(text)
        if not found:
            raise BuildError(f"{rel}: no place for the language switch")
        links_here = []
        for other in (e for e in EDITIONS if e != lang):
            href = _relative(twin_of(rel, other, html_dir), rel)
            links_here.append((other, href))
        switch = "".join(language_switch(href, other) for other, href in links_here)
        text = text[: found.start()] + switch + "\n" + text[found.start() :]
        alternates = "".join(
            f'<link rel="alternate" hreflang="{other}" href="{html.escape(href)}" />\n'
            for other, href in links_here
        )
        text = text.replace(_HEAD_END, alternates + _HEAD_END, 1)
        page.write_text(text, encoding="utf-8")
        done += 1
    return done


# --- the whole site --------------------------------------------------------------------------


def jupyter_book(books: list[Path], logs: Path) -> None:
    """Build each book to HTML, all at once (one process each: a book runs its notebooks one
    after another, so two books use two cores), with warnings as errors; raise BuildError
    with the log of a book that is not clean."""
    running = []
    for book in books:
        cmd = [
            sys.executable,
            "-c",
            "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
            "build",
            str(book),
            "--builder",
            "html",
            "--warningiserror",
            "--keep-going",
            "--quiet",
        ]
        log = logs / f"{book.name}.log"
        out = log.open("w", encoding="utf-8")
        started = time.perf_counter()
        process = subprocess.Popen(
            cmd, cwd=book, env=guarded_env(), stdout=out, stderr=subprocess.STDOUT
        )
        running.append((book, log, out, process, started))
    failed = []
    for book, log, out, process, started in running:
        code = process.wait()
        out.close()
        print(f"Book {book.name} built in {time.perf_counter() - started:.0f} s.", flush=True)
        text = log.read_text(encoding="utf-8")
        # Sphinx's and myst-nb's messages ("file:line: WARNING: ..."); a notebook kernel's own
        # start-up log ("[IPKernelApp] WARNING | ...") is not about the book.
        warnings = [ln for ln in text.splitlines() if SPHINX_PROBLEM.search(ln)]
        if code != 0 or warnings:
            tail = "\n".join(warnings[:40] or text.splitlines()[-40:])
            failed.append(f"Jupyter Book build of {book.name} failed (log: {log}):\n{tail}")
    if failed:
        raise BuildError("\n\n".join(failed))


def student_book(lang: str) -> str:
    """The folder name of an edition's book sources under ``_site/src/``."""
    return "students" if lang == "en" else f"students-{lang}"


def build(pdf: bool = True, out: Path = SITE, playwright=None) -> Path:
    """Build the whole site (and, with Chromium, the PDFs); return the HTML folder.

    Each edition is a book of its own, the English one at the site's root, the others in a
    folder named after their language (``id/``); the notebooks' outputs are cached between
    builds (``_site/cache``), so a rebuild runs only the notebooks that changed.
    ``playwright``: a running Playwright driver for the PDFs (see ``website_print.make_pdfs``).
    """
    started = time.perf_counter()
    src = out / "src"
    course = manifest()
    editions: dict[str, list[Page]] = {}
    for lang in EDITIONS:
        book = src / student_book(lang)
        editions[lang] = stage_students(book, lang)
        with language(lang):
            title = _(course["title"])
        _common_files(book, title, student_toc(editions[lang], lang), notebooks=True, lang=lang)
    instructors = src / "instructors"
    stage_instructors(instructors)
    _common_files(
        instructors,
        "For instructors: " + course["title"],
        {
            "format": "jb-book",
            "root": "index",
            "chapters": [{"file": "rubrics"}, {"file": "objectives"}, {"file": "grading"}],
        },
        notebooks=False,
    )
    (out / "logs").mkdir(parents=True, exist_ok=True)
    jupyter_book([*(src / student_book(lang) for lang in EDITIONS), instructors], out / "logs")

    html_dir = out / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    shutil.copytree(src / student_book("en") / "_build" / "html", html_dir)
    for lang in EDITIONS[1:]:
        shutil.copytree(src / student_book(lang) / "_build" / "html", html_dir / edition_root(lang))
    shutil.copytree(instructors / "_build" / "html", html_dir / "instructors")
    # The download button gives the notebook exactly as it is in the repository (no outputs,
    # with the Colab setup cell), not the copy prepared for the page.
    for lang, found in editions.items():
        for page in found:
            target = html_dir / edition_root(lang) / "_sources" / page.path
            if target.exists():
                shutil.copy2(REPO / page.path, target)
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lean = _notebook_links_to_pages(WIDGET_STATE.sub("", text), page)
        if lean != text:
            page.write_text(lean, encoding="utf-8")
    put_language_switches(html_dir)
    _write(html_dir / ".nojekyll", "")
    built = time.perf_counter() - started
    print(f"Site built in {built:.0f} s: {html_dir / 'index.html'}", flush=True)
    if pdf:
        from tools import website_print

        why_not = website_print.missing_requirements()
        if why_not:
            print(f"PDFs skipped: {why_not}", flush=True)
        else:
            make_pdfs(html_dir, playwright)
    return html_dir


def make_pdfs(html_dir: Path, playwright=None) -> list[Path]:
    """The printable PDFs of a built site (``build``'s HTML folder): each edition's chapters
    and the whole course, in that edition's ``pdf/`` folder. Needs Chromium."""
    from tools import website_print

    t = time.perf_counter()
    made = website_print.make_pdfs(
        html_dir,
        {edition_root(lang): [p for p in pages(lang) if p.kind == "chapter"] for lang in EDITIONS},
        playwright=playwright,
    )
    print(f"{len(made)} PDFs made in {time.perf_counter() - t:.0f} s.", flush=True)
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the course website (and its PDFs).")
    parser.add_argument("--no-pdf", action="store_true", help="skip the printable PDFs")
    args = parser.parse_args(argv)
    try:
        html_dir = build(pdf=not args.no_pdf)
    except BuildError as exc:
        sys.exit(str(exc))
    print(f"Open {html_dir / 'index.html'} in a browser.")


if __name__ == "__main__":
    main()
