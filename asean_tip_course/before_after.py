"""The one before/after-ACTIP analysis of the TIP tiers, used by chapters 4 and 5.

Everything a chapter says about "before and after" comes from ``before_after`` (one row per
member) and ``region_summary`` (all members together), and the sentences that state a verdict
come from ``verdict_lines``, so the prose can never drift from the numbers printed beside it.

Rules of the analysis, each kept visible in the output:

- A TIP Report is named by the year it is published (around June) but looks back at the
  reporting period before it. ``first_report_after`` gives the first report whose whole
  period follows a date, so the 2017 report counts as *before* ACTIP (in force March 2017).
- Equal windows (default 8 report years a side), so both sides have the Watch List and the
  automatic-downgrade rule; ``watch_list_start`` and ``watch_list_runs`` show both.
- Cells without a tier (missing, not rated) are counted, never guessed; inferred tiers and
  tiers known only from a regional summary are used but counted apart.
"""

from __future__ import annotations

import pandas as pd

from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.figures import shown_name
from asean_tip_course.i18n import N_, _

TIERS = list(tier_vocabulary.TIERS)
SCORES = tier_vocabulary.SCORES
LOW = set(tier_vocabulary.LOW)
TOLERANCE = 0.25
"""A change of mean score smaller than this counts as 'about the same'."""

DIRECTIONS = {
    "better": N_("better"),
    "worse": N_("worse"),
    "about the same": N_("about the same"),
    "not enough data": N_("not enough data"),
}
"""The words ``direction`` returns (kept in the tables), as shown (see ``direction_label``)."""

REPORTING_PERIOD_START_MONTH = 4
"""A report looks back at April of the year before to March of its own year."""

COLUMNS = [
    "iso3",
    "years_before",
    "years_after",
    "rated_before",
    "rated_after",
    "low_before",
    "low_after",
    "mean_before",
    "mean_after",
    "change",
    "direction",
    "no_tier_before",
    "no_tier_after",
    "inferred_before",
    "inferred_after",
    "summary_before",
    "summary_after",
]


def period_covered(report_year: int) -> str:
    """The reporting period a report looks back at, e.g. 2017 -> 'April 2016 to March 2017'."""
    return _("April {previous} to March {year}").format(previous=report_year - 1, year=report_year)


def first_report_after(date) -> int:
    """The first report year whose whole reporting period starts on or after ``date``."""
    when = pd.Timestamp(date)
    start_year = when.year if when.month <= REPORTING_PERIOD_START_MONTH else when.year + 1
    if when.month == REPORTING_PERIOD_START_MONTH and when.day > 1:
        start_year += 1
    return start_year + 1


def watch_list_start(tiers: pd.DataFrame) -> int | None:
    """The first report year in the table with any member on the Tier 2 Watch List."""
    years = tiers.loc[tiers["tier"].astype("string") == tier_vocabulary.WATCH_LIST, "report_year"]
    return int(years.min()) if len(years) else None


def members_throughout(members: pd.DataFrame, first_year: int) -> list[str]:
    """Codes of the countries that were ASEAN members from 1 January ``first_year`` on.

    A comparison of members over report years should only count states that were members in
    those years: Timor-Leste (admitted 26 October 2025) is left out of any span before it.
    """
    if "accession_date" not in members.columns:
        return sorted(members["iso3"].astype(str))
    joined = pd.to_datetime(members["accession_date"])
    keep = joined.notna() & (joined < pd.Timestamp(year=int(first_year), month=1, day=1))
    return sorted(members.loc[keep, "iso3"].astype(str))


def _cells(tiers: pd.DataFrame) -> pd.DataFrame:
    """Plain per-cell frame: iso3, year, tier text ('' when none), evidence, score."""
    tier = tiers["tier"].astype("string").fillna("").str.strip()
    unknown = sorted(set(tier) - set(TIERS) - {""})
    if unknown:
        raise ValueError(_("Unknown tier label(s): {labels}.").format(labels=", ".join(unknown)))
    evidence = (
        tiers["evidence"].astype("string").fillna("").str.strip()
        if "evidence" in tiers.columns
        else pd.Series("", index=tiers.index)
    )
    return pd.DataFrame(
        {
            "iso3": tiers["iso3"].astype(str).to_numpy(),
            "year": pd.to_numeric(tiers["report_year"]).astype(int).to_numpy(),
            "tier": tier.to_numpy(),
            "evidence": evidence.to_numpy(),
            "score": tier.map(SCORES).to_numpy(),
        }
    )


def check_split(tiers: pd.DataFrame, split_year, window) -> tuple[int, int, int, int]:
    """The before and after spans (first, last) for a split year and window; ValueError if bad."""
    if isinstance(split_year, bool) or not isinstance(split_year, int):
        raise TypeError(
            _("The split year should be a whole year such as 2018, not {value}.").format(
                value=repr(split_year)
            )
        )
    if window is not None and (isinstance(window, bool) or not isinstance(window, int)):
        raise TypeError(
            _("The window should be a whole number of years, not {value}.").format(
                value=repr(window)
            )
        )
    if window is not None and window < 1:
        raise ValueError(_("The window should be at least 1 report year."))
    years = pd.to_numeric(tiers["report_year"])
    first, last = int(years.min()), int(years.max())
    if not first < split_year <= last:
        raise ValueError(
            _(
                "Pick a split year after {first} and no later than {last}: "
                "there must be report years on both sides."
            ).format(first=first, last=last)
        )
    low = first if window is None else max(first, split_year - window)
    high = last if window is None else min(last, split_year + window - 1)
    return low, split_year - 1, split_year, high


def direction(change: float) -> str:
    """The word for a change of mean score (lower score = better placement)."""
    if pd.isna(change):
        return "not enough data"
    if change <= -TOLERANCE:
        return "better"
    if change >= TOLERANCE:
        return "worse"
    return "about the same"


def direction_label(word: str) -> str:
    """A ``direction`` word as shown, in the course's language (the tables keep the word)."""
    return _(DIRECTIONS[word]) if word in DIRECTIONS else word


def _side(part: pd.DataFrame) -> dict:
    rated = part[part["tier"] != ""]
    return {
        "rated": len(rated),
        "low": int(rated["tier"].isin(LOW).sum()),
        "mean": round(float(rated["score"].mean()), 2) if len(rated) else float("nan"),
        "no_tier": len(part) - len(rated),
        "inferred": int((rated["evidence"] == "inferred").sum()),
        "summary": int((rated["evidence"] == "regional summary").sum()),
    }


def before_after(
    tiers: pd.DataFrame, split_year: int = 2018, window: int | None = 8, members=None
) -> pd.DataFrame:
    """One row per member: tiers in the report years before ``split_year`` and from it on.

    Counts (rated, low = Watch List or Tier 3, no tier, inferred, regional summary), the mean
    score (Tier 1 = 1 ... Tier 3 = 4, a rough summary) and its change and direction.
    """
    if not isinstance(tiers, pd.DataFrame):
        raise TypeError(_("Pass the tier table, load('tip_tiers')."))
    b0, b1, a0, a1 = check_split(tiers, split_year, window)
    cells = _cells(tiers)
    codes = sorted(set(cells["iso3"]))
    if members is not None:
        chosen = [members] if isinstance(members, str) else [str(m) for m in members]
        unknown = sorted(set(chosen) - set(codes))
        if unknown:
            raise ValueError(
                _("No tier data for member code(s) {codes}.").format(codes=", ".join(unknown))
            )
        codes = sorted(set(chosen))
    rows = []
    for code in codes:
        own = cells[cells["iso3"] == code]
        before = _side(own[own["year"].between(b0, b1)])
        after = _side(own[own["year"].between(a0, a1)])
        change = after["mean"] - before["mean"]
        change = round(change, 2) if change == change else float("nan")
        row = {"iso3": code, "years_before": f"{b0}-{b1}", "years_after": f"{a0}-{a1}"}
        for key in ("rated", "low", "mean"):
            row[f"{key}_before"], row[f"{key}_after"] = before[key], after[key]
        row["change"], row["direction"] = change, direction(change)
        for key in ("no_tier", "inferred", "summary"):
            row[f"{key}_before"], row[f"{key}_after"] = before[key], after[key]
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def region_summary(table: pd.DataFrame) -> dict:
    """All members together, from a ``before_after`` table (pooled member-years)."""
    out: dict = {}
    for side in ("before", "after"):
        rated = int(table[f"rated_{side}"].sum())
        low = int(table[f"low_{side}"].sum())
        weighted = (table[f"mean_{side}"].fillna(0) * table[f"rated_{side}"]).sum()
        first, last = (int(y) for y in str(table[f"years_{side}"].iloc[0]).split("-"))
        out[side] = {
            "years": f"{first}-{last}",
            "report_years": last - first + 1,
            "rated": rated,
            "low": low,
            "low_share": round(low / rated, 2) if rated else float("nan"),
            "low_per_year": round(low / (last - first + 1), 1),
            "mean": round(float(weighted / rated), 2) if rated else float("nan"),
            "no_tier": int(table[f"no_tier_{side}"].sum()),
            "inferred": int(table[f"inferred_{side}"].sum()),
            "summary": int(table[f"summary_{side}"].sum()),
        }
    return out


def _names(codes, names: dict | None) -> str:
    names = names or {}
    shown = [shown_name(names.get(c, c)) for c in codes]
    return ", ".join(shown) if shown else _("none")


def verdict_lines(table: pd.DataFrame, names: dict | None = None) -> list[str]:
    """The verdict as sentences computed from a ``before_after`` table (nothing typed in)."""
    if len(table) == 0:
        return [_("No members selected: pick at least one member to compare.")]
    region = region_summary(table)
    b, a = region["before"], region["after"]
    split = int(b["years"].split("-")[1]) + 1
    lines = [
        _(
            "Before = report years {before}, after = {after}. The {last_before} report looks "
            "back at {period_before}, so it counts as before; the {split} report is "
            "the first that looks back at {period_after}."
        ).format(
            before=b["years"],
            after=a["years"],
            last_before=split - 1,
            period_before=period_covered(split - 1),
            split=split,
            period_after=period_covered(split),
        ),
    ]
    groups = {d: sorted(table.loc[table["direction"] == d, "iso3"]) for d in
              ("better", "worse", "about the same", "not enough data")}  # fmt: skip
    both = len(table) - len(groups["not enough data"])
    lines.append(
        _(
            "Of {both} member(s) with tiers on both sides, {n_better} had a better mean "
            "tier after ({better}), {n_worse} a worse one "
            "({worse}) and {n_same} about the same "
            "({same}); a change of less than {tolerance} points "
            "counts as about the same."
        ).format(
            both=both,
            n_better=len(groups["better"]),
            better=_names(groups["better"], names),
            n_worse=len(groups["worse"]),
            worse=_names(groups["worse"], names),
            n_same=len(groups["about the same"]),
            same=_names(groups["about the same"], names),
            tolerance=TOLERANCE,
        )
    )
    if groups["not enough data"]:
        lines.append(
            _("No comparison for {members}: no tier on one side.").format(
                members=_names(groups["not enough data"], names)
            )
        )
    short = sorted(
        table.loc[(table["no_tier_before"] + table["no_tier_after"]) > 0, "iso3"],
        key=lambda c: (
            -int(table.set_index("iso3").loc[c, ["no_tier_before", "no_tier_after"]].sum())
        ),
    )
    lines.append(
        _(
            "Region, all selected members together: on the Watch List or Tier 3 in {low_before} "
            "of {rated_before} rated member-years before ({share_before}; {per_year_before} "
            "members a year) and {low_after} of {rated_after} after ({share_after}; "
            "{per_year_after} a year). Mean score {mean_before} before, {mean_after} after "
            "({scale})."
        ).format(
            low_before=b["low"],
            rated_before=b["rated"],
            share_before=f"{b['low_share']:.0%}",
            per_year_before=b["low_per_year"],
            low_after=a["low"],
            rated_after=a["rated"],
            share_after=f"{a['low_share']:.0%}",
            per_year_after=a["low_per_year"],
            mean_before=f"{b['mean']:.2f}",
            mean_after=f"{a['mean']:.2f}",
            scale=tier_vocabulary.scale_text(),
        )
    )
    mean_way = direction(a["mean"] - b["mean"])
    share_change = a["low_share"] - b["low_share"]
    share_way = "about the same" if abs(share_change) < 0.1 else (
        "better" if share_change < 0 else "worse")  # fmt: skip
    if mean_way == share_way:
        same = {
            "better": _("Both regional measures say the same: better."),
            "worse": _("Both regional measures say the same: worse."),
            "about the same": _("Both regional measures say the same: about the same."),
            "not enough data": _("Both regional measures say the same: not enough data."),
        }[mean_way]
        lines.append(
            same + " " + (_("No clear regional change.") if mean_way == "about the same" else "")
        )
    else:
        lines.append(
            _(
                "The two regional measures differ: the mean score says '{mean_way}', the share "
                "of low placements says '{share_way}'. The mean also counts moves between Tier 1 "
                "and Tier 2, which the share of low placements ignores; read both."
            ).format(mean_way=direction_label(mean_way), share_way=direction_label(share_way))
        )
    weak = {
        "before": b["no_tier"],
        "after": a["no_tier"],
        "inferred": b["inferred"] + a["inferred"],
        "summary": b["summary"] + a["summary"],
    }
    if short:
        lines.append(
            _(
                "Cells without a tier, left out and counted: {before} before, {after} after "
                "(most in {members}). Used but weaker: {inferred} inferred tier(s) and "
                "{summary} known only from a regional news summary."
            ).format(members=_names(short[:3], names), **weak)
        )
    else:
        lines.append(
            _(
                "Cells without a tier, left out and counted: {before} before, {after} after. "
                "Used but weaker: {inferred} inferred tier(s) and "
                "{summary} known only from a regional news summary."
            ).format(**weak)
        )
    lines.append(
        _(
            "A tier rates a government's efforts as judged by the US government; a change after "
            "a date does not show that ACTIP caused it."
        )
    )
    return lines


def verdict_text(table: pd.DataFrame, names: dict | None = None) -> str:
    """``verdict_lines`` as one paragraph per line."""
    return "\n".join(verdict_lines(table, names))


def comparison_table(table: pd.DataFrame, names: dict | None = None) -> pd.DataFrame:
    """A ``before_after`` table with readable headings, for printing in a chapter.

    A display table: its headings and direction words are in the course's language (the
    names are the ones given; the analysis itself is ``before_after``'s table)."""
    names = names or {}
    out = pd.DataFrame(
        {
            _("member"): [names.get(c, c) for c in table["iso3"]],
            _("rated before"): table["rated_before"],
            _("low before"): table["low_before"],
            _("mean before"): table["mean_before"],
            _("rated after"): table["rated_after"],
            _("low after"): table["low_after"],
            _("mean after"): table["mean_after"],
            _("change"): table["change"],
            _("direction"): [direction_label(d) for d in table["direction"]],
            _("no tier b/a"): [
                f"{x}/{y}"
                for x, y in zip(table["no_tier_before"], table["no_tier_after"], strict=True)
            ],
            _("inferred b/a"): [
                f"{x}/{y}"
                for x, y in zip(table["inferred_before"], table["inferred_after"], strict=True)
            ],
            _("summary b/a"): [
                f"{x}/{y}"
                for x, y in zip(table["summary_before"], table["summary_after"], strict=True)
            ],
        }
    )
    return out


def watch_list_runs(tiers: pd.DataFrame, min_years: int = 2) -> pd.DataFrame:
    """Runs of consecutive Tier 2 Watch List years (at least ``min_years``) and what followed.

    From the 2009 report on, US law moves a country after two Watch List years to Tier 3
    unless it is upgraded or granted a waiver (at most two); ``waiver_years`` counts the
    run's years beyond two that fall under the rule, each of which needed a waiver.
    """
    cells = _cells(tiers).sort_values(["iso3", "year"])
    rows = []
    for code, own in cells.groupby("iso3"):
        years = list(own["year"])
        tiers_by_year = dict(zip(own["year"], own["tier"], strict=True))
        evidence = dict(zip(own["year"], own["evidence"], strict=True))
        run: list[int] = []
        for year in years + [None]:
            if (
                year is not None
                and tiers_by_year[year] == tier_vocabulary.WATCH_LIST
                and (not run or run[-1] == year - 1)
            ):
                run.append(year)
                continue
            if len(run) >= min_years:
                after = run[-1] + 1
                nxt = tiers_by_year.get(after)
                waivers = sum(1 for i, y in enumerate(run) if i >= 2 and y >= 2009)
                rows.append(
                    {
                        "iso3": code,
                        "first": run[0],
                        "last": run[-1],
                        "years": len(run),
                        "waiver_years": waivers,
                        "next_report": after if after in tiers_by_year else None,
                        "next_tier": (nxt or _("no tier"))
                        if after in tiers_by_year
                        else _("no report yet"),
                        "inferred_in_run": sum(1 for y in run if evidence[y] == "inferred"),
                    }
                )
            run = (
                [year]
                if year is not None and tiers_by_year[year] == tier_vocabulary.WATCH_LIST
                else []
            )
    return pd.DataFrame(
        rows,
        columns=["iso3", "first", "last", "years", "waiver_years", "next_report", "next_tier",
                 "inferred_in_run"],
    )  # fmt: skip


def plot_before_after(table: pd.DataFrame, names: dict | None = None, title: str | None = None):
    """Dumbbell chart: each member's mean score before (hollow) and after (filled)."""
    from asean_tip_course.figures import PALETTE, new_figure

    names = names or {}
    t = table.sort_values("mean_after", na_position="first").reset_index(drop=True)
    region = region_summary(table)
    b, a = region["before"], region["after"]
    fig, ax = new_figure(
        title
        or _("Mean TIP tier score, report years {before} and {after}").format(
            before=b["years"], after=a["years"]
        ),
        _("Mean tier score (1 = Tier 1, 2 = Tier 2, 3 = Watch List, 4 = Tier 3; lower is better)"),
        "",
        tier_vocabulary.source_text()
        + " "
        + _("Hollow = before, filled = after; n = rated report years before/after."),
        figsize=(9, 5.2),
    )
    for i, r in t.iterrows():
        label = _("{member} (n = {before}/{after})").format(
            member=shown_name(names.get(r["iso3"], r["iso3"])),
            before=r["rated_before"],
            after=r["rated_after"],
        )
        ax.text(0.8, i, label, ha="right", va="center", fontsize=9)
        if not (pd.isna(r["mean_before"]) or pd.isna(r["mean_after"])):
            ax.plot([r["mean_before"], r["mean_after"]], [i, i], color="#777777", lw=1.5)
        if not pd.isna(r["mean_before"]):
            ax.plot(r["mean_before"], i, "o", mfc="white", mec=PALETTE[0], mew=2, ms=8)
        if not pd.isna(r["mean_after"]):
            ax.plot(r["mean_after"], i, "o", color=PALETTE[1], ms=8)
    ax.plot(
        [], [], "o", mfc="white", mec=PALETTE[0], mew=2,
        label=_("before ({years})").format(years=b["years"]),
    )  # fmt: skip
    ax.plot([], [], "o", color=PALETTE[1], label=_("after ({years})").format(years=a["years"]))
    ax.set_xlim(-1.9, 4.3)
    ax.set_xticks(
        [1, 2, 3, 4],
        [
            tier_vocabulary.label("Tier 1"),
            tier_vocabulary.label("Tier 2"),
            _("Watch List"),
            tier_vocabulary.label("Tier 3"),
        ],
    )
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(t) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=9)
    return fig, ax


def sensitivity(
    tiers: pd.DataFrame, settings: list[tuple[int, int | None]], members=None, names=None
) -> pd.DataFrame:
    """Each member's direction under several (split year, window) settings, side by side.

    A member whose word changes from one column to the next has no robust before/after result.
    A display table: headings and words in the course's language, names as given.
    """
    names = names or {}
    columns = {}
    for split_year, window in settings:
        table = before_after(tiers, split_year, window, members).set_index("iso3")
        if window is None:
            heading = _("split {year}, all years").format(year=split_year)
        else:
            heading = _("split {year}, {window} years").format(year=split_year, window=window)
        columns[heading] = table["direction"]
    out = pd.DataFrame(columns)
    same = out.nunique(axis=1).eq(1)
    out = out.apply(lambda column: column.map(direction_label))
    out.index = [names.get(c, c) for c in out.index]
    out.index.name = _("member")
    out[_("same in all")] = same.map({True: _("yes"), False: _("no")}).to_numpy()
    return out
