"""The chapters' opening cells, generated from ``course.yml``.

Each chapter notebook opens with a markdown cell tagged ``course-header``: the chapter's
number and title, its time, the questions it answers and its learning objectives, exactly as
``course.yml`` gives them. ``python3 course.py build`` writes it; ``build --check`` fails when
a notebook's header differs from the manifest. The chapter's own introduction follows in the
next cell and is written by hand.
"""

from __future__ import annotations

import nbformat

from asean_tip_course.i18n import _, language
from asean_tip_course.manifest import Chapter

TAG = "course-header"
NOTE = (
    "<!-- Generated from course.yml by `python3 course.py build` (title, time, questions, "
    "objectives): edit course.yml, not this cell. -->"
)


def header_markdown(chapter: Chapter) -> str:
    """The opening cell of a chapter, as markdown, in the chapter's edition's language."""
    with language(chapter.lang):
        time = _("about {minutes} minutes").format(minutes=chapter.minutes)
        if chapter.minutes_detail:
            time += f" ({_(chapter.minutes_detail)})"
        title = _("Chapter {number}. {title}").format(number=chapter.number, title=_(chapter.title))
        # (Babel finds _() calls outside f-strings only: the labels are taken out first.)
        time_label, questions = _("Time:"), _("Questions")
        objectives, you_can = _("Learning objectives."), _("After this chapter you can:")
        lines = [NOTE, f"# {title}", "", f"**{time_label}** {time}.", ""]
        lines += [f"**{questions}**", ""] + [f"- {_(q)}" for q in chapter.questions] + [""]
        lines += [f"**{objectives}** {you_can}", ""]
        lines += [f"- **{o.id}** {_(o.text)}" for o in chapter.objectives]
    return "\n".join(lines)


def apply_header(nb: nbformat.NotebookNode, chapter: Chapter) -> bool:
    """Put the generated header first in ``nb`` (replacing the old one); True if it changed."""
    source = header_markdown(chapter)
    found = [c for c in nb.cells if TAG in c.get("metadata", {}).get("tags", [])]
    if found:
        cell = found[0]
        if cell.source == source and nb.cells[0] is cell:
            return False
        cell.source = source
        if nb.cells[0] is not cell:
            nb.cells.remove(cell)
            nb.cells.insert(0, cell)
        return True
    cell = nbformat.v4.new_markdown_cell(source, metadata={"tags": [TAG]})
    cell.id = f"header-{chapter.number:02d}"
    nb.cells.insert(0, cell)
    return True
