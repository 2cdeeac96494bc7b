"""Tests for the chapter 3 SDG mapping logic (asean_tip_course.sdg_map)."""

import pandas as pd
import pytest

from asean_tip_course.sdg_map import (
    compare_coverage,
    course_mapping,
    coverage,
    coverage_html,
    coverage_label,
    mapping_differences,
    parse_targets,
    sdg_mapper,
    target_codes,
    target_labels,
    targets_text,
)

TARGETS = target_codes()


def test_targets_and_labels_come_from_the_table():
    assert TARGETS[:3] == ["16.1", "16.2", "16.3"] and "16.2.2" not in TARGETS
    labels = target_labels()
    assert set(TARGETS) <= set(labels) and all(len(v) > 5 for v in labels.values())
    fake = pd.DataFrame({"code": ["9.9"], "kind": ["target"], "label": ["made up"]})
    assert target_codes(fake) == ["9.9"] and target_labels(fake) == {"9.9": "made up"}


@pytest.fixture
def measures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure_id": ["a1", "a2", "b1", "b2"],
            "instrument_id": ["A", "A", "B", "B"],
            "text": ["one", "two", "three", "four"],
            "sdg_targets": ["16.2;8.7", "16.3", "16.2;5.2;16.2", pd.NA],
        }
    )


def test_parse_targets_splits_and_trims():
    assert parse_targets(" 16.2 ; 8.7;") == ["16.2", "8.7"]
    assert parse_targets("") == []
    assert parse_targets(None) == []
    assert parse_targets(pd.NA) == []


def test_parse_targets_rejects_numbers():
    with pytest.raises(TypeError, match="text like"):
        parse_targets(16.2)


def test_course_mapping_reads_column(measures):
    mapping = course_mapping(measures)
    assert mapping["a1"] == ["16.2", "8.7"]
    assert mapping["b2"] == []


def test_coverage_counts_each_measure_once_per_target(measures):
    table = coverage(measures, targets=TARGETS).set_index("code")
    assert table.loc["16.2", "n_measures"] == 2  # a1 and b1 (b1 lists 16.2 twice)
    assert table.loc["16.2", "measure_ids"] == "a1, b1"
    assert table.loc["16.1", "n_measures"] == 0
    assert table.loc["16.1", "status"] == "not covered"
    assert list(table.index) == TARGETS


def test_coverage_with_student_mapping_and_subset(measures):
    subset = measures[measures["instrument_id"] == "A"]
    mine = {"a1": ["16.1"], "a2": ["16.1", "16.3"], "b1": ["8.7"]}
    table = coverage(subset, mine, TARGETS).set_index("code")
    assert table.loc["16.1", "n_measures"] == 2
    assert table.loc["8.7", "n_measures"] == 0  # b1 is not in the subset


def test_coverage_reports_targets_outside_the_list(measures):
    table = coverage(measures, {"a1": ["1.1"]}, ["16.1"])
    assert list(table["code"]) == ["16.1", "1.1"]


def test_coverage_empty_selection_gives_zeros(measures):
    table = coverage(measures.iloc[0:0], targets=TARGETS)
    assert len(table) == len(TARGETS)
    assert table["n_measures"].sum() == 0


def test_coverage_wrong_input():
    with pytest.raises(TypeError, match="DataFrame"):
        coverage(["a1"], {})
    with pytest.raises(ValueError, match="measure_id"):
        coverage(pd.DataFrame({"x": [1]}), {})
    with pytest.raises(TypeError, match="dict"):
        coverage(pd.DataFrame({"measure_id": ["a"]}), ["16.2"])


def test_coverage_label_thresholds():
    assert coverage_label(0) == "not covered"
    assert coverage_label(1) == "thin"
    assert coverage_label(3) == "well covered"
    assert coverage_label(2, well_covered=2) == "well covered"


def test_compare_coverage_and_differences(measures):
    mine = course_mapping(measures)
    mine["b2"] = ["8.7"]
    mine["a1"] = ["16.2"]
    table = compare_coverage(measures, mine, TARGETS).set_index("code")
    assert table.loc["8.7", "course_measures"] == 1
    assert table.loc["8.7", "your_measures"] == 1
    diffs = mapping_differences(measures, mine).set_index("measure_id")
    assert diffs.loc["b2", "you_added"] == "8.7"
    assert diffs.loc["a1", "you_dropped"] == "8.7"
    assert mapping_differences(measures, course_mapping(measures)).empty


def test_coverage_html_messages(measures):
    assert "No instrument selected" in coverage_html(measures.iloc[0:0], {}, TARGETS)
    same = coverage_html(measures, course_mapping(measures), TARGETS)
    assert "same as the course" in same
    assert "16.1" in same


def test_targets_text_wraps_and_names():
    targets = pd.DataFrame(
        {
            "code": ["16.2", "8.7"],
            "kind": ["target", "target"],
            "text": ["End abuse of children", "word " * 40],
            "in_paper": ["yes", "no"],
        }
    )
    text = targets_text(targets, width=40)
    assert "16.2 (target; named in the paper: yes)" in text
    assert "8.7 (target; named in the paper: no)" in text
    assert max(len(line) for line in text.splitlines()) <= 44


def test_widget_first_state_and_empty_selection(measures):
    instruments = pd.DataFrame({"instrument_id": ["A", "B"], "short_name": ["Alpha", "Beta"]})
    targets = pd.DataFrame(
        {"code": TARGETS, "kind": ["target"] * 5, "text": ["t"] * 5, "in_paper": ["yes"] * 5}
    )
    shown = sdg_mapper(measures, instruments, targets)
    ui, fallback = shown.widget, shown.fallback_text
    pick, measure, result = ui.children[1], ui.children[2], ui.children[-1]
    assert "same as the course" in result.value
    assert "16.2" in fallback
    # tick 16.1 for the first measure: the comparison reports the difference
    boxes = ui.children[5].children
    boxes[0].value = True
    assert "for 1 measure(s): a1 (added: 16.1" in result.value
    pick.value = ()
    assert "No instrument selected" in result.value
    assert measure.value is None
