"""Chapter 2: which instruments existed, and who had joined the treaties, in a given year.

``in_force`` is the plain logic (a year and two course tables in, a summary out);
``timeline_explorer`` wires a year slider to it. Unknown dates stay unknown: a member
whose ratification date the sources lack is listed as "date not found", never as "no".
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from asean_tip_course import schema
from asean_tip_course.data import date_text
from asean_tip_course.i18n import N_, _

TREATIES = schema.vocabulary("treaty")
"""The treaties whose ratifications the course tracks (``ratifications.instrument_id``)."""

FIRST_YEAR, LAST_YEAR = 2000, 2025

ASEAN_STEPS = [
    "BALI_CONCORD_II",
    "ASEAN_TIP_DECLARATION_2004",
    "ASEAN_CHARTER",
    "APSC_BLUEPRINT_2009",
    "AICHR",
    "ASEAN_LEADERS_TIP_STATEMENT_2011",
    "ACTIP",
    "APSC_BLUEPRINT_2025",
    "APA",
    "BOHOL_TIP_WORK_PLAN",
    "BOHOL_TIP_WORK_PLAN_2",
    "SOMTC",
]
"""ASEAN instruments and bodies chapter 2 discusses (``instruments.instrument_id``)."""

REGIONAL_ARCHITECTURE = [
    "ASEAN_DECLARATION_TRANSNATIONAL_CRIME_1997",
    "AMMTC",
    "BALI_PROCESS",
    "CEBU_DECLARATION_2007",
    "ACWC",
    "AHRD_2012",
    "MIGRANT_CONSENSUS_2017",
    "ASEAN_ACT",
]
"""The regional architecture the paper leaves out: transnational crime, human rights,
migrant workers, and the partners beyond ASEAN (chapter 2, section 5)."""

INDONESIA = ["IDN_LAW_21_2007", "IDN_TIP_TASK_FORCE"]
"""Indonesia's own law and task force (chapter 2, section 6)."""

UN_TREATIES = ["UNTOC", "TIP_PROTOCOL", "SMUGGLING_PROTOCOL"]
"""The UN treaties ASEAN's instruments refer to."""

#: The words of the instruments' ``kind`` and ``binding`` vocabularies (data/schema.json), for
#: the catalogue: the tables keep the English values; ``_word`` gives the shown word.
WORDS = (
    N_("declaration"),
    N_("convention"),
    N_("protocol"),
    N_("plan"),
    N_("blueprint"),
    N_("body"),
    N_("statute"),
    N_("conference"),
    N_("agenda"),
    N_("report"),
    N_("programme"),
    N_("forum"),
    N_("yes"),
    N_("no"),
    N_("n.a."),
)


def _word(value: str) -> str:
    """A vocabulary word in the notebook's language (other text as it is)."""
    return _(value) if value in WORDS else value


def instrument_table(instruments: pd.DataFrame, ids: list[str] | None = None) -> pd.DataFrame:
    """The chosen instruments in date order: name, kind, adopted, in force, binding, paper page.

    A table to print: its headings and words are in the notebook's language (the names stay).
    """
    table = instruments if ids is None else instruments[instruments["instrument_id"].isin(ids)]
    table = table.sort_values("adopted_date", na_position="last", kind="stable")
    return pd.DataFrame(
        {
            _("instrument"): table["short_name"].astype(str).to_numpy(),
            _("kind"): [_word(k) for k in table["kind"].astype(str)],
            _("adopted"): [
                date_text(d, p)
                for d, p in zip(table["adopted_date"], table["adopted_precision"], strict=False)
            ],
            _("in force"): ["" if pd.isna(d) else f"{d:%Y-%m-%d}" for d in table["in_force_date"]],
            _("binding"): [_word(b) for b in table["binding"].astype(str)],
            _("paper page"): ["" if pd.isna(p) else str(int(p)) for p in table["paper_page"]],
        }
    )


def ratification_table(
    ratifications: pd.DataFrame, instrument_id: str, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """One treaty's ratifications per member, dates as precise as the source, missing shown.

    A table to print: its headings are in the notebook's language (the values stay).
    """
    names = names or {}
    rows = ratifications[ratifications["instrument_id"] == instrument_id]
    rows = rows.sort_values(["date", "iso3"], na_position="last", kind="stable")
    return pd.DataFrame(
        {
            _("member"): [names.get(i, i) for i in rows["iso3"]],
            _("action"): rows["action"].astype(str).to_numpy(),
            _("date"): [
                date_text(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=False)
            ],
        }
    )


@dataclass(frozen=True)
class TreatyStatus:
    """Members that had joined a treaty by the end of a year, had not, or whose date is unknown."""

    joined: list[str] = field(default_factory=list)
    not_yet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    not_member: list[str] = field(default_factory=list)
    """States in the table that had not yet joined ASEAN by the end of the year."""


@dataclass(frozen=True)
class YearSummary:
    """What existed at the end of ``year``: instruments and treaty membership."""

    year: int | None
    adopted: list[str] = field(default_factory=list)
    in_force: list[str] = field(default_factory=list)
    awaiting_force: list[str] = field(default_factory=list)
    not_yet: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    treaties: dict[str, TreatyStatus] = field(default_factory=dict)
    message: str | None = None
    treaty_names: dict[str, str] = field(default_factory=dict)

    def as_text(self) -> str:
        """The summary as plain text (for static viewers and print)."""
        if self.message:
            return self.message
        lines = [_("By the end of {year}:").format(year=self.year)]
        parts = [
            (_("Binding treaties in force: {items}."), self.in_force),
            (_("Signed or adopted treaties not yet in force: {items}."), self.awaiting_force),
            (
                _("Non-binding declarations, plans, blueprints and bodies adopted: {items}."),
                self.adopted,
            ),
            (_("Not yet adopted: {items}."), self.not_yet),
            (_("Adoption date unknown: {items}."), self.undated),
        ]
        for line, items in parts:
            if items:
                lines.append(line.format(items="; ".join(items)))
        none = _("none")
        counts = _(
            "{treaty}: joined {n_joined} ({joined}); not yet {n_not_yet} ({not_yet}); "
            "date not found {n_unknown} ({unknown})."
        )
        for treaty, status in self.treaties.items():
            line = counts.format(
                treaty=self.treaty_names.get(treaty, treaty),
                n_joined=len(status.joined),
                joined=", ".join(status.joined) or none,
                n_not_yet=len(status.not_yet),
                not_yet=", ".join(status.not_yet) or none,
                n_unknown=len(status.unknown),
                unknown=", ".join(status.unknown) or none,
            )
            if status.not_member:
                outside = _("Not yet ASEAN members: {members}.")
                line += " " + outside.format(members=", ".join(status.not_member))
            lines.append(line)
        return "\n".join(lines)

    def as_html(self) -> str:
        """The summary as a small HTML block for the widget."""
        if self.message:
            return f"<p><b>{html.escape(self.message)}</b></p>"

        none = "<i>" + html.escape(_("none")) + "</i>"

        def items(values: list[str]) -> str:
            return ", ".join(html.escape(v) for v in values) if values else none

        rows = [
            (_("Binding treaties in force"), self.in_force),
            (_("Signed/adopted, not yet in force"), self.awaiting_force),
            (_("Non-binding instruments adopted"), self.adopted),
            (_("Not yet adopted"), self.not_yet),
        ]
        if self.undated:
            rows.append((_("Adoption date unknown"), self.undated))
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(t)}</th><td>{items(v)}</td></tr>"
            for t, v in rows
        )
        treaty_rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(self.treaty_names.get(t, t))}</th>"
            f"<td>{len(s.joined)}: {items(s.joined)}</td>"
            f"<td>{len(s.not_yet)}: {items(s.not_yet)}</td>"
            f"<td>{len(s.unknown)}: {items(s.unknown)}</td></tr>"
            for t, s in self.treaties.items()
        )
        outside = sorted({m for s in self.treaties.values() for m in s.not_member})
        note = (
            "<p>"
            + html.escape(
                _("Not yet ASEAN members at the end of {year}, so not counted: {members}.")
            ).format(year=self.year, members=items(outside))
            + "</p>"
            if outside
            else ""
        )
        heads = (_("Treaty"), _("Joined"), _("Not yet"), _("Date not found"))
        head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        at_end = html.escape(_("At the end of {year}").format(year=self.year))
        both = html.escape(_("Members and the two treaties"))
        return (
            f"<h4>{at_end}</h4><table>{body}</table>"
            f"<h4>{both}</h4>"
            f"<table><tr>{head}</tr>" + treaty_rows + "</table>" + note
        )


def _year_problem(year) -> str | None:
    if isinstance(year, bool) or not isinstance(year, int):
        return _("The year should be a whole number such as 2017, not {year}.").format(
            year=repr(year)
        )
    if year < 1900 or year > 2100:
        return _("{year} is outside the range the course covers ({first}-{last}).").format(
            year=year, first=FIRST_YEAR, last=LAST_YEAR
        )
    return None


def _label(row) -> str:
    name = row.get("short_name")
    if name is None or pd.isna(name) or not str(name).strip():
        name = row.get("name", row.get("instrument_id"))
    return str(name)


def in_force(
    year: int,
    instruments: pd.DataFrame,
    ratifications: pd.DataFrame,
    names: dict[str, str] | None = None,
    members: pd.DataFrame | None = None,
) -> YearSummary:
    """Return what was adopted or in force, and who had joined ACTIP and the UN Protocol,
    by 31 December of ``year``. Missing dates are reported as unknown.

    With ``members`` (the course table: ``iso3``, ``accession_date``), a state that joined
    ASEAN after that year (Timor-Leste, 2025) is listed apart as "not yet a member" rather
    than counted among the members that had or had not joined a treaty."""
    problem = _year_problem(year)
    if problem:
        return YearSummary(None, message=problem)
    if instruments is None or ratifications is None:
        return YearSummary(year, message=_("The instruments or ratifications table is missing."))
    end = pd.Timestamp(year=year, month=12, day=31)
    names = names or {}
    adopted, in_force_, awaiting, not_yet, undated = [], [], [], [], []
    ordered = instruments.sort_values("adopted_date", na_position="last")
    for row in ordered.to_dict("records"):
        label = _label(row)
        adopted_date = row["adopted_date"]
        binding = str(row.get("binding", "")).strip().lower() == "yes"
        if pd.isna(adopted_date):
            undated.append(label)
        elif adopted_date > end:
            not_yet.append(label)
        elif not binding:
            adopted.append(label)
        else:
            force_date = row.get("in_force_date")
            if force_date is not None and not pd.isna(force_date) and force_date <= end:
                in_force_.append(label)
            elif force_date is None or pd.isna(force_date):
                awaiting.append(
                    _("{instrument} (entry into force date unknown)").format(instrument=label)
                )
            else:
                awaiting.append(label)

    later_members: set[str] = set()
    if members is not None and "accession_date" in members:
        accession = dict(zip(members["iso3"], members["accession_date"], strict=False))
        later_members = {i for i, d in accession.items() if not pd.isna(d) and d > end}
    treaties: dict[str, TreatyStatus] = {}
    for treaty in TREATIES:
        rows = ratifications[ratifications["instrument_id"] == treaty]
        joined, no, unknown, outside = [], [], [], []
        pairs = sorted(
            (names.get(iso3, iso3), date, iso3)
            for iso3, date in zip(rows["iso3"], rows["date"], strict=True)
        )
        for who, date, iso3 in pairs:
            if iso3 in later_members:
                outside.append(who)
            elif pd.isna(date):
                unknown.append(who)
            elif date <= end:
                joined.append(who)
            else:
                no.append(who)
        treaties[treaty] = TreatyStatus(joined, no, unknown, outside)
    treaty_names = {
        i: str(n)
        for i, n in zip(instruments["instrument_id"], instruments["short_name"], strict=False)
        if i in TREATIES and not pd.isna(n)
    }
    return YearSummary(
        year, adopted, in_force_, awaiting, not_yet, undated, treaties, None, treaty_names
    )


def timeline_explorer(
    instruments: pd.DataFrame,
    ratifications: pd.DataFrame,
    names: dict[str, str] | None = None,
    start: int = 2017,
    members: pd.DataFrame | None = None,
):
    """A year slider and the summary for that year (summaries precomputed for speed).

    Pass ``members`` so that a state is counted only from the year it joined ASEAN."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    cache = {
        y: in_force(y, instruments, ratifications, names, members).as_html()
        for y in range(FIRST_YEAR, LAST_YEAR + 1)
    }
    slider = w.IntSlider(
        value=start,
        min=FIRST_YEAR,
        max=LAST_YEAR,
        step=1,
        description=_("Show the end of year:"),
        continuous_update=False,
        style={"description_width": "150px"},
        layout=w.Layout(width="560px"),
    )
    out = w.HTML(value=cache[start])
    choose = _("Choose a year between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR)

    def update(change):
        out.value = cache.get(change["new"], f"<b>{html.escape(choose)}</b>")

    slider.observe(update, names="value")
    box = w.VBox([slider, out])
    box.add_class("course-widget")
    return CourseWidget(
        box,
        in_force(start, instruments, ratifications, names, members).as_text(),
        about=_(
            "Move the slider to a year to see which instruments were adopted and which "
            "members were bound by then."
        ),
        fallback_html=cache[start],
    )
