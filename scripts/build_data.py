"""Derive the course's reference-based tables from ``../shared/reference``.

Run from the repository root::

    python scripts/build_data.py            # writes data/<table>.csv
    python scripts/build_data.py --check    # exits 1 if a written table would change

Tables written: members, instruments, tip_tiers, ratifications, detected_victims,
slavery_estimates, sdg_targets. The hand-authored tables (sources, measures,
paper_claims, glossary) are edited directly in ``data/``.

Everything written by hand that these tables need is a data file in ``data/curated/``
(this script holds only the rules that turn reference rows into course rows):

- ``members.csv``      the members, in the course's order, with their short names;
- ``instruments.csv``  one row per instrument (``ref`` names the reference row whose date
                       it is checked against and whose name and page it takes);
- ``sdg_targets.csv``  which SDG targets the paper names, and their short chart labels;
- ``labels.csv``       reference labels translated into the course's values;
- ``corrections.csv``  one row per corrected cell: table, key, field, value, source, reason;
- ``added_<table>.csv`` (optional) whole rows the reference lacks, with the table's
                       columns plus ``reason``.

The columns of every table are those of ``data/schema.json``, and every built row is
checked against its rules (allowed values, types, ranges) before anything is written.
Only the standard library is used, so the script runs anywhere Python 3.11 runs.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CURATED = DATA / "curated"
REFERENCE = (REPO / ".." / "shared" / "reference").resolve()


def load_schema_module():
    """asean_tip_course/schema.py on its own (standard library only; no pandas needed)."""
    spec = importlib.util.spec_from_file_location(
        "asean_tip_course_schema", REPO / "asean_tip_course" / "schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCHEMA = load_schema_module()

HEISS_URL = (
    "https://github.com/andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US/blob/"
    "a74d421bf3b6b6b93b27d95570b18522613da63c/data/tip_tiers_orig.csv"
)
GLOTIP_FILE = "unodc_glotip/glotip_asean_all_rows.csv"
RECENT_FILE = "recent_developments/facts.csv"
RECENT_FACTS = "recent_developments/facts.csv"
RECENT_PREFIX = "recent_developments:"


def read_csv(relative: str) -> list[dict[str, str]]:
    """Rows of a reference CSV as dictionaries."""
    path = REFERENCE / relative
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CURATED_COLUMNS = {
    "members.csv": ("iso3", "short_name"),
    "labels.csv": ("table", "field", "reference_value", "value"),
    "corrections.csv": ("table", "key", "field", "value", "source", "reason"),
    "sdg_targets.csv": ("code", "in_paper", "label"),
}
"""Columns each fixed-format curated file must have (instruments.csv: the schema's, plus ref)."""


def read_curated(name: str) -> list[dict[str, str]]:
    """Rows of a hand-curated file in data/curated/ ([] when an optional file is absent)."""
    path = CURATED / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CURATED_COLUMNS.get(name, ()) if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"data/curated/{name}: column(s) missing: {', '.join(missing)}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise SystemExit(f"data/curated/{name} line {number}: not as many values as columns")
    return rows


def members() -> list[str]:
    """ISO3 codes of the members in the course's order (data/curated/members.csv)."""
    return [row["iso3"] for row in read_curated("members.csv")]


def member_order(iso3: object) -> int:
    """Position of a member in the course's order; stops the build on an unknown code."""
    order = members()
    if iso3 not in order:
        raise SystemExit(f"{iso3!r} is not a member listed in data/curated/members.csv")
    return order.index(str(iso3))


def labels(table: str, field: str) -> dict[str, str]:
    """Reference label -> course value for one field (data/curated/labels.csv)."""
    return {
        row["reference_value"]: row["value"]
        for row in read_curated("labels.csv")
        if row["table"] == table and row["field"] == field
    }


def add_rows(table: str, columns: list[str], rows: list[dict[str, object]]) -> None:
    """Append the rows of data/curated/added_<table>.csv (the reference lacks them)."""
    for number, row in enumerate(read_curated(f"added_{table}.csv"), start=2):
        if not row.get("reason", "").strip():
            raise SystemExit(f"data/curated/added_{table}.csv line {number}: reason is empty")
        unknown = set(row) - set(columns) - {"reason"}
        missing = set(columns) - set(row)
        if unknown or missing:
            raise SystemExit(
                f"data/curated/added_{table}.csv: columns must be {', '.join(columns)}, reason "
                f"(unknown: {sorted(unknown)}, missing: {sorted(missing)})"
            )
        rows.append({c: row[c] for c in columns})


def apply_corrections(table: str, columns: list[str], rows: list[dict[str, object]]) -> None:
    """Set each cell named in data/curated/corrections.csv; stop if one matches no row."""
    for number, fix in enumerate(read_curated("corrections.csv"), start=2):
        if fix["table"] != table:
            continue
        where = f"data/curated/corrections.csv line {number}"
        if not fix["source"].strip() or not fix["reason"].strip():
            raise SystemExit(f"{where}: every correction needs a source and a reason")
        if fix["field"] not in columns:
            raise SystemExit(f"{where}: {table} has no column {fix['field']!r}")
        key = dict(part.split("=", 1) for part in fix["key"].split(";"))
        hits = [r for r in rows if all(str(r.get(k)) == v for k, v in key.items())]
        if len(hits) != 1:
            raise SystemExit(f"{where}: key {fix['key']!r} matches {len(hits)} rows of {table}")
        hits[0][fix["field"]] = fix["value"]


def recent_facts() -> dict[str, dict[str, str]]:
    """The rows of ``recent_developments/facts.csv`` by fact id (A01, H04, ...)."""
    return {r["fact_id"]: r for r in read_csv(RECENT_FILE)}


def check_rows(table: str, columns: list[str], rows: list[dict[str, object]]) -> None:
    """Stop, naming table, row and field, when a built row breaks data/schema.json."""
    expected = SCHEMA.columns(table)
    if columns != expected:
        raise SystemExit(f"{table}: built columns {columns} differ from the schema's {expected}")
    for number, row in enumerate(rows, start=1):
        extra = set(row) - set(expected)
        if extra:
            raise SystemExit(f"{table} row {number}: columns not in the schema: {sorted(extra)}")
        for spec in SCHEMA.table(table)["fields"]:
            value = row.get(spec["name"])
            problem = SCHEMA.cell_problem(spec, "" if value is None else str(value))
            if problem:
                raise SystemExit(f"{table} row {number} ({row}), field {spec['name']}: {problem}")


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
    columns = SCHEMA.columns("members")
    short_names = {row["iso3"]: row["short_name"] for row in read_curated("members.csv")}
    rows = []
    for ref in read_csv("country_facts/asean_country_facts.csv"):
        if ref["iso3"] not in short_names:
            continue
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
                "short_name": short_names[ref["iso3"]],
                "accession_date": date,
                "accession_precision": precision,
                "accession_note": note,
                "source_id": "asean_japan_centre",
            }
        )
    if "TLS" in short_names:
        admission = recent_facts()["A01"]
        rows.append(
            {
                "iso3": "TLS",
                "iso2": "TL",
                "name": "Timor-Leste",
                "short_name": short_names["TLS"],
                "accession_date": admission["value"],
                "accession_precision": "day",
                "accession_note": "admitted as the 11th member at the 47th ASEAN Summit (Kuala "
                "Lumpur); medium confidence: a news agency quoting an ASEAN statement, the "
                "asean.org original not retrieved (reference fact A01). Source page: "
                + admission["url"],
                "source_id": "recent_pages",
            }
        )
    add_rows("members", columns, rows)
    apply_corrections("members", columns, rows)
    found = [r["iso3"] for r in rows]
    for iso3 in short_names:
        if found.count(iso3) != 1:
            raise SystemExit(
                f"member {iso3}: {found.count(iso3)} rows (the reference country facts lack it? "
                "add its row to data/curated/added_members.csv)"
            )
    rows.sort(key=lambda r: member_order(r["iso3"]))
    return columns, rows


# ----------------------------------------------------------------------- instruments
def build_instruments() -> tuple[list[str], list[dict[str, object]]]:
    """Instruments with dates checked against the reference row named in ``ref``."""
    reference = {r["id"]: r for r in read_csv("instruments/instruments.csv")}
    facts = {r["fact_id"]: r for r in read_csv(RECENT_FACTS)}
    curated = read_curated("instruments.csv")
    columns = SCHEMA.columns("instruments")
    if curated and set(curated[0]) != {*columns, "ref"}:
        raise SystemExit(
            "data/curated/instruments.csv: columns must be ref and " + ", ".join(columns)
        )
    rows = []
    for spec in curated:
        row: dict[str, object] = dict(spec)
        ref_id = str(row.pop("ref"))
        if ref_id.startswith(RECENT_PREFIX):
            # A fact row of reference/recent_developments/facts.csv: the date must be
            # stated in that row (its value, date or text), and it must not be MISSING.
            fact_id = ref_id.removeprefix(RECENT_PREFIX)
            fact = facts.get(fact_id)
            if fact is None or fact["fact"].startswith("MISSING"):
                raise SystemExit(f"instrument {row['instrument_id']}: no sourced fact {ref_id}")
            date = str(row["adopted_date"])
            stated = " ".join((fact["value"], fact["date_of_fact"], fact["fact"]))
            if date and date not in stated:
                raise SystemExit(f"instrument {row['instrument_id']}: {date} not in {ref_id}")
            if not row["name"]:
                raise SystemExit(f"instrument {row['instrument_id']}: {ref_id} needs a name")
            note = f"{row['note']} Fact {fact_id} ({fact['confidence']} confidence)"
            row["note"] = (note + (": " + fact["url"] if fact["url"] else ".")).strip()
        elif ref_id:
            if ref_id not in reference:
                raise SystemExit(f"instrument {row['instrument_id']}: no reference row {ref_id}")
            ref = reference[ref_id]
            if not row["name"]:
                row["name"] = ref["name"].split(" - ")[0]
            date = str(row["adopted_date"])
            if date and not ref["adopted_date"].startswith(date):
                raise SystemExit(f"instrument {row['instrument_id']}: {date} not in {ref_id}")
            row["note"] = (str(row["note"]) + " Source page: " + ref["source_url"]).strip()
        elif not row["name"]:
            raise SystemExit(f"instrument {row['instrument_id']}: no ref, so the name is needed")
        rows.append(row)
    return columns, rows


# ------------------------------------------------------------------------- tip_tiers


def build_tip_tiers() -> tuple[list[str], list[dict[str, object]]]:
    """275 member x report-year rows: the merged 2001-2024 reference table for the ten,
    Timor-Leste from the Heiss/Cho dataset to 2015, and the rows of curated/recent_tiers.csv
    (Timor-Leste 2016-2024, every member 2025) read from the recent-developments facts."""
    columns = SCHEMA.columns("tip_tiers")
    evidence_labels = labels("tip_tiers", "evidence")
    rows = []
    for ref in read_csv("tip_tiers_2016_2024_compiled/tip_tiers_asean_2001_2024_merged.csv"):
        if ref["evidence"] not in evidence_labels:
            raise SystemExit(
                f"tip_tiers: evidence label {ref['evidence']!r} is not in data/curated/labels.csv"
            )
        evidence = evidence_labels[ref["evidence"]]
        from_dataset = ref["source"].startswith("andrewheiss/")
        note = ref["note"]
        if evidence == "not rated":
            note = "NA in the Heiss/Cho dataset: not rated or not in that year's report"
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
    rows += _timor_leste_tiers() + _recent_tiers()
    add_rows("tip_tiers", columns, rows)
    apply_corrections("tip_tiers", columns, rows)
    rows.sort(key=lambda r: (member_order(r["iso3"]), int(str(r["report_year"]))))
    return columns, rows


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
    """Timor-Leste 2001-2015 from the full Heiss/Cho file (the ASEAN subset has only the ten)."""
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
    if recent_facts()["A10"]["value"] != next(r["tier"] for r in rows if r["report_year"] == 2015):
        raise SystemExit("Timor-Leste 2015: the Heiss/Cho dataset and fact A10 disagree")
    return rows


def _recent_tiers() -> list[dict[str, object]]:
    """One row per line of curated/recent_tiers.csv (iso3, report_year, fact_id, evidence)."""
    facts = recent_facts()
    rows = []
    for spec in read_curated("recent_tiers.csv"):
        fact = facts[spec["fact_id"]]
        if not fact["date_of_fact"].startswith(spec["report_year"]):
            raise SystemExit(
                f"recent_tiers: fact {spec['fact_id']} is not about {spec['report_year']}"
            )
        evidence = spec["evidence"]
        if ("(inferred)" in fact["value"]) != (evidence == "inferred"):
            raise SystemExit(
                f"recent_tiers: fact {spec['fact_id']} and evidence {evidence!r} disagree"
            )
        rows.append(_recent_tier_row(spec["iso3"], int(spec["report_year"]), fact, evidence))
    return rows


# --------------------------------------------------------------------- ratifications
def build_ratifications() -> tuple[list[str], list[dict[str, object]]]:
    """ACTIP and UN TIP Protocol: one row per member and treaty (22 rows)."""
    columns = SCHEMA.columns("ratifications")
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
            row.update(date=ref["date"][:10], date_precision=ref["date_precision"], note="")
        else:
            gap = gap_by_country.get(ref["country"])
            if gap is not None and gap["date_precision"] == "month":
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
    if "TLS" in members():
        rows += _timor_leste_ratifications()
    add_rows("ratifications", columns, rows)
    apply_corrections("ratifications", columns, rows)
    rows.sort(key=lambda r: (member_order(r["iso3"]), str(r["instrument_id"])))
    return columns, rows


def _timor_leste_ratifications() -> list[dict[str, object]]:
    """Timor-Leste: ACTIP status not found (A09); UN TIP Protocol accession in 2009 (A05, A06)."""
    facts = recent_facts()
    protocol, month = facts["A05"], facts["A06"]
    return [
        {
            "iso3": "TLS",
            "instrument_id": "ACTIP",
            "action": "status not found",
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


def _count(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


def build_detected_victims() -> tuple[list[str], list[dict[str, object]]]:
    """GLOTIP detected victims (total and by form, sex, age) with source problems flagged."""
    columns = SCHEMA.columns("detected_victims")
    ages = labels("detected_victims", "age")
    (indicator,) = SCHEMA.vocabulary("victim_indicator")
    all_forms = {f for f in SCHEMA.vocabulary("exploitation_form") if f != "Total"}
    rows = []
    with (REFERENCE / GLOTIP_FILE).open(encoding="utf-8", newline="") as handle:
        for line, ref in enumerate(csv.DictReader(handle), start=2):
            if ref["Indicator"] != indicator:
                continue
            if ref["Dimension"] not in ("Total", "by form of exploitation"):
                continue
            published = ref["txtVALUE"].strip()
            rows.append(
                {
                    "iso3": ref["Iso3_code"],
                    "year": int(ref["Year"]),
                    "indicator": indicator,
                    "form": ref["Category"],
                    "sex": ref["Sex"],
                    "age": ages[ref["Age"]],
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
        elif high < total and set(distinct) == all_forms:
            flags[id(totals[0])].append(
                f"published forms sum to at most {high}, less than this total"
            )
    for r in rows:
        r["flag"] = "; ".join(flags.get(id(r), []))
    apply_corrections("detected_victims", columns, rows)
    rows.sort(key=lambda r: (member_order(r["iso3"]), r["year"], r["row_in_source"]))
    return columns, rows


# ----------------------------------------------------------------- slavery_estimates
def build_slavery_estimates() -> tuple[list[str], list[dict[str, object]]]:
    """Walk Free Global Slavery Index 2023 estimates for the eleven members."""
    columns = SCHEMA.columns("slavery_estimates")
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
    if "TLS" in members():
        ref = {
            r["Country "].strip(): r for r in read_csv("gsi_2023/Global_Slavery_Index_2023.csv")
        }["Timor-Leste"]
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
    add_rows("slavery_estimates", columns, rows)
    apply_corrections("slavery_estimates", columns, rows)
    rows.sort(key=lambda r: member_order(r["iso3"]))
    return columns, rows


# ----------------------------------------------------------------------- sdg_targets
def build_sdg_targets() -> tuple[list[str], list[dict[str, object]]]:
    """Official wording of the SDG targets and indicator the course uses."""
    columns = SCHEMA.columns("sdg_targets")
    curated = {row["code"]: row for row in read_curated("sdg_targets.csv")}
    rows = []
    for ref in read_csv("instruments/sdg_targets.csv"):
        if ref["code"] not in curated:
            raise SystemExit(f"sdg_targets: {ref['code']} is not in data/curated/sdg_targets.csv")
        rows.append(
            {
                "code": ref["code"],
                "goal": int(ref["code"].split(".")[0]),
                "kind": ref["type"],
                "text": ref["official_text"],
                "in_paper": curated[ref["code"]]["in_paper"],
                "label": curated[ref["code"]]["label"],
                "source_id": "sdg_framework",
            }
        )
    add_rows("sdg_targets", columns, rows)
    apply_corrections("sdg_targets", columns, rows)
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


def build(name: str) -> tuple[list[str], list[dict[str, object]]]:
    """Build one table and check its rows against data/schema.json."""
    columns, rows = BUILDERS[name]()
    check_rows(name, columns, rows)
    return columns, rows


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every derived table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report tables that differ")
    args = parser.parse_args(argv)
    if not REFERENCE.is_dir():
        print(f"Reference folder not found: {REFERENCE}", file=sys.stderr)
        return 2
    changed = []
    for name in BUILDERS:
        columns, rows = build(name)
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
