"""data/datapackage.json: a valid Frictionless package that matches the CSVs and the loader."""

import csv
import json
import shutil
from pathlib import Path

import pytest

frictionless = pytest.importorskip("frictionless")

from asean_tip_course.data import TABLES  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
KIND_TO_TYPE = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "category": "string",
    "date": "string",
}


def header(name: str) -> list[str]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def validate(descriptor: dict, base: Path):
    """Write the descriptor into ``base`` (beside its CSVs) and validate it."""
    path = base / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return frictionless.validate(str(path))


def slim_package(names: list[str]) -> dict:
    """The package descriptor with only the named resources (keys resolve within them)."""
    descriptor = json.loads(json.dumps(PACKAGE))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in names]
    return descriptor


def error_messages(report) -> list[str]:
    return [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]


def test_package_is_valid():
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, "\n".join(error_messages(report)[:20])


def test_every_csv_is_a_resource_and_every_resource_a_csv():
    files = {p.stem for p in DATA.glob("*.csv")}
    assert files == set(RESOURCES)
    assert {r["path"] for r in RESOURCES.values()} == {f"{n}.csv" for n in files}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_schema_fields_follow_the_csv_header(name):
    fields = [f["name"] for f in RESOURCES[name]["schema"]["fields"]]
    assert fields == header(name)


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_schema_agrees_with_the_loader(name):
    schema = {f["name"]: f for f in RESOURCES[name]["schema"]["fields"]}
    spec = TABLES[name]
    assert [c.name for c in spec.columns] == list(schema)
    assert list(spec.key) == RESOURCES[name]["schema"]["primaryKey"]
    for column in spec.columns:
        field = schema[column.name]
        constraints = field.get("constraints", {})
        assert field["type"] == KIND_TO_TYPE[column.kind], column.name
        assert bool(constraints.get("required")) == column.required, column.name
        if column.allowed or column.kind == "category":
            assert constraints.get("enum"), f"{name}.{column.name} needs an enum"
        if column.allowed:
            assert list(column.allowed) == constraints["enum"], column.name
        if column.kind == "date":
            assert "pattern" in constraints, column.name


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_field_is_described(name):
    for field in RESOURCES[name]["schema"]["fields"]:
        assert len(field.get("description", "")) > 5, f"{name}.{field['name']}"


@pytest.mark.parametrize("name", sorted(n for n in RESOURCES if n != "sources"))
def test_source_id_is_a_foreign_key(name):
    keys = RESOURCES[name]["schema"]["foreignKeys"]
    assert {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}} in (
        keys
    )
    if "iso3" in header(name) and name != "members":
        assert any(k["fields"] == "iso3" for k in keys)


def test_package_lists_every_source_with_terms():
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.DictReader(handle))
    assert len(PACKAGE["sources"]) == len(sources)
    for entry, row in zip(PACKAGE["sources"], sources, strict=True):
        assert entry["title"].startswith(row["title"])
        assert entry["terms"] == row["terms"]
    assert PACKAGE["licenses"]
    for resource in RESOURCES.values():
        assert resource["sources"] and resource["licenses"], resource["name"]


def test_units_are_given_for_measured_quantities():
    victims = {f["name"]: f for f in RESOURCES["detected_victims"]["schema"]["fields"]}
    gsi = {f["name"]: f for f in RESOURCES["slavery_estimates"]["schema"]["fields"]}
    assert victims["count"]["unit"] == "persons"
    assert gsi["prevalence_per_1000"]["unit"] == "per 1,000 population"


# ------------------------------------------------------------- broken copies fail validation
@pytest.fixture
def broken(tmp_path):
    """Copy sources, members and tip_tiers to tmp_path; return (folder, editor)."""
    for name in ("sources", "members", "tip_tiers"):
        shutil.copy(DATA / f"{name}.csv", tmp_path / f"{name}.csv")

    def edit(name: str, match: dict[str, str], column: str, value: str) -> int:
        path = tmp_path / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        head = rows[0]
        number = next(
            i
            for i, row in enumerate(rows[1:], start=2)
            if all(row[head.index(k)] == v for k, v in match.items())
        )
        rows[number - 1][head.index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        return number

    return tmp_path, edit


def test_the_slim_copy_is_valid(broken):
    folder, _ = broken
    report = validate(slim_package(["sources", "members", "tip_tiers"]), folder)
    assert report.valid, error_messages(report)


def test_wrong_tier_fails_validation_naming_row_and_field(broken):
    folder, edit = broken
    line = edit("tip_tiers", {"iso3": "KHM", "report_year": "2010"}, "tier", "Tier 5")
    report = validate(slim_package(["sources", "members", "tip_tiers"]), folder)
    assert not report.valid
    errors = [e for task in report.tasks for e in task.errors]
    assert any(
        e.type == "constraint-error" and e.row_number == line and e.field_name == "tier"
        for e in errors
    ), error_messages(report)


def test_missing_source_fails_validation_naming_row(broken):
    folder, edit = broken
    line = edit("tip_tiers", {"iso3": "IDN", "report_year": "2005"}, "source_id", "nowhere")
    report = validate(slim_package(["sources", "members", "tip_tiers"]), folder)
    assert not report.valid
    errors = [e for task in report.tasks for e in task.errors]
    assert any(e.type == "foreign-key" and e.row_number == line for e in errors), error_messages(
        report
    )


def test_bad_date_fails_validation_naming_row_and_field(broken):
    folder, edit = broken
    line = edit("members", {"iso3": "VNM"}, "accession_date", "28 July 1995")
    report = validate(slim_package(["sources", "members", "tip_tiers"]), folder)
    assert not report.valid
    errors = [e for task in report.tasks for e in task.errors]
    assert any(
        e.type == "constraint-error" and e.row_number == line and e.field_name == "accession_date"
        for e in errors
    ), error_messages(report)


def test_missing_year_row_is_caught_by_the_primary_key(broken):
    folder, edit = broken
    edit("tip_tiers", {"iso3": "SGP", "report_year": "2010"}, "report_year", "2011")
    report = validate(slim_package(["sources", "members", "tip_tiers"]), folder)
    assert not report.valid
    assert any("primary-key" == e.type for t in report.tasks for e in t.errors)
