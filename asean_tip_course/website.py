"""The course as a website: ``python3 course.py site`` (or ``python -m asean_tip_course.website``).

Two Jupyter Book 1.x books are assembled from the repository into ``_site/`` (git-ignored):

- the **students' site** (``_site/html/``): a welcome page, the start notebook and the five
  chapters with their outputs (executed at build time, network blocked), the exercise sets in
  their student form, the data cards, the glossary and the references;
- the **instructors' pages** (``_site/html/instructors/``): guide, rubrics, objective map and
  grading, taken from ``exercises/README.md`` and the README's instructors section. They are a
  separate book, so no student page, navigation entry or search index holds them.

The table of contents is generated from the course manifest (``course.yml``); nothing here
lists chapters. Launch buttons (Binder, Colab, JupyterHub) come from the same setting as the
README's links (``asean_tip_course.links``). Printable PDFs (one per chapter and one for the
whole course) are made from the built pages with headless Chromium (:mod:`.website_print`).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools import links

REPO = links.REPO
SITE = REPO / "_site"
"""Everything the build makes (sources, caches, HTML, PDFs); git-ignored."""
NETGUARD = REPO / "tests" / "netguard"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIGURE_NOTE = re.compile(r"^\s*\*+\s*(figure\b|the figure\b)", re.IGNORECASE)
WIDGET_STATE = re.compile(
    r'\s*<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', re.DOTALL
)
"""The saved state of the live widgets: no use in a page that draws their fallback instead."""
SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
CSS = Path(__file__).with_name("site_static") / "course.css"


# --- what the course contains (from the manifest) ---------------------------------------


@dataclass(frozen=True)
class Page:
    """A notebook of the course as the site shows it."""

    path: str  # path in the repository (and in the book: the book mirrors the repository)
    title: str
    kind: str  # "start", "chapter" or "exercise"
    number: int | None = None

    @property
    def docname(self) -> str:
        return self.path.removesuffix(".ipynb")

    @property
    def html(self) -> str:
        return self.docname + ".html"

    @property
    def pdf(self) -> str:
        return f"pdf/{Path(self.path).stem}.pdf"


def manifest() -> dict:
    """The course manifest (``course.yml``), read through the manifest module when it exists."""
    try:
        from asean_tip_course import manifest as reader  # written by the manifest helper
    except ImportError:
        reader = None
    if reader is not None and hasattr(reader, "raw"):
        return reader.raw()
    return yaml.safe_load((REPO / "course.yml").read_text(encoding="utf-8"))


def student_exercise(source: str) -> str:
    """The student notebook that ``otter assign`` makes from an exercise source notebook."""
    src = Path(source)
    return f"exercises/student/{src.parent.name}/{src.name}"


def pages() -> list[Page]:
    """Start notebook, chapters and exercise sets, in the manifest's order."""
    course = manifest()
    found = [Page(course["start"]["notebook"], course["start"]["title"], "start")]
    chapters = course["chapters"]
    for ch in chapters:
        found.append(
            Page(ch["notebook"], f"{ch['number']}. {ch['title']}", "chapter", ch["number"])
        )
    for ch in chapters:
        if ch.get("exercise"):
            found.append(
                Page(
                    student_exercise(ch["exercise"]),
                    f"Exercises {ch['number']}: {ch['title']}",
                    "exercise",
                    ch["number"],
                )
            )
    return found


# --- turning repository files into book pages -------------------------------------------

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def _rewrite_links(text: str, repo_path: str, staged: set[str]) -> str:
    """Point relative links to files the site does not carry at the repository instead."""
    base = Path(repo_path).parent

    def fix(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
            return match.group(0)
        file, _, anchor = target.partition("#")
        resolved = os.path.normpath((base / file).as_posix()).replace(os.sep, "/")
        if resolved in staged:
            return match.group(0)
        if (REPO / resolved).exists():
            kind = "tree" if (REPO / resolved).is_dir() else "blob"
            url = f"{links.repository_url()}/{kind}/{links.BRANCH}/{resolved}"
            return f"{match.group(1)}{url}{'#' + anchor if anchor else ''}{match.group(3)}"
        return match.group(0)

    return _LINK.sub(fix, text)


def _plain(markdown: str) -> str:
    """Markdown of a figure description as one plain sentence (for an image's alt text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def stage_notebook(src: Path, dest: Path, page: Page, staged: set[str]) -> None:
    """Copy a notebook into the book, prepared for reading without a kernel.

    The Colab setup cell is left out (it does nothing here), the markers the tests use are
    dropped from code, every figure gets the sentence under it as its alt text, and exercise
    sets are shown unexecuted (a student answers them in a running notebook).
    """
    nb = json.loads(src.read_text(encoding="utf-8"))
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if cell["cell_type"] == "markdown":
            cell["source"] = _rewrite_links(source, page.path, staged)
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
    """The line at the top of a notebook page: where to run it, and its file (HTML)."""
    depth = page.path.count("/")
    download = "../" * depth + f"_sources/{page.path}"
    hub = links.nbgitpuller_url(links.hub_url(), page.path)
    what = "answer and check these exercises" if page.kind == "exercise" else "use the widgets"
    return (
        f'<p class="course-launch"><strong>Run this page</strong> to {what}: '
        f'<a href="{html.escape(links.binder_url(page.path))}">Binder</a> | '
        f'<a href="{html.escape(links.colab_url(page.path))}">Colab</a> | '
        f'<a href="{html.escape(hub)}">your class\'s JupyterHub</a> | '
        f'<a href="{html.escape(download)}" download>download the notebook (.ipynb)</a></p>'
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


def glossary_page() -> str:
    """The course glossary (``data/glossary.csv``) as one page, in chapter order."""
    from asean_tip_course import load

    glossary = load("glossary").sort_values(["chapter", "term"], kind="stable")
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


def references_page() -> str:
    """Every source the course uses (``data/sources.csv``), with its terms of use."""
    from asean_tip_course import load

    sources = load("sources")
    lines = [
        "# References",
        "",
        "Every figure in the course traces to one of these sources (column `source_id` of "
        "each table in `data/`). *Terms* says under which terms the course uses it.",
        "",
    ]
    for row in sources.itertuples():
        title = _md_cell(row.title)
        url = _md_cell(row.url)
        head = f"[{title}]({url})" if url.startswith("http") else title
        lines.append(f"({row.source_id})=")
        lines.append(f"## {title}" if len(title) < 90 else f"## {row.source_id}")
        lines.append("")
        lines.append(f"- **Source:** {head}")
        for label, value in (
            ("Publisher", row.publisher),
            ("Year", row.year),
            ("Terms", row.terms),
            ("Note", row.note),
        ):
            value = _md_cell(value)
            if value:
                lines.append(f"- **{label}:** {value}")
        lines.append(f"- **Id in the data:** `{row.source_id}`")
        lines.append("")
    return "\n".join(lines)


def data_cards_page(staged: set[str]) -> str:
    """``data/README.md`` (the data card of every table), with its tables downloadable."""
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    text = _rewrite_links(text, "data/README.md", staged)
    first, _, rest = text.partition("\n")
    tables = sorted(p.name for p in (REPO / "data").glob("*.csv"))
    download = ", ".join(f"[{name}]({name})" for name in tables)
    intro = (
        f"{first.replace('# Course data', '# Data cards')}\n\n"
        f"The tables themselves (CSV, UTF-8): {download}; their description: "
        "[datapackage.json](datapackage.json).\n"
    )
    return intro + rest


def welcome_page(chapter_pages: list[Page], exercises: list[Page]) -> str:
    """The site's home: what the course is, how to read it here, and how to run it."""
    course = manifest()
    binder = links.binder_url()
    rows = []
    for page, ch in zip(chapter_pages, course["chapters"], strict=True):
        question = ch["questions"][0] if ch.get("questions") else ""
        rows.append(
            f"| {ch['number']} | [{ch['title']}]({page.path}) | {ch.get('minutes', '')} | "
            f'{_md_cell(question)} | <a href="{page.pdf}">PDF</a> |'
        )
    start = course["start"]
    return "\n".join(
        [
            f"# {course['title']}",
            "",
            "An open course for students of international relations: it follows an Indonesian "
            "undergraduate paper on ASEAN's efforts against human trafficking, checks its claims "
            "against published data, and shows where the paper is vague or wrong. No programming "
            "is needed.",
            "",
            "```{admonition} Content note",
            "The course describes the exploitation and abuse of people, including women and "
            "children. It uses only aggregated, published figures and tells no individual's "
            f"story. The [start page]({start['notebook']}) says where to find help.",
            "```",
            "",
            "## Read it here, or run it",
            "",
            "These pages show every chapter with its tables and figures, so you can read the "
            "course on a phone or before class. The widgets and the questions with instant "
            "feedback need a running notebook: the line *Run this page* at the top of each "
            "notebook page (or the rocket button) opens it on **Binder** or **Colab** (both "
            "free, nothing to install) or on your class's **JupyterHub**, and gives you the "
            "notebook file to download.",
            "",
            f"- [Start here]({start['notebook']}) (about 15 minutes)",
            f"- [Open the whole course in JupyterLab on Binder]({binder})",
            "- Printable versions (A4): one PDF per chapter (in the table below) and "
            '<a href="pdf/course.pdf">the whole course as one PDF</a>.',
            "",
            "## Learning path",
            "",
            "| # | chapter | minutes | the question it answers | print |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "Each chapter has a practice set: "
            + ", ".join(f"[exercises {p.number}]({p.path})" for p in exercises)
            + ". A practice set checks your answers as you go when you open it in a running "
            "notebook.",
            "",
            "## Also here",
            "",
            "- [Data cards](data/README.md): what each table measures, what it cannot tell, "
            "its gaps",
            "- [Glossary](glossary.md), in English and Indonesian",
            "- [References](references.md): every source and the terms it is used under",
            '- <a href="instructors/index.html">For instructors</a>: guide, rubrics, '
            "objective map and grading (a separate part of the site)",
            "",
            f"The course's files are on GitHub: <{links.repository_url()}>. Course text "
            "CC BY 4.0, code MIT.",
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


def book_config(title: str, cache: Path, notebooks: bool) -> dict:
    """A Jupyter Book ``_config.yml``: offline, warnings as errors, widgets as their fallback."""
    repo = links.repository_url()
    config = {
        "title": title,
        "author": "The course authors",
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
            "extra_footer": "Course text CC BY 4.0, code MIT. Figures trace to the sources "
            "named under each of them.",
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
                "language": "en",
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


def student_toc(all_pages: list[Page]) -> dict:
    """``_toc.yml`` of the students' site, made from the manifest's order."""
    by_kind = {k: [p for p in all_pages if p.kind == k] for k in ("start", "chapter", "exercise")}
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": "Start", "chapters": [{"file": p.docname} for p in by_kind["start"]]},
            {"caption": "Chapters", "chapters": [{"file": p.docname} for p in by_kind["chapter"]]},
            {
                "caption": "Exercise sets",
                "chapters": [{"file": p.docname} for p in by_kind["exercise"]],
            },
            {
                "caption": "Reference",
                "chapters": [{"file": "data/README"}, {"file": "glossary"}, {"file": "references"}],
            },
        ],
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def stage_students(book: Path) -> list[Page]:
    """Write the students' book sources into ``book``; return its notebook pages."""
    if book.exists():
        shutil.rmtree(book)
    all_pages = pages()
    staged = {p.path for p in all_pages} | {"data/README.md"}
    for page in all_pages:
        src = REPO / page.path
        if not src.exists():
            raise SystemExit(f"The manifest names {page.path}, which does not exist.")
        stage_notebook(src, book / page.path, page, staged)
    chapters = [p for p in all_pages if p.kind == "chapter"]
    exercises = [p for p in all_pages if p.kind == "exercise"]
    _write(book / "index.md", welcome_page(chapters, exercises))
    _write(book / "glossary.md", glossary_page())
    _write(book / "references.md", references_page())
    _write(book / "data" / "README.md", data_cards_page(staged))
    for table in (REPO / "data").glob("*.csv"):
        shutil.copy2(table, book / "data" / table.name)
    shutil.copy2(REPO / "data" / "datapackage.json", book / "data" / "datapackage.json")
    return all_pages


def stage_instructors(book: Path) -> None:
    """Write the instructors' book sources into ``book``."""
    if book.exists():
        shutil.rmtree(book)
    for name, text in instructor_pages().items():
        _write(book / f"{name}.md", text)


def _common_files(book: Path, title: str, toc: dict, notebooks: bool) -> None:
    _write(book / "_config.yml", yaml.safe_dump(book_config(title, SITE / "cache", notebooks)))
    _write(book / "_toc.yml", yaml.safe_dump(toc, sort_keys=False))
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


def jupyter_book(book: Path, log: Path) -> None:
    """Build ``book`` to HTML with warnings as errors; raise BuildError with the log if not clean."""
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
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.call(
            cmd, cwd=book, env=guarded_env(), stdout=out, stderr=subprocess.STDOUT
        )
    text = log.read_text(encoding="utf-8")
    # Sphinx's and myst-nb's messages ("file:line: WARNING: ..."); a notebook kernel's own
    # start-up log ("[IPKernelApp] WARNING | ...") is not about the book.
    warnings = [ln for ln in text.splitlines() if SPHINX_PROBLEM.search(ln)]
    if code != 0 or warnings:
        tail = "\n".join(warnings[:40] or text.splitlines()[-40:])
        raise BuildError(f"Jupyter Book build of {book.name} failed (log: {log}):\n{tail}")


def build(pdf: bool = True, out: Path = SITE, playwright=None) -> Path:
    """Build the whole site (and, with Chromium, the PDFs); return the HTML folder.

    ``playwright``: a running Playwright driver for the PDFs (see ``website_print.make_pdfs``).
    """
    started = time.perf_counter()
    src = out / "src"
    students, instructors = src / "students", src / "instructors"
    all_pages = stage_students(students)
    course = manifest()
    _common_files(students, course["title"], student_toc(all_pages), notebooks=True)
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
    jupyter_book(students, out / "logs" / "students.log")
    jupyter_book(instructors, out / "logs" / "instructors.log")

    html_dir = out / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    shutil.copytree(students / "_build" / "html", html_dir)
    shutil.copytree(instructors / "_build" / "html", html_dir / "instructors")
    # The download button gives the notebook exactly as it is in the repository (no outputs,
    # with the Colab setup cell), not the copy prepared for the page.
    for page in all_pages:
        target = html_dir / "_sources" / page.path
        if target.exists():
            shutil.copy2(REPO / page.path, target)
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lean = _notebook_links_to_pages(WIDGET_STATE.sub("", text), page)
        if lean != text:
            page.write_text(lean, encoding="utf-8")
    _write(html_dir / ".nojekyll", "")
    built = time.perf_counter() - started
    print(f"Site built in {built:.0f} s: {html_dir / 'index.html'}", flush=True)
    if pdf:
        from asean_tip_course import website_print

        why_not = website_print.missing_requirements()
        if why_not:
            print(f"PDFs skipped: {why_not}", flush=True)
        else:
            t = time.perf_counter()
            made = website_print.make_pdfs(
                html_dir, [p for p in all_pages if p.kind == "chapter"], playwright=playwright
            )
            print(f"{len(made)} PDFs made in {time.perf_counter() - t:.0f} s.", flush=True)
    return html_dir


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
