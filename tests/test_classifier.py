"""Tests for the chapter 2 measure classifier logic."""

import pandas as pd
import pytest

from asean_tip_course.classifier import (
    CATEGORIES,
    classifier_widget,
    compare_classification,
    emphasis_by_instrument,
    emphasis_text,
)

COURSE = {"m1": "prevention", "m2": "protection", "m3": "cooperation", "m4": "prosecution"}


def _measures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure_id": ["a1", "a2", "a3", "a4", "b1", "b2"],
            "instrument_id": ["A"] * 4 + ["B"] * 2,
            "number": [1, 2, 3, 4, 1, 2],
            "text": ["t1", "t2", "t3", "t4", "u1", "u2"],
            "category": [
                "prevention",
                "prevention",
                "protection",
                "cooperation",
                "prosecution",
                "prosecution",
            ],
            "year": [2015, 2015, 2015, 2015, 2004, 2004],
        }
    )


def test_all_agree():
    result = compare_classification(dict(COURSE), COURSE)
    assert result.agreed == list(COURSE)
    assert result.differed == [] and result.unanswered == []
    assert "4 of the 4" in result.message()


def test_some_differ_and_case_is_ignored():
    student = {"m1": "Prevention", "m2": "prosecution", "m3": "cooperation", "m4": None}
    result = compare_classification(student, COURSE)
    assert result.agreed == ["m1", "m3"]
    assert result.differed == [("m2", "prosecution", "protection")]
    assert result.unanswered == ["m4"]
    assert "2 of the 3" in result.message() and "1 still to sort" in result.message()


def test_wrong_answers_are_flagged_not_crashing():
    student = {"m1": "banana", "m2": 7, "m9": "prevention"}
    result = compare_classification(student, COURSE)
    assert [m for m, _ in result.invalid] == ["m1", "m2"]
    assert result.unknown == ["m9"]
    assert result.unanswered == ["m3", "m4"]
    assert "not one of the four" in result.message()


def test_empty_input():
    result = compare_classification({}, COURSE)
    assert result.unanswered == list(COURSE)
    assert "not sorted any" in result.message()
    choose = compare_classification({m: "choose..." for m in COURSE}, COURSE)
    assert choose.answered == 0
    assert "nothing to compare" in compare_classification({}, {}).message()
    assert compare_classification(None, COURSE).total == 0


def test_emphasis_shares_and_order():
    table = emphasis_by_instrument(_measures())
    assert list(table["instrument_id"]) == ["B", "A"]  # ordered by year
    a = table.set_index("instrument_id").loc["A"]
    assert a["prevention"] == 0.5 and a["protection"] == 0.25 and a["prosecution"] == 0
    assert a["n"] == 4
    assert table.set_index("instrument_id").loc["B", "prosecution"] == 1.0
    for _, row in table.iterrows():
        assert sum(row[c] for c in CATEGORIES) == pytest.approx(1.0)


def test_emphasis_skips_unsorted_and_handles_empty():
    m = _measures()
    m.loc[0, "category"] = None
    table = emphasis_by_instrument(m)
    assert table.set_index("instrument_id").loc["A", "n"] == 3
    assert len(emphasis_by_instrument(m.iloc[0:0])) == 0
    assert len(emphasis_by_instrument(m.assign(category=None))) == 0
    assert emphasis_text(emphasis_by_instrument(m.iloc[0:0])) == "No measures sorted yet."
    assert "50%" in emphasis_text(emphasis_by_instrument(_measures()))


def test_widget_compare_with_nothing_sorted_and_with_answers():
    w = pytest.importorskip("ipywidgets")
    shown = classifier_widget(_measures())
    box = shown.widget
    assert "Measure" in shown.fallback_text and "Compare" in shown.about
    button, feedback = box.children[-3], box.children[-2]
    assert isinstance(button, w.Button)
    button.click()
    assert "not sorted any" in feedback.value
    first_group = box.children[0]
    dropdown = first_group.children[1].children[0]
    dropdown.value = "prosecution"
    button.click()
    assert "1 of the 1" in feedback.value


def test_measure_list_numbers_and_pages():
    from asean_tip_course.classifier import measure_list

    m = _measures().assign(paper_page=[6, 6, 7, 7, 8, 8])
    text = measure_list(m, "B")
    assert text.splitlines() == ["1. u1 (p. 8)", "2. u2 (p. 8)"]
    assert "No measures recorded" in measure_list(m, "Z")


def test_comparison_html_lists_differences_and_escapes():
    from asean_tip_course.classifier import comparison_html

    result = compare_classification({"m1": "protection"}, COURSE)
    page = comparison_html(result, {"m1": "Train <officials>."})
    assert "Train &lt;officials&gt;: you said <b>protection</b>" in page
    assert "the course reads <b>prevention</b>" in page
    assert "0 of the 1" in page


def test_quick_emphasis_matches_the_table_version():
    from asean_tip_course.classifier import quick_emphasis_text

    m = _measures()
    groups = [("B", 2004, ["b1", "b2"]), ("A", 2015, ["a1", "a2", "a3", "a4"])]
    course = dict(zip(m["measure_id"], m["category"], strict=True))
    names = {"A": "Instrument A"}
    assert quick_emphasis_text(groups, course, names) == emphasis_text(
        emphasis_by_instrument(m), names
    )
    partial = quick_emphasis_text(groups, {"a1": "protection", "b1": None}, names)
    assert partial.splitlines()[1].split()[:3] == ["Instrument", "A", "2015"]
    assert "100%" in partial and len(partial.splitlines()) == 2
    assert quick_emphasis_text(groups, {}) == "No measures sorted yet."
    assert quick_emphasis_text(groups, {"a1": "nonsense"}) == "No measures sorted yet."
