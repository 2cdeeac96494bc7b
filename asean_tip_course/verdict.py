"""Chapter 5: test the paper's verdict against the US TIP Report tiers.

Plain functions (``tier_scores``, ``compare_periods``, ``verdict_summary``,
``tier_counts_by_year``) hold the logic; ``verdict_explorer`` only wires widgets to them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.data import date_text, member_names

# Scores, order and the low-tier rule live in tiers.py (higher score = weaker placement).
TIER_SCORES = tier_vocabulary.SCORES
TIER_ORDER = list(tier_vocabulary.TIERS)


def tier_scores(tiers: pd.DataFrame) -> pd.DataFrame:
    """Score each member-year: Tier 1 = 1, Tier 2 = 2, Tier 2 Watch List = 3, Tier 3 = 4.

    Returns iso3, report_year, tier, score (nullable Int64: missing when the cell has no
    tier) and rated (True when scored), plus evidence when the input has it. Missing cells
    stay in the frame so they can be counted, and are left out of every mean.
    """
    if not isinstance(tiers, pd.DataFrame):
        raise TypeError("`tiers` should be a table (DataFrame) such as load('tip_tiers').")
    missing_cols = [c for c in ("iso3", "report_year", "tier") if c not in tiers.columns]
    if missing_cols:
        raise ValueError(f"The tiers table lacks column(s) {', '.join(missing_cols)}.")
    keep = ["iso3", "report_year", "tier"] + (["evidence"] if "evidence" in tiers.columns else [])
    out = tiers[keep].copy()
    labels = out["tier"].astype("string").str.strip()
    unknown = sorted(set(labels.dropna()) - set(TIER_SCORES) - {""})
    if unknown:
        raise ValueError(f"Unknown tier label(s): {', '.join(unknown)}.")
    out["score"] = labels.map(TIER_SCORES).astype("Int64")
    out["rated"] = out["score"].notna()
    return out


def compare_periods(
    tiers: pd.DataFrame,
    split_year: int = 2017,
    window: int | None = None,
    members: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Mean tier score per member before and after ``split_year``.

    "Before" = report years < split_year; "after" = report years >= split_year. With
    ``window`` = n, only the n report years on each side count (a fairer, equal span).
    Returns one row per member: iso3, years_before, mean_before, rated_before,
    missing_before, years_after, mean_after, rated_after, missing_after, change
    (after - before; negative = better placement) and direction; with an ``evidence``
    column in ``tiers``, also inferred_before and inferred_after (rated cells that were
    inferred from another year's report, not read directly).
    """
    if isinstance(split_year, bool) or not isinstance(split_year, int):
        raise TypeError(f"`split_year` should be a whole year such as 2017, not {split_year!r}.")
    if window is not None and (isinstance(window, bool) or not isinstance(window, int)):
        raise TypeError(f"`window` should be a whole number of years or None, not {window!r}.")
    if window is not None and window < 1:
        raise ValueError("`window` should be at least 1 year.")
    scores = tier_scores(tiers)
    cells = member_cells(scores)
    first, last = _year_range(cells)
    if not first < split_year <= last:
        raise ValueError(
            f"Pick a split year after {first} and no later than {last}: "
            "there must be report years on both sides."
        )
    if members is not None:
        if isinstance(members, str):
            members = [members]
        members = [str(m) for m in members]
        unknown = sorted(set(members) - set(cells))
        if unknown:
            raise ValueError(f"No tier data for member code(s) {', '.join(unknown)}.")
    rows = compare_cells(cells, split_year, window, members)
    has_evidence = "evidence" in scores.columns
    columns = _columns(has_evidence)
    return pd.DataFrame(rows, columns=columns)


# A member's report years as plain tuples (year, score or None, inferred?), for fast widgets.
Cells = dict[str, list[tuple[int, float | None, bool | None]]]


def member_cells(scores: pd.DataFrame) -> Cells:
    """Group a ``tier_scores`` table into plain ``{iso3: [(year, score, inferred), ...]}``."""
    has_evidence = "evidence" in scores.columns
    evidence = (
        scores["evidence"].astype("string").str.strip().eq("inferred").fillna(False)
        if has_evidence
        else pd.Series(None, index=scores.index, dtype="object")
    )
    cells: Cells = {}
    for iso3, year, score, inferred in zip(
        scores["iso3"].astype(str),
        scores["report_year"].astype("int64"),
        scores["score"],
        evidence,
        strict=True,
    ):
        value = None if pd.isna(score) else float(score)
        flag = bool(inferred) if has_evidence else None
        cells.setdefault(iso3, []).append((int(year), value, flag))
    return {k: sorted(v) for k, v in sorted(cells.items())}


def _year_range(cells: Cells) -> tuple[int, int]:
    years = [y for rows in cells.values() for y, _, _ in rows]
    if not years:
        raise ValueError("The tiers table is empty.")
    return min(years), max(years)


def _columns(has_evidence: bool) -> list[str]:
    columns = [
        "iso3",
        "years_before",
        "mean_before",
        "rated_before",
        "missing_before",
        "years_after",
        "mean_after",
        "rated_after",
        "missing_after",
        "change",
        "direction",
    ]
    if has_evidence:
        columns[5:5] = ["inferred_before"]
        columns[10:10] = ["inferred_after"]
    return columns


def compare_cells(
    cells: Cells, split_year: int, window: int | None, members: Iterable[str] | None = None
) -> list[dict]:
    """The rows of ``compare_periods`` from precomputed ``member_cells`` (plain Python, fast)."""
    chosen = list(cells) if members is None else [m for m in sorted(set(members)) if m in cells]
    low = None if window is None else split_year - window
    high = None if window is None else split_year + window
    rows = []
    for iso3 in chosen:
        row: dict = {"iso3": iso3}
        for name, keep in (
            ("before", lambda y: y < split_year and (low is None or y >= low)),
            ("after", lambda y: y >= split_year and (high is None or y < high)),
        ):
            part = [c for c in cells[iso3] if keep(c[0])]
            rated = [score for _, score, _ in part if score is not None]
            row[f"years_{name}"] = f"{part[0][0]}-{part[-1][0]}" if part else ""
            row[f"mean_{name}"] = round(sum(rated) / len(rated), 2) if rated else float("nan")
            row[f"rated_{name}"] = len(rated)
            row[f"missing_{name}"] = len(part) - len(rated)
            if part and part[0][2] is not None:
                row[f"inferred_{name}"] = sum(
                    1 for _, score, inf in part if inf and score is not None
                )
            elif cells[iso3] and cells[iso3][0][2] is not None:
                row[f"inferred_{name}"] = 0
        change = row["mean_after"] - row["mean_before"]
        row["change"] = round(change, 2) if change == change else float("nan")
        row["direction"] = _direction(row["change"])
        rows.append(row)
    return rows


def _direction(change: float, tolerance: float = 0.25) -> str:
    """Word for a change in mean tier score (lower = better placement)."""
    if pd.isna(change):
        return "not enough data"
    if change <= -tolerance:
        return "better placement"
    if change >= tolerance:
        return "worse placement"
    return "about the same"


def verdict_summary(comparison: pd.DataFrame, split_year: int | None = None) -> str:
    """A short plain-English reading of a ``compare_periods`` table, with its limits."""
    if not isinstance(comparison, pd.DataFrame):
        raise TypeError("Pass the table that compare_periods(...) returns.")
    return summary_text(comparison.to_dict("records"), split_year)


def summary_text(rows: list[dict], split_year: int | None = None) -> str:
    """The reading of ``compare_cells`` rows (see ``verdict_summary``)."""
    if not rows:
        return "No members selected: pick at least one member to compare."
    directions = [r["direction"] for r in rows]
    when = f" from {split_year} on" if split_year is not None else " after the split"
    text = (
        f"Of {len(rows)} member(s), {directions.count('better placement')} had a better "
        f"average tier{when}, {directions.count('worse placement')} a worse one and "
        f"{directions.count('about the same')} about the same"
    )
    if directions.count("not enough data"):
        text += f"; {directions.count('not enough data')} lack data on one side"
    text += "."
    missing = sum(int(r["missing_before"]) + int(r["missing_after"]) for r in rows)
    if missing:
        text += f" {missing} member-year(s) have no tier and are left out of the averages."
    if "inferred_before" in rows[0]:
        inferred = sum(int(r["inferred_before"]) + int(r["inferred_after"]) for r in rows)
        if inferred:
            text += f" {inferred} of the tiers used are inferred, not read from the report."
    both = [r for r in rows if not (pd.isna(r["mean_before"]) or pd.isna(r["mean_after"]))]
    if both:
        before = sum(r["mean_before"] for r in both) / len(both)
        after = sum(r["mean_after"] for r in both) / len(both)
        text += (
            f" Averaged over these members, the mean score went from {before:.2f} to "
            f"{after:.2f} ({tier_vocabulary.SCALE_TEXT})."
        )
    text += (
        " Tiers grade what governments do against trafficking, as judged by one rater, "
        "the US government; they do not measure how much trafficking there is, and a change "
        "after a date does not show that ACTIP caused it."
    )
    return text


def tier_counts_by_year(tiers: pd.DataFrame) -> pd.DataFrame:
    """Members per tier in each report year (columns: the four tiers plus 'No tier')."""
    scores = tier_scores(tiers)
    no_tier = tier_vocabulary.NO_TIER
    labels = scores["tier"].astype("string").str.strip().fillna(no_tier).replace("", no_tier)
    table = pd.crosstab(scores["report_year"].astype("int64"), labels)
    return table.reindex(columns=TIER_ORDER + [no_tier], fill_value=0).astype("int64")


def low_tier_averages(tiers: pd.DataFrame, split_year: int) -> tuple[float, float]:
    """Average number of members per report year on the Watch List or Tier 3, before/after."""
    table = tier_counts_by_year(tiers)
    low = table[list(tier_vocabulary.LOW)].sum(axis=1)
    before, after = low[low.index < split_year], low[low.index >= split_year]
    if before.empty or after.empty:
        raise ValueError("Pick a split year with report years on both sides.")
    return round(float(before.mean()), 1), round(float(after.mean()), 1)


def plot_tier_counts(tiers: pd.DataFrame, in_force=None):
    """Stacked bars of members per tier by report year, with ACTIP's entry into force marked.

    ``in_force`` is the entry-into-force date (a date or Timestamp) or just a year.
    """
    import numpy as np

    from asean_tip_course.figures import new_figure

    table = tier_counts_by_year(tiers)
    if in_force is None:
        in_force_year, marker = None, ""
    elif isinstance(in_force, int):
        in_force_year, marker = in_force, f"ACTIP in force\n({in_force})"
    else:
        when = pd.Timestamp(in_force)
        in_force_year, marker = when.year, f"ACTIP in force\n({when:%B %Y})"
    if in_force_year is not None and table.index.min() < in_force_year <= table.index.max():
        before, after = low_tier_averages(tiers, in_force_year)
        title = (
            f"On the {tier_vocabulary.LOW_LABEL}: {before:.1f} members a year before "
            f"{in_force_year}, {after:.1f} from {in_force_year} on"
        )
    else:
        title = f"At most {int(table['Tier 1'].max())} member(s) reached Tier 1 in any year"
    fig, ax = new_figure(
        title=title,
        xlabel="TIP Report year (published around June)",
        ylabel="Number of ASEAN members",
        source=tier_vocabulary.SOURCE,
        figsize=(9, 5),
    )
    # The course's tier colours, plus hatching so the tiers differ without colour.
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
            label=f"{tier} (missing or not rated)" if tier == tier_vocabulary.NO_TIER else tier,
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.5,
        )
        bottom += table[tier].to_numpy()
    if in_force_year is not None:
        ax.axvline(in_force_year - 0.5, color="#000000", linestyle="--", linewidth=1.2)
        ax.annotate(
            marker,
            xy=(in_force_year - 0.5, bottom.max() + 0.2),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=9,
        )
    ax.set_ylim(0, bottom.max() + 1.6)
    ax.set_xticks(x[::2])
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Tier (best to worst)")
    return fig, ax


def commitment_dates(ratifications: pd.DataFrame, instrument_id: str = "ACTIP") -> pd.DataFrame:
    """Each member's ratification date of one treaty, written as exactly as the source gives it."""
    needed = ["iso3", "instrument_id", "date", "date_precision"]
    missing = [c for c in needed if c not in ratifications.columns]
    if missing:
        raise ValueError(f"The ratifications table lacks column(s) {', '.join(missing)}.")
    rows = ratifications[ratifications["instrument_id"] == instrument_id]
    if rows.empty:
        raise ValueError(f"No ratification rows for {instrument_id!r}.")
    return pd.DataFrame(
        {
            "iso3": rows["iso3"].astype(str).to_numpy(),
            "date": [
                date_text(d, p, missing="not found")
                for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "has_date": rows["date"].notna().to_numpy(),
        }
    )


def comparison_html(comparison, names: dict[str, str] | None = None) -> str:
    """The comparison (a ``compare_periods`` table or ``compare_cells`` rows) as compact HTML."""
    rows = comparison.to_dict("records") if isinstance(comparison, pd.DataFrame) else comparison
    names = names or {}
    has_inferred = bool(rows) and "inferred_before" in rows[0]
    counts = "rated / missing" + (" / inferred" if has_inferred else "")
    head = [
        "member",
        "mean score before",
        "mean score after",
        "change (negative = better)",
        "direction",
        f"before: {counts}",
        f"after: {counts}",
    ]

    def number(x) -> str:
        return "–" if pd.isna(x) else f"{x:.2f}"

    def tally(r, side) -> str:
        text = f"{r[f'rated_{side}']} / {r[f'missing_{side}']}"
        return text + (f" / {r[f'inferred_{side}']}" if has_inferred else "")

    body = []
    for r in rows:
        cells = [
            names.get(r["iso3"], r["iso3"]),
            number(r["mean_before"]),
            number(r["mean_after"]),
            number(r["change"]),
            r["direction"],
            tally(r, "before"),
            tally(r, "after"),
        ]
        body.append(
            "<tr>"
            + "".join(f'<td style="text-align:left">{html.escape(str(c))}</td>' for c in cells)
            + "</tr>"
        )
    spans = sorted({(r["years_before"], r["years_after"]) for r in rows})
    caption = "; ".join(f"before = report years {b}, after = {a}" for b, a in spans)
    header = "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in head)
    return (
        f"<p><i>{html.escape(caption)}.</i></p>"
        '<table class="dataframe"><thead><tr>'
        + header
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def verdict_explorer(tiers: pd.DataFrame, members: pd.DataFrame, window: int = 8):
    """Widget: pick a split year and members; see before/after mean tiers and a reading.

    Returns a ``display.CourseWidget``.
    """
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    names = member_names(members)
    cells = member_cells(tier_scores(tiers))  # computed once: updates stay fast
    codes = list(cells)
    first, last = _year_range(cells)
    split = w.IntSlider(
        value=2017,
        min=first + 1,
        max=last,
        description="Split year (first 'after' report):",
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
        continuous_update=False,
    )
    span = w.IntSlider(
        value=window,
        min=1,
        max=last - first,
        description="Report years on each side:",
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
        continuous_update=False,
    )
    pick = w.SelectMultiple(
        options=[(names.get(c, c), c) for c in codes],
        value=tuple(codes),
        rows=min(10, len(codes)),
        description="Members (Ctrl/Cmd-click for several):",
        style={"description_width": "initial"},
        layout=w.Layout(width="32em"),
    )
    out = w.HTML()

    def redraw(*_):
        out.value = _state_html(cells, split.value, span.value, list(pick.value), names)

    for control in (split, span, pick):
        control.observe(redraw, names="value")
    redraw()
    ui = w.VBox([w.HTML("<b>Before and after: mean TIP tier score</b>"), split, span, pick, out])
    ui.add_class("course-widget")
    start = compare_periods(tiers, 2017, window, codes)
    compact = [c for c in start.columns if not c.startswith(("years_", "rated_"))]
    fallback = (
        f"Mean tier score, {window} report years before and after 2017 (lower = better):\n"
        + start[compact].to_string(index=False)
        + "\n\n"
        + verdict_summary(start, 2017)
    )
    return CourseWidget(
        ui,
        fallback,
        about=(
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
    return _state_html(member_cells(tier_scores(tiers)), split_year, window, selected, names)


def _state_html(
    cells: Cells,
    split_year: int,
    window: int | None,
    selected: list[str],
    names: dict[str, str] | None = None,
) -> str:
    if not selected:
        return (
            "<p><b>No member selected.</b> Pick at least one member in the list "
            "(hold Ctrl or Cmd to pick several).</p>"
        )
    first, last = _year_range(cells)
    if not first < split_year <= last:
        return (
            f"<p><b>Pick a split year after {first} and no later than {last}: "
            "there must be report years on both sides.</b></p>"
        )
    rows = compare_cells(cells, split_year, window, selected)
    return comparison_html(rows, names) + f"<p>{html.escape(summary_text(rows, split_year))}</p>"
