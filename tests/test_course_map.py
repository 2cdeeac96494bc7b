"""The course map is read from the chapter notebooks; every chapter declares what it teaches."""

import json

import pytest

from asean_tip_course import course_map

CHAPTERS = course_map.chapters()


def test_five_chapters_in_order():
    assert [c.number for c in CHAPTERS] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path)
def test_chapter_states_title_minutes_questions_objectives(chapter):
    assert chapter.title and not chapter.title[0].isdigit()
    assert chapter.minutes and 10 <= chapter.minutes <= 180, f"{chapter.path}: minutes not found"
    assert chapter.questions, f"{chapter.path}: no 'Questions' list found in the opening cells"
    assert chapter.objectives, f"{chapter.path}: no 'Objectives' list found in the opening cells"


def test_reads_bullets_under_the_right_headings(tmp_path):
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "# 07 Test chapter\n\nAbout 25 minutes.\n\n## Questions\n- Why?\n- How?\n"
                "\n**Learning objectives**\n1. Explain X.\n\n## Other\n- not this\n",
            }
        ]
    }
    path = tmp_path / "07_test.ipynb"
    path.write_text(json.dumps(nb))
    chapter = course_map.read_chapter(path)
    assert (chapter.number, chapter.title, chapter.minutes) == (7, "Test chapter", 25)
    assert chapter.questions == ["Why?", "How?"]
    assert chapter.objectives == ["Explain X."]


def test_picker_text_with_no_chapter_is_a_hint():
    assert "Choose a chapter" in course_map.chapter_html(None)


def test_learning_path_links_every_chapter():
    table = course_map.learning_path_markdown()
    beside = course_map.learning_path_markdown("notebooks")
    for c in CHAPTERS:
        assert f"]({c.path})" in table
        assert f"]({c.path.removeprefix('notebooks/')})" in beside
