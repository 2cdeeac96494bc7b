"""Load the course tables from ``data/<name>.csv`` as typed pandas DataFrames.

``load("tip_tiers")`` returns a DataFrame whose ``tier`` column is an ordered
categorical (Tier 1 < Tier 2 < Tier 2 Watch List < Tier 3), dates are ``datetime64``
(the precision column beside them says how exact they are), counts are nullable
``Int64``, ``censored`` is boolean and text is ``string``. Any problem with a file
raises :class:`DataError`, whose message names the file, the row (the line number in
the CSV, header = line 1) and the field.

The data folder is ``data/`` next to this package, or the folder named by the
environment variable ``ASEAN_TIP_DATA``.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ENV_VAR = "ASEAN_TIP_DATA"
TIERS = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]
TIER_DTYPE = pd.CategoricalDtype(TIERS, ordered=True)
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

PRECISIONS = ["day", "month", "year", "missing"]
RATIFICATION_PRECISIONS = ["day", "month", "year", "on or before", "missing"]
FORCED_CRIMINALITY_TOPICS = ("people held", "money", "crackdown", "ASEAN response")
FORCED_CRIMINALITY_KINDS = (
    "estimate",
    "official figure",
    "claim by a party",
    "news report",
    "document",
)


class DataError(Exception):
    """A course data file is missing, unknown or holds a value that cannot be read."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.row = row
        self.field = field
        where = []
        if path is not None:
            where.append(f"file {Path(path).name}")
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        text = (", ".join(where) + ": " if where else "") + message
        super().__init__(text)


@dataclass(frozen=True)
class Column:
    """One column: its kind (how it is parsed) and the rules its values follow."""

    name: str
    kind: str = "string"  # string, int, float, date, bool, tier
    required: bool = False
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table's columns, primary key and foreign keys to other tables."""

    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign: dict[str, tuple[str, str]] = field(default_factory=dict)


def _c(name: str, kind: str = "string", required: bool = False, allowed=()) -> Column:
    return Column(name, kind, required, tuple(allowed))


SOURCE_FK = {"source_id": ("sources", "source_id")}
MEMBER_FK = {"iso3": ("members", "iso3")}

TABLES: dict[str, Table] = {
    "sources": Table(
        (
            _c("source_id", required=True),
            _c("title", required=True),
            _c("publisher", required=True),
            _c("year"),
            _c("url"),
            _c("terms", required=True),
            _c("note"),
        ),
        ("source_id",),
        {},
    ),
    "members": Table(
        (
            _c("iso3", required=True),
            _c("iso2", required=True),
            _c("name", required=True),
            _c("short_name", required=True),
            _c("accession_date", "date"),
            _c("accession_precision", required=True, allowed=PRECISIONS),
            _c("accession_note"),
            _c("source_id", required=True),
        ),
        ("iso3",),
        SOURCE_FK,
    ),
    "instruments": Table(
        (
            _c("instrument_id", required=True),
            _c("name", required=True),
            _c("short_name", required=True),
            _c("level", required=True, allowed=("ASEAN", "UN", "US", "other")),
            _c(
                "kind",
                required=True,
                allowed=(
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
                ),
            ),
            _c("adopted_date", "date"),
            _c("adopted_precision", required=True, allowed=PRECISIONS),
            _c("adopted_place"),
            _c("in_force_date", "date"),
            _c("binding", required=True, allowed=("yes", "no", "n.a.")),
            _c("body"),
            _c("paper_page", "int"),
            _c("source_id", required=True),
            _c("note"),
        ),
        ("instrument_id",),
        SOURCE_FK,
    ),
    "measures": Table(
        (
            _c("measure_id", required=True),
            _c("instrument_id", required=True),
            _c("number", "int", required=True),
            _c("text", required=True),
            _c(
                "category",
                required=True,
                allowed=("prevention", "protection", "prosecution", "cooperation"),
            ),
            _c("sdg_targets"),
            _c("year", "int", required=True),
            _c("paper_page", "int", required=True),
            _c("source_id", required=True),
        ),
        ("measure_id",),
        {**SOURCE_FK, "instrument_id": ("instruments", "instrument_id")},
    ),
    "paper_claims": Table(
        (
            _c("claim_id", required=True),
            _c("chapter", "int", required=True),
            _c("page", "int", required=True),
            _c("claim", required=True),
            _c("value"),
            _c("unit"),
            _c("paper_source"),
            _c(
                "assessment",
                required=True,
                allowed=("supported", "partly supported", "unsupported", "wrong", "typo"),
            ),
            _c("better_source_id"),
            _c("explanation", required=True),
            _c("source_id", required=True),
        ),
        ("claim_id",),
        {**SOURCE_FK, "better_source_id": ("sources", "source_id")},
    ),
    "tip_tiers": Table(
        (
            _c("iso3", required=True),
            _c("report_year", "int", required=True),
            _c("tier", "tier"),
            _c(
                "evidence",
                required=True,
                allowed=("dataset", "page", "regional summary", "inferred", "missing", "not rated"),
            ),
            _c("source_id", required=True),
            _c("source_url"),
            _c("note"),
        ),
        ("iso3", "report_year"),
        {**SOURCE_FK, **MEMBER_FK},
    ),
    "ratifications": Table(
        (
            _c("iso3", required=True),
            _c("instrument_id", required=True),
            _c("action", required=True),
            _c("date", "date"),
            _c("date_precision", required=True, allowed=RATIFICATION_PRECISIONS),
            _c("source_id", required=True),
            _c("source_url"),
            _c("note"),
        ),
        ("iso3", "instrument_id"),
        {**SOURCE_FK, **MEMBER_FK, "instrument_id": ("instruments", "instrument_id")},
    ),
    "detected_victims": Table(
        (
            _c("iso3", required=True),
            _c("year", "int", required=True),
            _c("indicator", required=True),
            _c("form", required=True),
            _c("sex", required=True),
            _c("age", required=True),
            _c("count", "int"),
            _c("censored", "bool", required=True),
            _c("value_as_published", required=True),
            _c("flag"),
            _c("row_in_source", "int", required=True),
            _c("source_id", required=True),
        ),
        ("iso3", "year", "indicator", "form", "sex", "age", "row_in_source"),
        {**SOURCE_FK, **MEMBER_FK},
    ),
    "slavery_estimates": Table(
        (
            _c("iso3", required=True),
            _c("edition", "int", required=True),
            _c("reference_year", "int"),
            _c("prevalence_per_1000", "float"),
            _c("estimated_number", "int"),
            _c("population", "int"),
            _c("source_id", required=True),
            _c("note"),
        ),
        ("iso3", "edition"),
        {**SOURCE_FK, **MEMBER_FK},
    ),
    "sdg_targets": Table(
        (
            _c("code", required=True),
            _c("goal", "int", required=True),
            _c("kind", required=True, allowed=("target", "indicator")),
            _c("text", required=True),
            _c("in_paper", required=True, allowed=("yes", "no")),
            _c("source_id", required=True),
        ),
        ("code",),
        SOURCE_FK,
    ),
    "forced_criminality": Table(
        (
            _c("item_id", required=True),
            _c("topic", required=True, allowed=FORCED_CRIMINALITY_TOPICS),
            _c("fact", required=True),
            _c("value", "float"),
            _c("value_high", "float"),
            _c("unit", required=True),
            _c("place", required=True),
            _c("date", "date"),
            _c("date_precision", required=True, allowed=PRECISIONS),
            _c("counted_by", required=True),
            _c("kind", required=True, allowed=FORCED_CRIMINALITY_KINDS),
            _c("confidence", required=True, allowed=("high", "medium", "low")),
            _c("caveat"),
            _c("reference_fact", required=True),
            _c("source_id", required=True),
            _c("source_url", required=True),
        ),
        ("item_id",),
        SOURCE_FK,
    ),
    "glossary": Table(
        (
            _c("term_id", required=True),
            _c("term", required=True),
            _c("indonesian", required=True),
            _c("definition", required=True),
            _c("chapter", "int", required=True),
            _c("source_id", required=True),
        ),
        ("term_id",),
        SOURCE_FK,
    ),
}


def list_tables() -> list[str]:
    """Names of the tables ``load`` accepts."""
    return list(TABLES)


def data_dir() -> Path:
    """The folder the tables are read from (``ASEAN_TIP_DATA`` or the course's data/)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[1] / "data"


def _parse(text: str, column: Column, path: Path, line: int) -> object:
    """One cell as a Python value (None when empty); DataError when malformed."""
    value = text.strip()
    if value == "":
        if column.required:
            raise DataError("value is empty but required", path, line, column.name)
        return None
    if column.allowed and value not in column.allowed:
        allowed = ", ".join(repr(a) for a in column.allowed)
        raise DataError(f"{value!r} is not allowed; use one of {allowed}", path, line, column.name)
    kind = column.kind
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            if value.lower() not in ("true", "false"):
                raise ValueError("expected true or false")
            return value.lower() == "true"
        if kind == "tier":
            if value not in TIERS:
                raise ValueError("expected one of " + ", ".join(TIERS) + " or empty")
            return value
        if kind == "date":
            if not DATE_PATTERN.match(value):
                raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
            parts = [int(p) for p in value.split("-")] + [1, 1]
            return pd.Timestamp(year=parts[0], month=parts[1], day=parts[2])
    except ValueError as error:
        raise DataError(f"cannot read {value!r} ({error})", path, line, column.name) from None
    return value


def _series(values: list[object], column: Column) -> pd.Series:
    if column.kind == "int":
        return pd.Series(values, dtype="Int64")
    if column.kind == "float":
        return pd.Series(values, dtype="Float64")
    if column.kind == "bool":
        return pd.Series(values, dtype="bool")
    if column.kind == "tier":
        return pd.Series(values, dtype=TIER_DTYPE)
    if column.kind == "date":
        return pd.Series([pd.NaT if v is None else v for v in values], dtype="datetime64[ns]")
    return pd.Series(values, dtype="string")


@functools.lru_cache(maxsize=64)
def _read(path_text: str, name: str, stamp: tuple[int, int]) -> tuple[pd.DataFrame, tuple]:
    """Parse one CSV (cached by path, name and file stamp); returns frame and line numbers."""
    path = Path(path_text)
    spec = TABLES[name]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise DataError("the file is empty (no header row)", path, 1)
            header = [h.strip().lstrip("\ufeff") for h in header]
            for column in spec.columns:
                if column.name not in header:
                    raise DataError("column is missing from the header", path, 1, column.name)
            index = {column.name: header.index(column.name) for column in spec.columns}
            values: dict[str, list[object]] = {c.name: [] for c in spec.columns}
            lines: list[int] = []
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise DataError(
                        f"has {len(row)} values but the header has {len(header)} columns",
                        path,
                        line,
                    )
                for column in spec.columns:
                    values[column.name].append(_parse(row[index[column.name]], column, path, line))
                lines.append(line)
    except UnicodeDecodeError as error:
        raise DataError(f"the file is not UTF-8 text ({error.reason})", path) from None
    frame = pd.DataFrame({c.name: _series(values[c.name], c) for c in spec.columns})
    seen: dict[tuple, int] = {}
    for position, key in enumerate(zip(*(values[k] for k in spec.key), strict=True)):
        if key in seen:
            raise DataError(
                f"duplicate key {dict(zip(spec.key, key, strict=True))} (first on row {seen[key]})",
                path,
                lines[position],
                spec.key[-1],
            )
        seen[key] = lines[position]
    return frame, tuple(lines)


def _file_for(name: str) -> Path:
    path = data_dir() / f"{name}.csv"
    if not path.is_file():
        raise DataError(
            f"data file not found: {path}. Run the notebook from inside the course folder, "
            f"or set the environment variable {ENV_VAR} to the folder that holds the tables.",
            path,
        )
    return path


def _frame(name: str) -> tuple[pd.DataFrame, tuple, Path]:
    path = _file_for(name)
    stat = path.stat()
    frame, lines = _read(str(path), name, (stat.st_mtime_ns, stat.st_size))
    return frame, lines, path


def _check_foreign_keys(name: str, frame: pd.DataFrame, lines: tuple, path: Path) -> None:
    for column, (other, other_column) in TABLES[name].foreign.items():
        if other == name:
            continue
        known = set(_frame(other)[0][other_column].dropna())
        for position, value in enumerate(frame[column]):
            if value is not pd.NA and value is not None and value not in known:
                raise DataError(
                    f"{value!r} is not a known {other_column} in {other}.csv",
                    path,
                    lines[position],
                    column,
                )


def load(name: str) -> pd.DataFrame:
    """Return the course table ``name`` (e.g. ``"tip_tiers"``) as a typed DataFrame (a copy)."""
    if not isinstance(name, str):
        raise DataError(
            f"the table name must be text, e.g. load('tip_tiers'), not {type(name).__name__}"
        )
    key = name.strip().removesuffix(".csv")
    if key not in TABLES:
        raise DataError(f"unknown table {name!r}. Valid names: {', '.join(list_tables())}")
    frame, lines, path = _frame(key)
    _check_foreign_keys(key, frame, lines, path)
    return frame.copy()


def date_text(date, precision, missing: str = "missing") -> str:
    """A date written only as exactly as its source gives it.

    ``"2015-11"`` for a month, ``"2009"`` for a year, ``"on or before 2016-01-25"``, and
    ``missing`` (the word to use) where there is no date.
    """
    prec = "" if precision is None or pd.isna(precision) else str(precision).strip().lower()
    if date is None or pd.isna(date) or prec == "missing":
        return missing
    when = pd.Timestamp(date)
    if prec == "year":
        return f"{when:%Y}"
    if prec == "month":
        return f"{when:%Y-%m}"
    if prec == "on or before":
        return f"on or before {when:%Y-%m-%d}"
    return f"{when:%Y-%m-%d}"
