"""The course map and the chapters' opening cells come from the manifest (course.yml)."""

import json

import pytest

from asean_tip_course import course_map
from asean_tip_course.manifest import course
from tools import headers
from tools.paths import REPO

CHAPTERS = course_map.chapters()


def test_chapters_are_the_manifests_in_order():
    assert [c.number for c in CHAPTERS] == list(range(1, len(course().chapters) + 1))
    assert [c.notebook for c in CHAPTERS] == course().notebooks[1:]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.notebook)
def test_chapter_states_title_minutes_questions_objectives(chapter):
    assert chapter.title and not chapter.title[0].isdigit()
    assert 10 <= chapter.minutes <= 180, f"{chapter.notebook}: minutes {chapter.minutes}"
    assert chapter.questions, f"{chapter.notebook}: no questions in course.yml"
    assert chapter.objectives, f"{chapter.notebook}: no objectives in course.yml"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.notebook)
def test_notebook_opens_with_the_header_from_the_manifest(chapter):
    """The first cell is generated from course.yml (python3 course.py build)."""
    cells = json.loads((REPO / chapter.notebook).read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    assert headers.TAG in cells[0]["metadata"].get("tags", [])
    assert first == headers.header_markdown(chapter), (
        f"{chapter.notebook}: the opening cell is stale: run python3 course.py build"
    )
    assert f"# Chapter {chapter.number}. {chapter.title}" in first
    assert f"about {chapter.minutes} minutes" in first
    for item in [*chapter.questions, *(f"**{o.id}** {o.text}" for o in chapter.objectives)]:
        assert f"- {item}" in first
    assert sum(headers.TAG in c["metadata"].get("tags", []) for c in cells) == 1


def test_header_changes_when_the_manifest_changes():
    from dataclasses import replace

    chapter = CHAPTERS[0]
    other = replace(chapter, minutes=chapter.minutes + 5)
    assert headers.header_markdown(other) != headers.header_markdown(chapter)
    assert f"about {chapter.minutes + 5} minutes" in headers.header_markdown(other)


def test_picker_text_with_no_chapter_is_a_hint():
    assert "Choose a chapter" in course_map.chapter_html(None)


def test_picker_shows_the_chapters_objectives_with_ids():
    chapter = CHAPTERS[-1]
    shown = course_map.chapter_html(chapter)
    assert f"about {chapter.minutes} minutes" in shown
    for o in chapter.objectives:
        assert o.id in shown
    assert chapter.objectives[0].id in course_map.chapter_text(chapter)


def test_learning_path_links_every_chapter():
    table = course_map.learning_path_markdown()
    beside = course_map.learning_path_markdown("notebooks")
    for c in CHAPTERS:
        assert f"]({c.notebook}) | {c.minutes} |" in table
        assert f"]({c.notebook.removeprefix('notebooks/')})" in beside
