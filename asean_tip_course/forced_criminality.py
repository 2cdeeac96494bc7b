"""Trafficking into forced criminality (online scam compounds): the chapter 4 table and figure.

Plain functions of the ``forced_criminality`` table: ``number_text`` writes a number as its
source gives it (a floor, a range, an upper bound), ``estimates_table`` lists one topic's rows
with who counted, what kind of number it is and the caveat, and ``plot_crackdown_counts`` puts
the disagreeing counts of 2025 side by side.
"""

from __future__ import annotations

import pandas as pd

KIND_HATCH = {"claim by a party": "///", "official figure": "", "news report": "..", "estimate": ""}


def _present(value) -> bool:
    return not pd.isna(value)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def number_text(row) -> str:
    """A row's number as the source gives it: 'at least 120,000', '18-37', 'just under 40'."""
    low, high, unit = row["value"], row["value_high"], str(row["unit"])
    if _present(low) and _present(high):
        return f"{_fmt(low)}-{_fmt(high)}"
    if _present(high):
        word = "almost" if "almost" in unit else "just under"
        return f"{word} {_fmt(high)}"
    if not _present(low):
        return "no number"
    for word in ("at least", "around", "more than"):
        if word in unit:
            return f"{word} {_fmt(low)}"
    return _fmt(low)


def estimates_table(table: pd.DataFrame, topic: str) -> pd.DataFrame:
    """The rows of one ``topic`` as a readable table: number, unit, place, who, kind, caveat."""
    topics = sorted(set(table["topic"].astype(str)))
    if topic not in topics:
        raise ValueError(
            f"{topic!r} is not a topic of the table. Choose one of: {', '.join(topics)}."
        )
    rows = table[table["topic"].astype(str) == topic]
    return pd.DataFrame(
        {
            "number": [number_text(r) for _, r in rows.iterrows()],
            "unit": rows["unit"].astype(str).to_numpy(),
            "place": rows["place"].astype(str).to_numpy(),
            "date": [
                ""
                if pd.isna(d)
                else (
                    f"{d:%Y-%m-%d}" if p == "day" else f"{d:%Y-%m}" if p == "month" else f"{d:%Y}"
                )
                for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "fact": rows["fact"].astype(str).to_numpy(),
            "counted by": rows["counted_by"].astype(str).to_numpy(),
            "kind": rows["kind"].astype(str).to_numpy(),
            "confidence": rows["confidence"].astype(str).to_numpy(),
            "caveat": rows["caveat"].astype(str).to_numpy(),
            "row": rows["item_id"].astype(str).to_numpy(),
        }
    )


def plot_crackdown_counts(table: pd.DataFrame, title: str | None = None):
    """Horizontal bars: the counts of people from the Myawaddy compounds, February-March 2025.

    Each bar names who counted; hatching marks a claim by a party with an interest in it (and
    dots a news count), so the kinds differ without colour.
    """
    from matplotlib.patches import Patch

    from asean_tip_course.figures import PALETTE, new_figure

    rows = table[
        (table["topic"].astype(str) == "crackdown")
        & table["value"].notna()
        & table["date"].between(pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-31"))
    ].copy()
    if rows.empty:
        raise ValueError("No crackdown counts for February-March 2025 in the table.")
    rows["group"] = ["sent home" if "repatriated" in u else "held or listed" for u in rows["unit"]]
    rows = rows.sort_values(["group", "value"], ascending=[False, True]).reset_index(drop=True)
    held = rows.loc[rows["group"] == "held or listed", "value"]
    home = rows.loc[rows["group"] == "sent home", "value"]
    fig, ax = new_figure(
        title
        or (
            f"Myawaddy, February-March 2025: counts of people held range from {held.min():,.0f} "
            f"to {held.max():,.0f}, of people sent home from {home.min():,.0f} to {home.max():,.0f}"
        ),
        "People (as counted by each source)",
        "",
        "data/forced_criminality.csv (reference/recent_developments B12-B17; news reports of "
        "counts by the Border Guard Force, Myanmar's authorities and The Irrawaddy). Counts "
        "changed by the day; they are not reconciled here.",
        figsize=(9, 4.6),
    )
    colours = {"held or listed": PALETTE[0], "sent home": PALETTE[1]}
    labels = []
    for i, r in rows.iterrows():
        ax.barh(
            i,
            r["value"],
            color=colours[r["group"]],
            hatch=KIND_HATCH.get(str(r["kind"]), ""),
            edgecolor="black",
            linewidth=0.6,
        )
        ax.text(r["value"], i, f" {number_text(r)}", va="center", fontsize=9)
        when = f"{r['date']:%d %b}" if r["date_precision"] == "day" else f"{r['date']:%b}"
        labels.append(f"{r['group']}, {when}: {r['counted_by'].split(',')[0]} ({r['kind']})")
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_xlim(0, float(rows["value"].max()) * 1.55)
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.grid(axis="y", visible=False)
    ax.legend(
        handles=[
            Patch(facecolor=PALETTE[0], label="held or listed"),
            Patch(facecolor=PALETTE[1], label="sent home"),
            Patch(facecolor="white", edgecolor="black", hatch="///", label="claim by a party"),
            Patch(facecolor="white", edgecolor="black", hatch="..", label="news count"),
        ],
        loc="center right",
        fontsize=8.5,
    )
    return fig, ax
