"""The assessment matches the course: objectives, no untaught code, answer spread, rubrics.

Reads the exercise sources and ``course.yml`` only (no Otter run): it takes a second.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import groupby

import nbformat
import pytest

from asean_tip_course import assessment
from asean_tip_course.assessment import items
from tools import assessment as objective_lists
from tools.assessment import chapters, objectives

CHAPTERS = chapters()
IDS = [c.exercise_name for c in CHAPTERS]
PANDAS = [".loc", ".iloc", ".dt.", "groupby", "lambda", "idxmax", ".apply(", ".pivot", " & "]


def by_set():
    return {c.exercise_name: (c, items(c.exercise_name)) for c in CHAPTERS}


def source(name):
    return nbformat.read(assessment.SOURCES / name / f"{name}.ipynb", 4)


def test_every_set_is_read_and_has_questions():
    found = by_set()
    assert len(found) == len(CHAPTERS) >= 5
    for name, (_, qs) in found.items():
        assert len(qs) >= 4, name


@pytest.mark.parametrize("name", IDS)
def test_every_question_names_objectives_of_its_chapter(name):
    chapter, qs = by_set()[name]
    known = objectives(chapter)
    for q in qs:
        assert q.objectives, (
            f"{name}/{q.name} names no objective (*(objective 1.2)* after its number)"
        )
        unknown = [i for i in q.objectives if i not in known]
        assert not unknown, f"{name}/{q.name} names objectives {unknown} that chapter lacks"


@pytest.mark.parametrize("name", IDS)
def test_every_objective_is_assessed_by_a_question(name):
    chapter, qs = by_set()[name]
    assessed = {i for q in qs for i in q.objectives}
    missing = [i for i in objectives(chapter) if i not in assessed]
    assert not missing, f"{name}: objectives {missing} are assessed by no question"


@pytest.mark.parametrize("name", IDS)
def test_every_objective_is_assessed_by_a_core_question(name):
    """Skipping the optional data track must not leave an objective unassessed."""
    chapter, qs = by_set()[name]
    assessed = {i for q in qs if not q.data_track for i in q.objectives}
    assert set(objectives(chapter)) <= assessed


def test_objective_lists_and_instructor_map_are_current():
    stale = objective_lists.stale(write=False)
    assert not stale, f"run `python -m asean_tip_course.assessment --write`: {stale}"


def test_a_question_without_objectives_is_noticed(tmp_path):
    name = IDS[0]
    nb = source(name)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and assessment.MARKER.search(cell.source):
            cell.source = assessment.MARKER.sub("", cell.source, count=1)
            break
    (tmp_path / name).mkdir()
    nbformat.write(nb, tmp_path / name / f"{name}.ipynb")
    assert not items(name, tmp_path)[0].objectives


@pytest.mark.parametrize("name", IDS)
def test_core_questions_need_no_programming(name):
    _, qs = by_set()[name]
    for q in qs:
        if q.data_track:
            assert "optional data track" in q.prompt
            continue
        assert q.kind != "code (pandas)", f"{name}/{q.name} needs code but is not in the data track"
        used = [p for p in PANDAS if p in q.prompt]
        assert not used, f"{name}/{q.name} asks for pandas ({used}) outside the data track"


def choice_answers():
    """(set, question, letter index, number of options) of every choice question, in order."""
    found = []
    for name in IDS:
        for q in items(name):
            if q.kind != "choice":
                continue
            letters = re.findall(r"^- \*\*([A-G])\.\*\*", q.prompt, re.M)
            nb = source(name).cells
            solution = next(
                c.source
                for c in nb
                if c.cell_type == "code" and re.match(rf'{q.name}_answer = "[A-G]"', c.source)
            )
            letter = re.search(r'"([A-G])"', solution).group(1)
            found.append((name, q.name, "ABCDEFG".index(letter), len(letters)))
    return found


def test_exercise_answer_letters_are_spread_and_not_predictable():
    """Once 'B' was right in 6 of 7 lettered questions; now no letter is favoured."""
    answers = choice_answers()
    assert len(answers) >= 10
    n, width = len(answers), max(k for *_, k in answers)
    counts = Counter(i for _, _, i, _ in answers)
    assert max(counts.values()) <= math.ceil(n / width) + 1, counts
    assert all(counts[i] >= n // width - 1 for i in range(width)), counts
    longest_run = max(len(list(run)) for _, run in groupby(i for _, _, i, _ in answers))
    assert longest_run <= 2, answers


def rubric_of(name, question):
    """The markdown under a written question's model answer."""
    nb, current, inside = source(name), None, False
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type == "raw" and text.startswith("# BEGIN QUESTION"):
            current = re.search(r"name: (\w+)", text).group(1)
        elif cell.cell_type == "raw" and text.startswith("# BEGIN SOLUTION"):
            inside = current == question
        elif cell.cell_type == "raw" and text.startswith("# END SOLUTION"):
            inside = False
        elif inside and cell.cell_type == "markdown":
            return text
    raise AssertionError(f"{name}/{question} has no model answer")


@pytest.mark.parametrize("name", IDS)
def test_rubrics_have_levels_examples_and_objectives(name):
    _, qs = by_set()[name]
    for q in (q for q in qs if q.manual):
        text = rubric_of(name, q.name)
        assert "**Model answer.**" in text and "**Rubric" in text
        criteria = re.findall(r"^\*(.+?)\* \(objective (\d+\.\d+)\)$", text, re.M)
        assert criteria, f"{name}/{q.name}: no criteria"
        assert q.points == 2 * len(criteria), f"{name}/{q.name}: points are not 2 per criterion"
        assert {oid for _, oid in criteria} <= set(q.objectives), f"{name}/{q.name}"
        for level in ("2", "1"):
            assert len(
                re.findall(rf"^- \*\*{level}:\*\* .+\*Example:\* \".+\"$", text, re.M)
            ) == len(criteria), f"{name}/{q.name}: level {level} without an example"
        assert len(re.findall(r"^- \*\*0:\*\* ", text, re.M)) == len(criteria)
        assert "machine-translated" not in text and "own words" in text


def test_the_policy_brief_and_three_limits_are_marked():
    _, qs = by_set()["ex05_conclusion"]
    brief = [q for q in qs if q.manual and "5.5" in q.objectives]
    assert brief and "Policy brief" in brief[0].prompt
    verdict = [q for q in qs if q.manual and "5.4" in q.objectives and "5.1" in q.objectives]
    assert verdict and "three limits" in verdict[0].prompt
    assert "at least three distinct limits" in rubric_of("ex05_conclusion", verdict[0].name)


@pytest.mark.parametrize("name", IDS)
def test_every_set_has_a_content_note_and_says_the_checks_are_not_the_grade(name):
    intro = source(name).cells[0].source
    assert "**Content note:**" in intro
    assert "not your grade" in intro


@pytest.mark.parametrize("name", IDS)
def test_sets_do_not_state_how_many_members_asean_has(name):
    """ASEAN had ten members until October 2025 and has eleven since: the tables say which."""
    text = "\n".join(c.source for c in source(name).cells).lower()
    said = re.findall(r"\b(?:ten|eleven|10|11) (?:asean )?members\b", text)
    assert not said, f"{name} states a member count: {said}"


def test_stale_fingerprints_are_recomputed_from_the_solutions(tmp_path):
    """After a data change, `assessment --fingerprints` writes the hashes the solutions give."""
    import shutil

    name = "ex05_conclusion"
    shutil.copytree(assessment.SOURCES / name, tmp_path / name)
    path = tmp_path / name / f"{name}.ipynb"
    assert objective_lists.refresh_fingerprints(name, tmp_path) == []  # current: nothing to do
    nb = nbformat.read(path, 4)
    cell = next(c for c in nb.cells if "def test_q3(" in c.source)
    good = re.search(r'"ex05\.q3",\s*"([0-9a-f]{16})"', cell.source).group(1)
    cell.source = cell.source.replace(good, "0" * 16)
    nbformat.write(nb, path)
    assert objective_lists.refresh_fingerprints(name, tmp_path) == ["test_q3"]
    assert good in nbformat.read(path, 4).cells[nb.cells.index(cell)].source
