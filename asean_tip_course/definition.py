"""Chapter 1: does a case meet the international definition of trafficking in persons?

The rule follows Article 3 of the UN Trafficking in Persons Protocol (Palermo, 2000):
an adult case needs an act, a means and a purpose of exploitation; a child case
(under 18) needs only an act and a purpose; consent does not matter once a means
was used. ``assess_case`` is the plain logic; ``definition_checker`` wires widgets to it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from asean_tip_course.i18n import N_, _

NONE = "none"
"""The key every list uses for "none of these"."""

CHILD_AGE = 18
"""Under this age a person is a child in the Protocol (Art. 3(d))."""

ACTS: dict[str, str] = {
    "recruitment": N_("recruitment (finding and hiring someone)"),
    "transportation": N_("transportation (moving someone)"),
    "transfer": N_("transfer (handing someone over to another person)"),
    "harbouring": N_("harbouring (hiding or keeping someone)"),
    "receipt": N_("receipt (receiving someone at the destination)"),
    NONE: N_("none of these"),
}

MEANS: dict[str, str] = {
    "force": N_("threat or use of force"),
    "coercion": N_("another form of coercion (pressure, threats to family)"),
    "abduction": N_("abduction (kidnapping)"),
    "fraud": N_("fraud"),
    "deception": N_("deception (false promises about the job or the pay)"),
    "abuse_of_power": N_("abuse of power"),
    "abuse_of_vulnerability": N_("abuse of a position of vulnerability"),
    "payments": N_("payments or benefits to a person who controls the victim"),
    NONE: N_("none of these"),
}

PURPOSES: dict[str, str] = {
    "sexual_exploitation": N_("sexual exploitation"),
    "forced_labour": N_("forced labour or services"),
    "slavery": N_("slavery or practices similar to slavery"),
    "servitude": N_("servitude"),
    "organ_removal": N_("removal of organs"),
    "other_exploitation": N_("another form of exploitation"),
    NONE: N_("none of these (for example, a fair job or a paid border crossing)"),
}

SMUGGLING_NOTE = N_(
    "Note: moving someone across a border illegally in return for money, without a purpose "
    "of exploitation, is migrant smuggling, a different crime covered by a separate UN "
    "protocol. Smuggling is a crime against a state's border rules; trafficking is a crime "
    "against a person."
)


@dataclass(frozen=True)
class Assessment:
    """The verdict on one case, the reasons for it, and any problems with the input."""

    meets: bool
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """The verdict and reasons as plain text."""
        if self.problems:
            head = _("Cannot judge this case yet:")
            lines = self.problems
        else:
            head = (
                _("Meets the international definition of trafficking in persons.")
                if self.meets
                else _("Does not meet the international definition of trafficking in persons.")
            )
            lines = self.reasons
        return "\n".join([head] + [f"- {line}" for line in lines])


#: What ``_pick`` says about each element, as whole sentences (an element's name is not
#: glued into a sentence, so that each language can phrase it).
PICK_PROBLEMS = {
    "act": (
        N_("Choose the act (or 'none of these')."),
        N_("The act should be one of the listed options, not a number or list."),
        N_("'{value}' is not one of the listed acts. Choose from: {choices}, or none."),
    ),
    "means": (
        N_("Choose the means (or 'none of these')."),
        N_("The means should be one of the listed options, not a number or list."),
        N_("'{value}' is not one of the listed meanss. Choose from: {choices}, or none."),
    ),
    "purpose": (
        N_("Choose the purpose (or 'none of these')."),
        N_("The purpose should be one of the listed options, not a number or list."),
        N_("'{value}' is not one of the listed purposes. Choose from: {choices}, or none."),
    ),
}


def _pick(value, options: dict[str, str], element: str) -> tuple[str | None, str | None]:
    """Return ``(key, problem)`` for one element; accept a key or its label (in English or
    in the notebook's language), any case."""
    empty, wrong_kind, unknown = PICK_PROBLEMS[element]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _(empty)
    if not isinstance(value, str):
        return None, _(wrong_kind)
    text = value.strip().lower()
    nothing = {"none of these", _("none of these").lower()}
    for key, label in options.items():
        if text in (key, label.lower(), _(label).lower()) or (key == NONE and text in nothing):
            return key, None
    choices = ", ".join(k for k in options if k != NONE)
    return None, _(unknown).format(value=value, choices=choices)


def _check_age(age) -> tuple[int | None, str | None]:
    """Return ``(age, problem)``; ``None`` age means unknown and is not a problem."""
    if age is None:
        return None, None
    if isinstance(age, bool) or not isinstance(age, int):
        return None, _(
            "The age should be a whole number of years, such as 16, not {age}. "
            "Leave it empty if the age is not known."
        ).format(age=repr(age))
    if age < 0:
        return None, _("The age cannot be negative (you gave {age}). Check the number.").format(
            age=age
        )
    if age > 120:
        return None, _("An age of {age} is not plausible. Check the number.").format(age=age)
    return age, None


def assess_case(
    act: str | None,
    means: str | None,
    purpose: str | None,
    age: int | None,
    consented: bool = False,
) -> Assessment:
    """Apply the Protocol's Article 3 to one case and say why it does or does not qualify.

    ``act``, ``means`` and ``purpose`` are keys of ``ACTS``, ``MEANS`` and ``PURPOSES``
    (or their labels), ``"none"`` for none of these; ``age`` in years or ``None`` if unknown.
    """
    act_key, p1 = _pick(act, ACTS, "act")
    means_key, p2 = _pick(means, MEANS, "means")
    purpose_key, p3 = _pick(purpose, PURPOSES, "purpose")
    age_value, p4 = _check_age(age)
    problems = [p for p in (p1, p2, p3, p4) if p]
    if problems:
        return Assessment(False, [], problems)

    has_act = act_key != NONE
    has_means = means_key != NONE
    has_purpose = purpose_key != NONE
    reasons: list[str] = []

    reasons.append(
        _("Act: {act}.").format(act=_(ACTS[act_key]))
        if has_act
        else _("Act: none. Without an act there is no trafficking.")
    )
    reasons.append(
        _("Purpose: {purpose}.").format(purpose=_(PURPOSES[purpose_key]))
        if has_purpose
        else _(
            "Purpose: no exploitation intended. Without a purpose of exploitation there "
            "is no trafficking."
        )
    )

    if age_value is None:
        reasons.append(
            _(
                "Age: not known. The adult rule is applied (act + means + purpose); "
                "if the person turns out to be under 18, the means are not needed."
            )
        )
        child = False
    else:
        child = age_value < CHILD_AGE
        reasons.append(
            _(
                "Age: {age}, a child (under 18). For a child, act + purpose are enough; "
                "no means are needed."
            ).format(age=age_value)
            if child
            else _(
                "Age: {age}, an adult. For an adult, act + means + purpose are all needed."
            ).format(age=age_value)
        )

    if has_means:
        reasons.append(_("Means: {means}.").format(means=_(MEANS[means_key])))
    elif child:
        reasons.append(_("Means: none, which does not matter for a child."))
    else:
        reasons.append(_("Means: none. For an adult, at least one means is needed."))

    meets = has_act and has_purpose and (has_means or child)

    if consented and has_means:
        reasons.append(
            _(
                "The person agreed, but consent does not matter once a means such as "
                "deception or coercion was used."
            )
        )
    elif consented and child and meets:
        reasons.append(_("The child agreed, but a child's agreement does not change the result."))
    elif consented and not meets:
        reasons.append(
            _(
                "The person agreed and no means were used, so this is not trafficking, "
                "though other laws (labour or migration rules) may still apply."
            )
        )

    if has_act and not has_purpose and act_key in ("transportation", "transfer", "receipt"):
        reasons.append(_(SMUGGLING_NOTE))
    return Assessment(meets, reasons, [])


@dataclass(frozen=True)
class Scenario:
    """A short fictional case for practice (no real person).

    It is written in English (``source_title``, ``source_story``: the catalogue's message
    ids); ``title`` and ``story`` give it in the notebook's language.
    """

    source_title: str
    source_story: str
    act: str
    means: str
    purpose: str
    age: int | None
    consented: bool = False

    @property
    def title(self) -> str:
        return _(self.source_title)

    @property
    def story(self) -> str:
        return _(self.source_story)


SCENARIOS: list[Scenario] = [
    Scenario(
        N_("A. The factory job abroad"),
        N_(
            "Mai, 24, answers an advertisement for a factory job in another country. The agent "
            "promises a good wage. On arrival her passport is kept and she is told she must work "
            "without pay to repay a travel 'debt'. She had agreed to go."
        ),
        act="recruitment",
        means="deception",
        purpose="forced_labour",
        age=24,
        consented=True,
    ),
    Scenario(
        N_("B. The boy on the boat"),
        N_(
            "Dan, 16, is taken by a family acquaintance to a port town to work on a fishing "
            "boat. Nobody threatens or tricks him, but he works very long hours and is never "
            "paid. He was keen to go."
        ),
        act="transportation",
        means=NONE,
        purpose="forced_labour",
        age=16,
        consented=True,
    ),
    Scenario(
        N_("C. The paid border crossing"),
        N_(
            "Ari, 30, pays a driver to take him across a border without papers. On the other "
            "side the driver leaves, and Ari is free to look for work on his own."
        ),
        act="transportation",
        means=NONE,
        purpose=NONE,
        age=30,
        consented=True,
    ),
    Scenario(
        N_("D. The honest agency"),
        N_(
            "Lina, 27, is recruited by a licensed agency for a job in a hotel in a neighbouring "
            "country. The contract is clear, she keeps her documents and is paid as promised."
        ),
        act="recruitment",
        means=NONE,
        purpose=NONE,
        age=27,
        consented=True,
    ),
]


def assess_scenario(scenario: Scenario) -> Assessment:
    """Assess one prepared scenario."""
    return assess_case(
        scenario.act, scenario.means, scenario.purpose, scenario.age, scenario.consented
    )


def scenario_text(scenario: Scenario) -> str:
    """The scenario's story and its assessment as plain text (for static viewers)."""
    return f"{scenario.title}\n{scenario.story}\n\n{assess_scenario(scenario).as_text()}"


def _as_html(assessment: Assessment) -> str:
    if assessment.problems:
        head = "<b>" + html.escape(_("Cannot judge this case yet:")) + "</b>"
        items = assessment.problems
    elif assessment.meets:
        meets = _("Meets the international definition of trafficking in persons.")
        head = f"<b>✔ {html.escape(meets)}</b>"
        items = assessment.reasons
    else:
        fails = _("Does not meet the international definition of trafficking in persons.")
        head = f"<b>✘ {html.escape(fails)}</b>"
        items = assessment.reasons
    li = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return f"{head}<ul>{li}</ul>"


def definition_checker(start: int = 0):
    """The checker widget, pre-filled with prepared scenario number ``start``."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    wide = {"description_width": "160px"}
    layout = w.Layout(width="560px")

    def options(d: dict[str, str]) -> list[tuple[str, str]]:
        return [(_(label), key) for key, label in d.items()]  # the values stay the keys

    scenario = w.Dropdown(
        options=[(s.title, i) for i, s in enumerate(SCENARIOS)] + [(_("My own case"), -1)],
        value=start,
        description=_("Load a case:"),
        style=wide,
        layout=layout,
    )
    story = w.HTML()
    act = w.Dropdown(
        options=options(ACTS), description=_("Act (what was done):"), style=wide, layout=layout
    )
    means = w.Dropdown(
        options=options(MEANS), description=_("Means (how):"), style=wide, layout=layout
    )
    purpose = w.Dropdown(
        options=options(PURPOSES), description=_("Purpose (why):"), style=wide, layout=layout
    )
    age = w.BoundedIntText(min=0, max=120, description=_("Age in years:"), style=wide)
    age_unknown = w.Checkbox(description=_("Age not known"), indent=False)
    consent = w.Checkbox(description=_("The person agreed to it"), indent=False)
    result = w.HTML()
    loading = {"busy": False}

    def update(_change=None):
        if loading["busy"]:
            return
        age.disabled = age_unknown.value
        verdict = assess_case(
            act.value,
            means.value,
            purpose.value,
            None if age_unknown.value else age.value,
            consent.value,
        )
        result.value = _as_html(verdict)

    def load_scenario(_change=None):
        if scenario.value < 0:
            story.value = (
                "<i>" + html.escape(_("Describe your own case with the controls below.")) + "</i>"
            )
            update()
            return
        s = SCENARIOS[scenario.value]
        loading["busy"] = True
        story.value = f"<p style='max-width:560px'>{s.story}</p>"
        act.value, means.value, purpose.value = s.act, s.means, s.purpose
        age_unknown.value = s.age is None
        age.value = s.age or 0
        consent.value = s.consented
        loading["busy"] = False
        update()

    def to_own_case(_change):
        if not loading["busy"] and scenario.value >= 0:
            scenario.unobserve(load_scenario, names="value")
            scenario.value = -1
            changed = _("Your own case: you changed the controls.")
            story.value = "<i>" + html.escape(changed) + "</i>"
            scenario.observe(load_scenario, names="value")

    scenario.observe(load_scenario, names="value")
    for control in (act, means, purpose, age, age_unknown, consent):
        control.observe(update, names="value")
        control.observe(to_own_case, names="value")
    load_scenario()
    box = w.VBox(
        [scenario, story, act, means, purpose, w.HBox([age, age_unknown]), consent, result]
    )
    box.add_class("course-widget")
    return CourseWidget(
        box,
        scenario_text(SCENARIOS[start]),
        about=_(
            "Load another prepared case, or describe your own with the menus, and see at once "
            "whether it meets the definition and why."
        ),
        fallback_html=f"<p><b>{html.escape(SCENARIOS[start].title)}</b></p>{story.value}"
        f"{result.value}",
    )


#: A date's label in the chart when its source gives only the month or the year.
ONLY = {"month": N_("{year} (month only)"), "year": N_("{year} (year only)")}


def plot_protocol_uptake(ratifications, members, instruments=None):
    """Dot chart: when each ASEAN member joined the UN Trafficking Protocol; missing dates shown.

    ``ratifications``, ``members`` and (optional, for the entry-into-force line)
    ``instruments`` are the course tables of the same names.
    """
    from asean_tip_course.data import member_names
    from asean_tip_course.figures import new_figure, short_month

    rows = ratifications[ratifications["instrument_id"] == "TIP_PROTOCOL"]
    names = member_names(members)
    rows = rows.assign(name=rows["iso3"].map(names).fillna(rows["iso3"]))
    known = rows[rows["date"].notna()].sort_values("date")
    unknown = rows[rows["date"].isna()].sort_values("name")
    order = list(known["name"]) + list(unknown["name"])
    y = {name: i for i, name in enumerate(reversed(order))}
    fig, ax = new_figure(
        _(
            "{known} of {total} ASEAN members have a documented date for joining "
            "the UN Trafficking Protocol"
        ).format(known=len(known), total=len(rows)),
        _("Year the member ratified or acceded (by the date found)"),
        "",
        _(
            "course table 'ratifications' (ministry, ASEAN and UN-mirror pages; see its data "
            "card). Hollow markers: no reliable date found yet, not 'never joined'."
        ),
        figsize=(8, 4.8),
    )
    years = known["date"].dt.year + (known["date"].dt.dayofyear - 1) / 365.25
    ax.plot(years, [y[n] for n in known["name"]], "o", markersize=9, label=_("date found"))
    for yr, name, prec in zip(years, known["name"], known["date_precision"], strict=False):
        if prec == "day":
            shown = f"{int(yr)}"
        elif prec in ONLY:
            shown = _(ONLY[prec]).format(year=int(yr))
        else:
            shown = f"{int(yr)} ({prec} only)"
        ax.annotate(
            shown,
            (yr, y[name]),
            xytext=(7, -4),
            textcoords="offset points",
            fontsize=9,
        )
    if len(unknown):
        x_unknown = 2000.5
        ax.plot(
            [x_unknown] * len(unknown),
            [y[n] for n in unknown["name"]],
            "o",
            markersize=9,
            markerfacecolor="white",
            label=_("date not found (missing)"),
        )
        for name in unknown["name"]:
            ax.annotate(
                _("date missing"),
                (x_unknown, y[name]),
                xytext=(7, -4),
                textcoords="offset points",
                fontsize=9,
                color="#444444",
            )
    if instruments is not None:
        protocol = instruments[instruments["instrument_id"] == "TIP_PROTOCOL"]
        if len(protocol) and not protocol["in_force_date"].isna().iloc[0]:
            date = protocol["in_force_date"].iloc[0]
            x = date.year + (date.dayofyear - 1) / 365.25
            ax.axvline(x, color="#444444", linestyle=":", linewidth=1)
            when = f"{date:%d} {short_month(date.month)} {date:%Y}"
            ax.annotate(
                _("Protocol in force worldwide, {date}").format(date=when),
                (x, 1),
                xytext=(4, 0),
                textcoords="offset points",
                fontsize=8.5,
                color="#444444",
                va="center",
            )
    ax.set_yticks(range(len(order)), list(reversed(order)))
    ax.set_xlim(2000, 2025)
    ax.set_ylim(-0.7, len(order) - 0.2)
    ax.legend(loc="center right")
    return fig, ax
