"""Chapter 3: which SDG targets do ASEAN's anti-trafficking measures serve?

The logic is plain functions of plain values (``parse_targets``, ``course_mapping``,
``coverage``, ``compare_coverage``); ``sdg_mapper`` only wires widgets to them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd

from asean_tip_course.data import load
from asean_tip_course.i18n import N_, _

# Coverage labels: a target served by at least WELL_COVERED measures is "well covered".
WELL_COVERED = 3
COVERAGE_WORDS = {
    "not covered": N_("not covered"),
    "thin": N_("thin"),
    "well covered": N_("well covered"),
}
"""The words ``coverage_label`` returns (kept in the tables), as shown in the widget."""


def target_codes(targets: pd.DataFrame | None = None) -> list[str]:
    """The SDG targets (not indicators) in the course's order: the rows of data/sdg_targets.csv."""
    table = load("sdg_targets") if targets is None else targets
    return table.loc[table["kind"] == "target", "code"].astype(str).tolist()


def target_labels(targets: pd.DataFrame | None = None) -> dict[str, str]:
    """Short chart label of each target, from the ``label`` column of data/sdg_targets.csv."""
    table = load("sdg_targets") if targets is None else targets
    if "label" not in table.columns:
        return {}
    return {
        str(c): str(t) for c, t in zip(table["code"], table["label"], strict=True) if not pd.isna(t)
    }


def parse_targets(value) -> list[str]:
    """Split a ``"16.2;8.7"`` cell into ``["16.2", "8.7"]``; empty or missing -> ``[]``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    if not isinstance(value, str):
        raise TypeError(
            _("SDG targets should be text like '16.2;8.7', not {kind}.").format(
                kind=type(value).__name__
            )
        )
    return [code.strip() for code in value.split(";") if code.strip()]


def course_mapping(measures: pd.DataFrame) -> dict[str, list[str]]:
    """The course's mapping ``{measure_id: [target codes]}`` from the ``sdg_targets`` column."""
    _require_columns(measures, ["measure_id", "sdg_targets"])
    return {
        str(row.measure_id): parse_targets(row.sdg_targets)
        for row in measures.itertuples(index=False)
    }


def coverage_label(n_measures: int, well_covered: int = WELL_COVERED) -> str:
    """Word for how well a target is covered: 'not covered', 'thin' or 'well covered'."""
    if n_measures <= 0:
        return "not covered"
    if n_measures < well_covered:
        return "thin"
    return "well covered"


def coverage(
    measures: pd.DataFrame,
    mapping: Mapping[str, Iterable[str]] | None = None,
    targets: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Count how many of ``measures`` address each SDG target.

    ``mapping`` is ``{measure_id: [codes]}`` (default: the course's ``sdg_targets`` column);
    only measures in ``measures`` count. ``targets`` lists the codes to report, so a target
    no measure serves still shows up with 0. Returns columns code, n_measures, measure_ids,
    status, one row per target.
    """
    if not isinstance(measures, pd.DataFrame):
        raise TypeError(_("`measures` should be a table (DataFrame) such as load('measures')."))
    _require_columns(measures, ["measure_id"])
    if mapping is None:
        mapping = course_mapping(measures)
    if not isinstance(mapping, Mapping):
        raise TypeError(_("`mapping` should be a dict like {'m01': ['16.2', '8.7']}."))
    selected = [str(m) for m in measures["measure_id"]]
    counts: dict[str, list[str]] = {}
    for measure_id in selected:
        codes = mapping.get(measure_id, [])
        if isinstance(codes, str):
            codes = parse_targets(codes)
        for code in dict.fromkeys(codes):  # a measure counts once per target
            counts.setdefault(str(code), []).append(measure_id)
    codes = list(targets) if targets is not None else []
    codes += [c for c in _sorted_codes(counts) if c not in codes]
    rows = [
        {
            "code": code,
            "n_measures": len(counts.get(code, [])),
            "measure_ids": ", ".join(counts.get(code, [])),
            "status": coverage_label(len(counts.get(code, []))),
        }
        for code in codes
    ]
    out = pd.DataFrame(rows, columns=["code", "n_measures", "measure_ids", "status"])
    out["n_measures"] = out["n_measures"].astype("int64")
    return out


def compare_coverage(
    measures: pd.DataFrame,
    student_mapping: Mapping[str, Iterable[str]],
    targets: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Side by side: measures per target in the course's mapping and in the student's."""
    targets = list(targets) if targets is not None else target_codes()
    course = coverage(measures, None, targets)
    student = coverage(measures, student_mapping, targets)
    out = pd.DataFrame(
        {
            "code": course["code"],
            "course_measures": course["n_measures"],
            "your_measures": student.set_index("code")["n_measures"]
            .reindex(course["code"])
            .fillna(0)
            .astype("int64")
            .to_numpy(),
        }
    )
    out["your_status"] = [coverage_label(n) for n in out["your_measures"]]
    extra = student[~student["code"].isin(out["code"])]
    if len(extra):
        more = pd.DataFrame(
            {
                "code": extra["code"],
                "course_measures": 0,
                "your_measures": extra["n_measures"],
                "your_status": extra["status"],
            }
        )
        out = pd.concat([out, more], ignore_index=True)
    return out


def mapping_differences(
    measures: pd.DataFrame, student_mapping: Mapping[str, Iterable[str]]
) -> pd.DataFrame:
    """Measures where the student's targets differ from the course's: what was added, dropped."""
    course = course_mapping(measures)
    rows = []
    for measure_id in measures["measure_id"].astype(str):
        mine = set(student_mapping.get(measure_id, []))
        theirs = set(course.get(measure_id, []))
        if mine != theirs:
            rows.append(
                {
                    "measure_id": measure_id,
                    "you_added": ", ".join(_sorted_codes(mine - theirs)),
                    "you_dropped": ", ".join(_sorted_codes(theirs - mine)),
                }
            )
    return pd.DataFrame(rows, columns=["measure_id", "you_added", "you_dropped"])


def targets_text(targets: pd.DataFrame, width: int = 90) -> str:
    """The SDG targets table as wrapped plain text: code, kind, whether the paper names it, text."""
    import textwrap

    _require_columns(targets, ["code", "kind", "text"])
    lines = []
    for row in targets.itertuples(index=False):
        named = getattr(row, "in_paper", "?")
        head = _("{code} ({kind}; named in the paper: {named})").format(
            code=row.code, kind=_kind(row.kind), named=_yes_no(named)
        )
        body = textwrap.fill(
            str(row.text), width=width, initial_indent="    ", subsequent_indent="    "
        )
        lines += [head, body]
    return "\n".join(lines)


def target_measure_counts(measures: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Measures per SDG target (course mapping), with the target text and ``in_paper``."""
    _require_columns(targets, ["code", "kind", "text"])
    codes = targets.loc[targets["kind"] == "target", "code"].astype(str).tolist()
    table = coverage(measures, None, codes)
    lookup = targets.set_index(targets["code"].astype(str))
    table["text"] = table["code"].map(lookup["text"].astype(str))
    if "in_paper" in lookup.columns:
        table["in_paper"] = table["code"].map(lookup["in_paper"].astype(str)).eq("yes")
    return table


def plot_target_coverage(measures: pd.DataFrame, targets: pd.DataFrame):
    """Horizontal bars: how many of the paper's measures serve each SDG target.

    Targets the paper names are solid bars; targets it leaves out are hatched and labelled.
    """
    from asean_tip_course.figures import PALETTE, new_figure

    table = target_measure_counts(measures, targets)
    if "in_paper" not in table.columns:
        table["in_paper"] = True
    n_total = measures["measure_id"].nunique()
    top = table.sort_values("n_measures", ascending=False).iloc[0]
    low = table.sort_values("n_measures").iloc[0]
    titles = {
        (True, False): N_("Most measures serve {top}, a target the paper names"),
        (False, False): N_("Most measures serve {top}, a target the paper does not name"),
        (True, True): N_("Most measures serve {top}, a target the paper names; none serves {low}"),
        (False, True): N_(
            "Most measures serve {top}, a target the paper does not name; none serves {low}"
        ),
    }
    title = _(titles[(bool(top["in_paper"]), bool(low["n_measures"] == 0))]).format(
        top=top["code"], low=low["code"]
    )
    fig, ax = new_figure(
        title=title,
        xlabel=_("Number of measures (out of the {n} the paper lists)").format(n=n_total),
        ylabel=_("SDG target"),
        source=_(
            "the paper's measures (pp. 6-9), mapped to SDG targets by the course "
            "(data/measures.csv). The mapping is a judgement, not an official one."
        ),
        figsize=(8.5, 4),
    )
    table = table.iloc[::-1]  # first target on top
    short = target_labels(targets)
    named = {
        True: N_("{code}: {label}\n(named in the paper)"),
        False: N_("{code}: {label}\n(NOT named in the paper)"),
    }
    labels = [
        _(named[bool(p)]).format(code=c, label=_label(short.get(c), t, 40))
        for c, t, p in zip(table["code"], table["text"], table["in_paper"], strict=True)
    ]
    bars = ax.barh(
        labels,
        table["n_measures"],
        color=[PALETTE[0] if p else PALETTE[1] for p in table["in_paper"]],
        hatch=["" if p else "//" for p in table["in_paper"]],
        edgecolor="#333333",
        linewidth=0.5,
    )
    ax.bar_label(bars, padding=3)
    ax.set_xlim(0, max(1, int(table["n_measures"].max())) * 1.15)
    ax.grid(axis="y", visible=False)
    return fig, ax


def sdg_mapper(measures: pd.DataFrame, instruments: pd.DataFrame, targets: pd.DataFrame):
    """Widget: tick which SDG targets each measure serves; see coverage next to the course's.

    Returns a ``display.CourseWidget``.
    """
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    target_codes = targets.loc[targets["kind"] == "target", "code"].astype(str).tolist()
    texts = dict(zip(targets["code"].astype(str), targets["text"].astype(str), strict=True))
    short = target_labels(targets)
    names = _instrument_names(measures, instruments)
    mapping = {k: list(v) for k, v in course_mapping(measures).items()}
    by_id = measures.set_index(measures["measure_id"].astype(str))

    pick = w.SelectMultiple(
        options=[(names[i], i) for i in names],
        value=tuple(names),
        rows=min(6, max(2, len(names))),
        description=_("Include instruments:"),
        style={"description_width": "initial"},
        layout=w.Layout(width="auto"),
    )
    measure = w.Dropdown(
        description=_("Measure to map:"),
        style={"description_width": "initial"},
        layout=w.Layout(width="auto"),
    )
    measure_text = w.HTML()
    boxes = {
        code: w.Checkbox(
            description=f"{code}: {_label(short.get(code), texts.get(code, ''), 50)}",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        for code in target_codes
    }
    reset = w.Button(
        description=_("Reset to the course's mapping"), icon="undo", layout=w.Layout(width="auto")
    )
    result = w.HTML()
    busy = {"syncing": False}

    def measure_options():
        chosen = set(pick.value)
        return [
            (f"{mid} ({_short(str(by_id.at[mid, 'text']), 50)})", mid)
            for mid in by_id.index
            if str(by_id.at[mid, "instrument_id"]) in chosen
        ]

    def sync_boxes():
        busy["syncing"] = True
        ticked = set(mapping.get(measure.value, [])) if measure.value else set()
        for code, box in boxes.items():
            box.value = code in ticked
            box.disabled = measure.value is None
        busy["syncing"] = False
        if measure.value:
            measure_text.value = f"<i>{html.escape(str(by_id.at[measure.value, 'text']))}</i>"
        else:
            measure_text.value = ""

    course = course_mapping(measures)
    instrument_of = dict(zip(by_id.index, by_id["instrument_id"].astype(str), strict=True))

    def redraw(*_change):
        chosen = set(pick.value)
        ids = [m for m in by_id.index if instrument_of[m] in chosen]
        result.value = _coverage_html(ids, mapping, course, target_codes)

    def on_pick(_change):
        options = measure_options()
        current = measure.value
        measure.options = options
        ids = [value for _label_text, value in options]
        measure.value = current if current in ids else (ids[0] if ids else None)
        sync_boxes()
        redraw()

    def on_measure(_change):
        sync_boxes()

    def on_tick(_change):
        if busy["syncing"] or measure.value is None:
            return
        mapping[measure.value] = [c for c, b in boxes.items() if b.value]
        redraw()

    def on_reset(_change):
        mapping.clear()
        mapping.update({k: list(v) for k, v in course_mapping(measures).items()})
        sync_boxes()
        redraw()

    pick.observe(on_pick, names="value")
    measure.observe(on_measure, names="value")
    for box in boxes.values():
        box.observe(on_tick, names="value")
    reset.on_click(on_reset)
    on_pick(None)

    ui = w.VBox(
        [
            w.HTML(
                "<b>"
                + html.escape(_("Map the paper's measures to SDG targets"), quote=False)
                + "</b>"
            ),
            pick,
            measure,
            measure_text,
            w.HTML(html.escape(_("Tick every target this measure serves:"), quote=False)),
            w.VBox(list(boxes.values())),
            reset,
            result,
        ]
    )
    ui.add_class("course-widget")
    fallback = (
        _("Coverage of SDG targets in the course's mapping (all instruments):")
        + "\n"
        + (_coverage_text(compare_coverage(measures, course_mapping(measures), target_codes)))
    )
    return CourseWidget(
        ui,
        fallback,
        about=_(
            "Tick or untick the SDG targets each measure serves, or leave out instruments, "
            "and compare the coverage with the course's mapping."
        ),
        fallback_html=result.value,
    )


def coverage_html(
    measures: pd.DataFrame, student_mapping: Mapping[str, Iterable[str]], targets: list[str]
) -> str:
    """The comparison table and a one-line reading as HTML (or a friendly message)."""
    ids = [str(m) for m in measures["measure_id"]] if len(measures) else []
    return _coverage_html(ids, student_mapping, course_mapping(measures), targets)


def _coverage_html(
    ids: list[str],
    student: Mapping[str, Iterable[str]],
    course: Mapping[str, Iterable[str]],
    targets: list[str],
) -> str:
    """Plain-Python version of ``coverage_html`` for fast widget updates."""
    if not ids:
        return "<p><b>{lead}</b> {rest}</p>".format(
            lead=html.escape(_("No instrument selected.")),
            rest=html.escape(
                _("Pick at least one instrument in the list (hold Ctrl or Cmd to pick several).")
            ),
        )

    def counts(mapping) -> dict[str, int]:
        found: dict[str, int] = {}
        for measure_id in ids:
            for code in set(mapping.get(measure_id, [])):
                found[code] = found.get(code, 0) + 1
        return found

    theirs, mine = counts(course), counts(student)
    codes = list(targets) + [c for c in _sorted_codes(mine) if c not in targets]
    head = [
        _("SDG target"),
        _("Measures (course mapping)"),
        _("Measures (your mapping)"),
        _("Your coverage"),
    ]
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="text-align:left">{html.escape(str(v))}</td>'
            for v in (c, theirs.get(c, 0), mine.get(c, 0), _coverage_word(mine.get(c, 0)))
        )
        + "</tr>"
        for c in codes
    )
    gaps = [c for c in codes if mine.get(c, 0) == 0]
    reading = (
        _("In your mapping, no selected measure serves target(s) {targets}.").format(
            targets=", ".join(gaps)
        )
        if gaps
        else _("In your mapping, every target is served by at least one selected measure.")
    )
    diffs = []
    for measure_id in ids:
        added = set(student.get(measure_id, [])) - set(course.get(measure_id, []))
        dropped = set(course.get(measure_id, [])) - set(student.get(measure_id, []))
        if added or dropped:
            diffs.append(
                _("{measure} (added: {added}, dropped: {dropped})").format(
                    measure=measure_id,
                    added=", ".join(_sorted_codes(added)) or "-",
                    dropped=", ".join(_sorted_codes(dropped)) or "-",
                )
            )
    agree = (
        _("Your mapping is the same as the course's.")
        if not diffs
        else _("Your mapping differs from the course's for {n} measure(s): {measures}").format(
            n=len(diffs), measures="; ".join(diffs)
        )
    )
    return (
        '<table class="dataframe"><thead><tr>'
        + "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in head)
        + f"</tr></thead><tbody>{body}</tbody></table>"
        + f"<p>{html.escape(reading)}</p><p>{html.escape(agree)}</p>"
    )


def _instrument_names(measures: pd.DataFrame, instruments: pd.DataFrame) -> dict[str, str]:
    """``{instrument_id: short name}`` for the instruments that have measures, in data order."""
    ids = list(dict.fromkeys(measures["instrument_id"].astype(str)))
    names = {}
    if "instrument_id" in instruments.columns:
        col = "short_name" if "short_name" in instruments.columns else "name"
        lookup = dict(
            zip(instruments["instrument_id"].astype(str), instruments[col].astype(str), strict=True)
        )
        names = {i: lookup.get(i, i) for i in ids}
    return {i: names.get(i, i) if names.get(i, "") not in ("", "<NA>", "nan") else i for i in ids}


def _sorted_codes(codes: Iterable[str]) -> list[str]:
    """Target codes in the course's order (16.x first, as the paper), then any others."""
    codes = list(dict.fromkeys(codes))
    order = target_codes()
    known = [c for c in order if c in codes]
    return known + sorted(c for c in codes if c not in order)


def _coverage_word(n_measures: int) -> str:
    """``coverage_label`` as shown, in the course's language."""
    return _(COVERAGE_WORDS[coverage_label(n_measures)])


def _coverage_text(table: pd.DataFrame) -> str:
    """A ``compare_coverage`` table as plain text, headings and words as shown."""
    shown = pd.DataFrame(
        {
            _("code"): table["code"],
            _("course_measures"): table["course_measures"],
            _("your_measures"): table["your_measures"],
            _("your_status"): [_(COVERAGE_WORDS.get(s, s)) for s in table["your_status"]],
        }
    )
    return shown.to_string(index=False)


def _kind(kind) -> str:
    """An SDG row's kind ('target' or 'indicator') as shown."""
    words = {"target": N_("target"), "indicator": N_("indicator")}
    return _(words[kind]) if kind in words else str(kind)


def _yes_no(value) -> str:
    """A yes/no cell as shown."""
    words = {"yes": N_("yes"), "no": N_("no")}
    return _(words[value]) if value in words else str(value)


def _label(short: str | None, text: str, n: int) -> str:
    """A target's chart label: its short label from data/sdg_targets.csv, else its text cut."""
    return short if short is not None else _short(text, n)


def _short(text: str, n: int = 45) -> str:
    """Shorten ``text`` to about ``n`` characters for a label."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _require_columns(table: pd.DataFrame, columns: list[str]) -> None:
    """Raise a clear error if ``table`` lacks one of ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(_("Expected a table (DataFrame), for example load('measures')."))
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            _("The table lacks column(s) {columns}.").format(columns=", ".join(missing))
        )
