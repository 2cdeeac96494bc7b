"""Tests for the chapter 5 verdict logic (asean_tip_course.verdict)."""

import math

import pandas as pd
import pytest

from asean_tip_course import tiers as tier_vocabulary
from asean_tip_course.verdict import (
    commitment_dates,
    compare_periods,
    low_tier_averages,
    tier_counts_by_year,
    tier_scores,
    verdict_explorer,
    verdict_html,
    verdict_summary,
)


def make_tiers(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["iso3", "report_year", "tier"]).astype({"tier": "string"})


@pytest.fixture
def tiers() -> pd.DataFrame:
    return make_tiers(
        [
            ("AAA", 2015, "Tier 3"),
            ("AAA", 2016, "Tier 2 Watch List"),
            ("AAA", 2017, "Tier 2"),
            ("AAA", 2018, "Tier 1"),
            ("BBB", 2015, "Tier 2"),
            ("BBB", 2016, None),
            ("BBB", 2017, "Tier 3"),
            ("BBB", 2018, "Tier 3"),
            ("CCC", 2015, None),
            ("CCC", 2016, None),
            ("CCC", 2017, "Tier 2"),
            ("CCC", 2018, "Tier 2"),
        ]
    )


def test_tier_scores_map_and_keep_missing(tiers):
    scores = tier_scores(tiers)
    assert scores.loc[0, "score"] == 4
    assert scores.loc[1, "score"] == 3
    assert scores.loc[3, "score"] == 1
    assert scores["rated"].sum() == 9
    assert (~scores["rated"]).sum() == 3
    assert pd.isna(scores.loc[5, "score"])


def test_tier_scores_accepts_ordered_categorical(tiers):
    cat = tier_vocabulary.DTYPE
    scores = tier_scores(tiers.astype({"tier": cat}))
    assert scores["score"].sum() == tier_scores(tiers)["score"].sum()


def test_tier_scores_wrong_input(tiers):
    with pytest.raises(TypeError, match="DataFrame"):
        tier_scores("Tier 1")
    with pytest.raises(ValueError, match="lacks column"):
        tier_scores(tiers.drop(columns="tier"))
    with pytest.raises(ValueError, match="Unknown tier"):
        tier_scores(make_tiers([("AAA", 2015, "Tier 4")]))


def test_compare_periods_means_and_missing(tiers):
    table = compare_periods(tiers, split_year=2017).set_index("iso3")
    assert table.loc["AAA", "mean_before"] == 3.5
    assert table.loc["AAA", "mean_after"] == 1.5
    assert table.loc["AAA", "change"] == -2.0
    assert table.loc["AAA", "direction"] == "better placement"
    assert table.loc["BBB", "rated_before"] == 1
    assert table.loc["BBB", "missing_before"] == 1
    assert table.loc["BBB", "direction"] == "worse placement"
    assert math.isnan(table.loc["CCC", "mean_before"])
    assert table.loc["CCC", "direction"] == "not enough data"
    assert table.loc["AAA", "years_before"] == "2015-2016"


def test_compare_periods_window_and_members(tiers):
    table = compare_periods(tiers, split_year=2017, window=1, members=["AAA"])
    assert list(table["iso3"]) == ["AAA"]
    assert table.loc[0, "mean_before"] == 3.0
    assert table.loc[0, "mean_after"] == 2.0
    assert table.loc[0, "years_after"] == "2017-2017"


def test_compare_periods_split_moves_result(tiers):
    late = compare_periods(tiers, split_year=2018).set_index("iso3")
    assert late.loc["AAA", "mean_before"] == 3.0
    assert late.loc["AAA", "mean_after"] == 1.0


def test_compare_periods_wrong_input(tiers):
    with pytest.raises(TypeError, match="whole year"):
        compare_periods(tiers, split_year="2017")
    with pytest.raises(ValueError, match="both sides"):
        compare_periods(tiers, split_year=2015)
    with pytest.raises(ValueError, match="No tier data"):
        compare_periods(tiers, members=["XXX"])
    with pytest.raises(ValueError, match="at least 1"):
        compare_periods(tiers, window=0)


def test_compare_periods_empty_members(tiers):
    table = compare_periods(tiers, members=[])
    assert table.empty
    assert "No members selected" in verdict_summary(table)


def test_verdict_summary_counts(tiers):
    text = verdict_summary(compare_periods(tiers, 2017), 2017)
    assert "Of 3 member(s), 1 had a better average tier from 2017 on, 1 a worse one" in text
    assert "3 member-year(s) have no tier" in text
    assert "do not measure how much trafficking" in text
    with pytest.raises(TypeError):
        verdict_summary("table")


def test_verdict_html_messages(tiers):
    assert "No member selected" in verdict_html(tiers, 2017, None, [])
    assert "both sides" in verdict_html(tiers, 2030, None, ["AAA"])
    assert "AAA" in verdict_html(tiers, 2017, None, ["AAA"])


def test_tier_counts_by_year(tiers):
    table = tier_counts_by_year(tiers)
    assert table.loc[2016, "No tier"] == 2
    assert table.loc[2018, "Tier 3"] == 1
    assert (table.sum(axis=1) == 3).all()


def test_inferred_cells_are_counted(tiers):
    tiers = tiers.assign(evidence=["dataset"] * 11 + ["inferred"])
    table = compare_periods(tiers, 2017).set_index("iso3")
    assert table.loc["CCC", "inferred_after"] == 1
    assert table.loc["AAA", "inferred_after"] == 0
    assert "1 of the tiers used are inferred" in verdict_summary(table.reset_index())
    assert "inferred" not in compare_periods(tiers.drop(columns="evidence"), 2017).columns


def test_low_tier_averages(tiers):
    # Watch List or Tier 3 per year: 2015 -> 1, 2016 -> 1, 2017 -> 1, 2018 -> 1
    assert low_tier_averages(tiers, 2017) == (1.0, 1.0)
    moved = tiers.copy()
    moved.loc[moved["report_year"] == 2018, "tier"] = "Tier 3"
    assert low_tier_averages(moved, 2017) == (1.0, 2.0)
    with pytest.raises(ValueError, match="both sides"):
        low_tier_averages(tiers, 2015)


def test_widget_first_state_and_empty_selection(tiers):
    members = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"], "short_name": ["Aa", "Bb", "Cc"]})
    shown = verdict_explorer(tiers, members, window=2)
    ui, fallback = shown.widget, shown.fallback_text
    split, span, pick, out = ui.children[1:5]
    assert "Aa" in out.value and "Of 3 member(s)" in out.value
    assert "before = report years 2015-2016, after = 2017-2018" in out.value
    assert "AAA" in fallback
    pick.value = ()
    assert "No member selected" in out.value
    pick.value = ("AAA",)
    split.value = 2018
    assert "Of 1 member(s)" in out.value


def test_commitment_dates_respect_precision():
    rats = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"],
            "instrument_id": ["ACTIP"] * 4 + ["OTHER"],
            "date": pd.to_datetime(["2016-01-25", "2020-01-01", None, "2017-01-01", "2000-01-01"]),
            "date_precision": ["on or before", "month", "missing", "year", "day"],
        }
    )
    table = commitment_dates(rats).set_index("iso3")
    assert table.loc["AAA", "date"] == "on or before 2016-01-25"
    assert table.loc["BBB", "date"] == "2020-01"
    assert table.loc["CCC", "date"] == "not found"
    assert table.loc["DDD", "date"] == "2017"
    assert "EEE" not in table.index
    assert table["has_date"].sum() == 3
    with pytest.raises(ValueError, match="No ratification rows"):
        commitment_dates(rats, "NOPE")
    with pytest.raises(ValueError, match="lacks column"):
        commitment_dates(rats.drop(columns="date"))
