"""The two editions stay in step: every notebook has its Indonesian twin, both run the same
code, and no twin holds an English cell or a translation of English that has since changed.

The twins are made by ``python3 course.py build`` (``tools/editions.py``); these tests check
the files themselves, so a twin edited by hand in the wrong place fails here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from asean_tip_course.manifest import course, edition_path
from tools import editions
from tools.paths import REPO

LANGS = editions.OTHER_LANGUAGES
SOURCES = editions.source_notebooks()
PAIRS = [(path, lang) for path in SOURCES for lang in LANGS]
IDS = [f"{lang}:{Path(path).stem}" for path, lang in PAIRS]
LANGUAGE_LINE = re.compile(r'^use_language\("([a-z]+)"\)', re.MULTILINE)


def read(path: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / path, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.mark.parametrize(("path", "lang"), PAIRS, ids=IDS)
def test_every_notebook_has_its_twin(path, lang):
    twin = REPO / edition_path(path, lang)
    assert twin.is_file(), f"{path} has no {lang} twin at {twin.relative_to(REPO)}: run the build"


@pytest.mark.parametrize(("path", "lang"), PAIRS, ids=IDS)
def test_twin_has_the_same_cells_and_the_same_code(path, lang):
    english, twin = read(path), read(edition_path(path, lang))
    assert [c.id for c in twin.cells] == [c.id for c in english.cells]
    assert [c.cell_type for c in twin.cells] == [c.cell_type for c in english.cells]
    assert [tags(c) for c in twin.cells] == [tags(c) for c in english.cells]
    for e, t in zip(english.cells, twin.cells, strict=True):
        if e.cell_type == "markdown":
            continue
        if editions.LANGUAGE_TAG in tags(e):
            assert LANGUAGE_LINE.findall(t.source) == [lang], t.source
            continue
        if "colab-setup" in tags(e):  # opens the twin's own folder on Colab
            folder = Path(edition_path(path, lang)).parent.as_posix()

            def code(text):  # the same code; comments in the edition's language
                return [ln.split("#")[0].rstrip() for ln in text.splitlines()]

            moved = t.source.replace(f"/{lang}/", "/", 1).replace(f'/{lang}"', '"')
            assert code(moved) == code(e.source)
            if path.startswith("notebooks/"):
                assert f'os.chdir("/content/course/{folder}")' in t.source
            continue
        assert t.source == e.source, f"cell {e.id} of {path} differs in its {lang} twin"


@pytest.mark.parametrize("path", SOURCES, ids=[Path(p).stem for p in SOURCES])
def test_each_notebook_picks_its_language_in_one_visible_line(path):
    for lang in ("en", *LANGS):
        nb = read(edition_path(path, lang))
        found = [c for c in nb.cells if c.cell_type == "code" and LANGUAGE_LINE.search(c.source)]
        assert len(found) == 1, f"{edition_path(path, lang)}: {len(found)} language cells"
        assert LANGUAGE_LINE.findall(found[0].source) == [lang]
        first_course_code = next(
            c
            for c in nb.cells
            if c.cell_type == "code"
            and "colab-setup" not in tags(c)
            and "asean_tip_course" in c.source
        )
        assert first_course_code is found[0], "the language is picked before the course speaks"


@pytest.mark.parametrize(("path", "lang"), PAIRS, ids=IDS)
def test_twin_is_translated_and_up_to_date(path, lang):
    english, twin = read(path), read(edition_path(path, lang))
    _, report = editions.twin(english, twin, lang)
    assert not report.untranslated, (
        f"{edition_path(path, lang)}: cells still in English: {report.untranslated}"
    )
    assert not report.stale, (
        f"{edition_path(path, lang)}: the English of cells {report.stale} changed since they "
        "were translated: translate them again, then run python3 course.py build"
    )


def test_a_changed_english_cell_makes_its_translation_stale():
    """The freshness check can fail: change an English cell after translation."""
    english = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello.", id="a")])
    old = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Halo.", id="a")])
    twin, report = editions.twin(english, old, "id")
    assert twin.cells[0].source == "Halo." and not report.stale and not report.untranslated
    english.cells[0].source = "Hello, reader."
    _, report = editions.twin(english, twin, "id")
    assert report.stale == ["a"]
    missing = nbformat.v4.new_notebook(cells=[])
    _, report = editions.twin(english, missing, "id")
    assert report.untranslated == ["a"]


def test_indonesian_exercise_sets_have_the_same_tests():
    """One source for each question's logic: the twins' public tests are the English ones."""
    for chapter, twin in zip(course().chapters, course().edition("id").chapters, strict=True):
        if not chapter.student_notebook:
            continue
        en_tests = REPO / Path(chapter.student_notebook).parent / "tests"
        id_tests = REPO / Path(twin.student_notebook).parent / "tests"
        names = sorted(p.name for p in en_tests.glob("*.py"))
        assert names and names == sorted(p.name for p in id_tests.glob("*.py"))
        for name in names:
            body = [ln for ln in (en_tests / name).read_text().splitlines()[3:]]
            assert body == (id_tests / name).read_text().splitlines()[3:], name


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(outputs: list[dict]) -> list[str]:
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    return NUMBER.findall(text)


def test_both_editions_cite_the_same_numbers():
    """The cited-output check runs on both editions (nbval compares each with its record);
    here the records themselves agree: every number a cited cell prints in Indonesian is the
    one it prints in English, in the same order (only the words around them differ)."""
    import json

    store = json.loads((REPO / "tests" / "cited_outputs.json").read_text(encoding="utf-8"))
    compared = 0
    for path in course().notebooks:
        english = store.get(path, {})
        for lang in LANGS:
            twin = store.get(edition_path(path, lang), {})
            assert sorted(twin) == sorted(english), f"{path}: cited cells differ in {lang}"
            for cell_id, outputs in english.items():
                assert _numbers(twin[cell_id]) == _numbers(outputs), f"{path} cell {cell_id}"
                compared += 1
    assert compared >= 10, "too few cited cells compared: is the store empty?"
