"""Tests for the chapter 1 definition checker (UN Trafficking Protocol, Article 3)."""

import pytest

from asean_tip_course.definition import (
    ACTS,
    MEANS,
    NONE,
    PURPOSES,
    SCENARIOS,
    SMUGGLING_NOTE,
    assess_case,
    assess_scenario,
    definition_checker,
    scenario_text,
)


def _joined(assessment) -> str:
    return " ".join(assessment.reasons + assessment.problems).lower()


# Normal input: the three-element rule for adults, the two-element rule for children.
@pytest.mark.parametrize("act", [k for k in ACTS if k != NONE])
def test_adult_with_act_means_purpose_meets(act):
    result = assess_case(act, "deception", "forced_labour", 30)
    assert result.meets
    assert not result.problems


def test_adult_without_means_does_not_meet():
    result = assess_case("recruitment", NONE, "forced_labour", 30)
    assert not result.meets
    assert "at least one means" in _joined(result)


@pytest.mark.parametrize("age", [0, 10, 17])
def test_child_needs_only_act_and_purpose(age):
    assert assess_case("transportation", NONE, "forced_labour", age).meets


def test_eighteen_is_an_adult():
    assert not assess_case("transportation", NONE, "forced_labour", 18).meets
    assert assess_case("transportation", "coercion", "forced_labour", 18).meets


@pytest.mark.parametrize("age", [12, 40, None])
def test_no_purpose_never_meets(age):
    result = assess_case("recruitment", "force", NONE, age)
    assert not result.meets
    assert "purpose" in _joined(result)


def test_no_act_never_meets():
    assert not assess_case(NONE, "force", "slavery", 12).meets


def test_consent_irrelevant_once_means_used():
    with_consent = assess_case("recruitment", "deception", "servitude", 25, consented=True)
    without = assess_case("recruitment", "deception", "servitude", 25, consented=False)
    assert with_consent.meets and without.meets
    assert "consent does not matter" in _joined(with_consent)


def test_consent_without_means_adult_is_not_trafficking():
    result = assess_case("recruitment", NONE, "forced_labour", 25, consented=True)
    assert not result.meets
    assert "agreed" in _joined(result)


def test_unknown_age_applies_adult_rule_and_says_so():
    assert not assess_case("harbouring", NONE, "slavery", None).meets
    assert assess_case("harbouring", "abduction", "slavery", None).meets
    assert "not known" in _joined(assess_case("harbouring", NONE, "slavery", None))


def test_smuggling_note_when_movement_without_exploitation():
    result = assess_case("transportation", NONE, NONE, 30, consented=True)
    assert not result.meets
    assert SMUGGLING_NOTE in result.reasons
    assert SMUGGLING_NOTE not in assess_case("transportation", NONE, "slavery", 30).reasons


def test_labels_and_case_are_accepted():
    result = assess_case(ACTS["recruitment"].upper(), MEANS["fraud"], " Removal of organs ", 40)
    assert result.meets
    assert assess_case("None of these", NONE, NONE, 40).problems == []


# Wrong input: friendly problems, never an exception.
@pytest.mark.parametrize("bad_age", [-3, 500, "fifteen", "15", 15.5, True, [15]])
def test_invalid_age_is_reported(bad_age):
    result = assess_case("recruitment", "fraud", "forced_labour", bad_age)
    assert not result.meets
    assert len(result.problems) == 1
    assert "age" in result.problems[0].lower()


def test_unknown_option_is_reported_with_choices():
    result = assess_case("kidnapping", "fraud", "forced_labour", 20)
    assert not result.meets
    assert "'kidnapping' is not one of the listed acts" in result.problems[0]
    assert "recruitment" in result.problems[0]


def test_non_text_option_is_reported():
    result = assess_case(3, "fraud", "forced_labour", 20)
    assert result.problems and "act" in result.problems[0]


# Empty input.
def test_empty_input_lists_every_missing_element():
    result = assess_case(None, "", "   ", None)
    assert not result.meets
    assert len(result.problems) == 3
    text = " ".join(result.problems)
    for element in ("act", "means", "purpose"):
        assert f"choose the {element}" in text.lower()
    assert result.as_text().startswith("Cannot judge this case yet")


# Scenarios and the widget.
def test_scenarios_are_valid_and_mixed():
    results = [assess_scenario(s) for s in SCENARIOS]
    assert 3 <= len(SCENARIOS) <= 4
    assert all(not r.problems for r in results)
    assert any(r.meets for r in results) and any(not r.meets for r in results)
    for s in SCENARIOS:
        assert s.act in ACTS and s.means in MEANS and s.purpose in PURPOSES
        assert s.title in scenario_text(s)


def test_widget_first_state_shows_a_verdict():
    ipywidgets = pytest.importorskip("ipywidgets")
    shown = definition_checker()
    box = shown.widget
    assert isinstance(box, ipywidgets.VBox)
    assert SCENARIOS[0].title in shown.fallback_text
    result = box.children[-1]
    expected = assess_scenario(SCENARIOS[0])
    assert ("Meets" in result.value) == expected.meets
    assert "course-widget" in box._dom_classes


def test_widget_reacts_to_controls():
    pytest.importorskip("ipywidgets")
    box = definition_checker().widget
    scenario, _story, act, means, purpose, age_row, _consent, result = box.children
    means.value = NONE
    age_row.children[0].value = 30
    assert "Does not meet" in result.value
    assert scenario.value == -1
    age_row.children[0].value = 15
    assert "✔ Meets" in result.value
    act.value = NONE
    assert "Does not meet" in result.value
