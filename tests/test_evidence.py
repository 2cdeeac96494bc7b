"""Chapter 4 evidence logic: tier questions, victim shares, tables and figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from fake_tables import make_tiers, make_victims

from asean_tip_course import evidence as ev
from asean_tip_course.figures import figure_title


@pytest.fixture
def tiers():
    return make_tiers(
        [
            ("AAA", 2015, "Tier 3", "dataset"),
            ("AAA", 2016, "Tier 3", "dataset"),
            ("AAA", 2017, "Tier 2 Watch List", "page"),
            ("AAA", 2018, "Tier 2", "inferred"),
            ("BBB", 2015, "Tier 2", "dataset"),
            ("BBB", 2016, None, "missing"),
            ("BBB", 2017, "Tier 3", "page"),
            ("BBB", 2018, "Tier 3", "page"),
            ("CCC", 2015, None, "not rated"),
            ("CCC", 2016, "Tier 1", "dataset"),
            ("CCC", 2017, "Tier 1", "page"),
            ("CCC", 2018, None, "missing"),
        ]
    )


@pytest.fixture
def victims():
    return make_victims(
        [
            ("AAA", 2019, "Total", 200, False, None),
            ("AAA", 2019, "Sexual exploitation", 50, False, None),
            ("AAA", 2019, "Forced labour", 150, False, None),
            ("AAA", 2020, "Total", 100, False, None),
            ("AAA", 2020, "Sexual exploitation", None, True, None),
            ("BBB", 2019, "Total", 10, False, None),
            ("BBB", 2019, "Sexual exploitation", 12, False, None),
            ("CCC", 2019, "Total", 300, False, None),
            ("CCC", 2019, "Sexual exploitation", 30, False, None),
            ("CCC", 2019, "Other forms of exploitation", 8, False, "key repeated 2 times"),
            ("CCC", 2019, "Other forms of exploitation", None, True, "key repeated 2 times"),
            ("CCC", 2020, "Total", 40, False, "forms sum to at least 60, more than this total"),
            ("CCC", 2020, "Sexual exploitation", 20, False, None),
        ]
    )


# ---- members_on_tier -----------------------------------------------------------------


def test_members_on_tier_lists_members_and_keeps_missing_apart(tiers):
    q = ev.members_on_tier(tiers, 2016)
    assert q.members == ["AAA"]
    assert q.unrated == ["BBB"]
    assert "AAA" in str(q) and "No placement found for: BBB" in str(q)


def test_members_on_tier_other_tier_and_text_year(tiers):
    assert ev.members_on_tier(tiers, "2017", "Tier 1").members == ["CCC"]
    assert ev.members_on_tier(tiers, 2018, "Tier 3").members == ["BBB"]
    assert ev.members_on_tier(tiers, 2015, "Tier 2 Watch List").members == []


def test_members_on_tier_wrong_input_gives_message_not_error(tiers):
    out_of_range = ev.members_on_tier(tiers, 1990)
    assert out_of_range.members == [] and "between 2015 and 2018" in out_of_range.message
    assert "not a tier" in ev.members_on_tier(tiers, 2016, "Tier 4").message
    assert "between" in ev.members_on_tier(tiers, "soon").message
    assert ev.members_on_tier(tiers, None).members == []


def test_members_on_tier_empty_table():
    empty = make_tiers([])
    assert "empty" in ev.members_on_tier(empty, 2016).message


# ---- sexual_exploitation_share -------------------------------------------------------


def test_share_normal(victims):
    share = ev.sexual_exploitation_share(victims, "aaa", 2019)
    assert share.value == pytest.approx(0.25)
    assert (share.part, share.total) == (50, 200)
    assert "25%" in str(share)


def test_share_censored_is_not_a_number(victims):
    share = ev.sexual_exploitation_share(victims, "AAA", 2020)
    assert share.value is None and "<5" in share.reason


def test_share_inconsistent_or_flagged_is_none(victims):
    bigger = ev.sexual_exploitation_share(victims, "BBB", 2019)
    assert bigger.value is None and "inconsistent" in bigger.reason
    flagged = ev.sexual_exploitation_share(victims, "CCC", 2020)
    assert flagged.value is None and "flagged" in flagged.reason


def test_share_warns_when_forms_cover_part_of_total(victims):
    share = ev.sexual_exploitation_share(victims, "CCC", 2019)
    assert share.value == pytest.approx(0.1)
    assert "at most 42 of the 300" in share.reason  # 30 + 8 + one '<5' counted as 4


def test_share_missing_and_wrong_input(victims):
    assert ev.sexual_exploitation_share(victims, "AAA", 2005).value is None
    assert "not a country code" in ev.sexual_exploitation_share(victims, 42, 2019).reason
    assert "not a year" in ev.sexual_exploitation_share(victims, "AAA", "last year").reason
    assert "no detected-victims data" in ev.sexual_exploitation_share(victims, "ZZZ", 2019).reason
    assert "empty" in ev.sexual_exploitation_share(victims.iloc[0:0], "AAA", 2019).reason


# ---- tables --------------------------------------------------------------------------


def test_victims_by_form_keeps_censored_and_missing_as_text(victims):
    table = ev.victims_by_form(victims, "AAA")
    assert table.loc[2020, "Sexual exploitation"] == "<5"
    assert table.loc[2020, "Forced labour"] == "no data"
    assert table.loc[2019, "Total"] == "200"
    repeated = ev.victims_by_form(victims, "CCC").loc[2019, "Other forms of exploitation"]
    assert repeated == "8* | <5*"
    assert ev.victims_by_form(victims, "ZZZ").empty
    assert ev.victims_by_form(victims, None).empty


def test_display_count():
    assert ev.display_count(1234, False) == "1,234"
    assert ev.display_count(pd.NA, True, "<5") == "<5"
    assert ev.display_count(pd.NA, False) == "no data"


def test_three_measures(tiers, victims):
    estimates = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC"],
            "prevalence_per_1000": [5.0, None, 2.5],
            "estimated_number": pd.array([1000, None, 20], dtype="Int64"),
        }
    )
    table = ev.three_measures(tiers, victims, estimates, tier_year=2018).set_index("iso3")
    assert table.loc["AAA", "TIP tier 2018"] == "Tier 2"
    assert table.loc["CCC", "TIP tier 2018"] == "no placement found"
    assert table.loc["AAA", "detected victims (latest year)"] == "100 (2020)"
    assert table.loc["BBB", "GSI 2023 per 1,000"] == "not estimated"


def test_tier_label():
    assert ev.tier_label("Tier 2 Watch List") == "2WL"
    assert ev.tier_label(None) == ""


# ---- figures -------------------------------------------------------------------------


def test_tier_history_figure_labels_every_cell(tiers):
    fig, ax = ev.plot_tier_history(tiers, marker_year=2017)
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("3") == 4 and labels.count("?") == 2 and labels.count("NR") == 1
    assert "2*" in labels  # inferred placement is marked
    assert any("ACTIP" in t for t in labels)
    plt.close(fig)


def test_victims_figure_marks_censored(victims):
    fig, ax = ev.plot_victims_by_form(victims, "AAA", name="Aland")
    labels = [t.get_text() for t in ax.texts]
    assert "<5" in labels
    assert "Aland" in figure_title(ax)
    plt.close(fig)
    with pytest.raises(ValueError):
        ev.plot_victims_by_form(victims, "ZZZ")


def test_prevalence_figure_says_not_estimated():
    estimates = pd.DataFrame(
        {"iso3": ["AAA", "BBB", "CCC"], "prevalence_per_1000": [5.0, None, 2.5]}
    )
    fig, ax = ev.plot_prevalence(estimates)
    labels = [t.get_text().strip() for t in ax.texts]
    assert "not estimated" in labels
    assert "highest in AAA" in figure_title(ax) and "lowest in CCC" in figure_title(ax)
    plt.close(fig)


# ---- the real tables -----------------------------------------------------------------


def test_real_tables_answer_the_chapter_questions():
    from asean_tip_course import load

    tiers = load("tip_tiers")
    victims = load("detected_victims")
    q = ev.members_on_tier(tiers, 2014)
    assert set(q.members) <= set(tiers["iso3"].astype(str))
    # THA 2017 is published with more sexually exploited victims than victims in total
    tha = ev.sexual_exploitation_share(victims, "THA", 2017)
    assert tha.value is None
    censored = victims[victims["censored"].fillna(False)]
    assert censored["count"].isna().all()


# ---- summaries and references --------------------------------------------------------


def test_members_ever_on(tiers):
    assert ev.members_ever_on(tiers, "Tier 1") == {"CCC": [2016, 2017]}
    assert ev.members_ever_on(tiers, "Tier 3") == {"AAA": [2015, 2016], "BBB": [2017, 2018]}
    assert ev.members_ever_on(make_tiers([]), "Tier 1") == {}


def test_share_table_and_summary(victims):
    table = ev.share_table(victims)
    assert list(table["iso3"]) == ["AAA", "AAA", "BBB", "CCC", "CCC"]
    assert table["share"].notna().sum() == 2  # AAA 2019 and CCC 2019
    summary = ev.share_summary(table)
    assert "2 of 5 member-years" in summary and "Lowest: 10% (CCC 2019)" in summary
    assert "No share" in ev.share_summary(table.iloc[1:3])


def test_reference_list_keeps_order_and_reports_unknown_ids():
    sources = pd.DataFrame(
        {
            "source_id": ["paper", "web"],
            "title": ["The paper", "A site"],
            "publisher": ["Student", "Agency"],
            "year": ["2022", "2023"],
            "url": [None, "https://example.org"],
        }
    )
    text = ev.reference_list(sources, ["paper", "web", "nope"]).splitlines()
    assert text[0] == "1. The paper. Student, 2022."
    assert text[1].endswith("https://example.org") and text[1].startswith("2. A site.")
    assert "not in the sources table" in text[2]


def test_chapter_claims_filters_and_sorts():
    claims = pd.DataFrame(
        {
            "claim_id": ["b", "a", "c"],
            "chapter": [4, 4, 2],
            "page": [10, 9, 6],
            "claim": ["x", "y", "z"],
            "assessment": ["typo", "supported", "wrong"],
        }
    )
    out = ev.chapter_claims(claims, 4)
    assert list(out["claim_id"]) == ["a", "b"]
