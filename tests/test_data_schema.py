"""data/schema.json is the one schema: broken schemas, rows and generated files are refused."""

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from asean_tip_course import schema
from asean_tip_course.data import TABLES, DataError, load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
REFERENCE = REPO / ".." / "shared" / "reference"
SCHEMA = json.loads(schema.SCHEMA_PATH.read_text(encoding="utf-8"))


def script(name: str):
    """One of the build scripts as a module."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def broken_schema(tmp_path: Path, change) -> Path:
    """A copy of the schema with ``change`` applied to its dictionary."""
    copy = json.loads(json.dumps(SCHEMA))
    change(copy)
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(copy), encoding="utf-8")
    return path


def tier_field(copy: dict) -> dict:
    return next(f for f in copy["tables"]["tip_tiers"]["fields"] if f["name"] == "tier")


# ------------------------------------------------------------------------ the schema itself
def test_the_schema_reads_cleanly():
    assert schema.read_schema()["tables"]
    assert schema.vocabulary("tier") == ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")
    assert schema.is_ordered("tier")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: tier_field(s).update(vocabulary="tiers"), "no vocabulary 'tiers'"),
        (lambda s: tier_field(s).update(type="text"), "type must be one of"),
        (lambda s: tier_field(s).update(requried=True), "unknown keys \\['requried'\\]"),
        (lambda s: tier_field(s).update(description=""), "needs a description"),
        (lambda s: s["vocabularies"]["tier"]["values"].append("Tier 1"), "repeats a value"),
        (lambda s: s["vocabularies"]["tier"].update(values=[]), "needs a list of text"),
        (
            lambda s: s["tables"]["tip_tiers"].update(primaryKey=["iso3", "year"]),
            "primaryKey names unknown field 'year'",
        ),
        (
            lambda s: s["tables"]["tip_tiers"]["foreignKeys"].update(iso3="countries.iso3"),
            "refers to unknown 'countries.iso3'",
        ),
        (lambda s: s["tables"]["tip_tiers"]["fields"].pop(0), "primaryKey names unknown"),
        (lambda s: s.pop("vocabularies"), "needs 'vocabularies' and 'tables'"),
    ],
)
def test_a_broken_schema_is_refused_with_the_place_named(tmp_path, change, message):
    with pytest.raises(schema.SchemaError, match=message):
        schema.read_schema(broken_schema(tmp_path, change))


def test_a_schema_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "schema.json"
    path.write_text('{"tables": {', encoding="utf-8")
    with pytest.raises(schema.SchemaError, match="not valid JSON"):
        schema.read_schema(path)


def test_unknown_names_are_refused():
    with pytest.raises(schema.SchemaError, match="unknown vocabulary 'tiers'"):
        schema.vocabulary("tiers")
    with pytest.raises(schema.SchemaError, match="unknown table"):
        schema.columns("tier")
    with pytest.raises(schema.SchemaError, match="no field 'colour'"):
        schema.field("tip_tiers", "colour")


def test_every_vocabulary_is_used_by_a_field():
    used = {f.get("vocabulary") for t in SCHEMA["tables"].values() for f in t["fields"]}
    assert set(SCHEMA["vocabularies"]) <= used


def test_the_loader_is_made_from_the_schema():
    assert list(TABLES) == schema.table_names()
    for name, table in TABLES.items():
        assert [c.name for c in table.columns] == schema.columns(name)
        for column in table.columns:
            assert column.allowed == schema.allowed(name, column.name)


# ---------------------------------------------------------------- the loader keeps the rules
@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("ASEAN_TIP_DATA", str(target))
    return target


def set_cell(path: Path, row_number: int, column: str, value: str) -> int:
    """Set one cell (data row 1 = CSV line 2); return the CSV line."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row_number][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return row_number + 1


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("paper_claims", "assessment", "maybe", "'maybe' is not allowed; use one of"),
        ("tip_tiers", "report_year", "2031", "above the maximum"),
        ("tip_tiers", "iso3", "thai", "does not have the expected form"),
        ("ratifications", "instrument_id", "UNTOC", "'UNTOC' is not allowed"),
        ("detected_victims", "age", "17", "'17' is not allowed"),
        ("measures", "paper_page", "0", "below the minimum 1"),
    ],
)
def test_the_loader_refuses_what_the_schema_forbids(data_copy, table, column, value, message):
    line = set_cell(data_copy / f"{table}.csv", 1, column, value)
    with pytest.raises(DataError, match=message) as info:
        load(table)
    assert (info.value.row, info.value.field) == (line, column)


# ------------------------------------------------------------------ the build keeps the rules
def test_the_build_refuses_a_row_outside_a_vocabulary():
    build = script("build_data")
    columns = schema.columns("tip_tiers")
    row = dict.fromkeys(columns, "")
    row.update(iso3="THA", report_year=2020, tier="Tier 4", evidence="page", source_id="paper")
    with pytest.raises(SystemExit, match="field tier: 'Tier 4' is not allowed"):
        build.check_rows("tip_tiers", columns, [row])


def test_the_build_refuses_columns_the_schema_does_not_have():
    build = script("build_data")
    columns = schema.columns("sdg_targets")
    with pytest.raises(SystemExit, match="differ from the schema's"):
        build.check_rows("sdg_targets", columns[:-1], [])
    row = dict.fromkeys(columns, "x") | {"goal": 16, "kind": "target", "in_paper": "yes"}
    with pytest.raises(SystemExit, match="columns not in the schema: \\['colour'\\]"):
        build.check_rows("sdg_targets", columns, [row | {"colour": "red"}])


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not found: build skipped")
def test_every_built_table_keeps_the_schema():
    build = script("build_data")
    for name in build.BUILDERS:
        build.build(name)  # raises SystemExit on any broken row


# --------------------------------------------------------- files written from the schema
def test_files_written_from_the_schema_are_current():
    package = script("build_datapackage")
    for path, text in package.outputs().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(REPO)} is stale: run python scripts/build_datapackage.py"
        )


def test_check_names_a_stale_file(tmp_path, monkeypatch, capsys):
    package = script("build_datapackage")
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    for name in ("datapackage.json", "README.md", "sources.csv"):
        shutil.copy(DATA / name, tmp_path / "data" / name)
    shutil.copy(REPO / "docs" / "CONTRACT.md", tmp_path / "docs" / "CONTRACT.md")
    readme = tmp_path / "data" / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("| `report_year` |", "| `year` |"),
        encoding="utf-8",
    )
    monkeypatch.setattr(package, "REPO", tmp_path)
    monkeypatch.setattr(package, "DATA", tmp_path / "data")
    monkeypatch.setattr(package, "README", readme)
    monkeypatch.setattr(package, "CONTRACT", tmp_path / "docs" / "CONTRACT.md")
    assert package.main(["--check"]) == 1
    assert "data/README.md" in capsys.readouterr().err
    assert package.main([]) == 0
    assert package.main(["--check"]) == 0


def test_a_card_without_its_field_block_is_refused(tmp_path):
    package = script("build_datapackage")
    path = REPO / "data" / "README.md"
    text = path.read_text(encoding="utf-8").replace("<!-- /schema:fields glossary -->", "")
    with pytest.raises(SystemExit, match="no block <!-- schema:fields glossary -->"):
        package.fill(path, text, {"fields glossary": "x"})


def test_the_field_lists_show_the_vocabularies():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for value in schema.vocabulary("assessment"):
        assert value in readme
    contract = (REPO / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    assert " < ".join(schema.vocabulary("tier")) in contract


def test_every_date_precision_in_the_schema_has_a_wording():
    """A precision added to the schema must get its own wording in data.date_text and
    data.date_words (the two ways the course writes a date)."""
    from asean_tip_course.data import date_text, date_words

    when = "2017-03-08"
    wording = {
        "day": "2017-03-08",
        "month": "2017-03",
        "year": "2017",
        "on or before": "on or before 2017-03-08",
        "missing": "missing",
    }
    precisions = set(schema.vocabulary("date_precision"))
    precisions |= set(schema.vocabulary("ratification_date_precision"))
    in_words = {
        "day": "8 March 2017",
        "month": "March 2017 (month only)",
        "year": "2017 (year only)",
        "on or before": "on or before 8 March 2017",
        "missing": "missing",
    }
    for precision in sorted(precisions):
        assert precision in wording, f"date_text has no wording for precision {precision!r}"
        assert date_text(when, precision) == wording[precision]
        assert date_words(when, precision) == in_words[precision]
