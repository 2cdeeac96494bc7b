"""Tests for the chapter 5 verdict logic (asean_tip_course.verdict)."""

import pandas as pd
import pytest

from asean_tip_course.verdict import (
    commitment_dates,
    tier_counts_by_year,
    verdict_explorer,
    verdict_html,
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


def test_tier_counts_by_year(tiers):
    table = tier_counts_by_year(tiers)
    assert list(table.columns) == ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "No tier"]
    assert table.loc[2016, "No tier"] == 2
    assert table.sum(axis=1).eq(3).all()


def test_verdict_html_messages(tiers):
    assert "No member selected" in verdict_html(tiers, 2017, None, [])
    assert "both sides" in verdict_html(tiers, 2030, None, ["AAA"])
    assert "AAA" in verdict_html(tiers, 2017, None, ["AAA"])
    assert "No tier data" in verdict_html(tiers, 2017, None, ["XXX"])


def test_widget_first_state_and_empty_selection(tiers):
    members = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"], "short_name": ["Aa", "Bb", "Cc"]})
    shown = verdict_explorer(tiers, members, split_year=2017, window=2)
    ui, fallback = shown.widget, shown.fallback_text
    split, span, pick, out = ui.children[1:5]
    assert "Aa" in out.value and "Of 2 member(s) with tiers on both sides" in out.value
    assert "before = report years 2015-2016, after = 2017-2018" in out.value
    assert "Aa" in fallback and "Of 2 member(s)" in fallback
    pick.value = ()
    assert "No member selected" in out.value
    pick.value = ("AAA",)
    split.value = 2018
    assert "Of 1 member(s)" in out.value
    split.value = 2016
    assert "before = report years 2015-2015" in out.value


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


def test_counts_by_year_only_count_members_of_that_year():
    from asean_tip_course import load

    tiers, members = load("tip_tiers"), load("members")
    counts = tier_counts_by_year(tiers, members)
    assert counts.sum(axis=1).eq(10).all()  # Timor-Leste joined after the 2025 report year began
    assert tier_counts_by_year(tiers).sum(axis=1).eq(11).all()
