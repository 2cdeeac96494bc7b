"""One interaction per chapter widget; which notebook shows which widget is in course.yml.

Each ``Interaction`` finds its widget by a control label it has (``has_label``) or a text it
shows (``has_text``), acts on it like a student, and may return a text the widget must show
afterwards (taken from the page, e.g. the option just chosen, never a hard-coded answer).
What the widget shows must change in any case. Chapter widgets with no entry here get the
generic interaction in ``labcheck`` (change the first control; press the first button if
nothing changed).
"""

from __future__ import annotations

from labcheck import Interaction, other_option

from asean_tip_course.i18n import LANGUAGES, _, language
from asean_tip_course.manifest import course


def _control(widget, label: str, kind: str):
    """The control of ``kind`` (a CSS class such as widget-dropdown) labelled ``label``."""
    return (
        widget.locator(f".{kind}")
        .filter(has=widget.page.locator(".widget-label", has_text=label))
        .first
    )


def choose(label: str, option: str | None = None, must_show_choice: bool = True):
    """Pick ``option`` (or the next option) in the dropdown labelled ``label``."""

    def act(page, widget) -> str | None:
        select = _control(widget, label, "widget-dropdown").locator("select")
        labels = [" ".join(t.split()) for t in select.locator("option").all_inner_texts()]
        if option is not None:
            target = next(k for k, text in enumerate(labels) if option in text)
        else:
            target = other_option(labels, select.evaluate("s => s.selectedIndex"))
        select.select_option(index=target)
        return labels[target] if must_show_choice else None

    return act


def slide(label: str, key: str = "ArrowRight", must_show_value: bool = True):
    """Move the slider labelled ``label`` one step with the keyboard."""

    def act(page, widget) -> str | None:
        slider = _control(widget, label, "widget-slider")
        slider.locator(".noUi-handle").first.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(300)
        value = slider.locator(".widget-readout").first.inner_text().strip()
        return value if must_show_value else None

    return act


def type_text(label: str, text: str):
    """Type ``text`` into the text box labelled ``label``; the results must mention it."""

    def act(page, widget) -> str:
        box = _control(widget, label, "widget-text").locator("input")
        box.click()
        box.press("ControlOrMeta+A")
        box.press_sequentially(text, delay=20)  # real keystrokes, as a student types
        box.press("Enter")
        return text

    return act


def tick_first_box(page, widget) -> None:
    """Tick (or untick) the first enabled checkbox."""
    widget.locator("input[type=checkbox]:not([disabled])").first.click()


def choose_then_press(label: str, button: str):
    """Pick another option in the dropdown labelled ``label``, then press ``button``."""

    def act(page, widget) -> None:
        choose(label, must_show_choice=False)(page, widget)
        widget.locator("button").filter(has_text=button).first.click()

    return act


def choose_in_list(label: str, index: int = 0):
    """Select only the item at ``index`` in the multiple-choice list labelled ``label``."""

    def act(page, widget) -> None:
        select = _control(widget, label, "widget-select-multiple").locator("select")
        select.select_option(index=index)

    return act


#: One interaction per widget that ``course.yml`` lists (quizzes are checked separately, in
#: ``labcheck``). A test checks that every listed widget has one.
def by_widget(lang: str = "en") -> dict[str, Interaction]:
    """The interactions, with each label as the notebook of edition ``lang`` shows it (the
    labels are the package's messages, translated by its catalogue)."""
    with language(lang):
        return _table()


def _table() -> dict[str, Interaction]:
    return {
        "course_map.chapter_picker": Interaction(
            "chapter picker: choose another chapter",
            choose(_("Chapter:")),
            has_label=_("Chapter:"),
        ),
        "glossary.glossary_search": Interaction(
            "glossary search: type an Indonesian term",
            type_text(_("Search for:"), "perdagangan"),
            has_label=_("Search for:"),
        ),
        "definition.definition_checker": Interaction(
            "definition checker: load another case",
            choose(_("Load a case:"), must_show_choice=False),
            has_label=_("Load a case:"),
        ),
        "timeline.timeline_explorer": Interaction(
            "timeline: move the year slider",
            slide(_("Show the end of year:")),
            has_label=_("Show the end of year:"),
        ),
        "classifier.classifier_widget": Interaction(
            "measure classifier: sort a measure and press Compare",
            choose_then_press(_("Measure 1:"), _("Compare")),
            has_text=_("Compare"),
        ),
        "sdg_map.sdg_mapper": Interaction(
            "SDG mapper: tick a target",
            tick_first_box,
            has_label=_("Measure to map:"),
        ),
        "explorer.country_explorer": Interaction(
            "country explorer: choose another member",
            choose(_("Show member:")),
            has_label=_("Show member:"),
        ),
        "verdict.verdict_explorer": Interaction(
            "verdict: move the split year",
            slide(_("Split year (first 'after' report):"), must_show_value=True),
            has_label=_("Split year (first 'after' report):"),
        ),
    }


BY_WIDGET: dict[str, Interaction] = by_widget("en")
#: Widgets checked another way (every quiz is answered by ``labcheck``).
NOT_INTERACTED = {"quiz.MultipleChoice"}

#: The interactions of each notebook (file stem), from the widgets ``course.yml`` lists for it,
#: for each edition (``TABLES["id"]``: the Indonesian labels).
TABLES: dict[str, dict[str, list[Interaction]]] = {
    lang: {
        nb.stem: [found[w] for w in nb.widgets if w in found]
        for nb in (course().start, *course().chapters)
    }
    for lang, found in ((lang, by_widget(lang)) for lang in LANGUAGES)
}
TABLE = TABLES["en"]
