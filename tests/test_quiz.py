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


# The quiz bank (quizzes.yml) and the notebook cells that show it.
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
from collections import Counter  # noqa: E402
from itertools import groupby  # noqa: E402
from pathlib import Path  # noqa: E402

from asean_tip_course.quiz import quiz, quiz_bank, seeded_order  # noqa: E402

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
QUIZ_CALL = re.compile(r'\bquiz\("(\w+)"')


def quiz_cells():
    """(notebook name, key) for every quiz("key") call in the chapter notebooks, in order."""
    found = []
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                found += [(path.name, key) for key in QUIZ_CALL.findall("".join(cell["source"]))]
    return found


def shown(key):
    """The question as a cell shows it (fields that need values get none: they read 0)."""
    return quiz(key, counts={})


def right_positions():
    """Where the right option is shown, for every question of the bank, in course order."""
    positions = []
    for key in quiz_bank():
        q = shown(key)
        positions.append((q.options.index(q.answer), len(q.options)))
    return positions


def test_every_quiz_in_the_bank_is_shown_once_and_every_cell_names_one_that_exists():
    keys = [key for _, key in quiz_cells()]
    assert keys, "no quiz cells found in the notebooks"
    assert sorted(keys) == sorted(quiz_bank()), "quiz cells and quizzes.yml disagree"
    assert len(set(keys)) == len(keys)


def test_quiz_cells_are_one_readable_line_without_the_answer():
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "code" and QUIZ_CALL.search(text):
                calls = [line for line in text.splitlines() if QUIZ_CALL.search(line)]
                assert len(calls) == 1 and len(calls[0]) <= 100, (path.name, text)
                assert "answer" not in text and "MultipleChoice" not in text, (path.name, text)


def test_every_bank_entry_has_a_right_answer_wrong_ones_and_reasons():
    for key, entry in quiz_bank().items():
        q = shown(key)
        assert q.question.strip() and len(q.options) >= 3, key
        assert len(set(q.options)) == len(q.options), f"{key}: two options read the same"
        assert all(q.explanations[o].strip() for o in q.options), f"{key}: an option has no reason"
        assert q.check(q.answer).correct
        assert not any(q.check(o).correct for o in q.options if o != q.answer)
        assert set(entry) == {"question", "right", "wrong"}, key


def test_fields_are_filled_from_the_values_a_cell_passes():
    import pandas as pd

    counts = pd.Series({"16.2": 4, "16.3": 7, "8.7": 12})
    q = quiz("ch3_unserved_target", counts=counts)
    text = " ".join([q.question, *q.options, *q.explanations.values()])
    assert "{" not in text and "12 measures" in text
    counts = pd.Series({"better": 3, "worse": 2})
    q = quiz("ch5_before_after", counts=counts)
    assert q.answer.startswith("3 better, 2 worse, 0 about the same")  # missing key counts as 0


def test_an_unknown_quiz_key_is_named():
    with pytest.raises(KeyError, match="no_such_question"):
        quiz("no_such_question")


def test_option_order_is_fixed_per_question():
    assert seeded_order("ch1_child_rule", 4) == seeded_order("ch1_child_rule", 4)
    assert sorted(seeded_order("x", 5)) == list(range(5))
    assert [shown(k).options for k in quiz_bank()] == [shown(k).options for k in quiz_bank()]


def test_right_answers_are_spread_over_the_positions():
    """No position is favoured: a student cannot guess 'the first one' (8 of 13 once were)."""
    positions = right_positions()
    n, width = len(positions), max(k for _, k in positions)
    counts = Counter(p for p, _ in positions)
    assert max(counts.values()) <= math.ceil(n / width) + 1, counts
    assert all(counts[p] >= n // width - 1 for p in range(width)), counts
    assert counts[0] <= math.ceil(n / width), f"the first option is right too often: {counts}"
    longest_run = max(len(list(run)) for _, run in groupby(p for p, _ in positions))
    assert longest_run <= 2, positions
