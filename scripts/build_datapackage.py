"""Write data/datapackage.json (Frictionless Data Package, v1 spec) for the course tables.

Everything about the tables (fields, types, allowed values, keys, units, descriptions, the
sources each table draws on) is read from data/schema.json, the one place it is written;
the list of sources is read from data/sources.csv so that the package always names every
source the tables use. The script also writes what other files show of the schema: the
field list of each data card in data/README.md and the table of tables in docs/CONTRACT.md
(between ``<!-- schema:... -->`` markers).

Run from the repository root::

    python scripts/build_datapackage.py           # writes the files
    python scripts/build_datapackage.py --check   # exits 1, naming the file, if one is stale
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
README = DATA / "README.md"
CONTRACT = REPO / "docs" / "CONTRACT.md"


def load_schema_module():
    """asean_tip_course/schema.py on its own (standard library only; no pandas needed)."""
    spec = importlib.util.spec_from_file_location(
        "asean_tip_course_schema", REPO / "asean_tip_course" / "schema.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCHEMA = load_schema_module()


COURSE_LICENSE = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT for the course's own tables and wording; third-party facts keep the terms "
    "of their sources (see each source's terms)",
}


DATE_NOTE = " Written YYYY, YYYY-MM or YYYY-MM-DD."


def package_field(spec: dict) -> dict:
    """A Table Schema field (Frictionless v1) for a field of data/schema.json."""
    is_date = spec["type"] == "date"
    field = {
        "name": spec["name"],
        "type": "string" if is_date else spec["type"],
        "description": spec["description"] + (DATE_NOTE if is_date else ""),
    }
    if spec["type"] == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints = {}
    if spec.get("unique"):
        constraints["unique"] = True
    if is_date:
        constraints["pattern"] = SCHEMA.DATE_PATTERN
    for rule in ("pattern", "minimum", "maximum"):
        if rule in spec:
            constraints[rule] = spec[rule]
    if spec.get("required"):
        constraints["required"] = True
    if "vocabulary" in spec:
        constraints["enum"] = list(SCHEMA.vocabulary(spec["vocabulary"]))
    if constraints:
        field["constraints"] = constraints
    if "unit" in spec:
        field["unit"] = spec["unit"]
    return field


def package_text() -> str:
    """The text of data/datapackage.json, made from data/schema.json and data/sources.csv."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = {row["source_id"]: row for row in csv.DictReader(handle)}

    def source_entry(source_id: str) -> dict[str, str]:
        if source_id not in sources:
            raise SystemExit(f"data/schema.json names source {source_id!r}, not in sources.csv")
        row = sources[source_id]
        entry = {"title": f"{row['title']} ({row['publisher']}, {row['year']})"}
        if row["url"]:
            entry["path"] = row["url"]
        entry["terms"] = row["terms"]
        return entry

    resources = []
    for name in SCHEMA.table_names():
        spec = SCHEMA.table(name)
        resources.append(
            {
                "name": name,
                "title": spec["title"],
                "description": spec["description"],
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "sources": [source_entry(s) for s in spec["sources"]],
                "licenses": [COURSE_LICENSE],
                "schema": {
                    "fields": [package_field(f) for f in spec["fields"]],
                    "missingValues": [""],
                    "primaryKey": spec["primaryKey"],
                    "foreignKeys": [
                        {
                            "fields": column,
                            "reference": dict(
                                zip(("resource", "fields"), target.split(".", 1), strict=True)
                            ),
                        }
                        for column, target in spec["foreignKeys"].items()
                    ],
                },
            }
        )
    years = SCHEMA.value_range("tip_tiers", "report_year")
    package = {
        "profile": "tabular-data-package",
        "name": "asean-tip-course-data",
        "title": "Countering human trafficking in Southeast Asia: course data",
        "description": "Tables behind the course: the paper's measures and claims, TIP tier "
        f"placements {years[0]}-{years[-1]}, ratifications, UNODC detected victims, Global "
        "Slavery Index 2023 estimates, SDG targets and a glossary. Aggregated, published "
        "figures only. See README.md for a data card per table.",
        "version": "1.0.0",
        "licenses": [COURSE_LICENSE],
        "sources": [source_entry(s) for s in sources],
        "resources": resources,
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true / false",
    "date": "date (YYYY, YYYY-MM or YYYY-MM-DD)",
}


def rules_text(spec: dict) -> str:
    """A field's type and rules in words (for the data cards and the contract)."""
    words = [TYPE_WORDS[spec["type"]]]
    if "minimum" in spec and "maximum" in spec:
        words.append(f"{spec['minimum']}-{spec['maximum']}")
    elif "minimum" in spec:
        words.append(f"at least {spec['minimum']}")
    if "unit" in spec:
        words.append(spec["unit"])
    if spec.get("required"):
        words.append("required")
    if spec.get("unique"):
        words.append("unique")
    if "vocabulary" in spec:
        order = " < " if SCHEMA.is_ordered(spec["vocabulary"]) else " / "
        words.append("one of " + order.join(SCHEMA.vocabulary(spec["vocabulary"])))
    return ", ".join(words)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def card_fields(name: str) -> str:
    """The field list of one data card (a Markdown table)."""
    spec = SCHEMA.table(name)
    lines = ["| field | type and rules | meaning |", "|---|---|---|"]
    for field in spec["fields"]:
        lines.append(
            f"| `{field['name']}` | {cell(rules_text(field))} | {cell(field['description'])} |"
        )
    key = ", ".join(spec["primaryKey"])
    foreign = "; ".join(f"{c} -> {t}" for c, t in spec["foreignKeys"].items()) or "none"
    lines.append("")
    lines.append(f"Key: {key}. Foreign keys: {foreign}.")
    return "\n".join(lines)


def contract_tables() -> str:
    """The table of tables in docs/CONTRACT.md."""
    lines = ["| name | one row per | columns |", "|---|---|---|"]
    for name in SCHEMA.table_names():
        spec = SCHEMA.table(name)
        names = []
        for field in spec["fields"]:
            text = field["name"]
            if "vocabulary" in field:
                order = " < " if SCHEMA.is_ordered(field["vocabulary"]) else " / "
                text += " (" + order.join(SCHEMA.vocabulary(field["vocabulary"])) + ")"
            elif field["type"] == "integer" and "minimum" in field and "maximum" in field:
                text += f" ({field['minimum']}-{field['maximum']})"
            names.append(text)
        lines.append(f"| `{name}` | {cell(spec['row'])} | {cell(', '.join(names))} |")
    return "\n".join(lines)


def fill(path: Path, text: str, blocks: dict[str, str]) -> str:
    """``text`` with each ``<!-- schema:ID -->`` ... ``<!-- /schema:ID -->`` block replaced."""
    for block_id, body in blocks.items():
        start, end = f"<!-- schema:{block_id} -->", f"<!-- /schema:{block_id} -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(
                f"{path.relative_to(REPO)}: no block {start} ... {end}; add the two markers "
                "where the generated text belongs"
            )
        replacement = f"{start}\n{body}\n{end}"
        text = pattern.sub(lambda _, new=replacement: new, text)
    return text


def outputs() -> dict[Path, str]:
    """Every file this script writes, with the text it should hold."""
    readme = README.read_text(encoding="utf-8")
    contract = CONTRACT.read_text(encoding="utf-8")
    cards = {f"fields {name}": card_fields(name) for name in SCHEMA.table_names()}
    return {
        DATA / "datapackage.json": package_text(),
        README: fill(README, readme, cards),
        CONTRACT: fill(CONTRACT, contract, {"tables": contract_tables()}),
    }


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the files made from data/schema.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path.relative_to(REPO).as_posix())
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("Out of date (run python scripts/build_datapackage.py): " + ", ".join(stale),
              file=sys.stderr)  # fmt: skip
        return 1
    for name in stale:
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
