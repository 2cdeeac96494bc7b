"""The build refuses broken curated files (data/curated/) with a message naming the problem."""

import csv
import importlib.util
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / ".." / "shared" / "reference"

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"../shared/reference not found: {REFERENCE.resolve()} (build checks skipped)",
)


@pytest.fixture
def build(tmp_path, monkeypatch):
    """The build module reading a copy of data/curated/ that the test may break."""
    spec = importlib.util.spec_from_file_location("build_data", REPO / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    curated = tmp_path / "curated"
    shutil.copytree(REPO / "data" / "curated", curated)
    monkeypatch.setattr(module, "CURATED", curated)
    return module


def rewrite(path: Path, change) -> None:
    """Apply ``change`` to the rows of a curated CSV and write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames)
        rows = list(reader)
    rows = change(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_copy_builds_what_is_in_data(build):
    columns, rows = build.BUILDERS["ratifications"]()
    assert build.to_csv_text(columns, rows) == (REPO / "data" / "ratifications.csv").read_text(
        encoding="utf-8"
    )


def test_a_correction_changes_its_cell(build):
    def change(rows):
        rows[0]["value"] = "a changed note"

    rewrite(build.CURATED / "corrections.csv", change)
    _, rows = build.BUILDERS["tip_tiers"]()
    row = next(r for r in rows if r["iso3"] == "VNM" and r["report_year"] == 2021)
    assert row["note"] == "a changed note"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("key", "iso3=XXX;report_year=2021", "matches 0 rows"),
        ("field", "colour", "has no column 'colour'"),
        ("reason", "", "needs a source and a reason"),
        ("source", " ", "needs a source and a reason"),
    ],
)
def test_a_broken_correction_stops_the_build(build, field, value, message):
    def change(rows):
        rows[0][field] = value

    rewrite(build.CURATED / "corrections.csv", change)
    with pytest.raises(SystemExit, match=message):
        build.BUILDERS["tip_tiers"]()


def test_an_unknown_reference_label_stops_the_build(build):
    rewrite(build.CURATED / "labels.csv", lambda rows: [r for r in rows if r["value"] != "page"])
    with pytest.raises(SystemExit, match="evidence label 'page \\(direct\\)'"):
        build.BUILDERS["tip_tiers"]()


def test_a_member_the_reference_lacks_needs_an_added_row(build):
    def change(rows):
        rows.append({"iso3": "ZZZ", "short_name": "Nowhere"})  # in no reference file

    rewrite(build.CURATED / "members.csv", change)
    with pytest.raises(SystemExit, match="member ZZZ: 0 rows.*added_members.csv"):
        build.BUILDERS["members"]()


def test_an_added_row_is_appended_and_needs_a_reason(build):
    columns, rows = build.BUILDERS["slavery_estimates"]()
    added = build.CURATED / "added_slavery_estimates.csv"
    row = dict(rows[0], edition=2030, reason="")
    with added.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "reason"], lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(SystemExit, match="reason is empty"):
        build.BUILDERS["slavery_estimates"]()
    row["reason"] = "a test row"
    with added.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "reason"], lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    _, rows_after = build.BUILDERS["slavery_estimates"]()
    assert len(rows_after) == len(rows) + 1


def test_an_instrument_date_the_reference_does_not_give_stops_the_build(build):
    def change(rows):
        next(r for r in rows if r["instrument_id"] == "ACTIP")["adopted_date"] = "2014-01-01"

    rewrite(build.CURATED / "instruments.csv", change)
    with pytest.raises(SystemExit, match="instrument ACTIP: 2014-01-01 not in ACTIP_sign_a"):
        build.BUILDERS["instruments"]()


def test_an_unknown_member_in_a_derived_table_stops_the_build(build):
    rewrite(build.CURATED / "members.csv", lambda rows: [r for r in rows if r["iso3"] != "VNM"])
    with pytest.raises(SystemExit, match="'VNM' is not a member listed"):
        build.BUILDERS["tip_tiers"]()


def test_an_instrument_citing_a_missing_fact_is_refused(build):
    def change(rows):
        row = next(r for r in rows if r["instrument_id"] == "AHRD_2012")
        row["ref"] = "recent_developments:D04"  # the MISSING row for Article 13

    rewrite(build.CURATED / "instruments.csv", change)
    with pytest.raises(SystemExit, match="no sourced fact recent_developments:D04"):
        build.BUILDERS["instruments"]()


def test_an_instrument_date_not_in_its_fact_is_refused(build):
    def change(rows):
        row = next(r for r in rows if r["instrument_id"] == "ACWC")
        row["adopted_date"] = "2010-04-08"

    rewrite(build.CURATED / "instruments.csv", change)
    with pytest.raises(SystemExit, match="ACWC: 2010-04-08 not in recent_developments:D01"):
        build.BUILDERS["instruments"]()


def test_a_curated_file_with_a_missing_column_stops_the_build(build):
    path = build.CURATED / "members.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("short_name", "name", 1), "utf-8")
    with pytest.raises(SystemExit, match="members.csv: column\\(s\\) missing: short_name"):
        build.BUILDERS["members"]()


def test_a_curated_row_with_too_few_values_stops_the_build(build):
    path = build.CURATED / "corrections.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("tip_tiers,iso3=THA\n")
    with pytest.raises(SystemExit, match="corrections.csv line \\d+: not as many values"):
        build.BUILDERS["tip_tiers"]()
