"""The map of the course: chapters, minutes, questions and objectives.

Read from the course manifest (``course.yml``, see ``manifest.py``). The chapters' opening
cells, the start notebook's learning path and the README are generated from the same file
(``python3 course.py build``), so they can never disagree.
"""

from __future__ import annotations

import html
from pathlib import Path

from asean_tip_course.manifest import Chapter, course


def chapters() -> list[Chapter]:
    """Every chapter in order (the start notebook is not a chapter)."""
    return list(course().chapters)


def chapter_html(chapter: Chapter | None) -> str:
    """What the picker shows for one chapter (or a hint when none is chosen)."""
    if chapter is None:
        return "<i>Choose a chapter above to see its questions and objectives.</i>"
    minutes = f"about {chapter.minutes} minutes"
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in chapter.questions)
    objectives = "".join(
        f"<li>{html.escape(o.id)} {html.escape(o.text)}</li>" for o in chapter.objectives
    )
    return (
        f"<h4>{html.escape(chapter.label)} ({minutes})</h4>"
        f"<p>Open it: <a href='{html.escape(Path(chapter.notebook).name)}'>"
        f"{html.escape(Path(chapter.notebook).name)}</a></p>"
        f"<b>Questions it answers</b><ul>{questions}</ul>"
        f"<b>After it you can</b><ul>{objectives}</ul>"
    )


def chapter_text(chapter: Chapter) -> str:
    """Plain-text version of :func:`chapter_html`, for static viewers."""
    lines = [f"{chapter.label} ({chapter.minutes} min) - {chapter.notebook}", "Questions:"]
    lines += [f"  - {q}" for q in chapter.questions] + ["Objectives:"]
    lines += [f"  - {o.id} {o.text}" for o in chapter.objectives]
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


def learning_path_markdown(relative_to: str = "", lang: str = "en") -> str:
    """The learning-path table (chapter, minutes, first question), links relative to a folder.

    ``relative_to=""`` gives links for the README (at the top of the repository);
    ``"notebooks"`` gives links for the start notebook, which sits beside the chapters.
    ``lang`` is the edition: its notebooks and its language (``"id"``: ``notebooks/id/...``).
    """
    from asean_tip_course.i18n import _, language

    with language(lang):
        head = _("| # | chapter | minutes | the question it answers |")
        rows = [head, "|---|---|---|---|"]
        for c in course().edition(lang).chapters:
            question = _(c.questions[0]) if c.questions else ""
            link = Path(c.notebook)
            link = (link.relative_to(relative_to) if relative_to else link).as_posix()
            rows.append(f"| {c.number} | [{_(c.title)}]({link}) | {c.minutes} | {question} |")
    return "\n".join(rows)
