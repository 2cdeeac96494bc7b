"""Derive the course's reference-based tables from ``../shared/reference``.

Run from the repository root::

    python scripts/build_data.py            # writes data/<table>.csv
    python scripts/build_data.py --check    # exits 1 if a written table would change

Tables written: members, instruments, tip_tiers, ratifications, detected_victims,
slavery_estimates, sdg_targets. The hand-authored tables (sources, measures,
paper_claims, glossary) are edited directly in ``data/``.
Only the standard library is used, so the script runs anywhere Python 3.11 runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
REFERENCE = (REPO / ".." / "shared" / "reference").resolve()

MEMBERS = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"]
REPORT_YEARS = range(2001, 2026)
RECENT_FILE = "recent_developments/facts.csv"

HEISS_URL = (
    "https://github.com/andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US/blob/"
    "a74d421bf3b6b6b93b27d95570b18522613da63c/data/tip_tiers_orig.csv"
)
GLOTIP_FILE = "unodc_glotip/glotip_asean_all_rows.csv"

SHORT_NAMES = {
    "BRN": "Brunei",
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


def read_csv(relative: str) -> list[dict[str, str]]:
    """Rows of a reference CSV as dictionaries."""
    path = REFERENCE / relative
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def recent_facts() -> dict[str, dict[str, str]]:
    """The rows of ``recent_developments/facts.csv`` by fact id (A01, H04, ...)."""
    return {r["fact_id"]: r for r in read_csv(RECENT_FILE)}


def to_csv_text(columns: list[str], rows: list[dict[str, object]]) -> str:
    """CSV text (UTF-8, ``\\n`` line ends, minimal quoting) for the rows."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})
    return buffer.getvalue()


# --------------------------------------------------------------------------- members
def build_members() -> tuple[list[str], list[dict[str, object]]]:
    """ASEAN members with ISO codes and accession dates."""
    columns = [
        "iso3",
        "iso2",
        "name",
        "short_name",
        "accession_date",
        "accession_precision",
        "accession_note",
        "source_id",
    ]
    rows = []
    for ref in read_csv("country_facts/asean_country_facts.csv"):
        raw = ref["asean_accession"]
        if len(raw) == 10:
            date, precision, note = raw, "day", ref["accession_note"]
        else:
            # Sources disagree on the day (Brunei): keep only the month both agree on.
            date, precision = raw[:7], "month"
            note = "sources disagree on the day: " + raw
        if note == "founding member":
            note = "founding member (ASEAN Declaration, Bangkok)"
        rows.append(
            {
                "iso3": ref["iso3"],
                "iso2": ref["iso2"],
                "name": ref["iso_name"],
                "short_name": SHORT_NAMES[ref["iso3"]],
                "accession_date": date,
                "accession_precision": precision,
                "accession_note": note,
                "source_id": "asean_japan_centre",
            }
        )
    admission = recent_facts()["A01"]
    rows.append(
        {
            "iso3": "TLS",
            "iso2": "TL",
            "name": "Timor-Leste",
            "short_name": SHORT_NAMES["TLS"],
            "accession_date": admission["value"],
            "accession_precision": "day",
            "accession_note": "admitted as the 11th member at the 47th ASEAN Summit (Kuala Lumpur); "
            "medium confidence: a news agency quoting an ASEAN statement, the asean.org "
            "original not retrieved (reference fact A01). Source page: " + admission["url"],
            "source_id": "recent_pages",
        }
    )
    rows.sort(key=lambda r: MEMBERS.index(r["iso3"]))
    return columns, rows


# ----------------------------------------------------------------------- instruments
# One row per instrument. `ref` names the row of instruments/instruments.csv whose
# values are used (the reference keeps one row per instrument, fact and source).
INSTRUMENTS: list[dict[str, object]] = [
    {
        "instrument_id": "TVPA_2000",
        "ref": "US_TVPA_2000",
        "short_name": "TVPA 2000",
        "level": "US",
        "kind": "statute",
        "adopted_date": "2000-10-28",
        "adopted_precision": "day",
        "adopted_place": "",
        "in_force_date": "2000-10-28",
        "binding": "yes",
        "body": "US Congress and President",
        "paper_page": 4,
        "note": "US domestic law; binding in the United States only. Place not stated in the source.",
    },
    {
        "instrument_id": "BANDUNG_1955",
        "ref": "BANDUNG_1955",
        "short_name": "Bandung Conference",
        "level": "other",
        "kind": "conference",
        "adopted_date": "1955-04-18",
        "adopted_precision": "day",
        "adopted_place": "Bandung, Indonesia",
        "in_force_date": "",
        "binding": "n.a.",
        "body": "29 Asian and African states",
        "paper_page": 4,
        "note": "Met 18-24 April 1955; final communique 24 April 1955. The paper omits the year.",
    },
    {
        "instrument_id": "UDHR_1948",
        "ref": "UDHR_1948",
        "short_name": "UDHR",
        "level": "UN",
        "kind": "declaration",
        "adopted_date": "1948-12-10",
        "adopted_precision": "day",
        "adopted_place": "Paris",
        "in_force_date": "",
        "binding": "no",
        "body": "UN General Assembly",
        "paper_page": 5,
        "note": "A declaration, not a treaty.",
    },
    {
        "instrument_id": "ICCPR_1966",
        "ref": "ICCPR_1966",
        "short_name": "ICCPR",
        "level": "UN",
        "kind": "convention",
        "adopted_date": "1966-12-16",
        "adopted_precision": "day",
        "adopted_place": "New York",
        "in_force_date": "1976-03-23",
        "binding": "yes",
        "body": "UN General Assembly",
        "paper_page": 5,
        "note": "Place given only by a low-trust page. The paper runs UDHR and ICCPR together.",
    },
    {
        "instrument_id": "UNTOC",
        "ref": "UNTOC_b",
        "short_name": "UNTOC",
        "level": "UN",
        "kind": "convention",
        "adopted_date": "2000-11-15",
        "adopted_precision": "day",
        "adopted_place": "New York",
        "in_force_date": "2003-09-29",
        "binding": "yes",
        "body": "UN General Assembly",
        "paper_page": 6,
        "note": "Opened for signature in Palermo, 12-15 December 2000.",
    },
    {
        "instrument_id": "TIP_PROTOCOL",
        "ref": "TIP_PROTOCOL_b",
        "short_name": "UN TIP (Palermo) Protocol",
        "level": "UN",
        "kind": "protocol",
        "adopted_date": "2000-11-15",
        "adopted_precision": "day",
        "adopted_place": "New York",
        "in_force_date": "2003-12-25",
        "binding": "yes",
        "body": "UN General Assembly",
        "paper_page": None,
        "note": "The international definition (Article 3). Not named in the paper, "
        "which uses the US TVPA definition instead.",
    },
    {
        "instrument_id": "SMUGGLING_PROTOCOL",
        "ref": "SMUGGLING_PROTOCOL",
        "short_name": "UN Smuggling of Migrants Protocol",
        "level": "UN",
        "kind": "protocol",
        "adopted_date": "2000-11-15",
        "adopted_precision": "day",
        "adopted_place": "New York",
        "in_force_date": "2004-01-28",
        "binding": "yes",
        "body": "UN General Assembly",
        "paper_page": 7,
        "note": "",
    },
    {
        "instrument_id": "ASEAN_DECLARATION_1967",
        "ref": "ASEAN_BANGKOK_DECL_a",
        "short_name": "Bangkok Declaration",
        "level": "ASEAN",
        "kind": "declaration",
        "adopted_date": "1967-08-08",
        "adopted_precision": "day",
        "adopted_place": "Bangkok",
        "in_force_date": "",
        "binding": "no",
        "body": "Foreign ministers of the five founding members",
        "paper_page": None,
        "note": "Founded ASEAN. Not mentioned in the paper.",
    },
    {
        "instrument_id": "BALI_CONCORD_II",
        "ref": "BALI_CONCORD_II_a",
        "short_name": "Bali Concord II",
        "level": "ASEAN",
        "kind": "declaration",
        "adopted_date": "2003-10-07",
        "adopted_precision": "day",
        "adopted_place": "Bali, Indonesia",
        "in_force_date": "",
        "binding": "no",
        "body": "9th ASEAN Summit",
        "paper_page": 7,
        "note": "Set the goal of an ASEAN Community on three pillars, one of them the "
        "ASEAN Security Community: the 2003 step the paper calls the APSC.",
    },
    {
        "instrument_id": "ASEAN_TIP_DECLARATION_2004",
        "ref": "ASEAN_TIP_DECL_2004_a",
        "short_name": "2004 ASEAN Declaration against TIP",
        "level": "ASEAN",
        "kind": "declaration",
        "adopted_date": "2004-11-29",
        "adopted_precision": "day",
        "adopted_place": "Vientiane, Lao PDR",
        "in_force_date": "",
        "binding": "no",
        "body": "10th ASEAN Summit",
        "paper_page": 6,
        "note": "Place inferred from the venue of the 10th Summit; no source seen states it.",
    },
    {
        "instrument_id": "ASEAN_CHARTER",
        "ref": "ASEAN_CHARTER_b",
        "short_name": "ASEAN Charter",
        "level": "ASEAN",
        "kind": "statute",
        "adopted_date": "2007-11-20",
        "adopted_precision": "day",
        "adopted_place": "Singapore",
        "in_force_date": "2008-12-15",
        "binding": "yes",
        "body": "13th ASEAN Summit",
        "paper_page": None,
        "note": "Signing day from a news page (one blog says 23 Nov 2007); the Thai foreign "
        "ministry gives only 2007. Not mentioned in the paper.",
    },
    {
        "instrument_id": "APSC_BLUEPRINT_2009",
        "ref": "APSC_BLUEPRINT_2009_a",
        "short_name": "APSC Blueprint 2009",
        "level": "ASEAN",
        "kind": "blueprint",
        "adopted_date": "2009",
        "adopted_precision": "year",
        "adopted_place": "Cha-am Hua Hin, Thailand",
        "in_force_date": "",
        "binding": "no",
        "body": "14th ASEAN Summit",
        "paper_page": 7,
        "note": "Adopted at the 14th Summit (28 February - 1 March 2009); no source states the day.",
    },
    {
        "instrument_id": "AICHR",
        "ref": "AICHR_b",
        "short_name": "AICHR",
        "level": "ASEAN",
        "kind": "body",
        "adopted_date": "2009-10-23",
        "adopted_precision": "day",
        "adopted_place": "Cha-am Hua Hin, Thailand",
        "in_force_date": "",
        "binding": "n.a.",
        "body": "15th ASEAN Summit",
        "paper_page": 6,
        "note": "Date of inauguration; established under Article 14 of the ASEAN Charter.",
    },
    {
        "instrument_id": "ASEAN_LEADERS_TIP_STATEMENT_2011",
        "ref": "ASEAN_LEADERS_TIP_STATEMENT_2011",
        "short_name": "2011 Leaders' Joint Statement on TIP",
        "level": "ASEAN",
        "kind": "declaration",
        "adopted_date": "2011-05",
        "adopted_precision": "month",
        "adopted_place": "Jakarta, Indonesia",
        "in_force_date": "",
        "binding": "no",
        "body": "18th ASEAN Summit",
        "paper_page": None,
        "note": "Asked ministers to consider an ASEAN convention on trafficking. Day missing.",
    },
    {
        "instrument_id": "SDG_2030_AGENDA",
        "ref": "SDG_2030_AGENDA",
        "short_name": "2030 Agenda (SDGs)",
        "level": "UN",
        "kind": "agenda",
        "adopted_date": "2015-09-25",
        "adopted_precision": "day",
        "adopted_place": "New York",
        "in_force_date": "",
        "binding": "no",
        "body": "UN General Assembly",
        "paper_page": 5,
        "note": "",
    },
    {
        "instrument_id": "ACTIP",
        "ref": "ACTIP_sign_a",
        "short_name": "ACTIP",
        "level": "ASEAN",
        "kind": "convention",
        "adopted_date": "2015-11-21",
        "adopted_precision": "day",
        "adopted_place": "Kuala Lumpur, Malaysia",
        "in_force_date": "2017-03-08",
        "binding": "yes",
        "body": "27th ASEAN Summit",
        "paper_page": 6,
        "note": "Signed 21 Nov 2015 (one NGO page says 22 Nov). In force 8 March 2017, "
        "after the sixth ratification (Philippines, 7 Feb 2017).",
    },
    {
        "instrument_id": "APSC_BLUEPRINT_2025",
        "ref": "APSC_BLUEPRINT_2025",
        "short_name": "APSC Blueprint 2025",
        "level": "ASEAN",
        "kind": "blueprint",
        "adopted_date": "2015-11-22",
        "adopted_precision": "day",
        "adopted_place": "Kuala Lumpur, Malaysia",
        "in_force_date": "",
        "binding": "no",
        "body": "27th ASEAN Summit",
        "paper_page": 6,
        "note": "Adopted with the KL Declaration on ASEAN 2025; the paper calls it the 2015 blueprint.",
    },
    {
        "instrument_id": "APA",
        "ref": "APA_a",
        "short_name": "APA",
        "level": "ASEAN",
        "kind": "plan",
        "adopted_date": "2015-11",
        "adopted_precision": "month",
        "adopted_place": "",
        "in_force_date": "",
        "binding": "no",
        "body": "ASEAN (SOMTC agreed June 2015; AMMTC endorsed Sept 2015)",
        "paper_page": 6,
        "note": "Exact day and place of adoption not found; Kuala Lumpur likely, not confirmed.",
    },
    {
        "instrument_id": "SOMTC",
        "ref": "",
        "short_name": "SOMTC",
        "level": "ASEAN",
        "kind": "body",
        "adopted_date": "",
        "adopted_precision": "missing",
        "adopted_place": "",
        "in_force_date": "",
        "binding": "n.a.",
        "body": "ASEAN senior officials",
        "paper_page": 8,
        "note": "Senior Officials Meeting on Transnational Crime; drafted the Bohol TIP Work "
        "Plan. Founding date not in the course's sources.",
    },
    {
        "instrument_id": "BOHOL_TIP_WORK_PLAN",
        "ref": "BOHOL_TIP_WP_a",
        "short_name": "Bohol TIP Work Plan 2017-2020",
        "level": "ASEAN",
        "kind": "plan",
        "adopted_date": "2017-11-14",
        "adopted_precision": "day",
        "adopted_place": "Manila, Philippines",
        "in_force_date": "",
        "binding": "no",
        "body": "SOMTC and ASEAN sectoral bodies (31st ASEAN Summit)",
        "paper_page": 6,
        "note": "Date the finalised plan was announced; SOMTC endorsed it ad referendum on "
        "13 Nov 2017. One 2019 news item says 2017-2022; all others 2017-2020.",
    },
    {
        "instrument_id": "BOHOL_TIP_WORK_PLAN_2",
        "ref": "BOHOL_TIP_WP_2",
        "short_name": "Bohol TIP Work Plan 2.0 (2023-2028)",
        "level": "ASEAN",
        "kind": "plan",
        "adopted_date": "",
        "adopted_precision": "missing",
        "adopted_place": "",
        "in_force_date": "",
        "binding": "no",
        "body": "ASEAN / SOMTC",
        "paper_page": None,
        "note": "Successor plan for 2023-2028; adoption date and body not found. Not in the paper.",
    },
    {
        "instrument_id": "UNDP_HDR_1994",
        "ref": "UNDP_HDR_1994",
        "short_name": "Human Development Report 1994",
        "level": "UN",
        "kind": "report",
        "adopted_date": "1994",
        "adopted_precision": "year",
        "adopted_place": "New York / Oxford",
        "in_force_date": "",
        "binding": "n.a.",
        "body": "UNDP",
        "paper_page": None,
        "note": "Introduced the idea of human security. Not cited by the paper.",
    },
]

INSTRUMENT_COLUMNS = [
    "instrument_id",
    "name",
    "short_name",
    "level",
    "kind",
    "adopted_date",
    "adopted_precision",
    "adopted_place",
    "in_force_date",
    "binding",
    "body",
    "paper_page",
    "source_id",
    "note",
]


def build_instruments() -> tuple[list[str], list[dict[str, object]]]:
    """Instruments with dates checked against the reference row named in ``ref``."""
    reference = {r["id"]: r for r in read_csv("instruments/instruments.csv")}
    rows = []
    for spec in INSTRUMENTS:
        row = dict(spec)
        ref_id = str(row.pop("ref"))
        if ref_id:
            ref = reference[ref_id]
            row["name"] = ref["name"].split(" - ")[0]
            date = str(row["adopted_date"])
            if date and not ref["adopted_date"].startswith(date):
                raise SystemExit(f"instrument {row['instrument_id']}: {date} not in {ref_id}")
            row["source_id"] = "instrument_pages"
            row["note"] = (str(row["note"]) + " Source page: " + ref["source_url"]).strip()
        else:
            row["name"] = "Senior Officials Meeting on Transnational Crime"
            row["source_id"] = "paper"
        rows.append(row)
    return INSTRUMENT_COLUMNS, rows


# ------------------------------------------------------------------------- tip_tiers
EVIDENCE = {
    "dataset": "dataset",
    "page (direct)": "page",
    "page (inferred)": "inferred",
    "missing": "missing",
    "missing (NA in dataset: not rated / not in report)": "not rated",
}


def build_tip_tiers() -> tuple[list[str], list[dict[str, object]]]:
    """275 member x report-year rows: the merged 2001-2024 reference table for the ten,
    Timor-Leste from the Heiss/Cho dataset and recent facts, report year 2025 for all eleven."""
    columns = ["iso3", "report_year", "tier", "evidence", "source_id", "source_url", "note"]
    rows = []
    for ref in read_csv("tip_tiers_2016_2024_compiled/tip_tiers_asean_2001_2024_merged.csv"):
        evidence = EVIDENCE[ref["evidence"]]
        from_dataset = ref["source"].startswith("andrewheiss/")
        note = ref["note"]
        if evidence == "not rated":
            note = "NA in the Heiss/Cho dataset: not rated or not in that year's report"
        if ref["iso3"] == "VNM" and ref["report_year"] == "2021":
            note = (
                "low confidence: from a CIA World Factbook entry (address not recorded) "
                "whose edition year lags the report year"
            )
        source_url = HEISS_URL if from_dataset else ref["source"]
        if not source_url.startswith("http"):
            source_url = ""
        rows.append(
            {
                "iso3": ref["iso3"],
                "report_year": int(ref["report_year"]),
                "tier": ref["tier"],
                "evidence": evidence,
                "source_id": "heiss_cho_tiers" if from_dataset else "tip_pages",
                "source_url": source_url,
                "note": note,
            }
        )
    rows += _timor_leste_tiers() + _tiers_2025()
    rows.sort(key=lambda r: (MEMBERS.index(str(r["iso3"])), r["report_year"]))
    return columns, rows


# Timor-Leste, report years 2016-2024: the reference fact that gives each placement.
TLS_TIER_FACTS = {
    2016: "A11",
    2017: "A12",
    2018: "A13",
    2019: "A14",
    2020: "A15",
    2021: "A16",
    2022: "A17",
    2023: "A18",
    2024: "A19",
}

# Report year 2025, one fact per member, and how the value is known. "regional summary":
# only a news summary of the whole region (fact H04, citing the US Embassy in Manila); the
# State Department's 2025 country narratives were not retrieved (reference SOURCE.md, caveat 4).
TIER_2025_FACTS = {
    "BRN": ("H12", "page"),
    "KHM": ("H13", "page"),
    "IDN": ("H09", "regional summary"),
    "LAO": ("H14", "page"),
    "MYS": ("H07", "page"),
    "MMR": ("H15", "regional summary"),
    "PHL": ("H05", "page"),
    "SGP": ("H06", "regional summary"),
    "THA": ("H08", "page"),
    "TLS": ("H11", "regional summary"),
    "VNM": ("H10", "regional summary"),
}


def _recent_tier_row(iso3: str, year: int, fact: dict[str, str], evidence: str) -> dict:
    """One tip_tiers row from a recent-developments fact (value, address, confidence)."""
    tier = fact["value"].replace(" (inferred)", "")
    if fact["fact"].startswith("MISSING"):
        tier, evidence = "", "missing"
    publisher = fact["source_publisher"].replace(" (", ", ").replace(")", "")
    note = f"reference fact {fact['fact_id']} ({fact['confidence']} confidence; {publisher})"
    url = fact["url"]
    if evidence == "missing":
        note = f"no page found (reference fact {fact['fact_id']})"
    elif evidence == "inferred":
        note += "; inferred from the next report's 'remained on Tier 2'"
    elif evidence == "regional summary" and iso3 == "MMR":
        # The tier is stated only in the regional summary (H04); H15 names Myanmar among the
        # countries with a state 'pattern or practice' of trafficking.
        url = recent_facts()["H04"]["url"]
        note = (
            "reference facts H04 and H15 (medium confidence): the tier is stated in a regional "
            "news summary citing the US Embassy in Manila; CamboJA News names Myanmar among "
            "the countries with a state 'pattern or practice' of trafficking"
        )
    elif evidence == "regional summary":
        note += "; only a regional news summary, no country narrative retrieved"
    return {
        "iso3": iso3,
        "report_year": year,
        "tier": tier,
        "evidence": evidence,
        "source_id": "recent_pages",
        "source_url": url,
        "note": note,
    }


def _timor_leste_tiers() -> list[dict[str, object]]:
    """Timor-Leste 2001-2024: the Heiss/Cho dataset to 2015, then the recent-developments facts."""
    rows = []
    for ref in read_csv("tip_tiers_heiss_kelley/tip_tiers_orig_ALL.csv"):
        year = int(ref["year"])
        if ref["iso"] != "TLS" or not 2001 <= year <= 2015:
            continue
        tier = ref["tier"].strip().replace("Watchlist", "Tier 2 Watch List")
        rated = tier not in ("", "NA")
        rows.append(
            {
                "iso3": "TLS",
                "report_year": year,
                "tier": tier if rated else "",
                "evidence": "dataset" if rated else "not rated",
                "source_id": "heiss_cho_tiers",
                "source_url": HEISS_URL,
                "note": ""
                if rated
                else "NA in the Heiss/Cho dataset: not rated or not in that year's report",
            }
        )
    facts = recent_facts()
    if facts["A10"]["value"] != next(r["tier"] for r in rows if r["report_year"] == 2015):
        raise SystemExit("Timor-Leste 2015: the Heiss/Cho dataset and fact A10 disagree")
    for year, fact_id in TLS_TIER_FACTS.items():
        fact = facts[fact_id]
        evidence = "inferred" if "(inferred)" in fact["value"] else "page"
        rows.append(_recent_tier_row("TLS", year, fact, evidence))
    return rows


def _tiers_2025() -> list[dict[str, object]]:
    """Report year 2025 for every member (fact ids in TIER_2025_FACTS)."""
    facts = recent_facts()
    return [
        _recent_tier_row(iso3, 2025, facts[fact_id], evidence)
        for iso3, (fact_id, evidence) in TIER_2025_FACTS.items()
    ]


# --------------------------------------------------------------------- ratifications
def build_ratifications() -> tuple[list[str], list[dict[str, object]]]:
    """ACTIP and UN TIP Protocol: one row per member and treaty (22 rows)."""
    columns = [
        "iso3",
        "instrument_id",
        "action",
        "date",
        "date_precision",
        "source_id",
        "source_url",
        "note",
    ]
    gaps = read_csv("instruments/ratifications_gaps.csv")
    rows = []
    for ref in read_csv("treaties/actip_ratifications.csv"):
        raw = ref["instrument_deposited"]
        row = {
            "iso3": ref["iso3"],
            "instrument_id": "ACTIP",
            "action": "ratification (deposit)",
            "source_id": "treaty_pages",
            "source_url": ref["source_url"],
        }
        if raw.startswith("by "):
            row.update(
                date=raw[3:],
                date_precision="on or before",
                note="deposited on or before this date (date of the ASEAN press release); "
                "order: " + ref["order_of_ratification"],
            )
        elif raw == "MISSING":
            row.update(date="", date_precision="missing", note=ref["quote_or_note"])
        else:
            row.update(
                date=raw,
                date_precision=ref["date_precision"],
                note="order of ratification: " + ref["order_of_ratification"],
            )
        if ref["iso3"] == "IDN":
            gap = next(
                g for g in gaps if g["instrument"] == "ACTIP" and g["country"] == "Indonesia"
            )
            row.update(
                action="ratification (domestic law; deposit date not found)",
                date="2017",
                date_precision="year",
                source_url=gap["source_url"],
                note="Law No. 12 of 2017 ratified ACTIP in Indonesian law; date of deposit "
                "with the ASEAN Secretary-General missing (medium-low trust source).",
            )
        if ref["iso3"] == "LAO":
            row["note"] = (
                "missing; an official ASEAN page says nine members had ratified by "
                "14 Nov 2017 without naming them"
            )
        rows.append(row)

    gap_by_country = {
        g["country"]: g for g in gaps if g["instrument"].startswith("UN TIP") and g["date"]
    }
    for ref in read_csv("treaties/palermo_protocol_ratifications.csv"):
        row = {
            "iso3": ref["iso3"],
            "instrument_id": "TIP_PROTOCOL",
            "action": ref["action"].split(" (")[0].rstrip("?"),
            "source_id": "treaty_pages",
            "source_url": ref["source_url"],
        }
        if ref["date"] != "MISSING":
            row.update(
                date=ref["date"][:10],
                date_precision=ref["date_precision"],
                note=ref["quote_or_note"] if ref["iso3"] == "THA" else "",
            )
            if ref["iso3"] == "THA":
                row["note"] = "signed 2001-12-18; in force for Thailand 2013-11-16"
            if ref["iso3"] == "BRN":
                row["note"] = "month only (US TIP Report 2020 narrative)"
        else:
            gap = gap_by_country.get(ref["country"])
            if ref["iso3"] == "IDN":
                row.update(
                    action="ratification",
                    date="2009",
                    date_precision="year",
                    source_url="http://loc.gov/lawweb/servlet/lloc_news?disp0_l205401030_text",
                    note="House of Representatives approved it on 2009-02-03 (Law No. 14 of "
                    "2009); a low-trust page says ratification was completed 2009-09-28; UN "
                    "deposit date not confirmed",
                )
            elif gap is not None and gap["date_precision"] == "month":
                row.update(
                    action="ratification or accession (type not confirmed)",
                    date=gap["date"][:7],
                    date_precision="month",
                    source_url=gap["source_url"],
                    note="low-trust page; " + gap["note"].split(" UN Treaty")[0][:220],
                )
            else:
                row.update(
                    date="",
                    date_precision="missing",
                    note="no page found; check the UN Treaty Collection (XVIII-12-a)",
                )
        rows.append(row)
    rows += _timor_leste_ratifications()
    rows.sort(key=lambda r: (MEMBERS.index(str(r["iso3"])), str(r["instrument_id"])))
    return columns, rows


def _timor_leste_ratifications() -> list[dict[str, object]]:
    """Timor-Leste: ACTIP status not found (A09); UN TIP Protocol accession in 2009 (A05, A06)."""
    facts = recent_facts()
    protocol, month = facts["A05"], facts["A06"]
    return [
        {
            "iso3": "TLS",
            "instrument_id": "ACTIP",
            "action": "ratification (deposit)",
            "date": "",
            "date_precision": "missing",
            "source_id": "recent_pages",
            "source_url": "",
            "note": "missing: Timor-Leste's ACTIP status and any date were not found (reference "
            "fact A09); it joined ASEAN on 2025-10-26",
        },
        {
            "iso3": "TLS",
            "instrument_id": "TIP_PROTOCOL",
            "action": "accession",
            "date": protocol["value"],
            "date_precision": "year",
            "source_id": "recent_pages",
            "source_url": protocol["url"],
            "note": "year only, from the Government of Timor-Leste (high confidence, fact A05); an "
            f"encyclopedia page gives {month['value']} and says 'ratified' (low confidence, fact A06)",
        },
    ]


# ------------------------------------------------------------------ detected_victims
AGES = {"Total": "Total", "0 to 17 years": "0-17", "18 years or over": "18+", "Unknown": "Unknown"}


def _count(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


def build_detected_victims() -> tuple[list[str], list[dict[str, object]]]:
    """GLOTIP detected victims (total and by form, sex, age) with source problems flagged."""
    columns = [
        "iso3",
        "year",
        "indicator",
        "form",
        "sex",
        "age",
        "count",
        "censored",
        "value_as_published",
        "flag",
        "row_in_source",
        "source_id",
    ]
    rows = []
    with (REFERENCE / GLOTIP_FILE).open(encoding="utf-8", newline="") as handle:
        for line, ref in enumerate(csv.DictReader(handle), start=2):
            if ref["Indicator"] != "Detected trafficking victims":
                continue
            if ref["Dimension"] not in ("Total", "by form of exploitation"):
                continue
            published = ref["txtVALUE"].strip()
            rows.append(
                {
                    "iso3": ref["Iso3_code"],
                    "year": int(ref["Year"]),
                    "indicator": "Detected trafficking victims",
                    "form": ref["Category"],
                    "sex": ref["Sex"],
                    "age": AGES[ref["Age"]],
                    "count": _count(published),
                    "censored": "true" if published == "<5" else "false",
                    "value_as_published": published,
                    "flag": "",
                    "row_in_source": line,
                    "source_id": "unodc_glotip",
                }
            )

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return (r["iso3"], r["year"], r["form"], r["sex"], r["age"])

    per_key = Counter(key(r) for r in rows)
    flags: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        n = per_key[key(r)]
        if n > 1:
            flags[id(r)].append(f"key repeated {n} times in source (sub-categories collapsed)")

    groups: dict[tuple[object, ...], list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        groups[(r["iso3"], r["year"], r["sex"], r["age"])].append(r)
    for members in groups.values():
        totals = [r for r in members if r["form"] == "Total"]
        if len(totals) != 1 or totals[0]["count"] is None:
            continue
        total = int(totals[0]["count"])  # type: ignore[arg-type]
        forms = [r for r in members if r["form"] != "Total"]
        for r in forms:
            if r["count"] is not None and int(r["count"]) > total:  # type: ignore[arg-type]
                flags[id(r)].append(f"greater than the published total ({total})")
        distinct = Counter(r["form"] for r in forms)
        if not forms or max(distinct.values()) > 1:
            continue
        low = sum(int(r["count"]) for r in forms if r["count"] is not None)  # type: ignore[arg-type]
        high = low + 4 * sum(1 for r in forms if r["count"] is None)
        if low > total:
            flags[id(totals[0])].append(
                f"published forms sum to at least {low}, more than this total"
            )
        elif high < total and set(distinct) == {
            "Sexual exploitation",
            "Forced labour",
            "Other forms of exploitation",
        }:
            flags[id(totals[0])].append(
                f"published forms sum to at most {high}, less than this total"
            )
    for r in rows:
        r["flag"] = "; ".join(flags.get(id(r), []))
    rows.sort(
        key=lambda r: (
            MEMBERS.index(str(r["iso3"])),
            r["year"],
            r["row_in_source"],
        )
    )
    return columns, rows


# ----------------------------------------------------------------- slavery_estimates
def build_slavery_estimates() -> tuple[list[str], list[dict[str, object]]]:
    """Walk Free Global Slavery Index 2023 estimates for the eleven members."""
    columns = [
        "iso3",
        "edition",
        "reference_year",
        "prevalence_per_1000",
        "estimated_number",
        "population",
        "source_id",
        "note",
    ]
    caveat = (
        "modelled estimate (surveys and risk model), not a count; refers to 2021; "
        "not comparable with earlier GSI editions; population is the GSI workbook figure"
    )
    rows = []
    for ref in read_csv("gsi_2023/gsi_2023_asean.csv"):
        prevalence = ref["Estimated prevalence of modern slavery per 1,000 population"]
        number = ref["Estimated number of people in modern slavery"]
        note = caveat
        if not prevalence:
            note = "not estimated by Walk Free for this country (blank in the source); " + caveat
        rows.append(
            {
                "iso3": ref["iso3"],
                "edition": 2023,
                "reference_year": 2021,
                "prevalence_per_1000": prevalence,
                "estimated_number": number,
                "population": ref["Population"],
                "source_id": "walkfree_gsi2023",
                "note": note,
            }
        )
    verbatim = {
        r["Country "].strip(): r for r in read_csv("gsi_2023/Global_Slavery_Index_2023.csv")
    }
    ref = verbatim["Timor-Leste"]
    rows.append(
        {
            "iso3": "TLS",
            "edition": 2023,
            "reference_year": 2021,
            "prevalence_per_1000": ref[
                "Estimated prevalence of modern slavery per 1,000 population"
            ].strip(),
            "estimated_number": ref["Estimated number of people in modern slavery"]
            .strip()
            .replace(",", ""),
            "population": ref["Population"].strip().replace(",", ""),
            "source_id": "walkfree_gsi2023",
            "note": caveat + " (Timor-Leste read from the full GSI 2023 table)",
        }
    )
    rows.sort(key=lambda r: MEMBERS.index(str(r["iso3"])))
    return columns, rows


# ----------------------------------------------------------------------- sdg_targets
def build_sdg_targets() -> tuple[list[str], list[dict[str, object]]]:
    """Official wording of the SDG targets and indicator the course uses."""
    columns = ["code", "goal", "kind", "text", "in_paper", "source_id"]
    in_paper = {"16.1", "16.2", "16.3"}
    rows = [
        {
            "code": ref["code"],
            "goal": int(ref["code"].split(".")[0]),
            "kind": ref["type"],
            "text": ref["official_text"],
            "in_paper": "yes" if ref["code"] in in_paper else "no",
            "source_id": "sdg_framework",
        }
        for ref in read_csv("instruments/sdg_targets.csv")
    ]
    return columns, rows


BUILDERS = {
    "members": build_members,
    "instruments": build_instruments,
    "tip_tiers": build_tip_tiers,
    "ratifications": build_ratifications,
    "detected_victims": build_detected_victims,
    "slavery_estimates": build_slavery_estimates,
    "sdg_targets": build_sdg_targets,
}


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every derived table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report tables that differ")
    args = parser.parse_args(argv)
    if not REFERENCE.is_dir():
        print(f"Reference folder not found: {REFERENCE}", file=sys.stderr)
        return 2
    changed = []
    for name, builder in BUILDERS.items():
        columns, rows = builder()
        text = to_csv_text(columns, rows)
        path = DATA / f"{name}.csv"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{name}: {len(rows)} rows{' (changed)' if old != text else ''}")
    if args.check and changed:
        print("Out of date: " + ", ".join(changed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
