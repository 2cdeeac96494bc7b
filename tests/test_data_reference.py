"""Cross-check the course tables against ../shared/reference (skipped where it is absent)."""

import csv
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from asean_tip_course.data import load

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / ".." / "shared" / "reference"

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"../shared/reference not found: {REFERENCE.resolve()} (cross-checks skipped)",
)


def ref_rows(relative: str) -> list[dict[str, str]]:
    path = REFERENCE / relative
    if not path.is_file():
        pytest.skip(f"../shared/reference not found: {relative}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_module():
    spec = importlib.util.spec_from_file_location("build_data", REPO / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(build_module().BUILDERS))
def test_derived_tables_are_up_to_date(name):
    module = build_module()
    columns, rows = module.build(name)
    expected = module.to_csv_text(columns, rows)
    actual = (REPO / "data" / f"{name}.csv").read_text(encoding="utf-8")
    assert actual == expected, f"data/{name}.csv is stale: run python scripts/build_data.py"


def test_tiers_2001_2015_match_the_heiss_cho_subset():
    reference = {
        (r["iso"], int(r["year"])): r["tier_std"].strip() or None
        for r in ref_rows("tip_tiers_heiss_kelley/tip_tiers_asean_2001_2015.csv")
    }
    tiers = load("tip_tiers")
    early = tiers[(tiers["report_year"] <= 2015) & (tiers["iso3"] != "TLS")]
    assert len(early) == len(reference) == 150
    for row in early.itertuples():
        expected = reference[(row.iso3, row.report_year)]
        expected = None if expected in (None, "NA") else expected
        actual = None if pd.isna(row.tier) else row.tier
        assert actual == expected, (row.iso3, row.report_year)


def test_tiers_agree_with_kelley_simmons_where_coded():
    tiers = load("tip_tiers").set_index(["iso3", "report_year"])["tier"]
    checked = 0
    for r in ref_rows("tip_tiers_heiss_kelley/kelley_simmons_2014_asean_tiers_2001_2011.csv"):
        ks = r.get("tier_ks", "").strip()
        if ks not in ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"):
            continue
        assert tiers[(r["iso"], int(r["year"]))] == ks, (r["iso"], r["year"])
        checked += 1
    assert checked >= 50


def test_tiers_agree_with_independent_pages():
    tiers = load("tip_tiers").set_index(["iso3", "report_year"])["tier"]
    rows = ref_rows("tip_tiers_heiss_kelley/crosscheck_vs_independent_pages.csv")
    for r in rows:
        assert tiers[(r["iso3"], int(r["report_year"]))] == r["tier_pages"], r


def test_page_tiers_match_the_compiled_pages():
    pages = {
        (r["iso3"], int(r["report_year"])): r
        for r in ref_rows("tip_tiers_2016_2024_compiled/tip_tiers_asean_2015_2024_from_pages.csv")
    }
    tiers = load("tip_tiers")
    later = tiers[tiers["report_year"].between(2016, 2024) & (tiers["iso3"] != "TLS")]
    assert len(later) == 90
    for row in later.itertuples():
        ref = pages[(row.iso3, row.report_year)]
        assert (None if pd.isna(row.tier) else row.tier) == (ref["tier"] or None)
        expected = {"direct": "page", "inferred": "inferred", "missing": "missing"}
        assert row.evidence == expected[ref["evidence"]], (row.iso3, row.report_year)


RECENT = "recent_developments/facts.csv"
FACT_ID = re.compile(r"\b([A-J]\d{2})\b")


def recent_facts() -> dict[str, dict[str, str]]:
    return {r["fact_id"]: r for r in ref_rows(RECENT)}


def test_timor_leste_2001_2015_match_the_full_heiss_cho_file():
    reference = {
        int(r["year"]): r["tier"].strip().replace("Watchlist", "Tier 2 Watch List")
        for r in ref_rows("tip_tiers_heiss_kelley/tip_tiers_orig_ALL.csv")
        if r["iso"] == "TLS" and 2001 <= int(r["year"]) <= 2015
    }
    tls = load("tip_tiers").query("iso3 == 'TLS' and report_year <= 2015")
    assert len(tls) == len(reference) == 15
    for row in tls.itertuples():
        expected = None if reference[row.report_year] == "NA" else reference[row.report_year]
        assert (None if pd.isna(row.tier) else row.tier) == expected, row.report_year
    # The 2015 placement agrees with an independent page (refworld, fact A10).
    assert reference[2015] == recent_facts()["A10"]["value"]


def test_recent_tier_rows_match_the_facts_they_name():
    facts = recent_facts()
    recent = load("tip_tiers").query("source_id == 'recent_pages'")
    assert len(recent) == 9 + 11  # Timor-Leste 2016-2024, all members 2025
    for row in recent.itertuples():
        ids = FACT_ID.findall(row.note)
        assert ids, (row.iso3, row.report_year)
        fact = facts[ids[-1]]
        assert fact["date_of_fact"].startswith(str(row.report_year)), (row.iso3, ids)
        if fact["fact"].startswith("MISSING"):
            assert pd.isna(row.tier) and row.evidence == "missing"
            continue
        assert row.tier == fact["value"].replace(" (inferred)", ""), (row.iso3, ids)
        assert row.source_url in {fact["url"], facts["H04"]["url"]}
        assert fact["confidence"] in row.note or row.iso3 == "MMR"
        assert (row.evidence == "inferred") == ("(inferred)" in fact["value"])


def test_2025_tiers_match_the_regional_summary():
    # H04 lists all eleven: "Tier 1 Philippines and Singapore; Tier 2 Indonesia, ...".
    names = {
        "Philippines": "PHL",
        "Singapore": "SGP",
        "Indonesia": "IDN",
        "Malaysia": "MYS",
        "Thailand": "THA",
        "Timor-Leste": "TLS",
        "Viet Nam": "VNM",
        "Brunei": "BRN",
        "Cambodia": "KHM",
        "Laos": "LAO",
        "Myanmar": "MMR",
    }
    text = recent_facts()["H04"]["fact"].split(": ", 1)[1].rstrip(".")
    expected = {}
    for part in text.split("; "):
        tier = next(
            t for t in ("Tier 2 Watch List", "Tier 1", "Tier 2", "Tier 3") if part.startswith(t)
        )
        for name in re.split(r", | and ", part[len(tier) :].strip()):
            expected[names[name]] = tier
    latest = load("tip_tiers").query("report_year == 2025").set_index("iso3")["tier"]
    assert len(expected) == 11
    assert dict(latest.astype(str)) == expected


def test_timor_leste_membership_and_treaties_match_the_facts():
    facts = recent_facts()
    member = load("members").set_index("iso3").loc["TLS"]
    assert member["accession_date"].strftime("%Y-%m-%d") == facts["A01"]["value"]
    assert member["accession_precision"] == "day"
    rat = load("ratifications").set_index(["iso3", "instrument_id"])
    assert facts["A09"]["fact"].startswith("MISSING")
    assert pd.isna(rat.loc[("TLS", "ACTIP"), "date"])
    protocol = rat.loc[("TLS", "TIP_PROTOCOL")]
    assert str(protocol["date"].year) == facts["A05"]["value"]
    assert protocol["date_precision"] == "year"
    assert protocol["action"] == "accession"


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def test_forced_criminality_rows_match_the_facts_they_name():
    facts = recent_facts()
    table = load("forced_criminality")
    rank = {"low": 0, "medium": 1, "high": 2}
    for row in table.itertuples():
        fact = facts[row.reference_fact]
        assert not fact["fact"].startswith("MISSING"), row.item_id
        # Never more confident than the reference; lower where the row uses a weaker page.
        assert rank[row.confidence] <= rank[fact["confidence"]], row.item_id
        assert row.source_url in (fact["url"] + " " + fact["notes"]), row.item_id
        stated = _numbers(" ".join([fact["value"], fact["fact"], fact["quote"], fact["notes"]]))
        for value in (row.value, row.value_high):
            if not pd.isna(value):
                assert float(value) in stated, (row.item_id, value)
        if not pd.isna(row.date) and fact["date_of_fact"][:4].isdigit():
            assert fact["date_of_fact"].startswith(str(row.date.year)), row.item_id
    # Numbers that disagree are kept side by side, not reconciled.
    held = table.set_index("item_id").loc[["bgf_held", "bgf_list", "irrawaddy_held"], "value"]
    assert held.nunique() == 3


def test_detected_victims_equal_the_unodc_rows_they_cite():
    source = ref_rows("unodc_glotip/glotip_asean_all_rows.csv")
    victims = load("detected_victims")
    wanted = [
        r
        for r in source
        if r["Indicator"] == "Detected trafficking victims"
        and r["Dimension"] in ("Total", "by form of exploitation")
    ]
    assert len(victims) == len(wanted)
    for row in victims.itertuples():
        ref = source[row.row_in_source - 2]
        assert ref["Iso3_code"] == row.iso3
        assert int(ref["Year"]) == row.year
        assert ref["Category"] == row.form
        assert ref["Sex"] == row.sex
        assert ref["txtVALUE"].strip() == row.value_as_published


def test_detected_totals_match_the_wide_extract():
    victims = load("detected_victims")
    totals = victims[
        (victims["form"] == "Total") & (victims["sex"] == "Total") & (victims["age"] == "Total")
    ].set_index(["iso3", "year"])["value_as_published"]
    checked = 0
    for r in ref_rows("unodc_glotip/asean_detected_victims_total_by_year_wide.csv"):
        year = int(r.get("Year") or r.get("year"))
        for iso3, value in r.items():
            if len(iso3) == 3 and iso3.isupper() and value.strip():
                assert totals[(iso3, year)] == value.strip(), (iso3, year)
                checked += 1
    assert checked >= 50


def test_slavery_estimates_match_the_verbatim_gsi_file():
    names = {
        "BRN": "Brunei Darussalam",
        "KHM": "Cambodia",
        "IDN": "Indonesia",
        "LAO": "Lao PDR",
        "MYS": "Malaysia",
        "MMR": "Myanmar",
        "PHL": "Philippines",
        "SGP": "Singapore",
        "THA": "Thailand",
        "TLS": "Timor-Leste",
        "VNM": "Viet Nam",
    }
    verbatim = {
        {k.strip(): v for k, v in r.items()}["Country"].strip(): {
            k.strip(): v.strip() for k, v in r.items()
        }
        for r in ref_rows("gsi_2023/Global_Slavery_Index_2023.csv")
    }
    gsi = load("slavery_estimates").set_index("iso3")
    for iso3, name in names.items():
        ref = verbatim[name]
        prevalence = ref["Estimated prevalence of modern slavery per 1,000 population"]
        number = ref["Estimated number of people in modern slavery"].replace(",", "")
        population = ref["Population"].replace(",", "")
        if prevalence:
            assert gsi.loc[iso3, "prevalence_per_1000"] == pytest.approx(float(prevalence))
            assert gsi.loc[iso3, "estimated_number"] == int(number)
        else:
            assert pd.isna(gsi.loc[iso3, "prevalence_per_1000"])
        assert gsi.loc[iso3, "population"] == int(population)


def test_day_precision_ratifications_match_the_treaty_files():
    rat = load("ratifications").set_index(["iso3", "instrument_id"])
    files = {
        "ACTIP": ("treaties/actip_ratifications.csv", "instrument_deposited"),
        "TIP_PROTOCOL": ("treaties/palermo_protocol_ratifications.csv", "date"),
    }
    checked = 0
    for instrument, (relative, column) in files.items():
        for r in ref_rows(relative):
            row = rat.loc[(r["iso3"], instrument)]
            if row["date_precision"] == "day":
                assert row["date"].strftime("%Y-%m-%d") == r[column][:10], (r["iso3"], instrument)
                checked += 1
            if r[column] == "MISSING" and r["iso3"] in {"LAO", "MYS"} and instrument == "ACTIP":
                assert pd.isna(row["date"]), "missing must stay missing"
    assert checked >= 8


def test_actip_entry_into_force_matches_the_reference():
    inst = load("instruments").set_index("instrument_id")
    rows = {r["id"]: r for r in ref_rows("instruments/instruments.csv")}
    assert (
        inst.loc["ACTIP", "in_force_date"].strftime("%Y-%m-%d")
        == rows["ACTIP_eif_a"]["in_force_date"]
    )
    assert (
        inst.loc["TIP_PROTOCOL", "in_force_date"].strftime("%Y-%m-%d")
        == rows["TIP_PROTOCOL_b"]["in_force_date"]
    )


def test_actip_entry_into_force_matches_the_official_asean_page():
    """Fact G01 (asean2017.ph, high confidence) states the day ACTIP took effect."""
    facts = {r["fact_id"]: r for r in ref_rows("recent_developments/facts.csv")}
    inst = load("instruments").set_index("instrument_id")
    assert facts["G01"]["confidence"] == "high"
    assert inst.loc["ACTIP", "in_force_date"].strftime("%Y-%m-%d") == facts["G01"]["date_of_fact"]


# instrument -> (recent_developments fact, the adoption date or year that fact states)
REGIONAL_ROWS = {
    "ASEAN_DECLARATION_TRANSNATIONAL_CRIME_1997": ("D11", "1997-12-20"),
    "AMMTC": ("D11", "1997-12-20"),
    "CEBU_DECLARATION_2007": ("D05", "2007-01-13"),
    "ACWC": ("D01", "2010-04-07"),
    "AHRD_2012": ("D03", "2012-11-18"),
    "MIGRANT_CONSENSUS_2017": ("D06", "2017-11-14"),
    "BALI_PROCESS": ("D08", "2002"),
    "ASEAN_ACT": ("D07", "2019"),
    "BOHOL_TIP_WORK_PLAN_2": ("D10", "2023-08-21"),
    "IDN_LAW_21_2007": ("I01", "2007-04-19"),
    "IDN_TIP_TASK_FORCE": ("I04", "2008"),
}


@pytest.mark.parametrize("instrument_id", sorted(REGIONAL_ROWS))
def test_regional_architecture_rows_match_their_facts(instrument_id):
    fact_id, expected = REGIONAL_ROWS[instrument_id]
    facts = {r["fact_id"]: r for r in ref_rows("recent_developments/facts.csv")}
    fact = facts[fact_id]
    assert not fact["fact"].startswith("MISSING")
    assert expected in " ".join((fact["value"], fact["date_of_fact"], fact["fact"]))
    row = load("instruments").set_index("instrument_id").loc[instrument_id]
    precision = row["adopted_precision"]
    written = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision]
    assert row["adopted_date"].strftime(written) == expected
    # the row names the fact and its confidence, so a reader can weigh it
    assert f"Fact {fact_id} ({fact['confidence']} confidence)" in row["note"]
    if fact["url"]:
        assert fact["url"] in row["note"]


def test_missing_article_13_is_said_not_quoted():
    facts = {r["fact_id"]: r for r in ref_rows("recent_developments/facts.csv")}
    assert facts["D04"]["fact"].startswith("MISSING")
    note = load("instruments").set_index("instrument_id").loc["AHRD_2012", "note"]
    assert "Article 13" in note and "NOT found" in note


def test_sdg_texts_are_the_official_wording():
    official = {r["code"]: r["official_text"] for r in ref_rows("instruments/sdg_targets.csv")}
    sdg = load("sdg_targets").set_index("code")["text"]
    assert dict(sdg) == official


def test_members_match_country_facts():
    facts = {r["iso3"]: r for r in ref_rows("country_facts/asean_country_facts.csv")}
    members = load("members").set_index("iso3")
    for iso3, ref in facts.items():
        assert members.loc[iso3, "iso2"] == ref["iso2"]
        assert str(members.loc[iso3, "accession_date"].year) == ref["asean_accession_year"]


def test_downgrade_rule_and_usd_150bn_match_the_facts():
    facts = recent_facts()
    glossary = load("glossary").set_index("term_id")["definition"]
    rule, waiver = glossary["automatic_downgrade"], glossary["tip_waiver"]
    assert facts["H18"]["value"] in rule  # first applied in the 2009 report
    assert facts["H17"]["value"] == "2" and "two years in a row" in rule
    assert facts["H22"]["value"] in rule and "four" in facts["H22"]["fact"] and "four" in rule
    assert facts["H19"]["value"] == "2" and "at most two years" in waiver
    assert facts["H21"]["value"] in waiver and "Brunei" in facts["H21"]["fact"]
    claim = load("paper_claims").set_index("claim_id").loc["usd_150bn"]
    assert claim["better_source_id"] == "ilo_profits_2014"
    for fact_id in ("E01", "E02", "E07"):
        assert facts[fact_id]["value"] in claim["explanation"], fact_id
