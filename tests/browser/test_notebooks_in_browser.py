"""Every chapter and student notebook runs cleanly in JupyterLab in a real browser.

For each notebook: open it at its Binder-style address, Run All Cells, then check that
no dialog blocks the student, every cell ran, no cell shows an error, every widget and
figure renders, every quiz answers and every chapter widget reacts to one interaction.
Screenshots go to tests/browser/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest
from interactions import TABLES
from labcheck import discover_notebooks, run_notebook

from asean_tip_course.manifest import edition_of

pytestmark = pytest.mark.browser

NOTEBOOKS = discover_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_cleanly_in_jupyterlab(page, lab, notebook):
    # each edition's widgets, found by their own labels
    report = run_notebook(page, lab, notebook, TABLES[edition_of(notebook)])
    for note in report.notes:
        print(f"{notebook}: {note}")
    assert report.problems == [], f"{notebook}:\n" + "\n".join(report.problems)


def test_every_notebook_is_found():
    """The manifest's notebooks are all tested (an empty list would silently test nothing)."""
    from asean_tip_course.manifest import course

    every = [p for edition in course().editions() for p in edition.all_notebooks]
    assert NOTEBOOKS == every and len(NOTEBOOKS) > 2
    assert any("/id/" in p for p in NOTEBOOKS), "the Indonesian edition is tested too"
