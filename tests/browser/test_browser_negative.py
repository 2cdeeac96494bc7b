"""The browser checks can fail: deliberately broken notebooks must be reported.

The fixture notebooks live in tests/fixtures/browser/ (never collected as notebooks).
A healthy fixture passes every check, so the failures below come from the breakage,
not from a checker that always complains.
"""

from __future__ import annotations

import labcheck
import pytest
from labcheck import Interaction, interact_widgets, other_option, run_notebook

pytestmark = pytest.mark.browser

FIXTURES = "tests/fixtures/browser"


def _has(problems: list[str], *words: str) -> bool:
    return any(all(w in p for w in words) for p in problems)


def _choose_another_colour(page, widget) -> str:
    select = widget.locator("select").first
    labels = select.locator("option").all_inner_texts()
    select.select_option(index=other_option(labels, select.evaluate("s => s.selectedIndex")))
    return "a word the widget never shows"


def test_a_healthy_notebook_passes_every_check(page, lab):
    report = run_notebook(page, lab, f"{FIXTURES}/good.ipynb")
    assert report.problems == []
    # The table's promises are checked too: a widget it expects must exist ...
    missing = interact_widgets(
        page,
        "good",
        {"good": [Interaction("a widget that is not there", lambda p, w: None, "No such:")]},
    )
    assert _has(missing, "expected widget", "not found")
    # ... and the text an interaction says must appear has to appear.
    wrong = interact_widgets(
        page,
        "good",
        {
            "good": [
                Interaction(
                    "choose a colour, expect a word the widget never shows",
                    _choose_another_colour,
                    has_label="Colour:",
                )
            ]
        },
    )
    assert _has(wrong, "it should show", "a word the widget never shows")


def test_an_exception_in_a_cell_is_reported(page, lab):
    report = run_notebook(page, lab, f"{FIXTURES}/raises.ipynb")
    assert _has(report.problems, "[errors]", "ValueError", "deliberate failure")
    assert _has(report.problems, "[execution]", "never ran", "This cell never runs")


def test_a_widget_or_figure_that_cannot_render_is_reported(page, lab):
    report = run_notebook(page, lab, f"{FIXTURES}/broken_widgets.ipynb")
    assert _has(report.problems, "[widgets]", "cell 2", "failed to render")
    assert _has(report.problems, "[widgets]", "cell 3", "0 rendered")
    assert _has(report.problems, "[figures]", "cell 4", "0 image(s) loaded")


def test_a_widget_that_does_nothing_is_reported(page, lab, monkeypatch):
    # a dead widget never changes: 3 s of waiting show it as well as the usual 15 s would
    monkeypatch.setattr(labcheck, "CHANGE_TIMEOUT_S", 3.0)
    report = run_notebook(page, lab, f"{FIXTURES}/dead_widgets.ipynb")
    assert _has(report.problems, "[quiz]", "feedback did not change")
    assert _has(report.problems, "[interaction]", "nothing it shows changed")
    assert _has(report.problems, "[widgets]", "No class:", "neither class")


def test_a_kernel_choice_dialog_is_reported(page, lab):
    report = run_notebook(page, lab, f"{FIXTURES}/kernel_dialog.ipynb")
    assert _has(report.problems, "[open]", "dialog")
