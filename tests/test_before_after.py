"""The one before/after analysis (asean_tip_course.before_after), used by chapters 4 and 5."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from fake_tables import make_tiers

from asean_tip_course import before_after as ba
from asean_tip_course import load


@pytest.fixture
def tiers():
    return make_tiers(
        [
            ("AAA", 2015, "Tier 3", "dataset"),
            ("AAA", 2016, "Tier 3", "dataset"),
            ("AAA", 2017, "Tier 2", "inferred"),
            ("AAA", 2018, "Tier 1", "regional summary"),
            ("BBB", 2015, "Tier 2", "dataset"),
            ("BBB", 2016, None, "missing"),
            ("BBB", 2017, "Tier 3", "page"),
            ("BBB", 2018, "Tier 3", "page"),
            ("CCC", 2015, None, "not rated"),
            ("CCC", 2016, None, "not rated"),
            ("CCC", 2017, "Tier 2", "page"),
            ("CCC", 2018, "Tier 2", "page"),
        ]
    )


def test_report_year_and_period_are_kept_apart():
    assert ba.period_covered(2017) == "April 2016 to March 2017"
    # ACTIP entered into force on 8 March 2017: the 2017 report looks back at a period that
    # is almost all before it, so the first report entirely after it is 2018.
    assert ba.first_report_after(pd.Timestamp("2017-03-08")) == 2018
    assert ba.first_report_after("2017-04-01") == 2018
    assert ba.first_report_after("2017-04-02") == 2019


def test_counts_means_and_weak_cells(tiers):
    t = ba.before_after(tiers, split_year=2017, window=2).set_index("iso3")
    assert t.loc["AAA", "mean_before"] == 4.0 and t.loc["AAA", "mean_after"] == 1.5
    assert t.loc["AAA", "direction"] == "better"
    assert t.loc["AAA", "inferred_after"] == 1 and t.loc["AAA", "summary_after"] == 1
    assert t.loc["BBB", "rated_before"] == 1 and t.loc["BBB", "no_tier_before"] == 1
    assert t.loc["BBB", "low_after"] == 2 and t.loc["BBB", "direction"] == "worse"
    assert t.loc["CCC", "direction"] == "not enough data"
    assert math.isnan(t.loc["CCC", "mean_before"])


def test_window_limits_the_years(tiers):
    t = ba.before_after(tiers, split_year=2017, window=1).set_index("iso3")
    assert t.loc["AAA", "years_before"] == "2016-2016"
    assert t.loc["AAA", "years_after"] == "2017-2017"
    assert t.loc["AAA", "rated_before"] == 1


def test_direction_tolerance():
    assert ba.direction(-0.25) == "better"
    assert ba.direction(-0.24) == "about the same"
    assert ba.direction(0.3) == "worse"
    assert ba.direction(float("nan")) == "not enough data"


def test_bad_input_gets_a_clear_message(tiers):
    with pytest.raises(TypeError, match="whole year"):
        ba.before_after(tiers, split_year="2017")
    with pytest.raises(ValueError, match="both sides"):
        ba.before_after(tiers, split_year=2015)
    with pytest.raises(ValueError, match="at least 1"):
        ba.before_after(tiers, split_year=2017, window=0)
    with pytest.raises(ValueError, match="XXX"):
        ba.before_after(tiers, 2017, members=["XXX"])
    with pytest.raises(TypeError, match="tier table"):
        ba.before_after("tiers")


def test_region_pools_member_years(tiers):
    region = ba.region_summary(ba.before_after(tiers, 2017, 2))
    assert region["before"]["rated"] == 3 and region["before"]["low"] == 2
    assert region["before"]["no_tier"] == 3
    assert region["after"]["rated"] == 6 and region["after"]["low"] == 2
    assert region["after"]["low_per_year"] == 1.0
    assert region["before"]["mean"] == pytest.approx((4 + 4 + 2) / 3, abs=0.01)


def test_verdict_lines_are_computed_from_the_table(tiers):
    table = ba.before_after(tiers, 2017, 2)
    text = ba.verdict_text(table, {"AAA": "Aa"})
    assert "Of 2 member(s) with tiers on both sides, 1 had a better mean tier after (Aa)" in text
    assert "No comparison for CCC" in text
    assert "2 of 3 rated member-years before" in text
    assert "1 inferred tier(s) and 1 known only from a regional news summary" in text
    assert "The 2016 report looks back at April 2015 to March 2016" in text
    assert ba.verdict_lines(table.iloc[0:0]) == [
        "No members selected: pick at least one member to compare."
    ]


def test_verdict_says_when_the_two_regional_measures_differ():
    # Moves from Tier 2 to Tier 1 lower the mean; one extra Tier 3 year raises the low share.
    rows = [(c, y, "Tier 2", "page") for c in "ABCD" for y in (2015, 2016)]
    rows += [(c, y, "Tier 1", "page") for c in "ABC" for y in (2017, 2018)]
    rows += [("D", 2017, "Tier 3", "page"), ("D", 2018, "Tier 2", "page")]
    text = ba.verdict_text(ba.before_after(make_tiers(rows), 2017, 2))
    assert "The two regional measures differ" in text


def test_watch_list_runs_and_waivers():
    rows = [("AAA", y, "Tier 2 Watch List", "page") for y in range(2010, 2014)]
    rows += [("AAA", 2014, "Tier 3", "page"), ("BBB", 2010, "Tier 2 Watch List", "page")]
    runs = ba.watch_list_runs(make_tiers(rows))
    assert len(runs) == 1
    run = runs.iloc[0]
    assert (run["first"], run["last"], run["years"], run["waiver_years"]) == (2010, 2013, 4, 2)
    assert run["next_tier"] == "Tier 3"


def test_real_runs_include_the_sourced_examples():
    # Lao PDR: four Watch List years, then Tier 3 in 2018 (reference fact H22);
    # Brunei: a waiver kept it on the Watch List for a third year in 2021 (fact H21).
    runs = ba.watch_list_runs(load("tip_tiers")).set_index(["iso3", "last"])
    lao = runs.loc[("LAO", 2017)]
    assert lao["years"] == 4 and lao["next_tier"] == "Tier 3" and lao["next_report"] == 2018
    brn = runs.loc[("BRN", 2021)]
    assert brn["first"] == 2019 and brn["waiver_years"] == 1


def test_real_tables_short_record_and_watch_list_start():
    tiers = load("tip_tiers")
    assert ba.watch_list_start(tiers) == 2004
    tls = ba.before_after(tiers, 2018, 8, members=["TLS"]).iloc[0]
    # Timor-Leste: not rated in 2010-2011, missing in 2024, yet comparable on both sides.
    assert tls["no_tier_before"] == 2 and tls["no_tier_after"] == 1
    assert tls["direction"] != "not enough data"
    full = ba.before_after(tiers, 2018, 8)
    assert len(full) == 11
    assert full["summary_after"].sum() == 5  # 2025 tiers known only from a regional summary
    early = ba.before_after(tiers, 2003, 2, members=["TLS"]).iloc[0]
    assert early["direction"] == "not enough data"  # no tier at all before 2012


def test_plot_before_after(tiers):
    fig, ax = ba.plot_before_after(ba.before_after(tiers, 2017, 2), {"AAA": "Aa"})
    labels = [t.get_text() for t in ax.texts]
    assert any(label.startswith("Aa (n = 2/2)") for label in labels)
    plt.close(fig)


def test_members_throughout_leaves_out_later_members():
    members = load("members")
    ten = ba.members_throughout(members, 2010)
    assert len(ten) == 10 and "TLS" not in ten
    assert "TLS" in ba.members_throughout(members, 2026)
    assert ba.members_throughout(members.drop(columns="accession_date"), 2010) == sorted(
        members["iso3"]
    )


def test_sensitivity_shows_which_members_change(tiers):
    table = ba.sensitivity(tiers, [(2017, 1), (2017, 2)], names={"AAA": "Aa"})
    assert list(table.columns) == ["split 2017, 1 years", "split 2017, 2 years", "same in all"]
    assert table.loc["Aa", "same in all"] == "yes"
    assert table.loc["CCC", "split 2017, 1 years"] == "not enough data"
