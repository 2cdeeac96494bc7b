"""Repository hygiene: clean notebooks, a kernel named in each, code that passes ruff."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from asean_tip_course.manifest import course
from tools.paths import REPO

NOTEBOOKS = [REPO / p for p in course().all_notebooks + course().exercise_sources]


def _ids(paths):
    return [p.relative_to(REPO).as_posix() for p in paths]


def test_there_are_notebooks():
    sets = len(course().exercise_names)  # each set: a source and a student notebook
    assert len(NOTEBOOKS) == 1 + len(course().chapters) + 2 * sets and sets >= 1
    assert all(p.is_file() for p in NOTEBOOKS), [p for p in NOTEBOOKS if not p.is_file()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_names_its_kernel(path):
    spec = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", (
        f"{path.name}: kernelspec missing, JupyterLab would ask students to pick a kernel"
    )


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    return subprocess.run([ruff, *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint_passes_on_code_and_notebooks():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_quiz_answers_are_not_written_in_the_notebook(path):
    """Quiz questions live in asean_tip_course/quizzes.yml: a cell names one, it shows no answer."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    written = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and "MultipleChoice(" in "".join(cell["source"])
    ]
    assert not written, f'{path.name}: cells {written} write a quiz out; use quiz("key")'


def test_pre_commit_runs_ruff_nbstripout_and_the_build_check():
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "nbstripout", "course-build-check"} <= set(hooks)
    assert hooks["course-build-check"]["entry"] == "python -m tools.build --check"
