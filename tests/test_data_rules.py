"""Domain rules the course tables must keep, and the three questions they must answer."""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from asean_tip_course import schema
from asean_tip_course.data import TIERS, list_tables, load, member_names

REPO = Path(__file__).resolve().parents[1]
with (REPO / "data" / "curated" / "members.csv").open(encoding="utf-8", newline="") as _handle:
    CURATED_SHORT_NAMES = {row["iso3"]: row["short_name"] for row in csv.DictReader(_handle)}
CURATED_MEMBERS = list(CURATED_SHORT_NAMES)
MEMBERS = set(CURATED_MEMBERS)
YEARS = schema.value_range("tip_tiers", "report_year")
TREATIES = schema.vocabulary("treaty")


@pytest.fixture(scope="module")
def tiers() -> pd.DataFrame:
    return load("tip_tiers")


@pytest.fixture(scope="module")
def victims() -> pd.DataFrame:
    return load("detected_victims")


# ----------------------------------------------------------------------------- every table
@pytest.mark.parametrize("name", list_tables())
def test_every_row_is_sourced(name):
    frame = load(name)
    sources = set(load("sources")["source_id"])
    assert "source_id" in frame.columns
    assert frame["source_id"].notna().all(), f"{name}: rows without source_id"
    assert set(frame["source_id"]) <= sources


@pytest.mark.parametrize("name", list_tables())
def test_no_individual_level_records(name):
    personal = {"person", "person_id", "victim_id", "case_id", "birth", "date_of_birth", "gender"}
    personal |= {"first_name", "last_name", "address", "phone", "email", "age_years"}
    assert not personal & set(load(name).columns), f"{name} has a person-level column"


def test_detected_victims_are_aggregates(victims):
    ages = schema.allowed("detected_victims", "age")
    assert ages, "age must be limited to the groups of a vocabulary"
    for age in ages:
        assert re.fullmatch(r"Total|Unknown|\d+-\d+|\d+\+", age), f"{age!r} is not an age group"
    assert set(victims["age"]) <= set(ages)
    assert set(victims["sex"]) <= set(schema.allowed("detected_victims", "sex"))
    assert len(schema.allowed("detected_victims", "indicator")) == 1


def test_members_are_the_curated_list_in_its_order():
    members = load("members")
    assert list(members["iso3"]) == CURATED_MEMBERS
    assert len(MEMBERS) == 11  # ten until October 2025, then Timor-Leste
    members = members.set_index("iso3")
    # Timor-Leste joined last, on 26 October 2025 (reference fact A01, medium confidence).
    assert members["accession_date"].idxmax() == "TLS"
    assert members.loc["TLS", "accession_date"] == pd.Timestamp("2025-10-26")
    assert "medium confidence" in members.loc["TLS", "accession_note"]
    assert members["accession_date"].notna().all()


def test_member_names_come_from_the_curated_list_in_its_order():
    names = member_names()
    assert names == CURATED_SHORT_NAMES and list(names) == CURATED_MEMBERS
    full = member_names(load("members"), "name")
    assert list(full) == CURATED_MEMBERS and all(full.values())


@pytest.mark.parametrize(
    "name", ["tip_tiers", "ratifications", "detected_victims", "slavery_estimates"]
)
def test_member_codes_resolve(name):
    assert set(load(name)["iso3"]) <= set(load("members")["iso3"])


def test_instrument_ids_resolve():
    known = set(load("instruments")["instrument_id"])
    assert set(load("measures")["instrument_id"]) <= known
    assert set(load("ratifications")["instrument_id"]) <= known


def test_better_sources_resolve():
    better = load("paper_claims")["better_source_id"].dropna()
    assert set(better) <= set(load("sources")["source_id"])


def test_sources_state_their_terms():
    sources = load("sources")
    assert sources["terms"].notna().all()
    assert "paper" in set(sources["source_id"])


# ------------------------------------------------------------------------------- tip_tiers
def test_tiers_are_in_the_ordered_set(tiers):
    assert set(tiers["tier"].dropna()) <= set(TIERS)
    assert tiers["tier"].cat.ordered


def test_every_member_every_year_once(tiers):
    assert len(tiers) == len(MEMBERS) * len(YEARS) == 11 * 25
    cells = set(zip(tiers["iso3"], tiers["report_year"], strict=True))
    assert cells == {(m, y) for m in MEMBERS for y in YEARS}


def test_missing_tier_has_missing_evidence(tiers):
    empty = tiers["tier"].isna()
    assert set(tiers.loc[empty, "evidence"]) <= {"missing", "not rated"}
    assert not set(tiers.loc[~empty, "evidence"]) & {"missing", "not rated"}


def test_dataset_rows_are_2001_to_2015(tiers):
    dataset = tiers[tiers["evidence"] == "dataset"]
    assert dataset["report_year"].between(2001, 2015).all()
    assert (dataset["source_id"] == "heiss_cho_tiers").all()


def test_page_evidence_carries_an_address(tiers):
    pages = tiers[tiers["evidence"].isin(["page", "regional summary"])]
    assert pages["source_url"].str.startswith("http").all()


def test_regional_summary_rows_say_so(tiers):
    # A regional news summary is weaker than a country page: the note says which it is and
    # the reference's confidence, and only the 2025 report rests on one.
    summary = tiers[tiers["evidence"] == "regional summary"]
    assert set(summary["report_year"]) == {2025}
    assert set(summary["iso3"]) == {"IDN", "MMR", "SGP", "TLS", "VNM"}
    assert summary["note"].str.contains("regional news summary").all()
    assert summary["note"].str.contains("confidence").all()


def test_every_member_has_a_2025_row_and_timor_leste_a_short_record(tiers):
    latest = tiers[tiers["report_year"] == 2025]
    assert set(latest["iso3"]) == MEMBERS
    assert latest["tier"].notna().all()
    tls = tiers[tiers["iso3"] == "TLS"].set_index("report_year")
    assert tls.loc[2011, "evidence"] == "not rated"  # first rated in the 2012 report
    assert tls.loc[2024, "evidence"] == "missing"  # searched, not found (fact A19)
    assert tls.loc[2016, "evidence"] == "inferred"


def test_inferred_without_address_is_explained(tiers):
    inferred = tiers[tiers["evidence"] == "inferred"]
    no_url = inferred[inferred["source_url"].isna()]
    assert no_url["note"].notna().all()


# ---------------------------------------------------------------------------- ratifications
def test_ratifications_one_row_per_member_and_treaty():
    rat = load("ratifications")
    assert len(rat) == len(MEMBERS) * len(TREATIES) == 22
    pairs = set(zip(rat["iso3"], rat["instrument_id"], strict=True))
    assert pairs == {(m, t) for m in MEMBERS for t in TREATIES}


def test_missing_dates_stay_missing():
    rat = load("ratifications")
    missing = rat["date_precision"] == "missing"
    assert rat.loc[missing, "date"].isna().all()
    assert rat.loc[~missing, "date"].notna().all()
    assert missing.sum() >= 1, "the sources lack some dates; they must not be filled in"


def test_on_or_before_dates_are_explained():
    rat = load("ratifications")
    before = rat[rat["date_precision"] == "on or before"]
    assert len(before) >= 1
    assert before["note"].str.contains("on or before").all()


def test_actip_in_force_after_six_deposits():
    inst = load("instruments").set_index("instrument_id")
    in_force = inst.loc["ACTIP", "in_force_date"]
    rat = load("ratifications")
    actip = rat[(rat["instrument_id"] == "ACTIP") & rat["action"].str.contains("deposit")]
    before = actip[actip["date"].notna() & (actip["date"] < in_force)]
    assert len(before) >= 6
    assert inst.loc["ACTIP", "adopted_date"] < in_force


# ------------------------------------------------------------------------------ instruments
def test_instrument_dates_agree_with_precision():
    inst = load("instruments")
    missing = inst["adopted_precision"] == "missing"
    assert inst.loc[missing, "adopted_date"].isna().all()
    assert inst.loc[~missing, "adopted_date"].notna().all()
    both = inst.dropna(subset=["adopted_date", "in_force_date"])
    assert (both["in_force_date"] >= both["adopted_date"]).all()


def test_paper_pages_in_range():
    assert load("instruments")["paper_page"].dropna().between(2, 12).all()
    assert load("measures")["paper_page"].between(6, 10).all()
    assert load("paper_claims")["page"].between(2, 12).all()


# --------------------------------------------------------------------------------- measures
def test_measures_listed_per_instrument():
    counts = load("measures").groupby("instrument_id").size().to_dict()
    assert counts == {
        "ASEAN_TIP_DECLARATION_2004": 8,
        "APSC_BLUEPRINT_2025": 4,
        "ACTIP": 4,
        "APA": 3,
        "BOHOL_TIP_WORK_PLAN": 6,
    }


def test_measures_numbered_from_one():
    for instrument, group in load("measures").groupby("instrument_id"):
        assert sorted(group["number"]) == list(range(1, len(group) + 1)), instrument


def test_measure_sdg_codes_exist():
    codes = set(load("sdg_targets")["code"])
    for value in load("measures")["sdg_targets"].dropna():
        assert set(value.split(";")) <= codes, value


def test_measure_year_is_the_instrument_year():
    inst = load("instruments").set_index("instrument_id")
    for _, row in load("measures").iterrows():
        adopted = inst.loc[row["instrument_id"], "adopted_date"]
        assert adopted.year == row["year"], row["measure_id"]


# ----------------------------------------------------------------------------- paper_claims
def test_paper_claims_cover_the_required_points():
    required = {
        "tvpa_definition",
        "bandung_1955",
        "declaration_2004",
        "apsc_2003",
        "apsc_blueprint_2009",
        "apsc_blueprint_2015",
        "aichr",
        "actip_2015_27th_summit",
        "bohol_2017_2020",
        "period_2014_2014",
        "victims_7800",
        "share_sexual_60",
        "forced_marriage_mekong",
        "usd_3_20bn",
        "usd_150bn",
        "chart_missing",
        "conclusion_not_significant",
    }
    assert required <= set(load("paper_claims")["claim_id"])


def test_claims_span_chapters_and_are_explained():
    claims = load("paper_claims")
    assert set(claims["chapter"]) == {1, 2, 3, 4, 5}
    assert claims["explanation"].str.len().min() > 20
    assert (claims["source_id"] == "paper").all()


def test_claim_values_appear_in_the_paper_text():
    paper = next((REPO / ".." / "shared" / "source-paper").glob("*.txt"), None)
    if paper is None:
        pytest.skip("../shared/source-paper not found: cannot check claim values against the text")
    text = re.sub(r"\s+", " ", paper.read_text(encoding="utf-8"))
    claims = load("paper_claims").set_index("claim_id")
    assert "7,800" in text and claims.loc["victims_7800", "value"] == "7800"
    assert "60%" in text and claims.loc["share_sexual_60", "value"] == "60"
    assert "2014-2014" in text and claims.loc["period_2014_2014", "value"] == "2014-2014"
    assert "150$" in text and claims.loc["usd_150bn", "value"] == "150"


# ------------------------------------------------------------------------- detected victims
def test_censored_rows(victims):
    censored = victims["censored"]
    assert (victims.loc[censored, "value_as_published"] == "<5").all()
    assert victims.loc[censored, "count"].isna().all()
    assert (victims.loc[~censored, "value_as_published"] != "<5").all()


def test_counts_match_the_published_text(victims):
    known = victims[victims["count"].notna()]
    published = known["value_as_published"].str.replace(",", "", regex=False).astype("Int64")
    assert (published == known["count"]).all()


def test_repeated_source_keys_are_kept_and_flagged(victims):
    key = ["iso3", "year", "indicator", "form", "sex", "age"]
    repeated = victims[victims.duplicated(key, keep=False)]
    assert len(repeated) > 0, "the UNODC export repeats keys; they must be kept"
    assert repeated["flag"].str.contains("repeated").all()
    assert not victims.duplicated([*key, "row_in_source"]).any()


def test_thailand_2017_inconsistency_is_flagged(victims):
    row = victims[
        (victims["iso3"] == "THA")
        & (victims["year"] == 2017)
        & (victims["form"] == "Sexual exploitation")
        & (victims["sex"] == "Total")
        & (victims["age"] == "Total")
    ]
    assert len(row) == 1
    assert "greater than the published total" in row["flag"].iloc[0]


def test_forms_above_total_are_always_flagged(victims):
    totals = victims[victims["form"] == "Total"].drop_duplicates(["iso3", "year", "sex", "age"])
    merged = victims[victims["form"] != "Total"].merge(
        totals[["iso3", "year", "sex", "age", "count"]],
        on=["iso3", "year", "sex", "age"],
        suffixes=("", "_total"),
    )
    above = merged[merged["count"] > merged["count_total"]]
    assert len(above) > 0, "the source has such rows (e.g. THA 2017)"
    assert above["flag"].fillna("").str.contains("greater than").all()


# ------------------------------------------------------------------------ slavery estimates
def test_slavery_estimates_for_all_members_brunei_empty():  # Timor-Leste estimated
    gsi = load("slavery_estimates").set_index("iso3")
    assert set(gsi.index) == MEMBERS
    assert pd.isna(gsi.loc["BRN", "prevalence_per_1000"])
    assert pd.isna(gsi.loc["BRN", "estimated_number"])
    assert gsi["note"].str.contains("estimate").all()


def test_prevalence_agrees_with_number_and_population():
    gsi = load("slavery_estimates").dropna(subset=["prevalence_per_1000"])
    implied = gsi["estimated_number"] / gsi["population"] * 1000
    assert ((implied - gsi["prevalence_per_1000"]).abs() < 0.15).all()


# --------------------------------------------------------------------------------- glossary
def test_glossary_covers_all_chapters():
    glossary = load("glossary")
    assert len(glossary) >= 35
    assert set(glossary["chapter"]) == {1, 2, 3, 4, 5}
    assert glossary["indonesian"].notna().all()
    assert not glossary["term"].str.lower().duplicated().any()


# ------------------------------------------------------------------- the three questions
def members_on_tier(tiers: pd.DataFrame, tier: str, year: int) -> set[str]:
    """Members placed on ``tier`` in report ``year``."""
    rows = tiers[(tiers["report_year"] == year) & (tiers["tier"] == tier)]
    return set(rows["iso3"])


def test_question_who_was_on_tier_3(tiers):
    # 2014 report: "Malaysia, Thailand ... were all dropped to tier three" (freshfruitportal.com);
    # 2022 report: Brunei, Viet Nam, Cambodia, Malaysia, Myanmar on Tier 3 (thescoop.co).
    assert members_on_tier(tiers, "Tier 3", 2014) == {"MYS", "THA"}
    assert members_on_tier(tiers, "Tier 3", 2022) == {"BRN", "VNM", "KHM", "MYS", "MMR"}


def test_question_placements_after_actip_entered_into_force(tiers):
    in_force = load("instruments").set_index("instrument_id").loc["ACTIP", "in_force_date"]
    codes = tiers.assign(code=tiers["tier"].cat.codes.where(tiers["tier"].notna()) + 1)
    before = codes[codes["report_year"].between(in_force.year - 3, in_force.year - 1)]
    after = codes[codes["report_year"].between(in_force.year + 1, in_force.year + 3)]
    change = after.groupby("iso3")["code"].mean() - before.groupby("iso3")["code"].mean()
    assert in_force.year == 2017
    assert change.notna().sum() >= 8, "most members must be comparable"
    # Thailand: Tier 3 in 2014-2015 reports, Tier 2 from 2018 (thephuketnews.com, ecoi.net).
    assert change["THA"] < 0
    # The Philippines: Tier 1 every year from 2016 (philippineembassy-dc.org).
    assert change["PHL"] <= 0


def sexual_share(victims: pd.DataFrame, iso3: str, year: int) -> float | None:
    """Share of detected victims exploited sexually (Sex and Age = Total), or None."""
    rows = victims[
        (victims["iso3"] == iso3)
        & (victims["year"] == year)
        & (victims["sex"] == "Total")
        & (victims["age"] == "Total")
    ]
    total = rows.loc[rows["form"] == "Total", "count"]
    sexual = rows.loc[rows["form"] == "Sexual exploitation", "count"]
    if len(total) != 1 or len(sexual) != 1 or pd.isna(total.iloc[0]) or pd.isna(sexual.iloc[0]):
        return None
    return float(sexual.iloc[0]) / float(total.iloc[0])


def test_question_share_exploited_sexually(victims):
    # Myanmar 2016: 256 of 307 detected victims (UNODC GLOTIP, as previewed in SOURCE.md).
    assert sexual_share(victims, "MMR", 2016) == pytest.approx(256 / 307)
    # Thailand 2017 is impossible (807 > 471): the flag warns the reader.
    assert sexual_share(victims, "THA", 2017) > 1
    # Censored or absent values give no share rather than a guess.
    assert sexual_share(victims, "BRN", 2030) is None
