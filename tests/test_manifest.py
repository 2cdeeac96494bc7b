"""course.yml: well formed, and every notebook, exercise set and widget it names exists."""

import importlib

import pytest
import yaml

from asean_tip_course import manifest
from asean_tip_course.manifest import ManifestError, course
from tools.paths import MANIFEST, REPO

COURSE = course()


def test_every_listed_notebook_exists():
    for path in COURSE.all_notebooks + COURSE.exercise_sources:
        assert (REPO / path).is_file(), f"course.yml lists {path}, which does not exist"


def test_no_notebook_is_left_out_of_the_manifest():
    """A notebook in notebooks/ or exercises/ that course.yml does not list (in either
    edition) is a mistake."""
    listed = {p for e in COURSE.editions() for p in e.all_notebooks + e.exercise_sources}
    found = {
        p.relative_to(REPO).as_posix()
        for folder in ("notebooks", "exercises/source", "exercises/student")
        for p in (REPO / folder).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }
    assert found - listed == set(), f"not in course.yml: {sorted(found - listed)}"


def test_every_widget_exists():
    assert "quiz.MultipleChoice" in COURSE.widgets
    for name in COURSE.widgets:
        module, attribute = name.split(".")
        found = importlib.import_module(f"asean_tip_course.{module}")
        assert callable(getattr(found, attribute, None)), f"course.yml names {name}"


def test_objective_ids_are_unique_and_found():
    ids = [o.id for c in COURSE for o in c.objectives]
    assert len(ids) == len(set(ids))
    assert COURSE.objective("4.3").text.startswith("Read a tier history")
    with pytest.raises(KeyError, match="No objective"):
        COURSE.objective("9.9")


def _data():
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["chapters"][0].pop("minutes"), "chapter 1: 'minutes' is missing"),
        (lambda d: d["chapters"][1].update(minutes="fifty"), "'minutes' should be int"),
        (lambda d: d["chapters"].reverse(), "numbered 1, 2, 3"),
        (lambda d: d["chapters"][0]["objectives"][1].update(id="1.9"), "should have id '1.2'"),
        (lambda d: d["chapters"][0].update(questions="Why?"), "list of texts"),
        (lambda d: d["chapters"][2].update(notebook=d["chapters"][1]["notebook"]), "twice"),
    ],
)
def test_a_malformed_manifest_is_reported_clearly(change, message):
    data = _data()
    change(data)
    with pytest.raises(ManifestError, match=message):
        manifest.parse(data)


def test_a_missing_or_broken_file_is_reported(tmp_path):
    with pytest.raises(ManifestError, match="missing"):
        manifest.read(tmp_path / "course.yml")
    (tmp_path / "course.yml").write_text("title: [unclosed\n")
    with pytest.raises(ManifestError, match="not valid YAML"):
        manifest.read(tmp_path / "course.yml")
