"""Tests for the glossary search (asean_tip_course.glossary)."""

import pandas as pd
import pytest

from asean_tip_course.glossary import (
    chapter_glossary,
    glossary_search,
    glossary_table,
    glossary_text,
    glossary_widget,
    no_match_message,
    results_html,
    search_glossary,
)


@pytest.fixture
def glossary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term_id": ["t1", "t2", "t3"],
            "term": ["Human security", "Tier", "Trafficking in persons"],
            "indonesian": ["keamanan manusia", "peringkat", "perdagangan orang"],
            "definition": [
                "Security of people, not only of states.",
                "A rank in the US TIP Report.",
                "Recruiting or moving people by force or fraud to exploit them.",
            ],
            "chapter": [3, 5, 1],
            "source_id": ["a", "b", "c"],
        }
    ).astype({"term": "string", "indonesian": "string", "definition": "string"})


def test_search_matches_english_term_any_case(glossary):
    found = search_glossary(glossary, "TIER")
    assert "Tier" in list(found["term"])


def test_search_matches_indonesian_and_definition(glossary):
    assert list(search_glossary(glossary, "Perdagangan")["term"]) == ["Trafficking in persons"]
    assert list(search_glossary(glossary, "fraud")["term"]) == ["Trafficking in persons"]


def test_search_filters_by_chapter(glossary):
    assert list(search_glossary(glossary, "", chapter=3)["term"]) == ["Human security"]
    assert search_glossary(glossary, "tier", chapter=3).empty
    assert len(search_glossary(glossary, "", chapter="All")) == 3


def test_chapter_cell_with_several_chapters(glossary):
    glossary = glossary.astype({"chapter": "string"})
    glossary.loc[1, "chapter"] = "4;5"
    assert list(search_glossary(glossary, "", chapter=4)["term"]) == ["Tier"]


def test_empty_query_returns_all_sorted(glossary):
    found = search_glossary(glossary, "  ")
    assert list(found["term"]) == ["Human security", "Tier", "Trafficking in persons"]
    assert list(found.columns) == ["term", "indonesian", "definition", "chapter"]


def test_no_match_is_empty_with_message(glossary):
    found = search_glossary(glossary, "zzz")
    assert found.empty
    assert list(found.columns) == ["term", "indonesian", "definition", "chapter"]
    assert "zzz" in no_match_message("zzz")
    assert "No glossary term" in results_html(glossary, "zzz")


def test_wrong_input(glossary):
    with pytest.raises(TypeError, match="words"):
        search_glossary(glossary, 42)
    with pytest.raises(ValueError, match="no chapter 9"):
        search_glossary(glossary, "", chapter=9)
    with pytest.raises(TypeError, match="DataFrame"):
        search_glossary(["Tier"], "tier")
    with pytest.raises(ValueError, match="lacks column"):
        search_glossary(glossary.drop(columns="indonesian"), "tier")
    assert "no chapter 9" in results_html(glossary, "x", 9)


def test_chapter_glossary(glossary):
    table = chapter_glossary(5, glossary)
    assert list(table["term"]) == ["Tier"]
    assert list(table.columns) == ["term", "indonesian", "definition"]
    with pytest.raises(ValueError):
        chapter_glossary(None, glossary)


def test_widget_updates_and_empty_result(glossary):
    shown = glossary_widget(glossary)
    ui, fallback = shown.widget, shown.fallback_text
    query, chapter = ui.children[1].children
    out = ui.children[2]
    assert "3 term(s) found" in out.value
    assert "Human security" in fallback
    query.value = "peringkat"
    assert "1 term(s) found" in out.value and "Tier" in out.value
    chapter.value = 3
    assert "No glossary term in chapter 3" in out.value
    chapter.value = "all"
    assert chapter.label == "All chapters"
    assert "1 term(s) found" in out.value


def test_glossary_text_lists_every_term_wrapped(glossary):
    text = glossary_text(glossary, width=50)
    for term in glossary["term"]:
        assert term in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_glossary_search_fallback_is_its_first_search(glossary):
    shown = glossary_search(glossary, query="peringkat")
    assert "Tier" in shown.fallback_text and "Human security" not in shown.fallback_text
    assert "1 term(s) found" in shown.static_html()
    assert "No glossary term" in glossary_text(glossary, "zzz")


def test_glossary_table_shows_full_definitions(glossary):
    shown = glossary_table(1, glossary)
    html = shown._repr_html_()
    assert "Trafficking in persons [perdagangan orang]" in repr(shown)
    assert "Recruiting or moving people by force or fraud to exploit them." in html
    assert "Indonesian" in html
    with pytest.raises(ValueError, match="no chapter 7"):
        glossary_table(7, glossary)
