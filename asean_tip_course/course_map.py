"""The map of the course: chapters, minutes, questions and objectives.

Read from the chapter notebooks themselves, so the start notebook and the README
can never disagree with what the chapters say.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)(.+?)(?:\*\*)?\s*:?\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)")
_MINUTES = re.compile(r"(\d+)\s*(?:-\s*\d+\s*)?min", re.IGNORECASE)


@dataclass
class Chapter:
    """One chapter notebook as the course map shows it."""

    number: int
    path: str
    title: str
    minutes: int | None
    questions: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


def _bullets_under(lines: list[str], word: str) -> list[str]:
    """Bullet items after the first heading that contains ``word``, up to the next heading."""
    items, inside = [], False
    for line in lines:
        heading = _HEADING.match(line) if not _ITEM.match(line) else None
        if heading:
            if inside:
                break
            inside = word in heading.group(1).lower()
            continue
        item = _ITEM.match(line)
        if inside and item:
            items.append(item.group(1))
    return items


def read_chapter(path: Path) -> Chapter:
    """Read a chapter's title, minutes, questions and objectives from its opening cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join(
        "".join(c["source"]) for c in cells[:8] if c["cell_type"] == "markdown"
    ).splitlines()
    title = next((line.lstrip("# ").strip() for line in text if line.startswith("# ")), path.stem)
    title = re.sub(r"^(Chapter\s+)?\d+\s*[.:\-\u2013\u2014]?\s*", "", title).strip()
    minutes = next((int(m.group(1)) for line in text if (m := _MINUTES.search(line))), None)
    return Chapter(
        number=int(path.name[:2]),
        path=f"notebooks/{path.name}",
        title=title,
        minutes=minutes,
        questions=_bullets_under(text, "question"),
        objectives=_bullets_under(text, "objective"),
    )


def chapters(folder: Path = NOTEBOOKS) -> list[Chapter]:
    """Every chapter notebook (01, 02, ...) in order; the start notebook is not a chapter."""
    return [
        read_chapter(p) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb")) if p.name[:2] != "00"
    ]


def chapter_html(chapter: Chapter | None) -> str:
    """What the picker shows for one chapter (or a hint when none is chosen)."""
    if chapter is None:
        return "<i>Choose a chapter above to see its questions and objectives.</i>"
    minutes = f"about {chapter.minutes} minutes" if chapter.minutes else "time not stated"
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in chapter.questions)
    objectives = "".join(f"<li>{html.escape(o)}</li>" for o in chapter.objectives)
    return (
        f"<h4>{html.escape(chapter.label)} ({minutes})</h4>"
        f"<p>Open it: <a href='{html.escape(Path(chapter.path).name)}'>"
        f"{html.escape(Path(chapter.path).name)}</a></p>"
        f"<b>Questions it answers</b><ul>{questions}</ul>"
        f"<b>After it you can</b><ul>{objectives}</ul>"
    )


def chapter_text(chapter: Chapter) -> str:
    """Plain-text version of :func:`chapter_html`, for static viewers."""
    lines = [f"{chapter.label} ({chapter.minutes or '?'} min) - {chapter.path}", "Questions:"]
    lines += [f"  - {q}" for q in chapter.questions] + ["Objectives:"]
    lines += [f"  - {o}" for o in chapter.objectives]
    return "\n".join(lines)


def chapter_picker():
    """A dropdown of chapters; shows the chosen chapter's questions and objectives."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    found = chapters()
    by_label = {c.label: c for c in found}
    picker = w.Dropdown(
        options=list(by_label),
        value=found[0].label if found else None,
        description="Chapter:",
        layout=w.Layout(width="max-content"),
    )
    out = w.HTML(chapter_html(found[0] if found else None))

    def update(change):
        out.value = chapter_html(by_label.get(change["new"]))

    picker.observe(update, names="value")
    box = w.VBox([picker, out])
    box.add_class("course-widget")
    return CourseWidget(
        box,
        "\n\n".join(chapter_text(c) for c in found),
        about="Pick a chapter from the menu to see the questions it answers and its objectives.",
        fallback_html="".join(chapter_html(c) for c in found) or chapter_html(None),
    )


def learning_path_markdown(relative_to: str = "") -> str:
    """The learning-path table (chapter, minutes, first question), links relative to a folder.

    ``relative_to=""`` gives links for the README (at the top of the repository);
    ``"notebooks"`` gives links for the start notebook, which sits beside the chapters.
    """
    rows = ["| # | chapter | minutes | the question it answers |", "|---|---|---|---|"]
    for c in chapters():
        question = c.questions[0] if c.questions else ""
        link = c.path if not relative_to else Path(c.path).relative_to(relative_to).as_posix()
        rows.append(f"| {c.number} | [{c.title}]({link}) | {c.minutes or ''} | {question} |")
    return "\n".join(rows)
