"""Write data/datapackage.json (Frictionless Data Package, v1 spec) for the course tables.

Field descriptions, units and rules live here; the list of sources is read from
data/sources.csv so that the package always names every source the tables use.
Run from the repository root: ``python scripts/build_datapackage.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ISO3 = r"^[A-Z]{3}$"
PRECISION = ["day", "month", "year", "missing"]


def f(name, type_="string", description="", *, required=False, enum=None, unit=None, **rules):
    """A Table Schema field with its constraints."""
    field = {"name": name, "type": type_, "description": description}
    if type_ == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints = dict(rules)
    if required:
        constraints["required"] = True
    if enum:
        constraints["enum"] = list(enum)
    if constraints:
        field["constraints"] = constraints
    if unit:
        field["unit"] = unit
    return field


def date(name, description, **kw):
    """A date stored as YYYY, YYYY-MM or YYYY-MM-DD (precision in the column beside it)."""
    return f(name, "string", description + " Written YYYY, YYYY-MM or YYYY-MM-DD.",
             pattern=DATE_PATTERN, **kw)  # fmt: skip


SOURCE = f("source_id", description="Source of the row; see sources.csv.", required=True)
SOURCE_FK = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
MEMBER_FK = {"fields": "iso3", "reference": {"resource": "members", "fields": "iso3"}}
INSTRUMENT_FK = {
    "fields": "instrument_id",
    "reference": {"resource": "instruments", "fields": "instrument_id"},
}
ISO3_FIELD = f("iso3", description="ISO 3166-1 alpha-3 code of the ASEAN member.",
               required=True, pattern=ISO3)  # fmt: skip

RESOURCES = [
    {
        "name": "sources",
        "title": "Sources",
        "description": "One row per source the tables cite, with the terms it is used under.",
        "fields": [
            f(
                "source_id",
                description="Short identifier used by other tables.",
                required=True,
                unique=True,
                pattern=r"^[a-z0-9_]+$",
            ),  # fmt: skip
            f("title", description="Title of the work or collection.", required=True),
            f("publisher", description="Who published it.", required=True),
            f("year", description="Year or span of years of publication ('n.d.' if none)."),
            f("url", description="Web address, where one exists."),
            f(
                "terms",
                description="Licence or terms the course uses it under; says so "
                "where no licence is stated.",
                required=True,
            ),  # fmt: skip
            f("note", description="Provenance and caveats."),
        ],
        "primaryKey": ["source_id"],
        "foreignKeys": [],
    },
    {
        "name": "members",
        "title": "ASEAN members",
        "description": "The eleven ASEAN members (Timor-Leste since 26 October 2025), with ISO "
        "codes and accession dates.",
        "fields": [
            ISO3_FIELD,
            f("iso2", description="ISO 3166-1 alpha-2 code.", required=True, pattern=r"^[A-Z]{2}$"),
            f("name", description="ISO 3166 short name.", required=True),
            f("short_name", description="Name used in the course's charts.", required=True),
            date("accession_date", "Date the country joined ASEAN."),
            f(
                "accession_precision",
                description="How exact accession_date is.",
                required=True,
                enum=PRECISION,
            ),  # fmt: skip
            f("accession_note", description="Founding member, or disagreement between sources."),
            SOURCE,
        ],
        "primaryKey": ["iso3"],
        "foreignKeys": [SOURCE_FK],
    },
    {
        "name": "instruments",
        "title": "Instruments, bodies and events",
        "description": "Declarations, conventions, protocols, plans, blueprints, bodies, statutes, "
        "conferences, agendas and reports the paper or the course refers to.",
        "fields": [
            f("instrument_id", description="Short identifier.", required=True, unique=True),
            f("name", description="Full name.", required=True),
            f("short_name", description="Short name used in the course.", required=True),
            f(
                "level",
                description="Who made it.",
                required=True,
                enum=["ASEAN", "UN", "US", "other"],
            ),  # fmt: skip
            f(
                "kind",
                description="What kind of instrument it is.",
                required=True,
                enum=[
                    "declaration",
                    "convention",
                    "protocol",
                    "plan",
                    "blueprint",
                    "body",
                    "statute",
                    "conference",
                    "agenda",
                    "report",
                ],
            ),  # fmt: skip
            date("adopted_date", "Date adopted, signed, opened or inaugurated; empty if unknown."),
            f(
                "adopted_precision",
                description="How exact adopted_date is.",
                required=True,
                enum=PRECISION,
            ),  # fmt: skip
            f("adopted_place", description="Place of adoption, where known."),
            date("in_force_date", "Date it entered into force (treaties and statutes)."),
            f(
                "binding",
                description="Whether it creates legal obligations; n.a. for bodies, "
                "conferences and reports.",
                required=True,
                enum=["yes", "no", "n.a."],
            ),  # fmt: skip
            f("body", description="Body or meeting that adopted it."),
            f(
                "paper_page",
                "integer",
                "Page of the paper where it is first named; empty if the paper does not name it.",
                minimum=1,
                maximum=12,
            ),  # fmt: skip
            SOURCE,
            f("note", description="Caveats and the address of the page the facts come from."),
        ],
        "primaryKey": ["instrument_id"],
        "foreignKeys": [SOURCE_FK],
    },
    {
        "name": "measures",
        "title": "Measures the paper lists",
        "description": "Every measure, action, area or policy the paper lists for the 2004 "
        "Declaration, the APSC Blueprint of 2015, ACTIP, the APA and the Bohol TIP Work Plan, "
        "paraphrased, with the course's category and related SDG targets.",
        "fields": [
            f("measure_id", description="Short identifier.", required=True, unique=True),
            f("instrument_id", description="Instrument the measure belongs to.", required=True),
            f(
                "number",
                "integer",
                "Number of the measure in the paper's list.",
                required=True,
                minimum=1,
            ),  # fmt: skip
            f("text", description="The course's paraphrase in English.", required=True),
            f(
                "category",
                description="The course's category.",
                required=True,
                enum=["prevention", "protection", "prosecution", "cooperation"],
            ),  # fmt: skip
            f(
                "sdg_targets",
                description="Related SDG target codes, separated by ';'.",
                pattern=r"^\d+\.\d+(\.\d+)?(;\d+\.\d+(\.\d+)?)*$",
            ),  # fmt: skip
            f(
                "year",
                "integer",
                "Year the instrument was adopted.",
                required=True,
                minimum=2000,
                maximum=2030,
                unit="year",
            ),  # fmt: skip
            f(
                "paper_page", "integer", "Page of the paper.", required=True, minimum=1, maximum=12
            ),  # fmt: skip
            SOURCE,
        ],
        "primaryKey": ["measure_id"],
        "foreignKeys": [SOURCE_FK, INSTRUMENT_FK],
    },
    {
        "name": "paper_claims",
        "title": "Claims of the paper, checked",
        "description": "Every figure and dated claim in the paper with its page, the paper's "
        "own source and the course's assessment.",
        "fields": [
            f("claim_id", description="Short identifier.", required=True, unique=True),
            f(
                "chapter",
                "integer",
                "Course chapter that discusses the claim.",
                required=True,
                minimum=1,
                maximum=5,
            ),  # fmt: skip
            f("page", "integer", "Page of the paper.", required=True, minimum=1, maximum=12),
            f("claim", description="The claim, paraphrased in English.", required=True),
            f("value", description="The figure or date as the paper gives it, if any."),
            f("unit", description="Unit of value."),
            f("paper_source", description="The source the paper gives ('none given' if none)."),
            f(
                "assessment",
                description="The course's verdict.",
                required=True,
                enum=["supported", "partly supported", "unsupported", "wrong", "typo"],
            ),  # fmt: skip
            f("better_source_id", description="Better source, where the course has one."),
            f("explanation", description="Why the claim got its assessment.", required=True),
            SOURCE,
        ],
        "primaryKey": ["claim_id"],
        "foreignKeys": [
            SOURCE_FK,
            {
                "fields": "better_source_id",
                "reference": {"resource": "sources", "fields": "source_id"},
            },  # fmt: skip
        ],
    },
    {
        "name": "tip_tiers",
        "title": "US TIP Report tier placements, 2001-2025",
        "description": "One row per member and report year (11 x 25 = 275 rows). Tiers rate a "
        "government's efforts against US minimum standards, not the size of the problem.",
        "fields": [
            ISO3_FIELD,
            f(
                "report_year",
                "integer",
                "Year of the TIP Report (released around June).",
                required=True,
                minimum=2001,
                maximum=2025,
                unit="year",
            ),  # fmt: skip
            f(
                "tier",
                description="Placement, ordered Tier 1 < Tier 2 < Tier 2 Watch List < "
                "Tier 3; empty when missing or not rated.",
                enum=["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"],
            ),  # fmt: skip
            f(
                "evidence",
                description="dataset = Heiss/Cho research data; page = a page about that "
                "country states it; regional summary = only a news summary of the whole region "
                "states it (weaker); inferred = deduced from another year's page; missing = not "
                "found; not rated = not in that year's report.",
                required=True,
                enum=["dataset", "page", "regional summary", "inferred", "missing", "not rated"],
            ),  # fmt: skip
            SOURCE,
            f("source_url", description="Address of the dataset file or page."),
            f("note", description="Caveats."),
        ],
        "primaryKey": ["iso3", "report_year"],
        "foreignKeys": [SOURCE_FK, MEMBER_FK],
    },
    {
        "name": "ratifications",
        "title": "Ratifications of ACTIP and the UN TIP Protocol",
        "description": "One row per member and treaty (22 rows). Missing dates stay empty.",
        "fields": [
            ISO3_FIELD,
            f(
                "instrument_id",
                description="ACTIP or TIP_PROTOCOL.",
                required=True,
                enum=["ACTIP", "TIP_PROTOCOL"],
            ),  # fmt: skip
            f(
                "action",
                description="Ratification, accession or the step the source reports.",
                required=True,
            ),  # fmt: skip
            date("date", "Date of the action; empty when not found."),
            f(
                "date_precision",
                description="How exact date is; 'on or before' = the source "
                "only shows the action had happened by that date.",
                required=True,
                enum=["day", "month", "year", "on or before", "missing"],
            ),  # fmt: skip
            SOURCE,
            f("source_url", description="Address of the page."),
            f("note", description="Caveats, trust and disagreements."),
        ],
        "primaryKey": ["iso3", "instrument_id"],
        "foreignKeys": [SOURCE_FK, MEMBER_FK, INSTRUMENT_FK],
    },
    {
        "name": "detected_victims",
        "title": "Detected victims of trafficking (UNODC GLOTIP)",
        "description": "Victims detected by national authorities as published by UNODC, total "
        "and by form of exploitation, sex and age. Not prevalence. Source inconsistencies are "
        "flagged, not fixed.",
        "fields": [
            ISO3_FIELD,
            f(
                "year",
                "integer",
                "Year of detection.",
                required=True,
                minimum=2003,
                maximum=2024,
                unit="year",
            ),  # fmt: skip
            f(
                "indicator",
                description="UNODC indicator.",
                required=True,
                enum=["Detected trafficking victims"],
            ),  # fmt: skip
            f(
                "form",
                description="Form of exploitation ('Total' = all forms).",
                required=True,
                enum=[
                    "Total",
                    "Sexual exploitation",
                    "Forced labour",
                    "Other forms of exploitation",
                ],
            ),  # fmt: skip
            f(
                "sex",
                description="Sex as published.",
                required=True,
                enum=["Total", "Female", "Male", "Other", "Unknown"],
            ),  # fmt: skip
            f(
                "age",
                description="Age group as published.",
                required=True,
                enum=["Total", "0-17", "18+", "Unknown"],
            ),  # fmt: skip
            f(
                "count",
                "integer",
                "Number of detected victims; empty when censored.",
                minimum=0,
                unit="persons",
            ),  # fmt: skip
            f("censored", "boolean", "True when UNODC published '<5'.", required=True),
            f(
                "value_as_published",
                description="The value exactly as in the source.",
                required=True,
            ),  # fmt: skip
            f("flag", description="Short note on a source inconsistency, or empty."),
            f(
                "row_in_source",
                "integer",
                "Line of the row in "
                "../shared/reference/unodc_glotip/glotip_asean_all_rows.csv; tells apart rows "
                "the source repeats under the same key.",
                required=True,
                minimum=2,
            ),  # fmt: skip
            SOURCE,
        ],
        "primaryKey": ["iso3", "year", "indicator", "form", "sex", "age", "row_in_source"],
        "foreignKeys": [SOURCE_FK, MEMBER_FK],
    },
    {
        "name": "slavery_estimates",
        "title": "Global Slavery Index 2023 estimates",
        "description": "Walk Free's modelled estimates of people in modern slavery (2021). "
        "Estimates, not counts; Brunei not estimated.",
        "fields": [
            ISO3_FIELD,
            f("edition", "integer", "GSI edition.", required=True, minimum=2013, maximum=2030),
            f("reference_year", "integer", "Year the estimates refer to.", unit="year"),
            f(
                "prevalence_per_1000",
                "number",
                "Estimated people in modern slavery per 1,000 population.",
                minimum=0,
                maximum=1000,
                unit="per 1,000 population",
            ),  # fmt: skip
            f(
                "estimated_number",
                "integer",
                "Estimated people in modern slavery.",
                minimum=0,
                unit="persons",
            ),  # fmt: skip
            f(
                "population",
                "integer",
                "Population figure in the GSI workbook (not an official series).",
                minimum=0,
                unit="persons",
            ),  # fmt: skip
            SOURCE,
            f("note", description="Method caveat."),
        ],
        "primaryKey": ["iso3", "edition"],
        "foreignKeys": [SOURCE_FK, MEMBER_FK],
    },
    {
        "name": "sdg_targets",
        "title": "SDG targets and indicator",
        "description": "Official wording of the SDG targets (and indicator 16.2.2) the course "
        "relates to trafficking.",
        "fields": [
            f(
                "code",
                description="Target or indicator code.",
                required=True,
                unique=True,
                pattern=r"^\d+\.\d+(\.\d+)?$",
            ),  # fmt: skip
            f("goal", "integer", "Goal number.", required=True, minimum=1, maximum=17),
            f(
                "kind",
                description="Target or indicator.",
                required=True,
                enum=["target", "indicator"],
            ),  # fmt: skip
            f("text", description="Official UN wording.", required=True),
            f(
                "in_paper",
                description="Whether the paper refers to it.",
                required=True,
                enum=["yes", "no"],
            ),  # fmt: skip
            SOURCE,
        ],
        "primaryKey": ["code"],
        "foreignKeys": [SOURCE_FK],
    },
    {
        "name": "forced_criminality",
        "title": "Trafficking into forced criminality (scam compounds), 2023-2025",
        "description": "Published estimates, counts and claims about people trafficked into "
        "online scam operations, the money involved, the 2025 crackdowns and ASEAN's 2023 "
        "declaration. Estimates stay estimates; numbers that disagree are kept side by side.",
        "fields": [
            f("item_id", description="Short identifier.", required=True, unique=True),
            f(
                "topic",
                description="What the row is about.",
                required=True,
                enum=["people held", "money", "crackdown", "ASEAN response"],
            ),  # fmt: skip
            f("fact", description="The course's paraphrase of the source.", required=True),
            f("value", "number", "The number (the lower end of a range); empty when none."),
            f("value_high", "number", "Upper end of a range; empty when not a range."),
            f(
                "unit",
                description="What value counts (people, billion USD a year, date).",
                required=True,
            ),  # fmt: skip
            f("place", description="Where the number applies.", required=True),
            date("date", "When the source published or dated the fact."),
            f("date_precision", description="How exact date is.", required=True, enum=PRECISION),
            f("counted_by", description="Who produced the number or statement.", required=True),
            f(
                "kind",
                description="estimate, official figure, claim by a party (with an interest in "
                "it), news report, or document.",
                required=True,
                enum=["estimate", "official figure", "claim by a party", "news report", "document"],
            ),  # fmt: skip
            f(
                "confidence",
                description="Confidence given by the reference material.",
                required=True,
                enum=["high", "medium", "low"],
            ),  # fmt: skip
            f("caveat", description="The publisher's caveat and disagreements."),
            f(
                "reference_fact",
                description="fact_id in ../shared/reference/recent_developments/facts.csv.",
                required=True,
            ),  # fmt: skip
            SOURCE,
            f("source_url", description="Address of the page.", required=True),
        ],
        "primaryKey": ["item_id"],
        "foreignKeys": [SOURCE_FK],
    },
    {
        "name": "glossary",
        "title": "Glossary",
        "description": "Terms of the five chapters with Indonesian equivalents and short "
        "definitions in the course's own words.",
        "fields": [
            f("term_id", description="Short identifier.", required=True, unique=True),
            f("term", description="English term.", required=True),
            f("indonesian", description="Indonesian equivalent.", required=True),
            f(
                "definition", description="Short definition in the course's words.", required=True
            ),  # fmt: skip
            f(
                "chapter",
                "integer",
                "Chapter where the term is introduced.",
                required=True,
                minimum=1,
                maximum=5,
            ),  # fmt: skip
            SOURCE,
        ],
        "primaryKey": ["term_id"],
        "foreignKeys": [SOURCE_FK],
    },
]

# Sources each resource draws on (package-level sources are listed from sources.csv).
RESOURCE_SOURCES = {
    "sources": ["paper"],
    "members": ["asean_japan_centre", "recent_pages"],
    "instruments": ["instrument_pages", "paper"],
    "measures": ["paper"],
    "paper_claims": ["paper"],
    "tip_tiers": ["heiss_cho_tiers", "tip_pages", "recent_pages", "us_tip_report"],
    "ratifications": ["treaty_pages", "recent_pages"],
    "forced_criminality": ["ohchr_scam_2023", "unodc_scam_reports", "recent_pages"],
    "detected_victims": ["unodc_glotip"],
    "slavery_estimates": ["walkfree_gsi2023"],
    "sdg_targets": ["sdg_framework"],
    "glossary": ["course", "untoc_protocols", "us_tip_report", "unodc_glotip"],
}

COURSE_LICENSE = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT for the course's own tables and wording; third-party facts keep the terms "
    "of their sources (see each source's terms)",
}


def main() -> None:
    """Write data/datapackage.json."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = {row["source_id"]: row for row in csv.DictReader(handle)}

    def source_entry(source_id: str) -> dict[str, str]:
        row = sources[source_id]
        entry = {"title": f"{row['title']} ({row['publisher']}, {row['year']})"}
        if row["url"]:
            entry["path"] = row["url"]
        entry["terms"] = row["terms"]
        return entry

    resources = []
    for spec in RESOURCES:
        resources.append(
            {
                "name": spec["name"],
                "title": spec["title"],
                "description": spec["description"],
                "path": f"{spec['name']}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "sources": [source_entry(s) for s in RESOURCE_SOURCES[spec["name"]]],
                "licenses": [COURSE_LICENSE],
                "schema": {
                    "fields": spec["fields"],
                    "missingValues": [""],
                    "primaryKey": spec["primaryKey"],
                    "foreignKeys": spec["foreignKeys"],
                },
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "asean-tip-course-data",
        "title": "Countering human trafficking in Southeast Asia: course data",
        "description": "Tables behind the course: the paper's measures and claims, TIP tier "
        "placements 2001-2025, ratifications, UNODC detected victims, Global Slavery Index "
        "2023 estimates, SDG targets and a glossary. Aggregated, published figures only. "
        "See README.md for a data card per table.",
        "version": "1.0.0",
        "licenses": [COURSE_LICENSE],
        "sources": [source_entry(s) for s in sources],
        "resources": resources,
    }
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (DATA / "datapackage.json").write_text(text, encoding="utf-8")
    print(f"datapackage.json: {len(resources)} resources, {len(sources)} sources")


if __name__ == "__main__":
    main()
