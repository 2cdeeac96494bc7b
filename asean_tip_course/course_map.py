"""The map of the course: chapters, minutes, questions and objectives.

Read from the course manifest (``course.yml``, see ``manifest.py``). The chapters' opening
cells, the start notebook's learning path and the README are generated from the same file
(``python3 course.py build``), so they can never disagree.
"""

from __future__ import annotations

import html
from pathlib import Path

from asean_tip_course.i18n import _
from asean_tip_course.manifest import Chapter, course


def chapters() -> list[Chapter]:
    """Every chapter in order (the start notebook is not a chapter)."""
    return list(course().chapters)


def label(chapter: Chapter) -> str:
    """The chapter's number and title in the notebook's language (``Chapter.label``: English)."""
    return f"{chapter.number}. {_(chapter.title)}"


def chapter_html(chapter: Chapter | None) -> str:
    """What the picker shows for one chapter (or a hint when none is chosen)."""
    if chapter is None:
        hint = _("Choose a chapter above to see its questions and objectives.")
        return f"<i>{html.escape(hint)}</i>"
    minutes = _("about {minutes} minutes").format(minutes=chapter.minutes)
    questions = "".join(f"<li>{html.escape(_(q))}</li>" for q in chapter.questions)
    objectives = "".join(
        f"<li>{html.escape(o.id)} {html.escape(_(o.text))}</li>" for o in chapter.objectives
    )
    name = html.escape(Path(chapter.notebook).name)
    open_it = html.escape(_("Open it:"))
    asks = html.escape(_("Questions it answers"))
    you_can = html.escape(_("After it you can"))
    return (
        f"<h4>{html.escape(label(chapter))} ({html.escape(minutes)})</h4>"
        f"<p>{open_it} <a href='{name}'>{name}</a></p>"
        f"<b>{asks}</b><ul>{questions}</ul>"
        f"<b>{you_can}</b><ul>{objectives}</ul>"
    )


def chapter_text(chapter: Chapter) -> str:
    """Plain-text version of :func:`chapter_html`, for static viewers."""
    head = _("{label} ({minutes} min) - {notebook}").format(
        label=label(chapter), minutes=chapter.minutes, notebook=chapter.notebook
    )
    lines = [head, _("Questions:")]
    lines += [f"  - {_(q)}" for q in chapter.questions] + [_("Objectives:")]
    lines += [f"  - {o.id} {_(o.text)}" for o in chapter.objectives]
    return "\n".join(lines)


def chapter_picker():
    """A dropdown of chapters; shows the chosen chapter's questions and objectives."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    found = chapters()
    by_label = {c.label: c for c in found}
    picker = w.Dropdown(
        # each option shows the chapter in the notebook's language; its value stays the label
        options=[(label(c), c.label) for c in found],
        value=found[0].label if found else None,
        description=_("Chapter:"),
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
        about=_("Pick a chapter from the menu to see the questions it answers and its objectives."),
        fallback_html="".join(chapter_html(c) for c in found) or chapter_html(None),
    )


def learning_path_markdown(relative_to: str = "", lang: str = "en") -> str:
    """The learning-path table (chapter, minutes, first question), links relative to a folder.

    ``relative_to=""`` gives links for the README (at the top of the repository);
    ``"notebooks"`` gives links for the start notebook, which sits beside the chapters.
    ``lang`` is the edition: its notebooks and its language (``"id"``: ``notebooks/id/...``).
    """
    from asean_tip_course.i18n import language

    with language(lang):
        head = _("| # | chapter | minutes | the question it answers |")
        rows = [head, "|---|---|---|---|"]
        for c in course().edition(lang).chapters:
            question = _(c.questions[0]) if c.questions else ""
            link = Path(c.notebook)
            link = (link.relative_to(relative_to) if relative_to else link).as_posix()
            rows.append(f"| {c.number} | [{_(c.title)}]({link}) | {c.minutes} | {question} |")
    return "\n".join(rows)
