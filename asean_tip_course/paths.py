"""Where the course's files are: the one place that computes it.

From a checkout of the repository (``pip install -e .``, Binder, Colab, a hub) the manifest and
the tables are read from the repository itself. From a normal (non-editable) install they are
read from the copies the wheel ships inside the package (``asean_tip_course/_course/``; see
``setup.py``). ``ASEAN_TIP_DATA`` still overrides the data folder (``data.data_dir``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: Files a wheel ships with the package: course.yml and data/ (copied by setup.py's build).
SHIPPED = PACKAGE / "_course"


def _checkout() -> Path | None:
    """The repository the package is imported from, or None (an installed wheel)."""
    root = PACKAGE.parent
    return root if (root / "course.yml").is_file() and (root / "data").is_dir() else None


#: The repository root when running from a checkout; None when installed from a wheel.
REPO: Path | None = _checkout()
#: Where course.yml and data/ are: the checkout, else the copies shipped in the package.
ROOT: Path = REPO if REPO is not None else SHIPPED
MANIFEST = ROOT / "course.yml"
#: The checkout, else the current folder: where the launch, hub and Colab helpers look for
#: the repository's own files (notebooks, instructors/, .ci/).
WORKTREE: Path = REPO if REPO is not None else Path.cwd()
DATA = ROOT / "data"


def repo() -> Path:
    """The repository root; a clear error when the course is installed without one.

    Maintainer tools (``tools/``) and tests need the repository's notebooks and exercises.
    """
    if REPO is None:
        raise RuntimeError(
            "This needs the course's repository (notebooks, exercises); the package is "
            f"installed from a wheel at {PACKAGE}. Clone the repository and run it there."
        )
    return REPO
