"""Chapter 4 country explorer: one member's tiers, detected victims, ratifications, estimate.

``country_profile`` and ``profile_text`` are plain functions of the course tables;
``country_explorer`` only wires a Dropdown to profiles and pictures computed once at build
time, so changing the country is a dictionary look-up.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.data import date_words, in_force_year, instrument_names, member_names
from asean_tip_course.evidence import (
    TIER_COLOURS,
    TIER_SHORT,
    TIERS,
    _clean_iso3,
    _text,
    victim_rows,
    victims_by_form,
)
from asean_tip_course.figures import shown_name
from asean_tip_course.i18n import N_, _

NOT_FOUND = N_("date not found in the course's sources")
NO_VICTIM_ROWS = N_("missing: no rows for this member in the course's UNODC extract")


@dataclass(frozen=True)
class Profile:
    """Everything the explorer shows for one member; ``message`` explains when ``ok`` is False."""

    iso3: str
    name: str
    tiers: tuple[tuple[int, str, str], ...] = ()
    victims: pd.DataFrame = field(default_factory=pd.DataFrame)
    ratifications: tuple[tuple[str, str, str], ...] = ()
    estimate: str = N_("not estimated")
    ok: bool = True
    message: str = ""
    member_since: str = ""


def format_date(date, precision) -> str:
    """A date in words that shows how precise the source is ('January 2020 (month only)');
    ``data.date_words`` with the explorer's word for a date it has not found."""
    return date_words(date, precision, missing=_(NOT_FOUND))


def tier_history(tiers: pd.DataFrame, iso3: str) -> tuple[tuple[int, str, str], ...]:
    """(year, tier or 'missing'/'not rated', evidence) for each report year of one member."""
    rows = tiers[tiers["iso3"].astype(str) == iso3].sort_values("report_year")
    out = []
    for r in rows.itertuples(index=False):
        evidence = _text(r.evidence) or "missing"
        tier = _text(r.tier) or ("not rated" if evidence == "not rated" else "missing")
        out.append((int(r.report_year), tier, evidence))
    return tuple(out)


def _estimate_text(estimates: pd.DataFrame | None, iso3: str) -> str:
    if estimates is None or len(estimates) == 0:
        return _("not estimated")
    rows = estimates[estimates["iso3"].astype(str) == iso3]
    if len(rows) == 0 or pd.isna(rows.iloc[0]["prevalence_per_1000"]):
        return _("not estimated")
    r = rows.iloc[0]
    fields = {
        "per_1000": f"{float(r['prevalence_per_1000']):.1f}",
        "edition": int(r["edition"]),
        "year": int(r["reference_year"]),
    }
    if pd.isna(r["estimated_number"]):
        return _(
            "{per_1000} per 1,000 (GSI {edition}, refers to {year}; a modelled estimate)"
        ).format(**fields)
    return _(
        "{per_1000} per 1,000, about {number} people "
        "(GSI {edition}, refers to {year}; a modelled estimate)"
    ).format(number=f"{int(r['estimated_number']):,}", **fields)


def country_profile(
    iso3,
    tiers: pd.DataFrame,
    victims: pd.DataFrame,
    ratifications: pd.DataFrame,
    estimates: pd.DataFrame,
    members: pd.DataFrame | None = None,
    treaties: dict[str, str] | None = None,
) -> Profile:
    """Collect one member's record from the course tables; missing stays missing.
    ``treaties``: instrument id -> name (by default ``data.instrument_names()``)."""
    if iso3 is None or (isinstance(iso3, str) and not iso3.strip()):
        return Profile(
            "", "", ok=False, message=_("Choose a member from the list to see its record.")
        )
    code = _clean_iso3(iso3)
    known = set(tiers["iso3"].astype(str)) if tiers is not None and len(tiers) else set()
    if code is None or code not in known:
        listed = ", ".join(sorted(known)) or _("none (the tier table is empty)")
        return Profile(
            str(iso3),
            "",
            ok=False,
            message=_(
                "{value} is not one of the members in the data. Choose one of: {codes}."
            ).format(value=repr(iso3), codes=listed),
        )
    name, since = code, ""
    if members is not None and len(members):
        match = members[members["iso3"].astype(str) == code]
        if len(match):
            name = shown_name(match.iloc[0]["name"])
            if "accession_date" in match.columns:
                precision = match.iloc[0].get("accession_precision", "day")
                since = format_date(match.iloc[0]["accession_date"], precision)
    rats = []
    if ratifications is not None and len(ratifications):
        treaty = instrument_names() if treaties is None else treaties
        for r in ratifications[ratifications["iso3"].astype(str) == code].itertuples(index=False):
            label = treaty.get(str(r.instrument_id), str(r.instrument_id))
            rats.append((label, _text(r.action), format_date(r.date, r.date_precision)))
    victims_table = victims_by_form(victims, code) if victims is not None else pd.DataFrame()
    return Profile(
        code,
        name,
        tier_history(tiers, code),
        victims_table,
        tuple(rats),
        _estimate_text(estimates, code),
        member_since=since,
    )


def _runs(history: tuple[tuple[int, str, str], ...]) -> list[str]:
    """Compress a tier history into runs: '2001-2008 not rated', '2009 Tier 2'."""
    runs: list[list] = []
    for year, tier, evidence in history:
        name = (
            tier_vocabulary.label(tier) if tier in TIERS else tier_vocabulary.evidence_label(tier)
        )
        shown = name + (
            f" ({tier_vocabulary.evidence_label(evidence)})"
            if evidence in ("inferred", "regional summary")
            else ""
        )
        if runs and runs[-1][2] == shown and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year, shown])
    return [f"{a}-{b} {t}" if a != b else f"{a} {t}" for a, b, t in runs]


def profile_text(profile: Profile) -> str:
    """The profile as plain text (the static fallback and a printable summary)."""
    if not profile.ok:
        return profile.message
    lines = [f"{profile.name} ({profile.iso3})"]
    if profile.member_since:
        lines.append(_("ASEAN member since {date}").format(date=profile.member_since))
    lines += ["", _("US TIP Report tier, by report year:")]
    lines += [f"  {r}" for r in _runs(profile.tiers)] or ["  " + _("no placements in the data")]
    lines += ["", _("Detected victims (UNODC; counts of victims found, not prevalence):")]
    if len(profile.victims):
        lines += ["  " + s for s in profile.victims.to_string().splitlines()]
        lines.append(
            "  "
            + _(
                "'<5' = suppressed small count; 'no data' = not published; * = flagged; "
                "'a | b' = repeated rows in the source"
            )
        )
    else:
        lines.append(f"  {_(NO_VICTIM_ROWS)}")
    lines += ["", _("Ratifications:")]
    lines += [f"  {i}: {a}, {d}" for i, a, d in profile.ratifications] or [
        "  " + _("no rows in the data")
    ]
    lines += ["", _("Global Slavery Index estimate: {estimate}").format(estimate=profile.estimate)]
    return "\n".join(lines)


def profile_html(profile: Profile) -> str:
    """The profile as small HTML tables for the widget."""
    if not profile.ok:
        return f"<p><i>{html.escape(profile.message)}</i></p>"
    esc = html.escape
    since = _("ASEAN member since {date}").format(date=profile.member_since)
    parts = [
        f"<h4>{esc(profile.name)} ({esc(profile.iso3)})</h4>",
        f"<p>{esc(since)}</p>" if profile.member_since else "",
        "<p><b>" + esc(_("Tier runs:")) + "</b> " + esc("; ".join(_runs(profile.tiers))) + "</p>",
        "<p><small>"
        + esc(_("Tiers: {source}").format(source=tier_vocabulary.source_text()))
        + "</small></p>",
        "<p>"
        + _(
            "<b>Detected victims</b> (UNODC; victims found by authorities, not prevalence; "
            "'&lt;5' = suppressed small count, * = flagged in the source):"
        )
        + "</p>",
    ]
    if len(profile.victims):
        parts.append(profile.victims.to_html(border=0, classes="course-table"))
    else:
        parts.append(f"<p>{html.escape(_(NO_VICTIM_ROWS))}</p>")
    rows = "".join(
        f"<tr><td>{esc(i)}</td><td>{esc(a)}</td><td>{esc(d)}</td></tr>"
        for i, a, d in profile.ratifications
    )
    heads = "".join(f"<th>{esc(h)}</th>" for h in (_("treaty"), _("action"), _("date")))
    parts.append(
        "<p><b>" + esc(_("Ratifications")) + "</b></p><table class='course-table'>"
        f"<tr>{heads}</tr>{rows}</table>"
    )
    gsi = esc(_("Global Slavery Index:"))
    parts.append(f"<p><b>{gsi}</b> {esc(profile.estimate)}</p>")
    return "".join(parts)


def tier_step_svg(profile: Profile, marker_year: int | None = None) -> str:
    """A small step chart of the tier history as inline SVG text (fast to swap in a widget).

    The tier is read from the height of the line (labelled axis) and the dot's colour; missing
    years break the line and show '?' ('NR' = not rated); inferred placements are hollow.
    ``marker_year``: a year to mark (``precompute`` passes ACTIP's entry into force).
    """
    if not profile.ok or not profile.tiers:
        return ""
    years = [y for y, _, _ in profile.tiers]
    first, last = years[0], years[-1]
    left, right, top, bottom, width, height = 62, 10, 26, 36, 600, 190
    step = (width - left - right) / (last - first + 1)
    row = (height - top - bottom) / 4

    def x(year: float) -> float:
        return left + (year - first + 0.5) * step

    def y(level: float) -> float:
        return top + (level + 0.5) * row

    level = {t: i for i, t in enumerate(TIERS)}
    esc = html.escape
    aria = _("{member}: TIP tier by report year, {first}-{last}").format(
        member=profile.name, first=first, last=last
    )
    heading = _("{member}: TIP tier by report year (higher = better)").format(member=profile.name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(aria)}" '
        'style="font-family: sans-serif; font-size: 11px">',
        f'<text x="4" y="14" font-weight="bold" font-size="13">{esc(heading)}</text>',
    ]
    for t, i in level.items():
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(i):.1f}" y2="{y(i):.1f}" '
            'stroke="#dddddd"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(i) + 4:.1f}" text-anchor="end">{esc(TIER_SHORT[t])}</text>'
        )
    axis = esc(_("Tier"))
    parts.append(
        f'<text x="4" y="{y(1.5):.1f}" transform="rotate(-90 10 {y(1.5):.1f})" '
        f'text-anchor="middle">{axis}</text>'
    )
    previous = None
    for year, tier, evidence in profile.tiers:
        if tier in level:
            yy = y(level[tier])
            parts.append(
                f'<line x1="{x(year - 0.5):.1f}" x2="{x(year + 0.5):.1f}" '
                f'y1="{yy:.1f}" y2="{yy:.1f}" stroke="#333333" stroke-width="2"/>'
            )
            if previous is not None:
                parts.append(
                    f'<line x1="{x(year - 0.5):.1f}" x2="{x(year - 0.5):.1f}" '
                    f'y1="{y(previous):.1f}" y2="{yy:.1f}" stroke="#333333" '
                    'stroke-width="2"/>'
                )
            weak = evidence in ("inferred", "regional summary")
            fill = "white" if weak else TIER_COLOURS[tier]
            dash = ' stroke-dasharray="2 2"' if evidence == "regional summary" else ""
            parts.append(
                f'<circle cx="{x(year):.1f}" cy="{yy:.1f}" r="4.5" fill="{fill}" '
                f'stroke="{TIER_COLOURS[tier]}" stroke-width="2"{dash}><title>{year}: '
                f"{esc(tier_vocabulary.label(tier))} "
                f"({esc(tier_vocabulary.evidence_label(evidence))})</title></circle>"
            )
            previous = level[tier]
        else:
            parts.append(
                f'<text x="{x(year):.1f}" y="{y(3.6):.1f}" text-anchor="middle" '
                f'fill="#555555">{esc(tier_vocabulary.cell_label(None, tier))}</text>'
            )
            previous = None
    for year in years:
        if (year - first) % 2 == 0:
            parts.append(
                f'<text x="{x(year):.1f}" y="{height - 18}" text-anchor="middle" '
                f'font-size="10">{year}</text>'
            )
    if marker_year is not None and first < marker_year <= last:
        xm = x(marker_year - 0.5)
        parts.append(
            f'<line x1="{xm:.1f}" x2="{xm:.1f}" y1="{top - 4}" y2="{height - bottom + 4}" '
            'stroke="black" stroke-dasharray="4 3"/>'
        )
        in_force = esc(_("ACTIP in force"))
        parts.append(f'<text x="{xm + 3:.1f}" y="{top + 2}" font-size="10">{in_force}</text>')
    legend = _(
        "TIP Report year. {missing} = not found, "
        "{not_rated} = not rated, hollow = inferred, dashed = regional "
        "summary only."
    ).format(missing=tier_vocabulary.MISSING_MARK, not_rated=tier_vocabulary.NOT_RATED_MARK)
    parts.append(f'<text x="4" y="{height - 4}" font-size="9" fill="#444444">{esc(legend)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _split(table: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """One small frame per member (a single pass over the table)."""
    if table is None or len(table) == 0:
        return {}
    return {str(code): rows for code, rows in table.groupby(table["iso3"].astype(str))}


def precompute(iso3s, tiers, victims, ratifications, estimates, members=None) -> dict:
    """Profile and HTML (chart + tables) for every member, computed once: {iso3: (profile, html)}.

    The tables are split per member first, so each profile works on a few dozen rows.
    """
    if victims is not None and len(victims):
        victims = victim_rows(victims)
    tables = (tiers, victims, ratifications, estimates)
    parts = [_split(t) for t in tables]
    cache = {}
    actip = in_force_year("ACTIP")  # the year the step charts mark
    treaties = instrument_names()  # read once for every member
    for code in iso3s:
        if str(code) in parts[0]:  # a member: use its own small frames
            own = [
                p.get(str(code), t.iloc[0:0] if t is not None else None)
                for p, t in zip(parts, tables, strict=True)
            ]
            p = country_profile(code, *own, members=members, treaties=treaties)
        else:  # not a member: the full tables give the friendly message
            p = country_profile(code, *tables, members=members, treaties=treaties)
        cache[code] = (p, tier_step_svg(p, actip) + profile_html(p))
    return cache


def explorer_view(cache: dict, iso3) -> str:
    """What the widget shows for ``iso3`` (HTML); a friendly message when it is empty or unknown."""
    if iso3 is None or (isinstance(iso3, str) and not iso3.strip()):
        text = _("Choose a member from the list to see its record.")
        return f"<p><i>{html.escape(text)}</i></p>"
    hit = cache.get(str(iso3).strip().upper()) if isinstance(iso3, str) else None
    if hit is None:
        text = _("{value} is not in the data. Choose a member from the list.").format(value=iso3)
        return f"<p><i>{html.escape(text)}</i></p>"
    return hit[1]


def country_explorer(tiers, victims, ratifications, estimates, members, first: str = "THA"):
    """A Dropdown of members showing a tier step chart, detected victims and ratifications."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    names = member_names(members, "name")
    codes = sorted(names, key=lambda code: shown_name(names[code]))
    cache = precompute(codes, tiers, victims, ratifications, estimates, members)
    options = [(_("(choose a member)"), None)] + [(shown_name(names[c]), c) for c in codes]
    start = first if first in cache else codes[0]
    dropdown = w.Dropdown(
        options=options,
        value=start,
        description=_("Show member:"),
        style={"description_width": "initial"},
    )
    page = w.HTML(value=cache[start][1])

    def update(change):
        page.value = explorer_view(cache, change["new"])

    dropdown.observe(update, names="value")
    box = w.VBox([dropdown, page])
    box.add_class("course-widget")
    return CourseWidget(
        box,
        profile_text(cache[start][0]),
        about=_(
            "Pick another member from the menu to see its tier history, detected victims "
            "and ratifications."
        ),
        fallback_html=cache[start][1],
    )
