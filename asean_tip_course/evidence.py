"""Chapter 4, the evidence: questions to the data and the chapter's figures.

The question functions take the course tables (from ``load``) and plain values and
return small result objects that carry the answer *and* the reason when there is none.
The plotting functions draw on ``figures.new_figure`` so every chart is titled,
labelled and sourced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from asean_tip_course import schema
from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.data import member_names
from asean_tip_course.figures import short_month, shown_name
from asean_tip_course.i18n import N_, _

# The tier vocabulary lives in tiers.py; these names are kept for the chapter's imports.
TIERS = list(tier_vocabulary.TIERS)
TIER_SHORT = tier_vocabulary.SHORT
TIER_COLOURS = tier_vocabulary.COLOURS
TIER_TEXT_COLOURS = tier_vocabulary.TEXT_COLOURS

FORMS = [f for f in schema.vocabulary("exploitation_form") if f != "Total"]
"""Forms of exploitation in UNODC's data, in the order the course shows them."""

FORM_LABELS = {
    "Sexual exploitation": N_("Sexual exploitation"),
    "Forced labour": N_("Forced labour"),
    "Other forms of exploitation": N_("Other forms of exploitation"),
}
"""Each form as a chart legend shows it (the tables keep UNODC's words)."""

(VICTIMS_INDICATOR,) = schema.vocabulary("victim_indicator")

_IN_THE_CHART = N_("{source} In the chart: {marks}.")
TIP_SOURCE = _IN_THE_CHART.format(source=tier_vocabulary.SOURCE, marks=tier_vocabulary.MARKS_TEXT)
GLOTIP_SOURCE = N_(
    "UNODC, Global Report on Trafficking in Persons database (export of 14 April 2025). "
    "Counts of victims detected by authorities, not the number of victims; '<5' is UNODC's "
    "suppression of small counts."
)
GSI_SOURCE = N_(
    "Walk Free, Global Slavery Index 2023 (estimates for 2021). Modelled from surveys and a "
    "risk model, not counted; not comparable with earlier editions."
)
NO_DATA = N_("no data")
NOT_ESTIMATED = N_("not estimated")
# The source lines above are English; the charts show them with _() (TIP_SOURCE: _tip_source).


def _tip_source() -> str:
    """The tier chart's source line in the course's language."""
    return _(_IN_THE_CHART).format(
        source=tier_vocabulary.source_text(), marks=tier_vocabulary.marks_text()
    )


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _as_year(year) -> int | None:
    """Return ``year`` as an int, or None when it is not a whole number."""
    if isinstance(year, bool):
        return None
    if isinstance(year, int):
        return year
    if isinstance(year, float) and year.is_integer():
        return int(year)
    if isinstance(year, str) and year.strip().isdigit():
        return int(year.strip())
    return None


def _clean_iso3(iso3) -> str | None:
    """Return ``iso3`` upper-cased and stripped, or None when it is not a 3-letter code."""
    if not isinstance(iso3, str):
        return None
    code = iso3.strip().upper()
    return code if len(code) == 3 and code.isalpha() else None


def _is_true(value) -> bool:
    """True for True-like values, False for False, missing or anything else."""
    return bool(value) if not pd.isna(value) else False


def _text(value) -> str:
    """``value`` as text, with missing values as an empty string."""
    return "" if pd.isna(value) else str(value)


def tier_label(tier) -> str:
    """The short label a chart cell shows for ``tier`` (``"2WL"``), or ``""`` when missing."""
    return tier_vocabulary.SHORT.get(_text(tier), "")


# --------------------------------------------------------------------------------------
# Questions to the tier table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierQuery:
    """The members placed on one tier in one report year, and those without a placement."""

    year: int | None
    tier: str
    members: list[str] = field(default_factory=list)
    unrated: list[str] = field(default_factory=list)
    message: str = ""

    def __str__(self) -> str:
        return self.message


def members_on_tier(tiers: pd.DataFrame, year, tier: str = "Tier 3") -> TierQuery:
    """Which members the TIP Report placed on ``tier`` in report ``year``.

    Members with no placement found for that year are listed apart, never counted as
    being on any tier.
    """
    y = _as_year(year)
    tier_name = tier.strip() if isinstance(tier, str) else ""
    if tier_name not in TIERS:
        choices = ", ".join(TIERS)
        return TierQuery(
            y,
            tier_name,
            message=_("'{tier}' is not a tier. Choose one of: {choices}.").format(
                tier=tier, choices=choices
            ),
        )
    if tiers is None or len(tiers) == 0:
        return TierQuery(y, tier_name, message=_("The tier table is empty: nothing to look up."))
    years = pd.to_numeric(tiers["report_year"], errors="coerce")
    first, last = int(years.min()), int(years.max())
    if y is None or not first <= y <= last:
        return TierQuery(
            y,
            tier_name,
            message=_("Choose a report year between {first} and {last} (you gave {value}).").format(
                first=first, last=last, value=repr(year)
            ),
        )
    rows = tiers[years == y]
    tier_text = rows["tier"].map(_text)
    on = sorted(rows.loc[tier_text == tier_name, "iso3"].astype(str))
    unrated = sorted(rows.loc[tier_text == "", "iso3"].astype(str))
    listed = ", ".join(on) if on else _("none")
    msg = _("{tier} in the {year} report: {members} ({n} of the {total} in the table).").format(
        tier=tier_vocabulary.label(tier_name), year=y, members=listed, n=len(on), total=len(rows)
    )
    if unrated:
        msg += " " + _("No placement found for: {members}.").format(members=", ".join(unrated))
    return TierQuery(y, tier_name, on, unrated, msg)


def members_ever_on(tiers: pd.DataFrame, tier: str = "Tier 1") -> dict[str, list[int]]:
    """The report years each member spent on ``tier`` (members never on it are left out)."""
    rows = tiers[tiers["tier"].map(_text) == tier]
    out: dict[str, list[int]] = {}
    for code, year in zip(rows["iso3"].astype(str), rows["report_year"], strict=True):
        out.setdefault(code, []).append(int(year))
    return {code: sorted(years) for code, years in sorted(out.items())}


# --------------------------------------------------------------------------------------
# Questions to the detected-victims table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A share that may be missing; ``reason`` says why when ``value`` is None."""

    value: float | None
    reason: str
    part: int | None = None
    total: int | None = None

    def __str__(self) -> str:
        if self.value is None:
            return _("No share: {reason}").format(reason=self.reason)
        return (
            _("{share} ({part} of {total}). {reason}")
            .format(
                share=f"{self.value:.0%}",
                part=f"{self.part:,}",
                total=f"{self.total:,}",
                reason=self.reason,
            )
            .strip()
        )


def victim_rows(victims: pd.DataFrame) -> pd.DataFrame:
    """Detected-victims rows for all sexes and ages together (Sex=Total, Age=Total)."""
    v = victims

    def col(name: str) -> pd.Series:
        return v[name].astype("string").fillna("")

    mask = (col("sex") == "Total") & (col("age") == "Total")
    if "indicator" in v.columns:
        mask &= col("indicator").str.startswith(VICTIMS_INDICATOR)
    return v[mask]


Row = dict  # one detected-victims row as a plain dict: form, count, censored, flag


def _records(rows: pd.DataFrame) -> list[Row]:
    """Victim rows as plain dicts, so per member-year checks need no pandas."""
    flags = rows["flag"] if "flag" in rows.columns else [None] * len(rows)
    return [
        {
            "form": _text(f),
            "count": None if pd.isna(c) else int(c),
            "censored": _is_true(z),
            "flag": _text(g),
        }
        for f, c, z, g in zip(rows["form"], rows["count"], rows["censored"], flags, strict=True)
    ]


#: Why a count cannot be used, one whole sentence per count (the sexual-exploitation count,
#: the total) and problem, so that each translates as a whole.
_PROBLEMS = {
    "sexual": {
        "none": N_("the sexual-exploitation count not published"),
        "several": N_("the source has {n} different rows for the sexual-exploitation count"),
        "censored": N_(
            "the sexual-exploitation count published only as '<5' (a suppressed small count)"
        ),
        "flagged": N_("the sexual-exploitation count flagged in the source data: {flag}"),
        "missing": N_("the sexual-exploitation count missing"),
    },
    "total": {
        "none": N_("the total not published"),
        "several": N_("the source has {n} different rows for the total"),
        "censored": N_("the total published only as '<5' (a suppressed small count)"),
        "flagged": N_("the total flagged in the source data: {flag}"),
        "missing": N_("the total missing"),
    },
}


def _one_value(rows: list[Row], what: str) -> tuple[int | None, str]:
    """The single count in ``rows`` or (None, reason); ``what`` is "sexual" or "total"."""
    problems = _PROBLEMS[what]
    if len(rows) == 0:
        return None, _(problems["none"])
    if len(rows) > 1:
        return None, _(problems["several"]).format(n=len(rows))
    row = rows[0]
    if row["censored"]:
        return None, _(problems["censored"])
    if row["flag"]:
        return None, _(problems["flagged"]).format(flag=row["flag"])
    if row["count"] is None:
        return None, _(problems["missing"])
    return row["count"], ""


def sexual_exploitation_share(victims: pd.DataFrame, iso3, year) -> Share:
    """Share of a member's detected victims in ``year`` detected as sexually exploited.

    Returns ``Share(None, reason)`` when a count is censored ('<5'), missing, flagged or
    inconsistent (more sexually exploited victims than victims in total).
    """
    code, y = _clean_iso3(iso3), _as_year(year)
    if code is None:
        return Share(
            None,
            _("{value} is not a country code; use a 3-letter code such as 'THA'.").format(
                value=repr(iso3)
            ),
        )
    if y is None:
        return Share(
            None,
            _("{value} is not a year; use a whole number such as 2019.").format(value=repr(year)),
        )
    if victims is None or len(victims) == 0:
        return Share(None, _("the detected-victims table is empty"))
    v = victim_rows(victims)
    if code not in set(v["iso3"].astype(str)):
        return Share(None, _("{code} has no detected-victims data in the table").format(code=code))
    here = v[(v["iso3"].astype(str) == code) & (pd.to_numeric(v["year"]) == y)]
    return _share_from_rows(code, y, _records(here))


def _share_from_rows(code: str, y: int, here: list[Row]) -> Share:
    """The share for one member-year from its victim rows (Sex=Total, Age=Total)."""
    sexual, why_s = _one_value([r for r in here if r["form"] == "Sexual exploitation"], "sexual")
    total, why_t = _one_value([r for r in here if r["form"] == "Total"], "total")
    if sexual is None or total is None:
        reasons = "; ".join(r for r in (why_s, why_t) if r)
        return Share(None, f"{code} {y}: {reasons}", sexual, total)
    if total == 0:
        return Share(
            None, _("{code} {year}: the total is 0").format(code=code, year=y), sexual, total
        )
    if sexual > total:
        return Share(
            None,
            _(
                "{code} {year}: inconsistent source ({sexual} sexually exploited but "
                "{total} in total)"
            ).format(code=code, year=y, sexual=f"{sexual:,}", total=f"{total:,}"),
            sexual,
            total,
        )
    note = f"{code} {y}, UNODC GLOTIP."
    known = _forms_upper_bound(here)
    if known < total:
        note += " " + _(
            "Caution: a form is recorded for at most {known} of the {total} victims,"
            " so this share may understate it."
        ).format(known=f"{known:,}", total=f"{total:,}")
    return Share(sexual / total, note, sexual, total)


def _forms_upper_bound(rows: list[Row]) -> int:
    """Most victims the form rows could cover: counts summed, each '<5' counted as 4."""
    return sum(4 if r["censored"] else (r["count"] or 0) for r in rows if r["form"] in FORMS)


def share_table(victims: pd.DataFrame) -> pd.DataFrame:
    """``sexual_exploitation_share`` for every member-year with a published total."""
    v = victim_rows(victims)
    groups: dict[tuple[str, int], list[Row]] = {}
    keys = zip(v["iso3"].astype(str), pd.to_numeric(v["year"]).astype(int), strict=True)
    for key, row in zip(keys, _records(v), strict=True):
        groups.setdefault(key, []).append(row)
    rows = []
    for (code, year), here in sorted(groups.items()):
        if any(r["form"] == "Total" for r in here):
            share = _share_from_rows(code, year, here)
            rows.append({"iso3": code, "year": year, "share": share.value, "reason": share.reason})
    return pd.DataFrame(rows, columns=["iso3", "year", "share", "reason"])


def share_summary(table: pd.DataFrame) -> str:
    """One paragraph on a ``share_table``: how many shares exist and their range."""
    ok = table.dropna(subset=["share"])
    if len(ok) == 0:
        return _("No share can be computed for any of the {n} member-years.").format(n=len(table))
    low, high = ok.loc[ok["share"].idxmin()], ok.loc[ok["share"].idxmax()]
    return (
        _(
            "A share can be computed for {n} of {total} member-years with a published "
            "total ({members} members)."
        ).format(n=len(ok), total=len(table), members=ok["iso3"].nunique())
        + "\n"
        + _(
            "Lowest: {low} ({low_code} {low_year}); highest: {high} ({high_code} {high_year})."
        ).format(
            low=f"{low['share']:.0%}",
            low_code=low["iso3"],
            low_year=low["year"],
            high=f"{high['share']:.0%}",
            high_code=high["iso3"],
            high_year=high["year"],
        )
        + "\n"
        + _("Between 50% and 70%: {n} member-years.").format(
            n=int(ok["share"].between(0.5, 0.7).sum())
        )
    )


def display_count(count, censored, published="") -> str:
    """A count as a student should read it: '1,234', '<5' (censored) or 'no data'."""
    if _is_true(censored):
        return _text(published) or "<5"
    if pd.isna(count):
        return _(NO_DATA)
    return f"{int(count):,}"


def victims_by_form(victims: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Year x form table of one member's detected victims as text ('<5', 'no data', '*' = flagged).

    Every year from the first to the last published appears; where the source has several
    rows for one cell, they are shown together ('8 | 926').
    """
    code = _clean_iso3(iso3)
    cols = ["Total", *FORMS]
    if code is None or victims is None or len(victims) == 0:
        return pd.DataFrame(columns=cols)
    v = victim_rows(victims)
    v = v[(v["iso3"].astype(str) == code) & v["form"].map(_text).isin(cols)]
    if len(v) == 0:
        return pd.DataFrame(columns=cols)
    published = v["value_as_published"] if "value_as_published" in v.columns else ""
    flags = v["flag"].map(_text) if "flag" in v.columns else ""
    shown = [
        display_count(c, z, p) + ("*" if f else "")
        for c, z, p, f in zip(v["count"], v["censored"], published, flags, strict=True)
    ]
    cells = pd.DataFrame(
        {
            "year": pd.to_numeric(v["year"]).astype(int).to_numpy(),
            "form": v["form"].map(_text).to_numpy(),
            "shown": shown,
        }
    )
    table = cells.groupby(["year", "form"], sort=True)["shown"].agg(" | ".join).unstack("form")
    years = range(int(cells["year"].min()), int(cells["year"].max()) + 1)
    table = table.reindex(index=pd.Index(years, name="year"), columns=cols).fillna(_(NO_DATA))
    table.columns.name = None
    return table


def flagged_rows(victims: pd.DataFrame, iso3: str | None = None) -> pd.DataFrame:
    """Rows (Sex=Total, Age=Total) that carry a note on a source inconsistency."""
    v = victim_rows(victims)
    v = v[v["flag"].map(_text) != ""]
    if iso3 is not None:
        v = v[v["iso3"].astype(str) == _clean_iso3(iso3)]
    return v[["iso3", "year", "form", "value_as_published", "flag"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Three kinds of number side by side
# --------------------------------------------------------------------------------------


def three_measures(
    tiers: pd.DataFrame, victims: pd.DataFrame, estimates: pd.DataFrame, tier_year: int = 2023
) -> pd.DataFrame:
    """Per member: TIP tier in ``tier_year``, latest detected-victims total, GSI 2023 estimate."""
    rows = []
    v = victim_rows(victims)
    v = v[v["form"].map(_text) == "Total"]
    t = tiers[pd.to_numeric(tiers["report_year"]) == tier_year].set_index("iso3")
    e = estimates.set_index("iso3")
    for code in sorted(set(tiers["iso3"].astype(str))):
        mine = v[v["iso3"].astype(str) == code].sort_values("year")
        usable = mine[~mine["censored"].map(_is_true) & mine["count"].notna()]
        if len(usable):
            last = usable.iloc[-1]
            detected = f"{int(last['count']):,} ({int(last['year'])})"
        elif len(mine):
            detected = _("<5 only (latest {year})").format(year=int(mine.iloc[-1]["year"]))
        else:
            detected = _(NO_DATA)
        tier = _text(t["tier"].get(code, "")) if code in t.index else ""
        prev = e["prevalence_per_1000"].get(code) if code in e.index else None
        number = e["estimated_number"].get(code) if code in e.index else None
        rows.append(
            {
                "iso3": code,
                _("TIP tier {year}").format(year=tier_year): tier_vocabulary.label(tier)
                or _("no placement found"),
                _("detected victims (latest year)"): detected,
                _("GSI 2023 per 1,000"): _(NOT_ESTIMATED) if pd.isna(prev) else f"{prev:.1f}",
                _("GSI 2023 number"): _(NOT_ESTIMATED) if pd.isna(number) else f"{int(number):,}",
            }
        )
    return pd.DataFrame(rows)


def reference_list(sources: pd.DataFrame, source_ids: list[str]) -> str:
    """Numbered references for ``source_ids`` in the order given (put the paper first)."""
    table = sources.set_index("source_id")
    lines = []
    for n, sid in enumerate(source_ids, start=1):
        if sid not in table.index:
            lines.append(_("{n}. [{source}] not in the sources table").format(n=n, source=sid))
            continue
        r = table.loc[sid]
        parts = [_text(r["title"]) + ".", _text(r["publisher"]) + ",", _text(r["year"]) + "."]
        if _text(r["url"]):
            parts.append(_text(r["url"]))
        lines.append(f"{n}. " + " ".join(p for p in parts if p))
    return "\n".join(lines)


def chapter_claims(claims: pd.DataFrame, chapter: int = 4) -> pd.DataFrame:
    """The paper's figures and dated claims that belong to ``chapter``, in page order."""
    c = claims[pd.to_numeric(claims["chapter"]) == chapter]
    cols = [
        x
        for x in ["claim_id", "page", "claim", "value", "unit", "assessment", "better_source_id"]
        if x in c.columns
    ]
    return c.sort_values(["page", "claim_id"])[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def _cell_label(ax, x: float, y: float, text: str, **kwargs) -> None:
    """A small label inside a chart; left out of layout computations to keep drawing fast."""
    label = ax.text(x, y, text, ha="center", **kwargs)
    label.set_in_layout(False)


def plot_tier_history(
    tiers: pd.DataFrame,
    members: pd.DataFrame | None = None,
    marker_year: int | None = None,
    marker_label: str | None = None,
    title: str | None = None,
):
    """Grid of report years x members: colour AND label for the tier, hatching where missing.

    ``marker_year``: a report year to mark with a thick line (none by default; the chapters
    pass ACTIP's, ``data.in_force_year("ACTIP")``, read from the instruments table).
    ``marker_label`` defaults to 'ACTIP in force (<marker_year>)' and ``title`` to 'TIP tiers
    of the ASEAN members by report year', in the course's language; a ``title`` a notebook
    passes is translated too, where the catalogue has it (tools/i18n.py extracts them).
    """
    import numpy as np
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    from asean_tip_course.figures import new_figure

    if marker_label is None:
        marker_label = _("ACTIP in force ({year})").format(year=marker_year)
    title = _("TIP tiers of the ASEAN members by report year") if title is None else _(title)
    names = member_names(members) if members is not None else {}
    names = {code: shown_name(name) for code, name in names.items()}
    years = sorted(int(y) for y in pd.unique(pd.to_numeric(tiers["report_year"])))
    if members is not None and "accession_date" in members.columns:
        for code, joined in zip(
            members["iso3"].astype(str), members["accession_date"], strict=True
        ):
            if not pd.isna(joined) and pd.Timestamp(joined).year > years[0]:
                when = pd.Timestamp(joined)
                names[code] = _("{member} (member from {month} {year})").format(
                    member=names.get(code, code), month=short_month(when.month), year=when.year
                )
    codes = sorted(set(tiers["iso3"].astype(str)), key=lambda c: names.get(c, c), reverse=True)
    fig, ax = new_figure(title, _("TIP Report year"), "", _tip_source(), figsize=(11, 5.2))
    ax.grid(False)
    row_of = {c: i for i, c in enumerate(codes)}
    col_of = {y: j for j, y in enumerate(years)}
    grid = np.full((len(codes), len(years)), np.nan)
    labels = [[""] * len(years) for _ in codes]
    missing = []
    for code, year, tier, evidence in zip(
        tiers["iso3"].astype(str),
        pd.to_numeric(tiers["report_year"]),
        tiers["tier"].map(_text),
        tiers["evidence"].map(_text),
        strict=True,
    ):
        i, j = row_of[code], col_of[int(year)]
        if tier in TIER_COLOURS:
            grid[i, j] = TIERS.index(tier)
        else:
            missing.append(Rectangle((j, i), 1, 1))
        labels[i][j] = tier_vocabulary.cell_label(tier, evidence)
    text_colour = {TIER_SHORT[t]: TIER_TEXT_COLOURS[t] for t in TIERS}
    for i, row in enumerate(labels):
        for j, text in enumerate(row):
            if text:
                colour = text_colour.get(
                    text.rstrip(tier_vocabulary.INFERRED_MARK + tier_vocabulary.SUMMARY_MARK),
                    "#333333",
                )
                _cell_label(
                    ax,
                    j + 0.5,
                    i + 0.5,
                    text,
                    va="center",
                    fontsize=7.5,
                    color=colour,
                    fontweight="bold",
                )
    cmap = ListedColormap([TIER_COLOURS[t] for t in TIERS])
    ax.pcolormesh(
        grid, cmap=cmap, vmin=-0.5, vmax=len(TIERS) - 0.5, edgecolors="white", linewidth=1
    )
    ax.add_collection(
        PatchCollection(
            missing,
            facecolor=tier_vocabulary.NO_TIER_COLOUR,
            edgecolor="#999999",
            hatch=tier_vocabulary.NO_TIER_HATCH,
            lw=0.5,
        )
    )
    ax.set_xlim(0, len(years))
    ax.set_ylim(0, len(codes))
    ax.set_xticks([j + 0.5 for j in range(len(years))], [str(y) for y in years], rotation=90)
    ax.set_yticks([i + 0.5 for i in range(len(codes))], [names.get(c, c) for c in codes])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if marker_year in years:
        x = years.index(marker_year)
        ax.axvline(x, color="black", linewidth=2.5)
        ax.text(x, len(codes) + 0.1, marker_label, ha="center", va="bottom", fontsize=9)
    handles = [
        Patch(facecolor=TIER_COLOURS[t], label=f"{TIER_SHORT[t]} = {tier_vocabulary.label(t)}")
        for t in TIERS
    ]
    handles.append(
        Patch(
            facecolor=tier_vocabulary.NO_TIER_COLOUR,
            edgecolor="#999999",
            hatch=tier_vocabulary.NO_TIER_HATCH,
            label=_("{missing} = not found, {not_rated} = not rated").format(
                missing=tier_vocabulary.MISSING_MARK, not_rated=tier_vocabulary.NOT_RATED_MARK
            ),
        )
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=5,
        fontsize=8.5,
        handlelength=1.5,
    )
    return fig, ax


def plot_victims_by_form(
    victims: pd.DataFrame, iso3: str, name: str | None = None, title: str | None = None
):
    """Grouped bars per year of one member's detected victims by form of exploitation.

    Censored cells are marked '<5' with no bar; years without data say 'no data'; flagged
    counts are hatched; cells the source repeats with different values say 'rep.'.
    """
    from matplotlib.patches import Patch

    from asean_tip_course.figures import PALETTE, new_figure

    code = _clean_iso3(iso3)
    v = victim_rows(victims)
    v = v[(v["iso3"].astype(str) == code) & v["form"].map(_text).isin(FORMS)]
    if len(v) == 0:
        raise ValueError(
            _("No detected-victims data by form for {value}.").format(value=repr(iso3))
        )
    label = name or code
    first, last = int(v["year"].min()), int(v["year"].max())
    years = list(range(first, last + 1))
    fig, ax = new_figure(
        _(title)
        if title
        else _("{member}: detected victims by form of exploitation").format(
            member=shown_name(label)
        ),
        _("Year of detection"),
        _("Victims detected (count)"),
        _(GLOTIP_SOURCE)
        + " "
        + _(
            "Hatched = flagged in the source; 'rep.' = the source repeats this cell "
            "with different values, so no bar is drawn."
        ),
        figsize=(9, 4.8),
    )
    repeated = _("rep.")
    width = 0.8 / len(FORMS)
    counts = pd.to_numeric(v["count"], errors="coerce")
    top = float(counts.max()) if counts.notna().any() else 1.0
    cells: dict[tuple[int, str], list] = {}
    for year, form, count, censored, flag in zip(
        pd.to_numeric(v["year"]).astype(int),
        v["form"].map(_text),
        v["count"],
        v["censored"],
        v["flag"].map(_text) if "flag" in v.columns else [""] * len(v),
        strict=True,
    ):
        cells.setdefault((year, form), []).append((count, _is_true(censored), bool(flag)))
    for k, form in enumerate(FORMS):
        plain, hatched = ([], []), ([], [])
        for j, year in enumerate(years):
            cell = cells.get((year, form), [])
            x = j - 0.4 + width * (k + 0.5)
            if len(cell) > 1:
                _cell_label(ax, x, top * 0.02, repeated, rotation=90, va="bottom", fontsize=7)
            elif len(cell) == 1:
                count, censored, flagged = cell[0]
                if censored:
                    _cell_label(ax, x, top * 0.02, "<5", rotation=90, va="bottom", fontsize=7)
                elif not pd.isna(count):
                    target = hatched if flagged else plain
                    target[0].append(x)
                    target[1].append(int(count))
        ax.bar(*plain, width, color=PALETTE[k])
        if hatched[0]:
            ax.bar(*hatched, width, color=PALETTE[k], edgecolor="black", hatch="///")
    present = {year for year, _ in cells}
    for j, year in enumerate(years):
        if year not in present:
            _cell_label(
                ax, j, top * 0.02, _(NO_DATA), rotation=90, va="bottom", fontsize=8, color="#555555"
            )
    ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=90)
    ax.legend(
        handles=[
            Patch(color=PALETTE[k], label=_(FORM_LABELS.get(f, f))) for k, f in enumerate(FORMS)
        ],
        loc="upper left",
    )
    return fig, ax


def plot_prevalence(
    estimates: pd.DataFrame, members: pd.DataFrame | None = None, title: str | None = None
):
    """Horizontal bars of GSI 2023 prevalence per 1,000; members without an estimate say so."""
    from asean_tip_course.figures import PALETTE, new_figure

    names = member_names(members) if members is not None else {}
    names = {code: shown_name(name) for code, name in names.items()}
    e = estimates.copy()
    e["value"] = pd.to_numeric(e["prevalence_per_1000"], errors="coerce")
    e = e.sort_values("value", na_position="first")
    highest = e.dropna(subset=["value"]).iloc[-1]
    lowest = e.dropna(subset=["value"]).iloc[0]
    hi_name = names.get(str(highest["iso3"]), str(highest["iso3"]))
    lo_name = names.get(str(lowest["iso3"]), str(lowest["iso3"]))
    fig, ax = new_figure(
        title
        or _("Estimated modern slavery is highest in {highest}, lowest in {lowest}").format(
            highest=hi_name, lowest=lo_name
        ),
        _("Estimated people in modern slavery per 1,000 population (2021)"),
        "",
        _(GSI_SOURCE),
        figsize=(8, 4.8),
    )
    labels = [names.get(str(c), str(c)) for c in e["iso3"]]
    ax.barh(labels, e["value"].fillna(0), color=PALETTE[0])
    for i, val in enumerate(e["value"]):
        text = _(NOT_ESTIMATED) if pd.isna(val) else f"{val:.1f}"
        ax.text(0 if pd.isna(val) else val, i, f" {text}", va="center", fontsize=9)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, float(e["value"].max()) * 1.15)
    return fig, ax
