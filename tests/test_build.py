"""``python3 course.py build --check``: everything generated is current, and staleness is named."""

import subprocess
import sys

import nbformat
import pytest

from asean_tip_course.manifest import course
from tools import build, headers
from tools.paths import REPO


@pytest.mark.slow
def test_everything_generated_is_current():
    """The one check that every generated file is what the build makes (fast when the
    exercise builds are cached; on a fresh clone it runs otter assign once, shared with
    tests/test_exercises.py)."""
    done = subprocess.run(
        [sys.executable, "-m", "tools.build", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Everything generated is current." in done.stdout


def test_check_names_a_stale_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "generated.txt"
    path.write_text("old\n")
    b = build.Build(check=True)
    b.text(path, "new\n", "made from x: run the build")
    b.text(tmp_path / "missing.txt", "new\n", "missing")
    assert b.stale == [
        f"{path} (made from x: run the build)",
        f"{tmp_path / 'missing.txt'} (missing)",
    ]
    assert path.read_text() == "old\n" and not (tmp_path / "missing.txt").exists()
    b = build.Build()
    b.text(path, "new\n", "why")
    assert path.read_text() == "new\n" and b.written == [str(path)]


def test_a_changed_manifest_makes_the_chapter_header_stale(tmp_path):
    from dataclasses import replace

    chapter = course().chapters[0]
    path = tmp_path / "chapter.ipynb"
    nb = nbformat.read(REPO / chapter.notebook, as_version=4)
    nbformat.write(nb, path)
    b = build.Build(check=True)
    headers.apply_header(b.notebook(path), chapter)
    b.flush("header")
    assert b.stale == [], "the committed header should be current"
    headers.apply_header(b.notebook(path), replace(chapter, minutes=chapter.minutes + 1))
    b.flush("header")
    assert b.stale == [f"{path} (header)"]


def test_steps_run_in_order_data_first_cited_outputs_last():
    names = [name for name, _ in build.STEPS]
    assert names[0] == "data tables" and names[-1] == "cited outputs"
    assert names.index("data package") < names.index("student exercise notebooks and autograders")
