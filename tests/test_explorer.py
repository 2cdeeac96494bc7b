"""Chapter 4 country explorer: profiles, text, HTML and the widget's look-up."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from fake_tables import make_tiers, make_victims

from asean_tip_course import explorer as ex
from asean_tip_course.data import instrument_names


@pytest.fixture
def tables():
    tiers = make_tiers(
        [
            ("AAA", 2016, None, "not rated"),
            ("AAA", 2017, "Tier 3", "dataset"),
            ("AAA", 2018, None, "missing"),
            ("AAA", 2019, "Tier 2", "inferred"),
            ("BBB", 2016, "Tier 1", "page"),
            ("BBB", 2017, "Tier 1", "page"),
            ("BBB", 2018, "Tier 1", "page"),
            ("BBB", 2019, "Tier 2 Watch List", "page"),
        ]
    )
    victims = make_victims(
        [
            ("AAA", 2018, "Total", 1234, False, None),
            ("AAA", 2018, "Sexual exploitation", None, True, None),
            ("AAA", 2020, "Forced labour", 7, False, None),
        ]
    )
    ratifications = pd.DataFrame(
        {
            "iso3": ["AAA", "AAA", "BBB"],
            "instrument_id": ["ACTIP", "TIP_PROTOCOL", "ACTIP"],
            "action": ["ratification", "accession", "ratification"],
            "date": pd.to_datetime(["2020-01-01", None, "2016-01-25"]),
            "date_precision": ["month", "missing", "on or before"],
        }
    )
    estimates = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB"],
            "edition": [2023, 2023],
            "reference_year": [2021, 2021],
            "prevalence_per_1000": [4.5, None],
            "estimated_number": pd.array([9000, None], dtype="Int64"),
        }
    )
    members = pd.DataFrame(
        {"iso3": ["AAA", "BBB"], "name": ["Aland", "Bland"], "short_name": ["Aland", "Bland"]}
    )
    return tiers, victims, ratifications, estimates, members


def test_profile_normal(tables):
    p = ex.country_profile("AAA", *tables)
    assert p.ok and p.name == "Aland"
    assert p.tiers == (
        (2016, "not rated", "not rated"),
        (2017, "Tier 3", "dataset"),
        (2018, "missing", "missing"),
        (2019, "Tier 2", "inferred"),
    )
    assert p.estimate.startswith("4.5 per 1,000, about 9,000 people")


def test_profile_keeps_missing_and_censored_as_text(tables):
    p = ex.country_profile("aaa ", *tables)
    assert p.victims.loc[2018, "Sexual exploitation"] == "<5"
    assert p.victims.loc[2018, "Total"] == "1,234"
    assert p.victims.loc[2019, "Total"] == "no data"  # a gap year is shown, not skipped
    assert p.victims.loc[2020, "Forced labour"] == "7"
    dates = {inst: d for inst, _, d in p.ratifications}
    names = instrument_names()
    assert dates[names["ACTIP"]] == "January 2020 (month only)"
    assert dates[names["TIP_PROTOCOL"]] == ex.NOT_FOUND
    assert ex.country_profile("BBB", *tables).estimate == "not estimated"


def test_profile_wrong_and_empty_input(tables):
    for bad in ["ZZZ", "Thailand", 7]:
        p = ex.country_profile(bad, *tables)
        assert not p.ok and "Choose one of: AAA, BBB" in p.message
    for empty in [None, "", "  "]:
        p = ex.country_profile(empty, *tables)
        assert not p.ok and "Choose a member" in p.message
    assert ex.profile_text(ex.country_profile(None, *tables)).startswith("Choose a member")


def test_profile_text(tables):
    text = ex.profile_text(ex.country_profile("AAA", *tables))
    assert "2016 not rated" in text and "2018 missing" in text
    assert "2019 Tier 2 (inferred)" in text
    assert "<5" in text and "no data" in text
    assert "not prevalence" in text
    runs = ex.profile_text(ex.country_profile("BBB", *tables))
    assert "2016-2018 Tier 1" in runs and "Global Slavery Index estimate: not estimated" in runs


def test_format_date_precision():
    assert ex.format_date(pd.Timestamp("2016-07-24"), "day") == "24 July 2016"
    assert ex.format_date(pd.Timestamp("2017-01-01"), "year") == "2017 (year only)"
    assert ex.format_date("2016-01-25", "on or before") == "on or before 25 January 2016"
    assert ex.format_date(pd.NaT, "day") == ex.NOT_FOUND


def test_svg_chart_shows_gaps(tables):
    svg = ex.tier_step_svg(ex.country_profile("AAA", *tables), marker_year=2017)
    assert svg.startswith("<svg") and ">NR<" in svg and ">?<" in svg and "ACTIP" in svg
    assert "ACTIP" not in ex.tier_step_svg(ex.country_profile("AAA", *tables))  # no marker
    assert ex.tier_step_svg(ex.country_profile("ZZZ", *tables)) == ""


def test_view_is_a_fast_lookup_with_friendly_messages(tables):
    cache = ex.precompute(["AAA", "BBB"], *tables)
    start = time.perf_counter()
    page = ex.explorer_view(cache, "BBB")
    assert time.perf_counter() - start < 0.1
    assert "Bland" in page and "<svg" in page
    assert "Choose a member" in ex.explorer_view(cache, None)
    assert "not in the data" in ex.explorer_view(cache, "ZZZ")
    assert "not in the data" in ex.explorer_view(cache, 3)


def test_widget_builds_and_updates(tables):
    pytest.importorskip("ipywidgets")
    shown = ex.country_explorer(*tables, first="BBB")
    box, fallback = shown.widget, shown.fallback_text
    dropdown, page = box.children
    assert dropdown.value == "BBB" and "Bland" in fallback
    dropdown.value = None
    assert "Choose a member" in page.value
    dropdown.value = "AAA"
    assert "Aland" in page.value


def test_precompute_matches_direct_profiles(tables):
    cache = ex.precompute(["AAA", "BBB", "ZZZ"], *tables)
    for code in ("AAA", "BBB"):
        direct = ex.country_profile(code, *tables)
        assert ex.profile_text(cache[code][0]) == ex.profile_text(direct)
    assert not cache["ZZZ"][0].ok and "AAA, BBB" in cache["ZZZ"][0].message


def test_a_late_member_shows_when_it_joined_and_its_gaps():
    from asean_tip_course import load
    from asean_tip_course.explorer import country_profile, profile_html, profile_text

    tables = [
        load(t) for t in ("tip_tiers", "detected_victims", "ratifications", "slavery_estimates")
    ]
    profile = country_profile("TLS", *tables, members=load("members"))
    text = profile_text(profile)
    assert "ASEAN member since 26 October 2025" in text
    assert "2001-2011 not rated" in text and "2024 missing" in text
    assert "2025 Tier 2 (regional summary)" in text
    assert "missing: no rows for this member" in text
    assert "ASEAN member since 26 October 2025" in profile_html(profile)
