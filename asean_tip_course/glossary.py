"""Glossary search: find a term in English or Indonesian, for one chapter or all.

``search_glossary`` and ``chapter_glossary`` are plain functions; ``glossary_search``
only wires a text box and a chapter menu to them.
"""

from __future__ import annotations

import html

import pandas as pd

from asean_tip_course.i18n import _

CHAPTERS = [1, 2, 3, 4, 5]
SHOWN_COLUMNS = ["term", "indonesian", "definition", "chapter"]
SEARCHED_COLUMNS = ["term", "indonesian", "definition"]


def _chapters_of(value) -> set[int]:
    """The chapters a glossary cell names: ``3`` or ``"1;3"`` -> ``{1, 3}``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return set()
    found = set()
    for part in str(value).replace(",", ";").split(";"):
        part = part.strip()
        if part.endswith(".0"):
            part = part[:-2]
        if part.isdigit():
            found.add(int(part))
    return found


def _check_chapter(chapter) -> int | None:
    """Return ``chapter`` as an int 1-5 (or None for all); raise a clear error otherwise."""
    if chapter is None or (isinstance(chapter, str) and chapter.strip().lower() in ("", "all")):
        return None
    if isinstance(chapter, bool):
        raise TypeError(_("The chapter should be a number from 1 to 5, or None for all chapters."))
    if isinstance(chapter, str) and chapter.strip().isdigit():
        chapter = int(chapter.strip())
    if not isinstance(chapter, int):
        raise TypeError(
            _("The chapter should be a number from 1 to 5, not {kind}.").format(
                kind=type(chapter).__name__
            )
        )
    if chapter not in CHAPTERS:
        raise ValueError(
            _("There is no chapter {chapter}: pick a chapter from 1 to 5.").format(chapter=chapter)
        )
    return chapter


def _check_glossary(glossary) -> None:
    """Raise a clear error unless ``glossary`` is a table with the glossary's columns."""
    if not isinstance(glossary, pd.DataFrame):
        raise TypeError(
            _("`glossary` should be a table (DataFrame), for example load('glossary').")
        )
    missing = [c for c in SHOWN_COLUMNS if c not in glossary.columns]
    if missing:
        raise ValueError(
            _("The glossary table lacks column(s) {columns}.").format(columns=", ".join(missing))
        )


def _text(value) -> str:
    """A table cell as text; missing -> empty."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _definition(value) -> str:
    """A definition as the student reads it: in the notebook's language (the definitions of
    data/glossary.csv are in the catalogue); the table itself keeps the English."""
    text = _text(value)
    return _(text) if text else text


def _entries(glossary: pd.DataFrame) -> list[tuple]:
    """Each term as a plain tuple, sorted by term: (row label, term, indonesian, definition
    as shown, chapter, chapters, searchable lower-case text). Computed once per glossary."""
    entries = []
    for label, term, indonesian, definition, chapter in zip(
        glossary.index,
        glossary["term"],
        glossary["indonesian"],
        glossary["definition"],
        glossary["chapter"],
        strict=True,
    ):
        shown = _definition(definition)
        texts = [_text(v) for v in (term, indonesian, definition)]
        if shown != texts[-1]:
            texts.append(shown)  # a search finds a term by its translated definition too
        haystack = "\n".join(texts).casefold()
        entries.append(
            (
                label,
                _text(term),
                _text(indonesian),
                shown,
                _text(chapter),
                _chapters_of(chapter),
                haystack,
            )
        )
    return sorted(entries, key=lambda e: e[1].casefold())


def _match(entries: list[tuple], query: str, chapter: int | None) -> list[tuple]:
    """Entries of ``chapter`` (None = all) whose text contains ``query`` (ignoring case)."""
    needle = query.strip().casefold()
    return [
        e
        for e in entries
        if (chapter is None or chapter in e[5]) and (not needle or needle in e[6])
    ]


def _check_query(query) -> str:
    if query is None:
        return ""
    if not isinstance(query, str):
        raise TypeError(
            _("The search text should be words, not {kind}.").format(kind=type(query).__name__)
        )
    return query


def search_glossary(glossary: pd.DataFrame, query: str, chapter: int | None = None) -> pd.DataFrame:
    """Terms whose English or Indonesian term or definition contains ``query``.

    The match ignores case. An empty query returns every term (of ``chapter``, if given).
    No match returns an empty table with the same columns; see ``no_match_message``.
    """
    _check_glossary(glossary)
    query = _check_query(query)
    chapter = _check_chapter(chapter)
    hits = _match(_entries(glossary), query, chapter)
    return glossary.loc[[e[0] for e in hits], SHOWN_COLUMNS].reset_index(drop=True)


def no_match_message(query: str, chapter: int | None = None) -> str:
    """A friendly note for a search that found nothing."""
    if chapter is None:
        message = _(
            'No glossary term in any chapter matches "{query}". Try a shorter word, '
            "the Indonesian word, or pick All chapters."
        )
    else:
        message = _(
            'No glossary term in chapter {chapter} matches "{query}". Try a shorter word, '
            "the Indonesian word, or pick All chapters."
        )
    return message.format(query=query.strip(), chapter=chapter)


def chapter_glossary(chapter: int, glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The glossary terms of one chapter (term, Indonesian, definition), sorted by term."""
    chapter = _check_chapter(chapter)
    if chapter is None:
        raise ValueError(_("Pick a chapter from 1 to 5."))
    if glossary is None:
        from asean_tip_course import load

        glossary = load("glossary")
    table = search_glossary(glossary, "", chapter)
    return table[["term", "indonesian", "definition"]]


class GlossaryTable:
    """A chapter's terms that display as a readable HTML table (plain text elsewhere)."""

    def __init__(self, table: pd.DataFrame):
        self.table = table

    def _repr_html_(self) -> str:
        cells = 'style="text-align:left; vertical-align:top"'
        heads = (_("Term"), _("Indonesian"), _("Definition"))
        head = "".join(f"<th {cells}>{html.escape(h)}</th>" for h in heads)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td {cells}>{html.escape(v)}</td>"
                for v in (_text(row.term), _text(row.indonesian), _definition(row.definition))
            )
            + "</tr>"
            for row in self.table.itertuples(index=False)
        )
        return (
            f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )

    def __repr__(self) -> str:
        return "\n".join(
            f"{_text(r.term)} [{_text(r.indonesian)}]: {_definition(r.definition)}"
            for r in self.table.itertuples(index=False)
        )


def glossary_table(chapter: int, glossary: pd.DataFrame | None = None) -> GlossaryTable:
    """The chapter's terms as a readable table (full definitions, left-aligned, no index).

    It displays itself; ``.table`` holds the data (see also ``chapter_glossary``).
    """
    return GlossaryTable(chapter_glossary(chapter, glossary))


def results_html(glossary: pd.DataFrame, query: str, chapter: int | None = None) -> str:
    """One search as HTML: a count and a table, or a friendly message."""
    _check_glossary(glossary)
    return _results_html(_entries(glossary), query, chapter)


def _results_html(entries: list[tuple], query, chapter) -> str:
    try:
        query = _check_query(query)
        chapter = _check_chapter(chapter)
    except (TypeError, ValueError) as err:
        return f"<p><b>{html.escape(str(err))}</b></p>"
    hits = _match(entries, query, chapter)
    if not hits:
        return f"<p><b>{html.escape(no_match_message(query, chapter))}</b></p>"
    heads = (_("Term"), _("Indonesian"), _("Definition"), _("Chapter"))
    head = "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in heads)
    body = "".join(
        "<tr>"
        + "".join(f'<td style="text-align:left">{html.escape(v)}</td>' for v in e[1:5])
        + "</tr>"
        for e in hits
    )
    found = html.escape(_("{n} term(s) found.").format(n=len(hits)))
    return (
        f"<p>{found}</p>"
        f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def glossary_widget(glossary: pd.DataFrame, query: str = ""):
    """The search box, chapter menu and results, as a ``display.CourseWidget``.

    ``query`` is the first search shown (empty: every term).
    """
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    _check_glossary(glossary)
    first_query = query
    query = w.Text(
        value=first_query,
        placeholder=_("e.g. trafficking, perdagangan, tier"),
        description=_("Search for:"),
        continuous_update=True,
    )
    chapter = w.Dropdown(
        options=[(_("All chapters"), "all")]
        + [(_("Chapter {number}").format(number=c), c) for c in CHAPTERS],
        value="all",
        description=_("In chapter:"),
    )
    entries = _entries(glossary)  # computed once: each keystroke only filters
    out = w.HTML(value=_results_html(entries, first_query, "all"))

    def redraw(*_change):
        out.value = _results_html(entries, query.value, chapter.value)

    query.observe(redraw, names="value")
    chapter.observe(redraw, names="value")
    title = w.HTML("<b>" + html.escape(_("Search the course glossary")) + "</b>")
    ui = w.VBox([title, w.HBox([query, chapter]), out])
    ui.add_class("course-widget")
    return CourseWidget(
        ui,
        glossary_text(glossary, first_query),
        about=_(
            "Type a word in English or Indonesian to search all {n} terms, "
            "and pick a chapter to see only its terms."
        ).format(n=len(entries)),
        fallback_html=out.value,
    )


def glossary_text(glossary: pd.DataFrame, query: str = "", width: int = 100) -> str:
    """The terms a search for ``query`` finds (empty: every term) as wrapped plain text."""
    import textwrap

    found = search_glossary(glossary, query)
    if found.empty:
        return no_match_message(query)
    if query.strip():
        heading = _('Course glossary, matching "{query}":').format(query=query.strip())
    else:
        heading = _("Course glossary, all terms:")
    lines = [heading]
    template = _("{term} [Indonesian: {indonesian}; chapter {chapter}]: {definition}")
    for row in found.itertuples(index=False):
        entry = template.format(
            term=row.term,
            indonesian=row.indonesian,
            chapter=row.chapter,
            definition=_definition(row.definition) if _text(row.definition) else row.definition,
        )
        lines.append(textwrap.fill(entry, width=width, subsequent_indent="    "))
    return "\n".join(lines)


def glossary_search(glossary: pd.DataFrame | None = None, query: str = ""):
    """The glossary search, first showing the terms ``query`` finds (empty: all terms)."""
    if glossary is None:
        from asean_tip_course import load

        glossary = load("glossary")
    return glossary_widget(glossary, query)
