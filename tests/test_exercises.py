"""The exercise sets: they build, grade right, give feedback, and hide their solutions.

Builds every autograder once (``otter assign``, cached by a hash of its sources in
``.build-cache/``, shared with ``course.py build``) and grades, with the course's own grading
command, three submissions of each English set (the solutions, the untouched student notebook
and a notebook with exactly one wrong answer) and the solutions of each Indonesian set. Each
student notebook is executed once as a student would run it (nbval does not run them again).
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from asean_tip_course import answers
from asean_tip_course.grading import POINTS_ROW, grade, main, questions
from asean_tip_course.i18n import LANGUAGES, language
from asean_tip_course.manifest import course
from tools.exercises import GENERATED_NOTE, assigned, build, folders, source_path
from tools.paths import SOURCES, STUDENT

SETS = course().exercise_names
# Every set in both editions. The Indonesian sets are twins of the English ones (the same
# code and tests, tools/editions.py), so the English autograder grades both: one source for
# each question's logic.
EDITIONS = [(name, lang) for lang in LANGUAGES for name in SETS]


def edition_id(name: str, lang: str) -> str:
    return name if lang == "en" else f"{name}_{lang}"


slow = pytest.mark.slow

# One deliberately wrong answer per set, inserted into the solution notebook just before that
# question's check cell (Otter scores each question where its check runs): (question, code).
WRONG = {
    "ex01_background": ("q3", 'q3_answer = {k: "trafficking" for k in q3_answer}'),
    "ex02_asean_measures": ("q3", "q3_count = q3_count + 1"),
    "ex03_human_security_sdgs": ("q3", 'q3_answer = "A"'),
    "ex04_evidence": ("q3", "q3_tier3_2022 = q3_tier3_2022 + 1"),
    "ex05_conclusion": ("q3", "q3_better = q3_better + 1"),
}


# What Otter itself prints around a failed check; a student must never see it.
OTTER_NOISE = ["Error at line", "AssertionError", "Traceback", "Test case failed", "NameError"]


def test_every_set_has_a_wrong_answer_case():
    assert sorted(WRONG) == sorted(SETS)


# conftest.py's scheduler gives each set's tests (ids ending "[ex04_evidence]" or
# "[ex04_evidence_id]") a worker of their own: each worker builds and grades only its sets.
ED = pytest.mark.parametrize(("name", "lang"), EDITIONS, ids=[edition_id(*e) for e in EDITIONS])


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``built(name)``: set ``name`` built into a temporary folder (student notebook, public
    tests, autograder zip), from the cached ``otter assign`` output of its current source.
    Per set, so that a test worker builds and grades only the sets it runs (conftest.py
    sends all tests of one set to one worker)."""
    work = tmp_path_factory.mktemp("exercises")
    done = {}

    def of(name, lang="en"):
        if (name, lang) not in done:
            out = work / lang
            zips = build(
                [name], lang=lang, student_root=out / "student", autograders=out / "autograder"
            )
            sources, _student, _zips, cache = folders(lang)
            done[name, lang] = {
                "zip": zips[name],
                "student": out / "student" / name,
                "assigned": assigned(name, sources, cache),
                "autograders": out / "autograder",
            }
        return done[name, lang]

    return of


class Gradebook(dict):
    """A gradebook's rows by submission, and (``.path``) where the CSV is."""

    path: Path


@pytest.fixture(scope="session")
def gradebook(built, tmp_path_factory):
    """``gradebook(name)``: solution, blank and one-wrong submissions of set ``name`` graded
    into one CSV (rows by submission, e.g. ``"blank/ex04_evidence.ipynb"``);
    ``gradebook(name, "id")``: the Indonesian solution alone."""
    done = {}

    def of(name, lang="en"):
        if (name, lang) in done:
            return done[name, lang]
        made = built(name, lang)
        subs = tmp_path_factory.mktemp(f"submissions-{name}")
        solution = nbformat.read(made["assigned"] / "autograder" / f"{name}.ipynb", 4)
        (subs / "solution").mkdir()
        nbformat.write(solution, subs / "solution" / f"{name}.ipynb")
        if lang == "en":
            (subs / "blank").mkdir()
            blank = nbformat.read(made["student"] / f"{name}.ipynb", 4)
            nbformat.write(blank, subs / "blank" / f"{name}.ipynb")
            question, code = WRONG[name]
            check = next(
                i for i, c in enumerate(solution.cells) if c.source == f'grader.check("{question}")'
            )
            solution.cells.insert(check, nbformat.v4.new_code_cell(code))
            (subs / "wrong").mkdir()
            nbformat.write(solution, subs / "wrong" / f"{name}.ipynb")
        out = subs / "gradebook.csv"
        # Always the English autograder: it grades the Indonesian notebooks too.
        grade(subs, out, autograders=built(name, "en")["autograders"], jobs=2)
        with out.open(newline="", encoding="utf-8") as f:
            book = Gradebook({row["submission"]: row for row in csv.DictReader(f)})
        book.path = out  # the class report and import files are written beside it
        done[name, lang] = book
        return book

    return of


def autograded(name):
    return [q for q in questions(name) if not q.manual]


def test_questions_are_read_from_the_source():
    qs = questions("ex01_background")
    assert [q.name for q in qs] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert [q.manual for q in qs] == [False, False, False, False, False, True]
    assert all(q.points > 0 for q in qs)


@slow
@pytest.mark.parametrize("name", SETS)
def test_source_builds_with_hidden_tests_only_in_the_autograder(built, name):
    zip_path = built(name)["zip"]
    with zipfile.ZipFile(zip_path) as z:
        ag_tests = {
            Path(n).name: z.read(n).decode() for n in z.namelist() if n.startswith("tests/")
        }
    public = {p.name: p.read_text() for p in (built(name)["student"] / "tests").glob("*.py")}
    expected = {f"{q.name}.py" for q in autograded(name)}
    assert set(ag_tests) == expected
    assert set(public) == expected
    for test_name in expected:
        assert "hidden=True" in ag_tests[test_name], f"{name}/{test_name}: no hidden test"
        assert "hidden=True" not in public[test_name]
        assert "_hidden" not in public[test_name]


@slow
@ED
def test_committed_student_notebook_is_what_otter_assign_makes(built, name, lang):
    fresh_dir, committed_dir = built(name, lang)["student"], folders(lang)[1] / name
    fresh = nbformat.read(fresh_dir / f"{name}.ipynb", 4)
    committed = nbformat.read(committed_dir / f"{name}.ipynb", 4)
    cells = [(c.cell_type, c.source) for c in fresh.cells]
    assert [(c.cell_type, c.source) for c in committed.cells] == cells, (
        f"{name}: run `python3 course.py build` and commit the result"
    )
    assert sorted(p.name for p in (committed_dir / "tests").glob("*.py")) == sorted(
        p.name for p in (fresh_dir / "tests").glob("*.py")
    )
    for test in (fresh_dir / "tests").glob("*.py"):
        assert (committed_dir / "tests" / test.name).read_text() == test.read_text(), test.name


@ED
def test_committed_student_notebook_is_clean(name, lang):
    nb = nbformat.read(folders(lang)[1] / name / f"{name}.ipynb", 4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["otter"]["assignment_name"] == name
    note = GENERATED_NOTE.format(source=source_path(name, lang))
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(note)
    assert nb.cells[0].source.removeprefix(note).startswith("# ")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def solution_lines(name, lang="en"):
    """Distinctive lines of the solutions and hidden tests of a source notebook."""
    nb = nbformat.read(folders(lang)[0] / name / f"{name}.ipynb", 4)
    lines, in_solution, in_hidden = [], False, False
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type == "raw":
            in_solution = text.startswith("# BEGIN SOLUTION") or (
                in_solution and not text.startswith("# END SOLUTION")
            )
            continue
        in_hidden = "hidden: true" in text
        if in_solution and cell.cell_type == "markdown":
            lines += [line for line in text.splitlines() if len(line.strip()) > 20]
        elif in_solution:
            block = re.search(r"# BEGIN SOLUTION NO PROMPT\n(.*?)# END SOLUTION", text, re.S)
            prompt = re.search(r"# BEGIN PROMPT\n(.*?)# END PROMPT", text, re.S)
            body = block.group(1) if block else text
            lines += [
                line.split("# SOLUTION")[0].strip()
                for line in body.splitlines()
                if (block or "# SOLUTION" in line)
                and "=" in line
                and not (prompt and line.strip() in prompt.group(1))
            ]
        elif in_hidden:
            lines += [line.strip() for line in text.splitlines() if "assert" in line]
    return [line for line in lines if line and not line.endswith("= ...")]


# The headings of the solutions' written parts, in each edition.
SOLUTION_WORDS = {"en": ("Model answer", "Rubric"), "id": ("Contoh jawaban", "Rubrik")}


@ED
def test_no_solution_text_in_student_files(name, lang):
    found = solution_lines(name, lang)
    assert len(found) >= 4, "the solution scan found too little: is the source format changed?"
    folder = folders(lang)[1] / name
    student = [folder / f"{name}.ipynb", *sorted((folder / "tests").glob("*.py"))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in student)
    text = text.replace('\\"', '"')  # sources as stored in the .ipynb JSON
    leaks = [line for line in found if line in text]
    assert not leaks, f"{name}: solution text in the student files: {leaks}"
    assert not any(word in text for word in SOLUTION_WORDS[lang])
    source = (folders(lang)[0] / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assert all(word in source for word in SOLUTION_WORDS[lang]), "solution headings renamed?"


def run_notebook(path: Path, tmp_path: Path) -> nbformat.NotebookNode:
    """Execute a copy of the notebook's folder (checks write a log file beside the notebook)."""
    folder = shutil.copytree(path.parent, tmp_path / path.parent.name)
    nb = nbformat.read(folder / path.name, 4)
    NotebookClient(nb, timeout=180, resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def check_outputs(nb) -> dict[str, str]:
    """The text each ``grader.check("qN")`` cell printed, by question."""
    shown = {}
    for cell in nb.cells:
        m = re.match(r'grader\.check\("(\w+)"\)', cell.source)
        if cell.cell_type == "code" and m:
            shown[m.group(1)] = "\n".join(
                o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs
            )
    return shown


@slow
@ED
def test_untouched_student_notebook_runs_and_explains(name, lang, tmp_path):
    """Unanswered: every cell runs without an error (what nbval would check) and every check
    prints friendly feedback, in the notebook's language."""
    shown = check_outputs(run_notebook(folders(lang)[1] / name / f"{name}.ipynb", tmp_path))
    assert sorted(shown) == sorted(q.name for q in autograded(name))
    with language(lang), pytest.raises(AssertionError) as said:
        answers.expect_answered(..., "q1_answer")  # what the package says to an unanswered q
    not_yet = str(said.value).split(":")[0]
    for question, text in shown.items():
        assert text.startswith(f"{question}: ✘ {not_yet}"), f"{name}/{question}: {text}"
        if lang != "en":
            assert "Not answered yet" not in text, f"{name}/{question} in English: {text}"
        for noise in OTTER_NOISE:
            assert noise not in text, f"{name}/{question}: {text}"


@slow
@ED
def test_solutions_score_full_marks(gradebook, name, lang):
    """The solutions pass every public and hidden test (a stale fingerprint fails here), in
    each edition: the Indonesian solution runs its checks' Indonesian messages."""
    row = gradebook(name, lang)[f"solution/{name}.ipynb"]
    assert row["assignment"] == name and row["note"] == ""
    for q in autograded(name):
        assert float(row[f"{name}/{q.name}"]) == q.points, f"{name}/{q.name}: solution fails"
    assert float(row["auto_score"]) == float(row["auto_possible"]) > 0


# The blank and one-wrong submissions are graded in English only: an Indonesian set has the
# English set's code cells and tests (tests/test_editions.py), so its scores are the same; its
# untouched notebook is run above and its solution graded.
@slow
@pytest.mark.parametrize("name", SETS)
def test_untouched_student_notebook_scores_zero(gradebook, name):
    row = gradebook(name)[f"blank/{name}.ipynb"]
    assert [float(row[f"{name}/{q.name}"]) for q in autograded(name)] == [0.0] * len(
        autograded(name)
    )
    assert float(row["auto_score"]) == 0


@slow
@pytest.mark.parametrize("name", SETS)
def test_one_wrong_answer_loses_exactly_that_question(gradebook, name):
    row = gradebook(name)[f"wrong/{name}.ipynb"]
    wrong_question = WRONG[name][0]
    for q in autograded(name):
        expected = 0.0 if q.name == wrong_question else q.points
        assert float(row[f"{name}/{q.name}"]) == expected, q.name
    lost = [q.points for q in autograded(name) if q.name == wrong_question]
    assert float(row["auto_score"]) == float(row["auto_possible"]) - lost[0]


@slow
@pytest.mark.parametrize("name", SETS)
def test_gradebook_has_points_row_and_manual_questions(gradebook, name):
    book = gradebook(name)
    points = book[POINTS_ROW]
    assert len(book) == 1 + 3
    manual = [q.name for q in questions(name) if q.manual]
    assert manual, f"{name} has no written question"
    for q in questions(name):
        assert points[f"{name}/{q.name}"].split()[0] == f"{q.points:g}"
        if q.manual:
            assert points[f"{name}/{q.name}"].endswith("(manual)")
            assert book[f"solution/{name}.ipynb"][f"{name}/{q.name}"] == ""
    assert book[f"blank/{name}.ipynb"]["to_grade_by_hand"] == " ".join(manual)


def test_command_line_defaults_to_grade_and_flags_unknown_notebooks(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), subs / "holiday_photos.ipynb")
    out = tmp_path / "book.csv"
    main([str(subs), "--out", str(out)])
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[-1]["submission"] == "holiday_photos.ipynb"
    assert "unknown exercise set" in rows[-1]["note"]


def test_command_line_rejects_a_missing_folder(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main([str(tmp_path / "nowhere")])
    assert "is not a folder" in capsys.readouterr().err


# The answer-check helpers: a clear message for every kind of wrong input.
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (..., "still `...`"),
        (None, "has no value"),
        ("7", "number written as text"),
        ("seven", "a number is expected"),
        (True, "True/False"),
        (float("nan"), "NaN"),
        (2.5, "whole number"),
        (42, "between 0 and 10"),
    ],
)
def test_expect_number_explains(value, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        answers.expect_number(value, "x", low=0, high=10, whole=True)


def test_expect_number_accepts_numbers_and_explains_tables():
    import numpy as np
    import pandas as pd

    assert answers.expect_number(np.int64(3), "x", whole=True) == 3.0
    with pytest.raises(AssertionError, match="item"):
        answers.expect_number(pd.Series([3]), "x")
    with pytest.raises(AssertionError, match="len"):
        answers.expect_number(pd.DataFrame({"a": [1, 2]}), "x")


def test_expect_choice_and_mapping_explain():
    assert answers.expect_choice(" b ", "a", "ABCD") == "B"
    with pytest.raises(AssertionError, match="not an option"):
        answers.expect_choice("E", "a", "ABCD")
    with pytest.raises(AssertionError, match="one letter in quotes"):
        answers.expect_choice(2, "a", "ABCD")
    with pytest.raises(AssertionError, match="no answer yet for: y"):
        answers.expect_mapping({"x": "a"}, "m", ["x", "y"], ["a", "b"])
    with pytest.raises(AssertionError, match=r"`m\['y'\]` is still `...`"):
        answers.expect_mapping({"x": "a", "y": ...}, "m", ["x", "y"], ["a", "b"])
    assert answers.expect_mapping({"x": " A", "y": "b"}, "m", ["x", "y"], ["a", "b"]) == {
        "x": "a",
        "y": "b",
    }


def test_fingerprint_recognises_an_answer_without_showing_it():
    fp = answers.fingerprint(0.2934, "q", digits=2)
    assert "0.29" not in fp and len(fp) == 16
    answers.expect_correct(0.29, "q", fp, "hint", digits=2)
    with pytest.raises(AssertionError, match="Not yet. hint"):
        answers.expect_correct(0.31, "q", fp, "hint", digits=2)
    assert answers.fingerprint(5, "q1") != answers.fingerprint(5, "q2")
    with pytest.raises(AssertionError, match="1 of 2 right. Look again at: b"):
        answers.expect_correct_items(
            {"a": "x", "b": "y"},
            "q",
            {"a": answers.fingerprint("x", "q:a"), "b": answers.fingerprint("x", "q:b")},
            "",
        )


def test_expect_axes_explains():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.raises(AssertionError, match="no title"):
        answers.expect_axes(ax, "ax")
    ax.set_title("t")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    with pytest.raises(AssertionError, match="empty"):
        answers.expect_axes(ax, "ax")
    ax.plot([1, 2], [3, 4])
    assert answers.expect_axes(ax, "ax") is ax
    with pytest.raises(AssertionError, match="both the figure and the axes"):
        answers.expect_axes((fig, ax), "ax")
    plt.close(fig)


# Feedback as a student meets it: a wrong, an empty and a wrongly typed answer to every
# checked question, run through the notebook's own checker (in this process, no kernel).
def solution_answers(name):
    """The answers of the source notebook's solution cells (its test cells are skipped)."""
    from asean_tip_course import load

    nb = nbformat.read(SOURCES / name / f"{name}.ipynb", 4)
    env: dict = {"load": load}
    for cell in nb.cells:
        text = cell.source
        skip = "BEGIN TEST CONFIG" in text or "grader" in text or "google.colab" in text
        if cell.cell_type == "code" and not skip:
            exec(compile(text, f"{name}.ipynb", "exec"), env)
    return env


def variants(value):
    """(wrong, empty, wrongly typed) versions of a right answer, as a student might give them."""
    import pandas as pd

    if isinstance(value, str) and len(value) == 1:  # one letter
        return ("A" if value.upper() != "A" else "B"), ..., 2
    if isinstance(value, str):  # letters in order
        return value[1:] + value[0], ..., list(range(len(value)))
    if isinstance(value, dict):
        values = sorted(set(value.values()))
        first = next(iter(value))
        other = next(v for v in values if v != value[first])
        return {**value, first: other}, {k: ... for k in value}, "trafficking"
    if isinstance(value, pd.Series):
        return value + 1, ..., value.tolist()
    return value + 1, ..., str(value)


def student_checks(name, tmp_path):
    from asean_tip_course.checks import Checks

    folder = shutil.copytree(STUDENT / name, tmp_path / name)
    return Checks(str(folder / f"{name}.ipynb"), tests_dir=str(folder / "tests")), folder


@pytest.mark.parametrize("name", SETS)
def test_every_question_gives_the_course_hint_for_wrong_empty_and_mistyped_answers(
    name, tmp_path, monkeypatch
):
    right = solution_answers(name)
    grader, folder = student_checks(name, tmp_path)
    monkeypatch.chdir(folder)  # Otter writes its log beside the notebook
    for q in autograded(name):
        test = (folder / "tests" / f"{q.name}.py").read_text(encoding="utf-8")
        args = re.search(rf"def test_{q.name}\((.*?)\)", test).group(1).split(", ")
        answer = args[0]
        env = {arg: right[arg] for arg in args}
        assert grader.check(q.name, env).passed, f"{name}/{q.name}: the solution fails"
        for kind, value in zip(
            ("wrong", "empty", "mistyped"), variants(right[answer]), strict=True
        ):
            said = grader.check(q.name, {**env, answer: value})
            shown = repr(said)
            assert not said.passed, f"{name}/{q.name} {kind}: {shown}"
            for noise in OTTER_NOISE:
                assert noise not in shown, f"{name}/{q.name} {kind}: {shown}"
            if kind == "empty":
                assert "Not answered yet" in said.message, shown
            else:
                assert "Not answered yet" not in said.message, shown
                assert said.message != "", shown
            print(f"{name}/{q.name} {kind}: {said.message}")


def test_expect_order_explains():
    assert answers.expect_order("b, d a-c", "o", "ABCD") == "BDAC"
    assert answers.expect_order(["C", "A", "B", "D"], "o", "ABCD") == "CABD"
    with pytest.raises(AssertionError, match="Not answered yet"):
        answers.expect_order(..., "o", "ABCD")
    with pytest.raises(AssertionError, match="4 letters in your order"):
        answers.expect_order(1234, "o", "ABCD")
    with pytest.raises(AssertionError, match="E, which is not an option"):
        answers.expect_order("ABCE", "o", "ABCD")
    with pytest.raises(AssertionError, match="exactly once"):
        answers.expect_order("AABC", "o", "ABCD")


def test_the_checker_shows_the_course_sentence_not_otters_text():
    from asean_tip_course.checks import CANNOT_READ, _plain

    otter_text = (
        "❌ Test case failed\nError at line 16 in test q1:\n  expect_correct(...)\n"
        "AssertionError: Not yet. Re-read the table."
    )
    assert _plain(otter_text) == "Not yet. Re-read the table."
    crash = "❌ Test case failed\nError at line 3 in test q1:\n  x\nTypeError: 'int' object"
    assert _plain(crash) == CANNOT_READ


@slow
@pytest.mark.parametrize("name", SETS)
def test_grade_writes_the_class_report_and_import_files(gradebook, name):
    out = gradebook(name).path
    beside = out.with_name
    report = list(csv.DictReader(beside(out.stem + "_report.csv").open(encoding="utf-8")))
    assert [(r["set"], r["question"]) for r in report] == [(name, q.name) for q in questions(name)]
    for r in report:
        assert r["submissions"] == "3", r  # solution, blank and one wrong
        if r["kind"] == "written":
            assert r["to_mark"] == "3" and r["share_full_marks"] == ""
        else:  # full marks in the solution, and in the wrong one except for its question
            wrong = WRONG[r["set"]][0] == r["question"]
            assert r["share_full_marks"] == ("0.33" if wrong else "0.67"), r
    assert beside(out.stem + "_report.png").read_bytes()[:4] == b"\x89PNG"
    assert "# Class report" in beside(out.stem + "_report.md").read_text(encoding="utf-8")
    canvas = list(csv.reader(beside(out.stem + "_canvas.csv").open(encoding="utf-8")))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert [row[0] for row in canvas[2:]] == ["blank", "solution", "wrong"]
    moodle = list(csv.reader(beside(out.stem + "_moodle.csv").open(encoding="utf-8")))
    assert moodle[0][0] == "username" and len(moodle) == 4
