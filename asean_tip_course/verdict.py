"""Chapter 5: test the paper's verdict against the US TIP Report tiers.

The before/after analysis itself is ``asean_tip_course.before_after`` (shared with chapter 4);
this module adds the chapter's counts per year, its figure and ``verdict_explorer``, which only
wires widgets to ``before_after`` and ``verdict_lines``.
"""

from __future__ import annotations

import html

import pandas as pd

from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.before_after import (
    before_after,
    check_split,
    comparison_table,
    members_throughout,
    region_summary,
    verdict_lines,
    verdict_text,
)
from asean_tip_course.data import date_text
from asean_tip_course.figures import shown_name
from asean_tip_course.i18n import _

TIER_ORDER = list(tier_vocabulary.TIERS)


def tier_counts_by_year(tiers: pd.DataFrame, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Members per tier in each report year (columns: the four tiers plus 'No tier').

    With the ``members`` table, a country counts only in report years that start after it
    joined ASEAN (so Timor-Leste, admitted in October 2025, is in no year up to 2025).
    """
    if members is not None and "accession_date" in members.columns:
        joined = dict(
            zip(members["iso3"].astype(str), pd.to_datetime(members["accession_date"]), strict=True)
        )
        keep = [
            code in joined and joined[code] < pd.Timestamp(year=int(year), month=1, day=1)
            for code, year in zip(tiers["iso3"].astype(str), tiers["report_year"], strict=True)
        ]
        tiers = tiers[keep]
    labels = (
        tiers["tier"]
        .astype("string")
        .str.strip()
        .fillna(tier_vocabulary.NO_TIER)
        .replace("", tier_vocabulary.NO_TIER)
    )
    table = pd.crosstab(pd.to_numeric(tiers["report_year"]).astype("int64"), labels)
    return table.reindex(columns=TIER_ORDER + [tier_vocabulary.NO_TIER], fill_value=0).astype(
        "int64"
    )


def plot_tier_counts(
    tiers: pd.DataFrame,
    members: pd.DataFrame | None = None,
    split_year: int | None = 2018,
    window: int = 8,
):
    """Stacked bars of members per tier by report year, with the before/after windows marked.

    The title gives the members a year on the Watch List or Tier 3 in the two windows of
    ``before_after`` (the same numbers the chapter prints), not over the whole series.
    """
    import numpy as np

    from asean_tip_course.figures import new_figure

    table = tier_counts_by_year(tiers, members)
    if split_year is not None:
        b0, b1, a0, a1 = check_split(tiers, split_year, window)
        chosen = None if members is None else members_throughout(members, b0)
        region = region_summary(before_after(tiers, split_year, window, chosen))
        title = _(
            "On the Watch List or Tier 3: {before} members a year in "
            "{b0}-{b1}, {after} in {a0}-{a1}"
        ).format(
            before=region["before"]["low_per_year"],
            b0=b0,
            b1=b1,
            after=region["after"]["low_per_year"],
            a0=a0,
            a1=a1,
        )
    else:
        title = _("At most {n} member(s) reached Tier 1 in any year").format(
            n=int(table["Tier 1"].max())
        )
    fig, ax = new_figure(
        title=title,
        xlabel=_("TIP Report year (published around June)"),
        ylabel=_("Number of ASEAN members"),
        source=(
            tier_vocabulary.source_text()
            + " "
            + _(
                "Each bar counts the states that were ASEAN members when the report year "
                "began: ten in every year shown (Timor-Leste joined in October 2025)."
            )
        ),
        figsize=(9, 5),
    )
    # Colour-blind-safe colours, plus hatching so the tiers differ without colour.
    styles = {t: (tier_vocabulary.COLOURS[t], tier_vocabulary.HATCHES[t]) for t in TIER_ORDER}
    styles[tier_vocabulary.NO_TIER] = (tier_vocabulary.NO_TIER_COLOUR, "")
    x = np.asarray(table.index)
    bottom = np.zeros(len(table))
    for tier in table.columns:
        colour, hatch = styles[tier]
        ax.bar(
            x,
            table[tier],
            bottom=bottom,
            label=_("{no_tier} (missing or not rated)").format(no_tier=_(tier_vocabulary.NO_TIER))
            if tier == tier_vocabulary.NO_TIER
            else tier_vocabulary.label(tier),
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.5,
        )
        bottom += table[tier].to_numpy()
    if split_year is not None:
        spans = (
            (b0, b1, _("before: {first}-{last}").format(first=b0, last=b1)),
            (a0, a1, _("after: {first}-{last}").format(first=a0, last=a1)),
        )
        for x0, x1, label in spans:
            ax.annotate(
                "",
                xy=(x0 - 0.4, bottom.max() + 0.5),
                xytext=(x1 + 0.4, bottom.max() + 0.5),
                arrowprops={"arrowstyle": "<->", "color": "#000000"},
            )
            ax.text((x0 + x1) / 2, bottom.max() + 0.7, label, ha="center", fontsize=9)
        ax.axvline(split_year - 0.5, color="#000000", linestyle="--", linewidth=1.2)
    ax.set_ylim(0, bottom.max() + 1.6)
    ax.set_xticks(x[::2], [str(v) for v in x[::2]], rotation=90)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title=_("Tier (best to worst)"))
    return fig, ax


def commitment_dates(ratifications: pd.DataFrame, instrument_id: str = "ACTIP") -> pd.DataFrame:
    """Each member's ratification date of one treaty, written as exactly as the source gives it."""
    needed = ["iso3", "instrument_id", "date", "date_precision"]
    missing = [c for c in needed if c not in ratifications.columns]
    if missing:
        raise ValueError(
            _("The ratifications table lacks column(s) {columns}.").format(
                columns=", ".join(missing)
            )
        )
    rows = ratifications[ratifications["instrument_id"] == instrument_id]
    if rows.empty:
        raise ValueError(
            _("No ratification rows for {instrument}.").format(instrument=repr(instrument_id))
        )
    return pd.DataFrame(
        {
            "iso3": rows["iso3"].astype(str).to_numpy(),
            "date": [
                date_text(d, p, missing=_("not found"))
                for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "has_date": rows["date"].notna().to_numpy(),
        }
    )


def comparison_html(table: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """A ``before_after`` table as compact HTML (counts of rated, missing, inferred cells)."""
    names = names or {}
    shown = comparison_table(
        table, {code: shown_name(names.get(code, code)) for code in table["iso3"]}
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="text-align:left">{html.escape("–" if pd.isna(c) else str(c))}</td>'
            for c in row
        )
        + "</tr>"
        for row in shown.itertuples(index=False)
    )
    header = "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in shown.columns)
    caption = ""
    if len(table):
        caption = _(
            "before = report years {before}, after = "
            "{after}; low = Watch List or Tier 3; b/a = before/after"
        ).format(before=table["years_before"].iloc[0], after=table["years_after"].iloc[0])
    return (
        f"<p><i>{html.escape(caption)}.</i></p>"
        '<table class="dataframe"><thead><tr>'
        + header
        + "</tr></thead><tbody>"
        + body
        + "</tbody></table>"
    )


def verdict_explorer(
    tiers: pd.DataFrame, members: pd.DataFrame, split_year: int = 2018, window: int = 8
):
    """Widget: pick a split year, a window and members; see the shared before/after analysis.

    Returns a ``display.CourseWidget``.
    """
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    names = dict(zip(members["iso3"].astype(str), members["short_name"].astype(str), strict=True))
    codes = sorted(set(tiers["iso3"].astype(str)))
    years = pd.to_numeric(tiers["report_year"])
    first, last = int(years.min()), int(years.max())
    split = w.IntSlider(
        value=split_year,
        min=first + 1,
        max=last,
        description=_("Split year (first 'after' report):"),
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
        continuous_update=False,
    )
    span = w.IntSlider(
        value=window,
        min=1,
        max=last - first,
        description=_("Report years on each side:"),
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
        continuous_update=False,
    )
    b0 = check_split(tiers, split_year, window)[0]
    start_codes = [c for c in members_throughout(members, b0) if c in codes] or codes
    pick = w.SelectMultiple(
        options=[(shown_name(names.get(c, c)), c) for c in codes],
        value=tuple(start_codes),
        rows=min(11, len(codes)),
        description=_("Members (Ctrl/Cmd-click for several):"),
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
    )
    out = w.HTML()

    def redraw(*_change):
        out.value = verdict_html(tiers, split.value, span.value, list(pick.value), names)

    for control in (split, span, pick):
        control.observe(redraw, names="value")
    redraw()
    later = [shown_name(names.get(c, c)) for c in codes if c not in start_codes]
    note = (
        _(
            "Selected at first: the states that were ASEAN members in all these years. Not "
            "selected: {later} (joined later; select to see its own record)."
        ).format(later=", ".join(later))
        if later
        else ""
    )
    ui = w.VBox(
        [
            w.HTML("<b>" + html.escape(_("Before and after: TIP tiers"), quote=False) + "</b>"),
            split,
            span,
            pick,
            out,
            w.HTML(html.escape(note)),
        ]
    )
    ui.add_class("course-widget")
    start = before_after(tiers, split_year, window, start_codes)
    fallback = (
        _(
            "TIP tiers, {window} report years before and from {split_year} (lower score = better):"
        ).format(window=window, split_year=split_year)
        + "\n"
        + comparison_table(start, {c: shown_name(names.get(c, c)) for c in codes}).to_string(
            index=False
        )
        + "\n\n"
        + verdict_text(start, names)
    )
    return CourseWidget(
        ui,
        fallback,
        about=_(
            "Move the split year, change the years on each side or pick members to see "
            "how the before-and-after comparison changes."
        ),
        fallback_html=out.value,
    )


def verdict_html(
    tiers: pd.DataFrame,
    split_year: int,
    window: int | None,
    selected: list[str],
    names: dict[str, str] | None = None,
) -> str:
    """HTML for one widget state: the comparison table and the reading, or a friendly note."""
    if not selected:
        return "<p><b>{lead}</b> {rest}</p>".format(
            lead=html.escape(_("No member selected.")),
            rest=html.escape(
                _("Pick at least one member in the list (hold Ctrl or Cmd to pick several).")
            ),
        )
    try:
        table = before_after(tiers, split_year, window, selected)
    except (TypeError, ValueError) as problem:
        return f"<p><b>{html.escape(str(problem))}</b></p>"
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in verdict_lines(table, names))
    return comparison_html(table, names) + lines
