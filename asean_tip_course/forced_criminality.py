"""Trafficking into forced criminality (online scam compounds): the chapter 4 table and figure.

Plain functions of the ``forced_criminality`` table: ``number_text`` writes a number as its
source gives it (a floor, a range, an upper bound), ``estimates_table`` lists one topic's rows
with who counted, what kind of number it is and the caveat, and ``plot_crackdown_counts`` puts
the disagreeing counts of 2025 side by side.
"""

from __future__ import annotations

import pandas as pd

from asean_tip_course.i18n import N_, _

KIND_HATCH = {"claim by a party": "///", "official figure": "", "news report": "..", "estimate": ""}
KIND_LABELS = {
    "claim by a party": N_("claim by a party"),
    "official figure": N_("official figure"),
    "news report": N_("news report"),
    "estimate": N_("estimate"),
}
"""Each kind of number as the chart shows it (the table keeps its words)."""
GROUPS = {"held or listed": N_("held or listed"), "sent home": N_("sent home")}
"""The two groups of counts in the chart, as shown."""


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
        if "almost" in unit:
            return _("almost {number}").format(number=_fmt(high))
        return _("just under {number}").format(number=_fmt(high))
    if not _present(low):
        return _("no number")
    words = {
        "at least": N_("at least {number}"),
        "around": N_("around {number}"),
        "more than": N_("more than {number}"),
    }
    for word, text in words.items():
        if word in unit:
            return _(text).format(number=_fmt(low))
    return _fmt(low)


def estimates_table(table: pd.DataFrame, topic: str) -> pd.DataFrame:
    """The rows of one ``topic`` as a readable table: number, unit, place, who, kind, caveat."""
    topics = sorted(set(table["topic"].astype(str)))
    if topic not in topics:
        raise ValueError(
            _("{value} is not a topic of the table. Choose one of: {topics}.").format(
                value=repr(topic), topics=", ".join(topics)
            )
        )
    rows = table[table["topic"].astype(str) == topic]
    return pd.DataFrame(
        {
            "number": [number_text(r) for _index, r in rows.iterrows()],
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

    from asean_tip_course.figures import PALETTE, new_figure, short_month

    rows = table[
        (table["topic"].astype(str) == "crackdown")
        & table["value"].notna()
        & table["date"].between(pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-31"))
    ].copy()
    if rows.empty:
        raise ValueError(_("No crackdown counts for February-March 2025 in the table."))
    rows["group"] = ["sent home" if "repatriated" in u else "held or listed" for u in rows["unit"]]
    rows = rows.sort_values(["group", "value"], ascending=[False, True]).reset_index(drop=True)
    held = rows.loc[rows["group"] == "held or listed", "value"]
    home = rows.loc[rows["group"] == "sent home", "value"]
    fig, ax = new_figure(
        title
        or _(
            "Myawaddy, February-March 2025: counts of people held range from {held_min} "
            "to {held_max}, of people sent home from {home_min} to {home_max}"
        ).format(
            held_min=f"{held.min():,.0f}",
            held_max=f"{held.max():,.0f}",
            home_min=f"{home.min():,.0f}",
            home_max=f"{home.max():,.0f}",
        ),
        _("People (as counted by each source)"),
        "",
        _(
            "data/forced_criminality.csv (reference/recent_developments B12-B17; news reports of "
            "counts by the Border Guard Force, Myanmar's authorities and The Irrawaddy). Counts "
            "changed by the day; they are not reconciled here."
        ),
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
        month = short_month(r["date"].month)
        when = f"{r['date']:%d} {month}" if r["date_precision"] == "day" else month
        kind = str(r["kind"])
        labels.append(
            _("{group}, {date}: {counted_by} ({kind})").format(
                group=_(GROUPS[r["group"]]),
                date=when,
                counted_by=r["counted_by"].split(",")[0],
                kind=_(KIND_LABELS[kind]) if kind in KIND_LABELS else kind,
            )
        )
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_xlim(0, float(rows["value"].max()) * 1.55)
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.grid(axis="y", visible=False)
    ax.legend(
        handles=[
            Patch(facecolor=PALETTE[0], label=_(GROUPS["held or listed"])),
            Patch(facecolor=PALETTE[1], label=_(GROUPS["sent home"])),
            Patch(
                facecolor="white",
                edgecolor="black",
                hatch="///",
                label=_(KIND_LABELS["claim by a party"]),
            ),
            Patch(facecolor="white", edgecolor="black", hatch="..", label=_("news count")),
        ],
        loc="center right",
        fontsize=8.5,
    )
    return fig, ax
