"""The US TIP Report tiers: the one place for their order, labels, colours, scores, the
low-tier rule and the source caption. Every chapter that shows tiers uses these.

The tiers themselves (and their order, best to worst) come from the ``tier`` vocabulary of
``data/schema.json``; this module adds what the course draws and says about them.
"""

from __future__ import annotations

import pandas as pd

from asean_tip_course import schema
from asean_tip_course.figures import PALETTE
from asean_tip_course.i18n import N_, _

TIERS: tuple[str, ...] = schema.vocabulary("tier")
"""The tiers, best to worst: Tier 1, Tier 2, Tier 2 Watch List, Tier 3."""

DTYPE = pd.CategoricalDtype(list(TIERS), ordered=True)
"""The ordered categorical type ``load("tip_tiers")`` gives the ``tier`` column."""

SHORT = {"Tier 1": "1", "Tier 2": "2", "Tier 2 Watch List": "2WL", "Tier 3": "3"}
"""The short label a chart cell or axis shows for each tier."""

SCORES = {tier: rank for rank, tier in enumerate(TIERS, start=1)}
"""Tier 1 = 1 ... Tier 3 = 4: higher = weaker placement (the Watch List sits between)."""

LABELS = {
    "Tier 1": N_("Tier 1"),
    "Tier 2": N_("Tier 2"),
    "Tier 2 Watch List": N_("Tier 2 Watch List"),
    "Tier 3": N_("Tier 3"),
}
"""Each tier's name as the course shows it (translated where shown, see :func:`label`); the
tier values in the tables stay as they are."""

EVIDENCE_LABELS = {
    "dataset": N_("dataset"),
    "page": N_("page"),
    "regional summary": N_("regional summary"),
    "inferred": N_("inferred"),
    "missing": N_("missing"),
    "not rated": N_("not rated"),
}
"""How a placement is known, as the course shows it (see :func:`evidence_label`)."""

_SCALE = N_("1 = {best} ... {n} = {worst}; lower is better")
SCALE_TEXT = _SCALE.format(best=TIERS[0], n=len(TIERS), worst=TIERS[-1])
"""How the scores read, in words (English; :func:`scale_text` in the course's language)."""

WATCH_LIST = "Tier 2 Watch List"
"""The Watch List placement (two years on it in a row lead to an automatic downgrade)."""

LOW = (WATCH_LIST, "Tier 3")
"""The low-tier rule: a placement on the Watch List or Tier 3 counts as low."""

LOW_LABEL = N_("Watch List or Tier 3")
"""What the course calls the low tiers in tables and titles (shown as ``_(LOW_LABEL)``)."""

# Colours from the course's one palette (figures.PALETTE, Okabe-Ito: safe for the common
# forms of colour blindness), cool for the better tiers and warm for the weaker ones. Every
# chart also labels or hatches each tier, so no reader depends on the colour alone.
COLOURS = {
    "Tier 1": PALETTE[0],  # blue
    "Tier 2": PALETTE[4],  # sky blue
    "Tier 2 Watch List": PALETTE[1],  # orange
    "Tier 3": PALETTE[5],  # vermillion
}
TEXT_COLOURS = {
    "Tier 1": "#FFFFFF",
    "Tier 2": "#000000",
    "Tier 2 Watch List": "#000000",
    "Tier 3": "#000000",
}
"""Colour of a label written on a tier's colour (contrast at least 4.5:1)."""

HATCHES = {"Tier 1": "", "Tier 2": "", "Tier 2 Watch List": "//", "Tier 3": "\\\\"}
"""Hatching for bars, so the tiers differ without colour (the low tiers are hatched)."""

NO_TIER = N_("No tier")
NO_TIER_COLOUR = "#FFFFFF"
NO_TIER_HATCH = "////"

INFERRED_MARK = "*"
SUMMARY_MARK = "~"
MISSING_MARK = "?"
NOT_RATED_MARK = "NR"
_MARKS = N_(
    "{inferred} = inferred, {summary} = known only from a regional news summary, "
    "{missing} = not found, {not_rated} = not rated"
)
_MARK_FIELDS = {
    "inferred": INFERRED_MARK,
    "summary": SUMMARY_MARK,
    "missing": MISSING_MARK,
    "not_rated": NOT_RATED_MARK,
}
MARKS_TEXT = _MARKS.format(**_MARK_FIELDS)
"""What the marks in a chart cell mean (English; :func:`marks_text` in the course's language)."""
EVIDENCE_MARKS = {"inferred": INFERRED_MARK, "regional summary": SUMMARY_MARK}
"""The mark a chart cell adds to a tier that is not read from a page about the country."""

_YEARS = schema.value_range("tip_tiers", "report_year")
_SOURCE = N_(
    "US Department of State, Trafficking in Persons Reports {first}-{last} "
    "(data/tip_tiers.csv: {first}-2015 from the Heiss/Cho research dataset, 2016-"
    "{last} from report and news pages, some inferred, 2025 partly from a regional "
    "summary). A tier rates a government's efforts "
    "against US minimum standards, not the amount of trafficking."
)
SOURCE = _SOURCE.format(first=_YEARS[0], last=_YEARS[-1])
"""The source caption of every tier chart (English; :func:`source_text` in the course's
language)."""


def label(tier) -> str:
    """A tier's name as shown, in the course's language (``"Tier 2 Watch List"`` ->
    ``"Daftar Pantauan Tier 2"`` in Indonesian); any other text is returned as it is."""
    name = _text(tier)
    return _(LABELS[name]) if name in LABELS else name


def evidence_label(evidence) -> str:
    """How a placement is known (``"inferred"``, ``"regional summary"``...), as shown."""
    name = _text(evidence)
    return _(EVIDENCE_LABELS[name]) if name in EVIDENCE_LABELS else name


def scale_text() -> str:
    """How the scores read, in the course's language: '1 = Tier 1 ... 4 = Tier 3; ...'."""
    return _(_SCALE).format(best=label(TIERS[0]), n=len(TIERS), worst=label(TIERS[-1]))


def marks_text() -> str:
    """What the marks in a chart cell mean, in the course's language."""
    return _(_MARKS).format(**_MARK_FIELDS)


def source_text() -> str:
    """The source caption of every tier chart, in the course's language."""
    return _(_SOURCE).format(first=_YEARS[0], last=_YEARS[-1])


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def is_low(tier) -> bool:
    """Whether a placement is low (Watch List or Tier 3); False when there is none."""
    return _text(tier) in LOW


def cell_label(tier, evidence="") -> str:
    """What a chart cell shows: ``"2WL"``, ``"3*"`` (inferred), ``"2~"`` (regional summary),
    ``"?"`` or ``"NR"``."""
    name = _text(tier)
    if name in SHORT:
        return SHORT[name] + EVIDENCE_MARKS.get(_text(evidence), "")
    return NOT_RATED_MARK if _text(evidence) == "not rated" else MISSING_MARK
