"""Check-your-understanding logic: right, wrong and empty answers all get a useful message."""

import pytest

from asean_tip_course.quiz import MultipleChoice, check_choice

OPTIONS = ["Act, means and purpose", "Only the purpose", "Crossing a border"]
EXPLAIN = {
    "Act, means and purpose": "All three elements are needed for an adult.",
    "Only the purpose": "The purpose alone is not enough for an adult.",
    "Crossing a border": "Trafficking can happen inside one country.",
}


def test_right_answer_is_confirmed_with_its_reason():
    fb = check_choice("Act, means and purpose", OPTIONS, "Act, means and purpose", EXPLAIN)
    assert fb.correct and fb.message.startswith("Correct.") and "All three" in fb.message


def test_wrong_answer_explains_without_crashing():
    fb = check_choice("Crossing a border", OPTIONS, "Act, means and purpose", EXPLAIN)
    assert not fb.correct and "inside one country" in fb.message


@pytest.mark.parametrize("choice", [None, "", "   "])
def test_empty_answer_asks_for_a_choice(choice):
    fb = check_choice(choice, OPTIONS, OPTIONS[0], EXPLAIN)
    assert not fb.correct and "Pick one of the options" in fb.message


@pytest.mark.parametrize("choice", [3, 2.5, ["a"]])
def test_wrong_type_gets_a_friendly_message(choice):
    fb = check_choice(choice, OPTIONS, OPTIONS[0], EXPLAIN)
    assert not fb.correct and "as text" in fb.message


def test_unknown_option_is_rejected_politely():
    fb = check_choice("Something else", OPTIONS, OPTIONS[0], EXPLAIN)
    assert not fb.correct and "not one of the options" in fb.message


def test_question_with_answer_outside_options_is_an_author_error():
    with pytest.raises(ValueError, match="not among the options"):
        MultipleChoice("Q?", ["a", "b"], "c")


def test_widget_first_state_and_click():
    q = MultipleChoice("Which elements?", OPTIONS, OPTIONS[0], EXPLAIN)
    box = q.widget
    radio, button, out = box.children[1], box.children[2], box.children[3]
    assert radio.value is None and "Choose an answer" in out.value
    button.click()
    assert "Pick one of the options" in out.value
    radio.value = OPTIONS[2]
    button.click()
    assert "Not quite" in out.value and "✘" in out.value
    radio.value = OPTIONS[0]
    button.click()
    assert "Correct" in out.value and "✔" in out.value


def test_static_fallback_lists_every_option():
    text = repr(MultipleChoice("Which elements?", OPTIONS, OPTIONS[0]))
    assert all(o in text for o in OPTIONS) and "JupyterLab" in text
