"""Cited numbers: every marked cell has a recorded output, and a changed number fails nbval."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from asean_tip_course.manifest import course
from tools import cited
from tools.paths import REPO


def _marked_cells() -> dict[str, set[str]]:
    found = {}
    for path in course().notebooks:
        ids = set(cited.marked_cells(REPO / path))
        if ids:
            found[cited.notebook_key(REPO / path)] = ids
    return found


def test_chapters_cite_checked_numbers():
    assert len(_marked_cells()) >= 3, "chapters should mark the cells whose numbers they cite"


def test_every_marked_cell_has_a_recorded_output_and_none_is_stale():
    store = json.loads(cited.store_path().read_text()) if cited.store_path().exists() else {}
    marked = _marked_cells()
    for notebook, ids in marked.items():
        recorded = set(store.get(notebook, {}))
        assert ids <= recorded, f"{notebook}: record outputs for cells {sorted(ids - recorded)}"
        assert recorded <= ids, f"{notebook}: stale records {sorted(recorded - ids)}"
        for cell_id in ids:
            assert store[notebook][cell_id], f"{notebook} cell {cell_id}: recorded output is empty"


def test_markers_are_tags_out_of_the_students_sight():
    """Chapters mark cited cells with the nbval-check-output tag, not a comment in the code."""
    for path in course().notebooks:
        nb = nbformat.read(REPO / path, as_version=4)
        comments = [c.id for c in nb.cells if cited.MARKER in c.source]
        assert not comments, f"{path}: use the cell tag {cited.TAG!r} instead, cells {comments}"


def test_is_marked_reads_tags_and_comments():
    tagged = nbformat.v4.new_code_cell("print(1)", metadata={"tags": [cited.TAG]})
    commented = nbformat.v4.new_code_cell(f"{cited.MARKER}\nprint(1)")
    plain = nbformat.v4.new_code_cell("print(1)  # NBVAL_CHECK_OUTPUT is mentioned here")
    markdown = nbformat.v4.new_markdown_cell(cited.MARKER)
    assert [cited.is_marked(c) for c in (tagged, commented, plain, markdown)] == [
        True,
        True,
        False,
        False,
    ]


def _run_nbval(tmp_path: Path, expected_text: str) -> subprocess.CompletedProcess:
    """nbval on a notebook with one tagged and one commented cell, both printing 42."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("print(6 * 7)", metadata={"tags": [cited.TAG]}),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)"),
    ]
    (tmp_path / "nb").mkdir()
    path = tmp_path / "nb" / "cite.ipynb"
    nbformat.write(nb, path)
    store = tmp_path / "tests" / "cited_outputs.json"
    store.parent.mkdir()
    record = [{"output_type": "stream", "name": "stdout", "text": expected_text}]
    store.write_text(json.dumps({"nb/cite.ipynb": {c.id: record for c in nb.cells}}))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tools.cited",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            "-c",
            "/dev/null",
            "--rootdir",
            str(tmp_path),
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "COURSE_CITED_OUTPUTS": str(store),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        },
    )


@pytest.mark.slow
@pytest.mark.parametrize("expected,outcome", [("42\n", "2 passed"), ("41\n", "2 failed")])
def test_nbval_fails_when_a_cited_number_changes(tmp_path, expected, outcome):
    """Both ways of marking a cell (tag, comment) are compared with the recorded output."""
    result = _run_nbval(tmp_path, expected)
    assert outcome in result.stdout, result.stdout[-2000:]
    assert (result.returncode == 0) is (outcome == "2 passed"), result.stdout[-2000:]
