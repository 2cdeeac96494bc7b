"""Load the course tables from ``data/<name>.csv`` as typed pandas DataFrames.

``load("tip_tiers")`` returns a DataFrame whose ``tier`` column is an ordered
categorical (Tier 1 < Tier 2 < Tier 2 Watch List < Tier 3), dates are ``datetime64``
(the precision column beside them says how exact they are), counts are nullable
``Int64``, ``censored`` is boolean and text is ``string``. Any problem with a file
raises :class:`DataError`, whose message names the file, the row (the line number in
the CSV, header = line 1) and the field.

The tables, their columns, types, allowed values and keys are those of ``data/schema.json``
(read by :mod:`asean_tip_course.schema`); nothing here lists them again.
The data folder is ``data/`` next to this package, or the folder named by the
environment variable ``ASEAN_TIP_DATA``.
"""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from asean_tip_course import schema
from asean_tip_course.i18n import N_, _

ENV_VAR = "ASEAN_TIP_DATA"
TIERS = list(schema.vocabulary("tier"))
TIER_DTYPE = pd.CategoricalDtype(TIERS, ordered=True)


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
            where.append(_("file {name}").format(name=Path(path).name))
        if row is not None:
            where.append(_("row {row}").format(row=row))
        if field is not None:
            where.append(_("field '{field}'").format(field=field))
        text = (", ".join(where) + ": " if where else "") + message
        super().__init__(text)


KINDS = {"string": "string", "integer": "int", "number": "float", "boolean": "bool", "date": "date"}
"""How each schema type is parsed: int, float, bool, date, string (or category, below)."""


@dataclass(frozen=True)
class Column:
    """One column: its kind (how it is parsed) and the rules its values follow.

    ``kind`` is string, int, float, date, bool, or category (an ordered vocabulary such as
    the tiers, loaded as an ordered categorical). ``spec`` is the field in data/schema.json.
    """

    name: str
    kind: str = "string"
    required: bool = False
    allowed: tuple[str, ...] = ()
    spec: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Table:
    """A table's columns, primary key and foreign keys to other tables."""

    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign: dict[str, tuple[str, str]] = field(default_factory=dict)


def _column(spec: dict) -> Column:
    vocabulary = spec.get("vocabulary")
    kind = KINDS[spec["type"]]
    if vocabulary and schema.is_ordered(vocabulary):
        kind = "category"
    allowed = schema.vocabulary(vocabulary) if vocabulary else ()
    return Column(spec["name"], kind, bool(spec.get("required")), allowed, spec)


def _table(spec: dict) -> Table:
    foreign = {
        column: tuple(target.split(".", 1)) for column, target in spec["foreignKeys"].items()
    }
    return Table(tuple(_column(f) for f in spec["fields"]), tuple(spec["primaryKey"]), foreign)


TABLES: dict[str, Table] = {name: _table(schema.table(name)) for name in schema.table_names()}
"""Every table the loader reads, made from data/schema.json (do not write one by hand)."""


def list_tables() -> list[str]:
    """Names of the tables ``load`` accepts."""
    return list(TABLES)


def data_dir() -> Path:
    """The folder the tables are read from (``ASEAN_TIP_DATA`` or the course's data/)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    from asean_tip_course.paths import DATA

    return DATA


def _parse(text: str, column: Column, path: Path, line: int) -> object:
    """One cell as a Python value (None when empty); DataError when it breaks the schema."""
    problem = schema.cell_problem(column.spec, text)
    if problem is not None:
        raise DataError(problem, path, line, column.name)
    value = text.strip()
    if value == "":
        return None
    kind = column.kind
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value.lower() == "true"
    if kind == "date":
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            return pd.Timestamp(year=parts[0], month=parts[1], day=parts[2])
        except ValueError as error:
            message = _("cannot read {value} ({error})").format(value=repr(value), error=error)
            raise DataError(message, path, line, column.name) from None
    return value


def _series(values: list[object], column: Column) -> pd.Series:
    if column.kind == "int":
        return pd.Series(values, dtype="Int64")
    if column.kind == "float":
        return pd.Series(values, dtype="Float64")
    if column.kind == "bool":
        return pd.Series(values, dtype="bool")
    if column.kind == "category":
        return pd.Series(values, dtype=pd.CategoricalDtype(column.allowed, ordered=True))
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
                raise DataError(_("the file is empty (no header row)"), path, 1)
            header = [h.strip().lstrip("\ufeff") for h in header]
            for column in spec.columns:
                if column.name not in header:
                    problem = _("column is missing from the header")
                    raise DataError(problem, path, 1, column.name)
            index = {column.name: header.index(column.name) for column in spec.columns}
            values: dict[str, list[object]] = {c.name: [] for c in spec.columns}
            lines: list[int] = []
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise DataError(
                        _("has {values} values but the header has {columns} columns").format(
                            values=len(row), columns=len(header)
                        ),
                        path,
                        line,
                    )
                for column in spec.columns:
                    values[column.name].append(_parse(row[index[column.name]], column, path, line))
                lines.append(line)
    except UnicodeDecodeError as error:
        problem = _("the file is not UTF-8 text ({reason})").format(reason=error.reason)
        raise DataError(problem, path) from None
    frame = pd.DataFrame({c.name: _series(values[c.name], c) for c in spec.columns})
    seen: dict[tuple, int] = {}
    for position, key in enumerate(zip(*(values[k] for k in spec.key), strict=True)):
        if key in seen:
            raise DataError(
                _("duplicate key {key} (first on row {row})").format(
                    key=dict(zip(spec.key, key, strict=True)), row=seen[key]
                ),
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
            _(
                "data file not found: {path}. Run the notebook from inside the course folder, "
                "or set the environment variable {variable} to the folder that holds the tables."
            ).format(path=path, variable=ENV_VAR),
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
                    _("{value} is not a known {column} in {table}.csv").format(
                        value=repr(value), column=other_column, table=other
                    ),
                    path,
                    lines[position],
                    column,
                )


def load(name: str) -> pd.DataFrame:
    """Return the course table ``name`` (e.g. ``"tip_tiers"``) as a typed DataFrame (a copy)."""
    if not isinstance(name, str):
        raise DataError(
            _("the table name must be text, e.g. load('tip_tiers'), not {kind}").format(
                kind=type(name).__name__
            )
        )
    key = name.strip().removesuffix(".csv")
    if key not in TABLES:
        raise DataError(
            _("unknown table {name}. Valid names: {names}").format(
                name=repr(name), names=", ".join(list_tables())
            )
        )
    frame, lines, path = _frame(key)
    _check_foreign_keys(key, frame, lines, path)
    return frame.copy()


def member_names(members: pd.DataFrame | None = None, column: str = "short_name") -> dict:
    """Member code -> name (``short_name``, or e.g. ``column="name"``), in the course's order.

    Names come from the members table (``data/members.csv``, built from
    ``data/curated/members.csv``); pass ``members`` to use a table already loaded.
    """
    table = load("members") if members is None else members
    return dict(zip(table["iso3"].astype(str), table[column].astype(str), strict=True))


def instrument_names(instruments: pd.DataFrame | None = None, column: str = "short_name") -> dict:
    """Instrument id -> name (``short_name``, or e.g. ``column="name"``), from the instruments
    table (``data/instruments.csv``); pass ``instruments`` to use a table already loaded."""
    table = load("instruments") if instruments is None else instruments
    return dict(zip(table["instrument_id"].astype(str), table[column].astype(str), strict=True))


def in_force_year(instrument_id: str = "ACTIP", instruments: pd.DataFrame | None = None):
    """The year an instrument entered into force (``data/instruments.csv``), or None where
    the table gives no date: the year the charts mark for ACTIP."""
    table = load("instruments") if instruments is None else instruments
    rows = table[table["instrument_id"].astype(str) == instrument_id]
    if rows.empty or pd.isna(rows.iloc[0]["in_force_date"]):
        return None
    return int(pd.Timestamp(rows.iloc[0]["in_force_date"]).year)


def date_text(date, precision, missing: str | None = None) -> str:
    """A date written only as exactly as its source gives it.

    ``"2015-11"`` for a month, ``"2009"`` for a year, ``"on or before 2016-01-25"``, and
    ``missing`` (the word to use; by default "missing" in the notebook's language) where
    there is no date.
    """
    prec = "" if precision is None or pd.isna(precision) else str(precision).strip().lower()
    if date is None or pd.isna(date) or prec == "missing":
        return _("missing") if missing is None else missing
    when = pd.Timestamp(date)
    if prec == "year":
        return f"{when:%Y}"
    if prec == "month":
        return f"{when:%Y-%m}"
    if prec == "on or before":
        return _("on or before {date}").format(date=f"{when:%Y-%m-%d}")
    return f"{when:%Y-%m-%d}"


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
"""The months, as ``date_words`` names them (in the course's language)."""


def date_words(date, precision, missing: str | None = None) -> str:
    """The same date in words, saying how precise the source is, for prose and profiles:
    ``"24 July 2016"``, ``"January 2020 (month only)"``, ``"2017 (year only)"``,
    ``"on or before 25 January 2016"``, and ``missing`` (by default "missing" in the notebook's
    language) where there is no date."""
    prec = "" if precision is None or pd.isna(precision) else str(precision).strip().lower()
    if date is None or pd.isna(date) or str(date).strip() == "" or prec in ("", "missing"):
        return _("missing") if missing is None else missing
    when = pd.Timestamp(date)
    month = _(MONTHS[when.month - 1])
    if prec == "year":
        return _("{year} (year only)").format(year=when.year)
    if prec == "month":
        return _("{month} {year} (month only)").format(month=month, year=when.year)
    day = _("{day} {month} {year}").format(day=when.day, month=month, year=when.year)
    if prec == "on or before":
        return _("on or before {date}").format(date=day)
    return day
