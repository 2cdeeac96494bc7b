"""The Colab-like job's checks (tests/colab/job.py) and the Colab install of Otter-Grader.

The job itself runs in .ci/run (it builds a second runtime); these tests check, without a
kernel, that its checks catch what they are for, and that the setup cell installs Otter
without ipywidgets 8.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from asean_tip_course import colab
from asean_tip_course.manifest import course

try:  # the maintainer tools move to tools/ (issue 15)
    from tools import links
except ImportError:
    from asean_tip_course import links

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("colab_job", ROOT / "tests" / "colab" / "job.py")
job = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(job)

BUILDERS = {"glossary_search", "MultipleChoice"}
VIEW = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2}}


def _nb(*cells):
    return {"cells": [{"cell_type": "code", "id": f"c{i}", **c} for i, c in enumerate(cells)]}


def _display(data):
    return {"output_type": "display_data", "data": data, "metadata": {}}


def test_a_clean_notebook_has_no_problems():
    nb = _nb(
        {"source": "glossary_search()", "outputs": [_display({**VIEW, "text/plain": "x"})]},
        {"source": 'grader.check("q1")', "outputs": [_display({"text/plain": "q1 results: ok"})]},
        {"source": 'grader.check("q2")', "outputs": [_display({"text/plain": "q2: ✘ Not yet"})]},
        {"source": "x = 1", "outputs": []},
    )
    assert job.problems_in(nb, {}, BUILDERS) == []


def test_an_error_output_and_a_printed_traceback_are_problems():
    error = {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}
    printed = {
        "output_type": "stream",
        "name": "stderr",
        "text": "Traceback (most recent call last):\n ...",
    }
    found = job.problems_in(
        _nb({"source": "f()", "outputs": [error]}, {"source": "g()", "outputs": [printed]}),
        {},
        BUILDERS,
    )
    assert len(found) == 2 and "raised ValueError: bad" in found[0] and "traceback" in found[1]


def test_a_widget_cell_without_a_view_is_a_problem():
    text_only = _display({"text/plain": "Course glossary"})
    found = job.problems_in(
        _nb({"source": "glossary_search(query='x')", "outputs": [text_only]}), {}, BUILDERS
    )
    assert found and "without a widget view" in found[0]
    # a cell that only imports or assigns a builder is not a widget cell
    quiet = _nb({"source": "quiz = MultipleChoice('Q?', ['a'], 'a')", "outputs": []})
    assert job.problems_in(quiet, {}, BUILDERS) == []


def test_a_grader_check_that_shows_nothing_is_a_problem():
    elsewhere = _display({"text/plain": "q1 results: ok"})  # another question's result
    similar = _display({"text/plain": "q22: ✔ Right."})
    for outputs in (
        [],
        [{"output_type": "stream", "name": "stdout", "text": "done"}],
        [elsewhere],
        [similar],
    ):
        found = job.problems_in(_nb({"source": 'grader.check("q2")', "outputs": outputs}), {}, [])
        assert found and "grader.check shows no result" in found[0]


def test_a_cited_output_must_match_the_recorded_one_split_streams_joined():
    cell = {
        "source": "# NBVAL_CHECK_OUTPUT\nprint(n)",
        "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "4"},
            {"output_type": "stream", "name": "stdout", "text": "2\n"},
        ],
    }
    recorded = {"c0": [{"output_type": "stream", "name": "stdout", "text": "42\n"}]}
    assert job.problems_in(_nb(cell), recorded, BUILDERS) == []
    other = {"c0": [{"output_type": "stream", "name": "stdout", "text": "43\n"}]}
    assert "differs" in job.problems_in(_nb(cell), other, BUILDERS)[0]
    assert "not recorded" in job.problems_in(_nb(cell), {}, BUILDERS)[0]


def test_builder_names_come_from_the_manifest():
    names = job.builder_names()
    assert {"MultipleChoice", "glossary_search", "chapter_picker", "verdict_explorer"} <= names


def test_every_negative_fixture_exists_and_has_no_outputs():
    import json

    for name in [*job.NEGATIVE, *job.POSITIVE]:
        nb = json.loads((job.FIXTURES / name).read_text())
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_runtime_file_pins_the_issue_versions():
    python, pins = job.runtime_pins()
    assert python == "3.13"
    assert {"ipywidgets==7.7.1", "ipython==7.34.0", "pandas==2.2.3"} <= set(pins)


# --------------------------------------------------------------------------- Otter on Colab


def test_exercise_setup_cell_installs_otter_the_colab_way_chapters_do_not():
    exercise = links.setup_cell_source(course().student_notebooks[0])
    chapter = links.setup_cell_source(course().chapters[0].notebook)
    assert "install_otter()" in exercise and "pip" not in exercise
    assert "install_otter" not in chapter
    # the course is on sys.path before the installer is imported from it
    assert exercise.index("sys.path.insert") < exercise.index("from asean_tip_course.colab")


def test_otter_requirements_leave_ipywidgets_alone():
    if colab.installed("otter-grader") is None:
        pytest.skip("otter-grader is not installed")
    wanted = colab.otter_requirements()
    names = {w.split("<")[0].split(">")[0].split("=")[0].split("[")[0].lower() for w in wanted}
    assert "ipywidgets" not in names
    assert {"fica", "ipylab", "jupytext"} <= names  # what Colab lacks is among them
    assert not any("[" in w or ";" in w for w in wanted)  # no extras (webpdf), no markers
    assert not names & {"rpy2", "gspread", "pypdf"}  # extras' requirements are left out


def test_pins_keep_the_installed_widget_stack():
    from importlib import metadata

    pins = colab.pins()
    assert f"ipywidgets=={metadata.version('ipywidgets')}" in pins
    assert all("==" in p for p in pins)


def test_install_otter_stops_if_ipywidgets_changed(monkeypatch):
    versions = iter(["7.7.1", "8.1.9"])
    monkeypatch.setattr(colab, "installed", lambda name: next(versions))
    monkeypatch.setattr(colab, "pins", lambda: ["ipywidgets==7.7.1"])
    monkeypatch.setattr(colab, "otter_requirements", lambda: ["fica>=0.4.1"])
    monkeypatch.setattr(colab, "missing", lambda reqs: reqs)
    monkeypatch.setattr(colab, "pip", lambda *args: None)
    with pytest.raises(RuntimeError, match="changed ipywidgets from 7.7.1 to 8.1.9"):
        colab.install_otter()


def test_only_missing_requirements_are_installed():
    from importlib import metadata

    here = metadata.version("pandas")
    assert colab.missing([f"pandas=={here}", "pandas>=1"]) == []
    assert colab.missing(["pandas<1", "no-such-package-xyz>=1"]) == [
        "pandas<1",
        "no-such-package-xyz>=1",
    ]
