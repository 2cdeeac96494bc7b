"""The repository's folders, for the maintainer tools and the tests.

The root is computed once, in ``asean_tip_course.paths``; everything here derives from it.
"""

from __future__ import annotations

from asean_tip_course.paths import DATA, MANIFEST, PACKAGE, repo

REPO = repo()
NOTEBOOKS = REPO / "notebooks"
EXERCISES = REPO / "exercises"
SOURCES = EXERCISES / "source"
STUDENT = EXERCISES / "student"
BUILD = EXERCISES / "_build"
AUTOGRADERS = BUILD / "autograder"
TESTS = REPO / "tests"
CITED_STORE = TESTS / "cited_outputs.json"
#: Local, git-ignored cache of expensive build results (keyed by a hash of their inputs).
CACHE = REPO / ".build-cache"
SCRIPTS = REPO / "scripts"
README = REPO / "README.md"
PYPROJECT = REPO / "pyproject.toml"

__all__ = [
    "AUTOGRADERS",
    "BUILD",
    "CACHE",
    "CITED_STORE",
    "DATA",
    "EXERCISES",
    "MANIFEST",
    "NOTEBOOKS",
    "PACKAGE",
    "PYPROJECT",
    "README",
    "REPO",
    "SCRIPTS",
    "SOURCES",
    "STUDENT",
    "TESTS",
]
