"""The data loader: types, copies, the ASEAN_TIP_DATA override and clear DataError messages."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from asean_tip_course import data as course_data
from asean_tip_course import load as lazy_load
from asean_tip_course import schema
from asean_tip_course.data import TIERS, DataError, list_tables, load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CONTRACT_TABLES = set(schema.table_names())


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that load() reads through ASEAN_TIP_DATA."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("ASEAN_TIP_DATA", str(target))
    return target


def edit_cell(path: Path, match: dict[str, str], column: str, value: str) -> int:
    """Set ``column`` to ``value`` in the first row matching ``match``; return its CSV line."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    matches = [
        number
        for number, row in enumerate(rows[1:], start=2)
        if all(row[header.index(k)] == v for k, v in match.items())
    ]
    if not matches:
        raise AssertionError(f"no row matches {match} in {path.name}")
    number = matches[0]
    rows[number - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return number


def test_list_tables_matches_the_contract():
    assert set(list_tables()) == CONTRACT_TABLES


@pytest.mark.parametrize("name", sorted(CONTRACT_TABLES))
def test_every_table_loads_with_its_rows(name):
    frame = load(name)
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(frame) == len(rows) > 0
    assert list(frame.columns) == list(rows[0].keys())


def test_package_load_is_the_data_load():
    pd.testing.assert_frame_equal(lazy_load("members"), load("members"))


def test_tier_is_an_ordered_categorical():
    tier = load("tip_tiers")["tier"]
    assert isinstance(tier.dtype, pd.CategoricalDtype)
    assert tier.dtype.ordered
    assert list(tier.dtype.categories) == TIERS
    assert (tier.dropna() >= "Tier 1").all()
    assert tier.isna().any(), "missing placements must stay missing"


def test_dates_are_datetimes_with_precision_beside_them():
    rat = load("ratifications")
    assert pd.api.types.is_datetime64_any_dtype(rat["date"])
    assert "date_precision" in rat.columns
    known = rat.dropna(subset=["date"])
    assert (known["date_precision"] != "missing").all()
    assert (rat.loc[rat["date"].isna(), "date_precision"] == "missing").all()
    inst = load("instruments")
    assert pd.api.types.is_datetime64_any_dtype(inst["adopted_date"])
    assert pd.api.types.is_datetime64_any_dtype(inst["in_force_date"])
    members = load("members")
    assert pd.api.types.is_datetime64_any_dtype(members["accession_date"])


def test_month_precision_date_is_the_first_of_the_month():
    rat = load("ratifications").set_index(["iso3", "instrument_id"])
    brunei = rat.loc[("BRN", "ACTIP")]
    assert brunei["date_precision"] == "month"
    assert brunei["date"].day == 1


def test_counts_are_nullable_integers_and_censored_is_boolean():
    victims = load("detected_victims")
    assert str(victims["count"].dtype) == "Int64"
    assert str(victims["year"].dtype) == "Int64"
    assert victims["censored"].dtype == bool
    assert victims.loc[victims["censored"], "count"].isna().all()


def test_text_columns_are_strings():
    claims = load("paper_claims")
    for column in ("claim_id", "claim", "assessment", "explanation"):
        assert pd.api.types.is_string_dtype(claims[column]), column
    assert str(load("slavery_estimates")["prevalence_per_1000"].dtype) == "Float64"


def test_load_returns_a_copy():
    first = load("members")
    first.loc[0, "short_name"] = "changed"
    assert load("members").loc[0, "short_name"] != "changed"


def test_env_var_points_the_loader_elsewhere(data_copy):
    edit_cell(data_copy / "members.csv", {"iso3": "LAO"}, "short_name", "Laos (copy)")
    names = load("members").set_index("iso3")["short_name"]
    assert names["LAO"] == "Laos (copy)"
    assert course_data.data_dir() == data_copy.resolve()


def test_edited_file_is_read_again(data_copy):
    assert load("members").set_index("iso3").loc["THA", "short_name"] == "Thailand"
    edit_cell(data_copy / "members.csv", {"iso3": "THA"}, "short_name", "Siam (test)")
    assert load("members").set_index("iso3").loc["THA", "short_name"] == "Siam (test)"


def test_unknown_table_lists_the_valid_names():
    with pytest.raises(DataError) as info:
        load("tiers")
    message = str(info.value)
    assert "'tiers'" in message
    for name in CONTRACT_TABLES:
        assert name in message


def test_name_that_is_not_text_is_explained():
    with pytest.raises(DataError, match="must be text"):
        load(2017)


def test_missing_file_names_the_file(data_copy):
    (data_copy / "tip_tiers.csv").unlink()
    with pytest.raises(DataError) as info:
        load("tip_tiers")
    assert "tip_tiers.csv" in str(info.value)
    assert "ASEAN_TIP_DATA" in str(info.value)
    assert info.value.path.name == "tip_tiers.csv"


def test_wrong_tier_names_file_row_and_field(data_copy):
    line = edit_cell(
        data_copy / "tip_tiers.csv", {"iso3": "THA", "report_year": "2014"}, "tier", "Tier 4"
    )
    with pytest.raises(DataError) as info:
        load("tip_tiers")
    message = str(info.value)
    assert "tip_tiers.csv" in message
    assert f"row {line}" in message
    assert "field 'tier'" in message
    assert "Tier 4" in message
    assert (info.value.row, info.value.field) == (line, "tier")


def test_bad_date_names_file_row_and_field(data_copy):
    line = edit_cell(
        data_copy / "ratifications.csv",
        {"iso3": "THA", "instrument_id": "ACTIP"},
        "date",
        "24/07/2016",
    )
    with pytest.raises(DataError) as info:
        load("ratifications")
    message = str(info.value)
    assert "ratifications.csv" in message and f"row {line}" in message
    assert "field 'date'" in message and "YYYY-MM-DD" in message


def test_impossible_date_is_rejected(data_copy):
    line = edit_cell(
        data_copy / "ratifications.csv",
        {"iso3": "VNM", "instrument_id": "ACTIP"},
        "date",
        "2017-02-30",
    )
    with pytest.raises(DataError, match=f"row {line}, field 'date'"):
        load("ratifications")


def test_unknown_source_names_file_row_and_field(data_copy):
    line = edit_cell(
        data_copy / "tip_tiers.csv", {"iso3": "PHL", "report_year": "2020"}, "source_id", "blog"
    )
    with pytest.raises(DataError) as info:
        load("tip_tiers")
    message = str(info.value)
    assert "tip_tiers.csv" in message and f"row {line}" in message
    assert "field 'source_id'" in message and "sources.csv" in message


def test_empty_source_is_rejected(data_copy):
    line = edit_cell(data_copy / "measures.csv", {"measure_id": "apa_2"}, "source_id", "")
    with pytest.raises(DataError, match=f"measures.csv, row {line}, field 'source_id'"):
        load("measures")


def test_bad_count_names_file_row_and_field(data_copy):
    line = edit_cell(
        data_copy / "detected_victims.csv",
        {"iso3": "MMR", "year": "2016", "form": "Total", "sex": "Total", "age": "Total"},
        "count",
        "about 300",
    )
    with pytest.raises(DataError, match=f"row {line}, field 'count'"):
        load("detected_victims")


def test_bad_boolean_is_rejected(data_copy):
    line = edit_cell(
        data_copy / "detected_victims.csv", {"iso3": "BRN", "year": "2011"}, "censored", "yes"
    )
    with pytest.raises(DataError, match=f"row {line}, field 'censored'"):
        load("detected_victims")


def test_value_outside_the_allowed_set_is_rejected(data_copy):
    line = edit_cell(data_copy / "measures.csv", {"measure_id": "bohol_1"}, "category", "awareness")
    with pytest.raises(DataError) as info:
        load("measures")
    assert f"row {line}, field 'category'" in str(info.value)
    assert "prevention" in str(info.value)


def test_duplicate_key_is_rejected(data_copy):
    edit_cell(data_copy / "tip_tiers.csv", {"iso3": "THA", "report_year": "2015"}, "iso3", "MYS")
    with pytest.raises(DataError, match="duplicate key"):
        load("tip_tiers")


def test_missing_column_is_named(data_copy):
    path = data_copy / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indonesian", "bahasa", 1), encoding="utf-8")
    with pytest.raises(DataError, match="glossary.csv, row 1, field 'indonesian'"):
        load("glossary")


def test_short_row_is_named(data_copy):
    path = data_copy / "sources.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("broken,row\n")
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataError, match=f"sources.csv, row {last}"):
        load("sources")


def test_file_that_is_not_utf8_is_named(data_copy):
    (data_copy / "glossary.csv").write_bytes("term_id\n\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="glossary.csv.*UTF-8"):
        load("glossary")
