"""Chapter 2: sort ASEAN's measures into prevention, protection, prosecution and cooperation.

``compare_classification`` judges a student's sorting against the course's reading;
``emphasis_by_instrument`` counts the shares per instrument; ``classifier_widget`` wires
one dropdown per measure to them; ``plot_emphasis`` draws the shift over time.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from asean_tip_course import schema
from asean_tip_course.i18n import N_, _

CATEGORIES = schema.vocabulary("measure_category")
"""The four areas ACTIP names (the paper, p. 9), used to sort every measure (data/schema.json)."""

#: The areas' names for the catalogue: a category stays its English value in the data and in
#: the widgets' values; ``category_label`` gives the name a student reads.
CATEGORY_LABELS = (N_("prevention"), N_("protection"), N_("prosecution"), N_("cooperation"))

CHOOSE = "choose..."
CHOOSE_LABEL = N_("choose...")


def category_label(category: str) -> str:
    """An area's name in the notebook's language (``"prevention"`` -> ``"pencegahan"``)."""
    return _(category) if category else category


@dataclass(frozen=True)
class Comparison:
    """How a student's sorting compares with the course's reading."""

    agreed: list[str] = field(default_factory=list)
    differed: list[tuple[str, str, str]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)

    @property
    def answered(self) -> int:
        """How many measures were sorted into a valid category."""
        return len(self.agreed) + len(self.differed)

    @property
    def total(self) -> int:
        """How many measures the course has a reading for and were asked."""
        return self.answered + len(self.unanswered) + len(self.invalid)

    def message(self) -> str:
        """One friendly summary line."""
        if self.total == 0:
            return _("There is nothing to compare yet: no measures were given.")
        sentences = []
        if self.answered == 0:
            sentences.append(
                _(
                    "You have not sorted any measure yet. Choose a category for at least one "
                    "measure, then press Compare."
                )
            )
        else:
            sentences.append(
                _(
                    "You agree with the course's reading on {agreed} of the "
                    "{answered} measures you sorted."
                ).format(agreed=len(self.agreed), answered=self.answered)
            )
            if self.unanswered:
                sentences.append(_("{n} still to sort.").format(n=len(self.unanswered)))
        if self.invalid:
            # the categories as a student types them in a dict: the data's English values
            sentences.append(
                _(
                    "{n} had an answer that is not one of the four categories ({categories})."
                ).format(n=len(self.invalid), categories=", ".join(CATEGORIES))
            )
        return " ".join(sentences)


def _clean(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return "\x00invalid"
    text = value.strip().lower()
    return None if text in ("", CHOOSE) else text


def compare_classification(student: dict[str, str | None], course: dict[str, str]) -> Comparison:
    """Compare the student's category per measure id with the course's; unanswered are listed."""
    if not isinstance(student, dict) or not isinstance(course, dict):
        return Comparison()
    agreed, differed, unanswered, invalid = [], [], [], []
    for measure_id, course_category in course.items():
        answer = _clean(student.get(measure_id))
        if answer is None:
            unanswered.append(measure_id)
        elif answer not in CATEGORIES:
            invalid.append((measure_id, str(student.get(measure_id))))
        elif answer == course_category:
            agreed.append(measure_id)
        else:
            differed.append((measure_id, answer, course_category))
    unknown = [m for m in student if m not in course]
    return Comparison(agreed, differed, unanswered, unknown, invalid)


def emphasis_by_instrument(measures: pd.DataFrame) -> pd.DataFrame:
    """Share of each instrument's measures per category (rows ordered by year), plus ``n``.

    Rows with no category are left out; an empty table gives an empty frame.
    """
    columns = ["instrument_id", "year", *CATEGORIES, "n"]
    if measures is None or len(measures) == 0:
        return pd.DataFrame(columns=columns)
    data = measures[measures["category"].isin(CATEGORIES)]
    if len(data) == 0:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab([data["instrument_id"], data["year"]], data["category"])
    counts = counts.reindex(columns=list(CATEGORIES), fill_value=0)
    n = counts.sum(axis=1)
    shares = counts.div(n, axis=0)
    shares["n"] = n
    shares = shares.reset_index().sort_values(["year", "instrument_id"], kind="stable")
    shares.columns.name = None
    return shares[columns].reset_index(drop=True)


def measure_list(measures: pd.DataFrame, instrument_id: str) -> str:
    """One instrument's measures as a numbered plain-text list (the course's paraphrase)."""
    rows = measures[measures["instrument_id"] == instrument_id].sort_values("number")
    if len(rows) == 0:
        return _("No measures recorded for {instrument}.").format(instrument=instrument_id)
    line = _("{number}. {text} (p. {page})")
    return "\n".join(
        line.format(number=row.number, text=row.text, page=row.paper_page)
        for row in rows.itertuples()
    )


def comparison_html(result: Comparison, texts: dict[str, str]) -> str:
    """The comparison as HTML: summary line, then the measures where views differ."""
    parts = [f"<p><b>{html.escape(result.message())}</b></p>"]
    if result.differed:
        said = _("{measure}: you said {yours}, the course reads {course}.")
        items = "".join(
            "<li>"
            + said.format(
                measure=html.escape(texts.get(m, m).rstrip(".")),
                yours=f"<b>{html.escape(category_label(s))}</b>",
                course=f"<b>{html.escape(category_label(c))}</b>",
            )
            + "</li>"
            for m, s, c in result.differed
        )
        where = _(
            "Where your reading differs (many measures fit more than one area; "
            "think about which one is the main aim):"
        )
        parts.append(f"<p>{html.escape(where)}</p><ul>" + items + "</ul>")
    return "".join(parts)


def format_emphasis(rows: list[tuple[str, int, dict[str, float], int]]) -> str:
    """Plain-text table of ``(instrument, year, shares per category, n)`` rows, in percent."""
    if not rows:
        return _("No measures sorted yet.")
    # a table only to be read: its headings in the notebook's language
    header = [_("instrument"), _("year"), *map(category_label, CATEGORIES), "n"]
    body = [
        [label, str(year), *(f"{round(shares.get(c, 0) * 100)}%" for c in CATEGORIES), str(n)]
        for label, year, shares, n in rows
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for r in [header, *body]:
        cells = [r[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def emphasis_text(table: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """The emphasis table (from ``emphasis_by_instrument``) as plain text with percentages."""
    names = names or {}
    rows = [
        (
            names.get(row["instrument_id"], row["instrument_id"]),
            int(row["year"]),
            {c: float(row[c]) for c in CATEGORIES},
            int(row["n"]),
        )
        for _index, row in table.iterrows()
    ]
    return format_emphasis(rows)


def quick_emphasis_text(
    groups: list[tuple[str, int, list[str]]],
    answers: dict[str, str | None],
    names: dict[str, str] | None = None,
) -> str:
    """Like ``emphasis_text`` for a student's answers, in plain Python (fast enough for a click).

    ``groups`` lists ``(instrument_id, year, measure_ids)`` in the order to show.
    """
    names = names or {}
    rows = []
    for instrument_id, year, measure_ids in groups:
        chosen = [answers.get(m) for m in measure_ids]
        chosen = [c for c in chosen if c in CATEGORIES]
        if chosen:
            shares = {c: chosen.count(c) / len(chosen) for c in CATEGORIES}
            rows.append((names.get(instrument_id, instrument_id), int(year), shares, len(chosen)))
    return format_emphasis(rows)


def classifier_widget(measures: pd.DataFrame, names: dict[str, str] | None = None):
    """One dropdown per measure, grouped by instrument, a Compare button and the feedback."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    names = names or {}
    measures = measures.sort_values(["year", "instrument_id", "number"], kind="stable")
    course = dict(zip(measures["measure_id"], measures["category"], strict=False))
    texts = {
        row.measure_id: f"{names.get(row.instrument_id, row.instrument_id)} ({row.number}): "
        f"{row.text}"
        for row in measures.itertuples()
    }
    dropdowns: dict[str, w.Dropdown] = {}
    groups = []
    areas = ", ".join(map(category_label, CATEGORIES))
    listing = [_("Sort each measure into one of: {categories}.").format(categories=areas)]
    listing_html = [f"<p>{html.escape(listing[0])}</p>"]
    measure_line = _("Measure {number}: {text}")
    for instrument_id, group in measures.groupby("instrument_id", sort=False):
        heading = f"{names.get(instrument_id, instrument_id)} ({int(group['year'].iloc[0])})"
        listing.append(f"\n{heading}")
        listing += [
            "  " + measure_line.format(number=row.number, text=row.text)
            for row in group.itertuples()
        ]
        items = "".join(
            "<li>"
            + measure_line.format(
                number=html.escape(str(row.number)), text=html.escape(str(row.text))
            )
            + "</li>"
            for row in group.itertuples()
        )
        listing_html.append(f"<h4>{html.escape(heading)}</h4><ul>{items}</ul>")
        rows = [
            w.HTML(
                f"<h4>{html.escape(names.get(instrument_id, instrument_id))} "
                f"({int(group['year'].iloc[0])})</h4>"
            )
        ]
        for row in group.itertuples():
            dd = w.Dropdown(
                # labels in the notebook's language; the values stay the data's categories
                options=[(_(CHOOSE_LABEL), CHOOSE)] + [(category_label(c), c) for c in CATEGORIES],
                value=CHOOSE,
                description=_("Measure {number}:").format(number=row.number),
                layout=w.Layout(width="260px"),
            )
            dropdowns[row.measure_id] = dd
            rows.append(
                w.HBox(
                    [
                        dd,
                        w.HTML(
                            f"<span>{html.escape(str(row.text))}</span>",
                            layout=w.Layout(width="520px"),
                        ),
                    ]
                )
            )
        groups.append(w.VBox(rows))
    button = w.Button(
        description=_("Compare"),
        button_style="primary",
        icon="check",
        tooltip=_("Compare your sorting with the course's reading"),
    )
    feedback = w.HTML("<i>" + html.escape(_("Sort some measures, then press Compare.")) + "</i>")
    table = w.HTML()

    ordered = measures.sort_values(["year", "instrument_id"], kind="stable")
    order = [
        (instrument_id, int(year), list(group["measure_id"]))
        for (year, instrument_id), group in ordered.groupby(["year", "instrument_id"], sort=False)
    ]
    course_text = html.escape(emphasis_text(emphasis_by_instrument(measures), names))

    def on_compare(_button=None):
        answers = {m: (None if d.value == CHOOSE else d.value) for m, d in dropdowns.items()}
        result = compare_classification(answers, course)
        feedback.value = comparison_html(result, texts)
        yours = _("Share of each instrument's measures per area, your sorting:")
        reading = _("The course's reading:")
        table.value = (
            f"<p>{html.escape(yours, quote=False)}</p>"
            f"<pre>{html.escape(quick_emphasis_text(order, answers, names))}</pre>"
            f"<p>{html.escape(reading, quote=False)}</p>"
            f"<pre>{course_text}</pre>"
        )

    button.on_click(on_compare)
    box = w.VBox([*groups, button, feedback, table])
    box.add_class("course-widget")
    return CourseWidget(
        box,
        "\n".join(listing),
        about=_(
            "Choose an area for each measure and press Compare to see where your sorting "
            "agrees with the course's reading."
        ),
        fallback_html="".join(listing_html),
    )


def _leaders(row) -> str:
    top = max(row[c] for c in CATEGORIES)
    names = [category_label(c) for c in CATEGORIES if row[c] == top]
    text = names[0]
    for name in names[1:]:
        text = _("{first} and {second}").format(first=text, second=name)
    return text


def emphasis_title(measures: pd.DataFrame) -> str:
    """A title stating the finding: which area led the earliest and the latest instrument."""
    table = emphasis_by_instrument(measures)
    if len(table) == 0:
        return _("No measures to show")
    first, last = table.iloc[0], table.iloc[-1]
    return _(
        "{first_leaders} led ASEAN's {first_year} measures; {last_leaders} led those of {last_year}"
    ).format(
        first_leaders=_leaders(first).capitalize(),
        first_year=first["year"],
        last_leaders=_leaders(last),
        last_year=last["year"],
    )


def plot_emphasis(measures: pd.DataFrame, names: dict[str, str] | None = None):
    """Stacked bars: share of each instrument's measures per category, ordered by year."""
    from asean_tip_course.figures import PALETTE, new_figure

    names = names or {}
    table = emphasis_by_instrument(measures)
    labels = []
    for instrument_id, year in zip(table["instrument_id"], table["year"], strict=False):
        name = names.get(instrument_id, instrument_id)
        labels.append(name if str(year) in name else f"{name} ({year})")
    fig, ax = new_figure(
        emphasis_title(measures),
        _("Share of the instrument's measures (%)"),
        "",
        _(
            "course table 'measures': the measures as the paper lists them (pp. 6-9), sorted by "
            "the course. Short lists (n = number of measures) and many measures fit two areas, "
            "so read shares as a rough emphasis, not a precise weight."
        ),
        figsize=(9, 4.8),
    )
    hatches = ["", "//", "..", "xx"]
    left = pd.Series(0.0, index=table.index)
    y = list(range(len(table)))
    for colour, hatch, category in zip(PALETTE, hatches, CATEGORIES, strict=False):
        values = table[category].astype(float) * 100
        ax.barh(
            y,
            values,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=category_label(category),
        )
        for yi, v, lft in zip(y, values, left, strict=False):
            if v >= 12:
                ax.text(
                    lft + v / 2,
                    yi,
                    f"{v:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="black",
                    bbox={"facecolor": "white", "alpha": 0.8, "pad": 1, "linewidth": 0},
                )
        left = left + values
    ax.set_yticks(y, [f"{lab}, n={n}" for lab, n in zip(labels, table["n"], strict=False)])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.13))
    return fig, ax
