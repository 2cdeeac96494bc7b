"""The Indonesian edition's notebooks, kept in step with the English ones (a maintainer tool).

Every English notebook of the course (start, chapters, exercise sources) has a twin for each
other language, at ``manifest.edition_path(path, lang)``. The twin is made from the English
notebook, cell by cell and matched by cell id:

- code and raw cells are copied from English, so both editions run the same code; only the
  language cell (tag ``course-language``: ``use_language("id")``) and the Colab setup cell
  (which opens the twin's own folder) differ;
- markdown cells are the translator's: the twin keeps its own text for each cell id. A
  markdown cell the twin does not have yet is copied in English and reported as
  untranslated; a translated cell whose English original has changed since it was
  translated is reported as stale (``metadata.i18n`` records a hash of both texts).

``python3 course.py build`` runs :func:`sync`; ``--check`` and ``tests/test_editions.py`` fail,
naming the cell, on an untranslated or stale cell or a twin that differs from what the
build makes. To finish a translation, edit the twin's markdown cell and run the build.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field

import nbformat

from asean_tip_course.i18n import TRANSLATED_LANGUAGES
from asean_tip_course.manifest import course

LANGUAGE_TAG = "course-language"
#: Markdown cells the build writes itself (from course.yml), in each edition's language.
GENERATED_TAGS = {"course-header"}
OTHER_LANGUAGES = TRANSLATED_LANGUAGES
LANGUAGE_COMMENTS = {
    "en": 'the course in English; "id" for Bahasa Indonesia',
    "id": 'kursus ini dalam Bahasa Indonesia; "en" untuk bahasa Inggris',
}


def language_cell_source(lang: str) -> str:
    """The one visible line (with its import) that picks a notebook's language."""
    return (
        "from asean_tip_course import use_language\n\n"
        f'use_language("{lang}")  # {LANGUAGE_COMMENTS[lang]}'
    )


GENERATED_BLOCK = re.compile(r"<!-- learning-path:start.*?<!-- learning-path:end -->", re.S)


def _words(text: str) -> str:
    """A cell's own words: its text without the blocks the build generates."""
    return GENERATED_BLOCK.sub("", text)


def text_hash(text: str) -> str:
    """A short hash of a cell's text, leaving out blocks the build writes in each language
    (the learning path), so that regenerating them never makes a translation stale."""
    text = GENERATED_BLOCK.sub("", text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def source_notebooks() -> list[str]:
    """The English notebooks that have twins: start, chapters, exercise sources."""
    c = course()
    return [*c.notebooks, *c.exercise_sources]


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def apply_language_cell(nb: nbformat.NotebookNode, lang: str) -> bool:
    """Put the language cell before the notebook's first code cell that uses the course
    (after the title and the Colab setup cell); True if it changed."""
    source = language_cell_source(lang)
    found = [c for c in nb.cells if LANGUAGE_TAG in tags(c)]
    if found:
        if found[0].source == source:
            return False
        found[0].source = source
        return True
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [LANGUAGE_TAG]})
    cell.id = LANGUAGE_TAG
    position = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and "colab-setup" not in tags(c) and "asean_tip_course" in c.source
    )
    nb.cells.insert(position, cell)
    return True


@dataclass
class Report:
    """What :func:`twin` found: cells still in English, and cells whose English changed."""

    untranslated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def twin(
    english: nbformat.NotebookNode, old: nbformat.NotebookNode | None, lang: str
) -> tuple[nbformat.NotebookNode, Report]:
    """The ``lang`` twin of ``english``, keeping the translated markdown of ``old``."""
    report = Report()
    kept = {c.get("id"): c for c in (old.cells if old is not None else [])}
    cells = []
    for cell in english.cells:
        new = copy.deepcopy(cell)
        if cell.cell_type == "markdown" and not GENERATED_TAGS & set(tags(cell)):
            mine = kept.get(cell.id)
            meta = dict(mine.metadata.get("i18n", {})) if mine is not None else {}
            same_words = mine is not None and _words(mine.source) == _words(cell.source)
            if mine is None or (same_words and not meta.get("same")):
                new.metadata = {**new.metadata, "i18n": {"untranslated": True}}
                report.untranslated.append(cell.id)
            else:
                new.source = mine.source
                if meta.get("text") != text_hash(mine.source) or meta.get("untranslated"):
                    # new or edited by the translator: it translates today's English
                    meta = {"source": text_hash(cell.source), "text": text_hash(mine.source)}
                    if mine.metadata.get("i18n", {}).get("same"):
                        meta["same"] = True
                elif meta.get("source") != text_hash(cell.source):
                    report.stale.append(cell.id)
                new.metadata = {**copy.deepcopy(cell.metadata), "i18n": meta}
        elif LANGUAGE_TAG in tags(cell):
            new.source = language_cell_source(lang)
        cells.append(new)
    ids = {c.id for c in english.cells}
    report.dropped = [i for i in kept if i not in ids]
    nb = copy.deepcopy(english)
    nb.cells = cells
    nb.metadata["asean_tip_course"] = {"language": lang}
    return nb, report
