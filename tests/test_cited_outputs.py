"""Cited numbers: every marked cell has a recorded output, and a changed number fails nbval."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from asean_tip_course import cited

REPO = Path(__file__).resolve().parents[1]


def _marked_cells() -> dict[str, set[str]]:
    found = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ids = {c.id for c in nb.cells if c.cell_type == "code" and cited.is_marked(c.source)}
        if ids:
            found[cited.notebook_key(path)] = ids
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


def _run_nbval(tmp_path: Path, expected_text: str) -> subprocess.CompletedProcess:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)")]
    (tmp_path / "nb").mkdir()
    path = tmp_path / "nb" / "cite.ipynb"
    nbformat.write(nb, path)
    store = tmp_path / "tests" / "cited_outputs.json"
    store.parent.mkdir()
    record = [{"output_type": "stream", "name": "stdout", "text": expected_text}]
    store.write_text(json.dumps({"nb/cite.ipynb": {nb.cells[0].id: record}}))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "asean_tip_course.cited",
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
        env={**os.environ, "COURSE_CITED_OUTPUTS": str(store)},
    )


@pytest.mark.parametrize("expected,passes", [("42\n", True), ("41\n", False)])
def test_nbval_fails_when_a_cited_number_changes(tmp_path, expected, passes):
    result = _run_nbval(tmp_path, expected)
    assert (result.returncode == 0) is passes, result.stdout[-2000:]
