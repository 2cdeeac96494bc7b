"""The schema of the course tables, read from ``data/schema.json``, the one place it is written.

The file gives each table's fields (name, type, rules, description), keys and sources, and
the *vocabularies*: every list of allowed values (tiers, date precisions, instrument kinds,
measure categories, assessments, ...) written once and named by the fields that use it.
The loader (``data.py``), ``scripts/build_data.py``, ``scripts/build_datapackage.py``
(which writes ``datapackage.json``, the field lists of ``data/README.md`` and the table of
``docs/CONTRACT.md``) and the chapter modules read it from here.

Only the standard library is used, so the build scripts can load this file on its own.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from asean_tip_course.paths import DATA

SCHEMA_PATH = DATA / "schema.json"

TYPES = ("string", "integer", "number", "boolean", "date")
"""Field types: ``date`` is text written YYYY, YYYY-MM or YYYY-MM-DD."""
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
FIELD_KEYS = {
    "name",
    "type",
    "required",
    "unique",
    "vocabulary",
    "pattern",
    "minimum",
    "maximum",
    "unit",
    "description",
}
TABLE_KEYS = {"title", "description", "row", "sources", "primaryKey", "foreignKeys", "fields"}


class SchemaError(Exception):
    """data/schema.json is malformed, or a name asked for is not in it."""


def _check(schema: dict, path: Path) -> None:
    """Stop with a message naming the place when the schema is inconsistent."""
    where = path.name
    vocabularies = schema.get("vocabularies")
    tables = schema.get("tables")
    if not isinstance(vocabularies, dict) or not isinstance(tables, dict):
        raise SchemaError(f"{where}: needs 'vocabularies' and 'tables' objects")
    for name, vocabulary in vocabularies.items():
        values = vocabulary.get("values") if isinstance(vocabulary, dict) else None
        if not values or not all(isinstance(v, str) and v for v in values):
            raise SchemaError(f"{where}: vocabulary {name!r} needs a list of text 'values'")
        if len(set(values)) != len(values):
            raise SchemaError(f"{where}: vocabulary {name!r} repeats a value")
    for table, spec in tables.items():
        unknown = set(spec) - TABLE_KEYS
        if unknown:
            raise SchemaError(f"{where}: table {table!r} has unknown keys {sorted(unknown)}")
        names = []
        for field in spec.get("fields", []):
            label = f"{where}: {table}.{field.get('name')}"
            unknown = set(field) - FIELD_KEYS
            if unknown:
                raise SchemaError(f"{label}: unknown keys {sorted(unknown)}")
            if field.get("type") not in TYPES:
                raise SchemaError(f"{label}: type must be one of {', '.join(TYPES)}")
            if "vocabulary" in field and field["vocabulary"] not in vocabularies:
                raise SchemaError(f"{label}: no vocabulary {field['vocabulary']!r}")
            if len(field.get("description", "")) < 6:
                raise SchemaError(f"{label}: needs a description")
            names.append(field["name"])
        if not names or len(set(names)) != len(names):
            raise SchemaError(f"{where}: table {table!r} needs fields with distinct names")
        for column in spec.get("primaryKey", []):
            if column not in names:
                raise SchemaError(f"{where}: {table} primaryKey names unknown field {column!r}")
        for column, target in spec.get("foreignKeys", {}).items():
            other, _, other_column = target.partition(".")
            if column not in names:
                raise SchemaError(f"{where}: {table} foreignKeys names unknown field {column!r}")
            other_fields = [f["name"] for f in tables.get(other, {}).get("fields", [])]
            if other_column not in other_fields:
                raise SchemaError(f"{where}: {table}.{column} refers to unknown {target!r}")


def read_schema(path: Path | str | None = None) -> dict:
    """The schema as a dictionary (checked); ``path`` defaults to data/schema.json."""
    path = Path(path) if path is not None else SCHEMA_PATH
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(f"schema file not found: {path}") from None
    except json.JSONDecodeError as error:
        raise SchemaError(f"{path.name} is not valid JSON: {error}") from None
    _check(schema, path)
    return schema


@functools.cache
def schema() -> dict:
    """The course schema (read once)."""
    return read_schema()


def table_names() -> list[str]:
    """Names of the tables, in the schema's order."""
    return list(schema()["tables"])


def table(name: str) -> dict:
    """One table's schema (title, description, sources, keys, fields)."""
    tables = schema()["tables"]
    if name not in tables:
        raise SchemaError(f"unknown table {name!r}; the schema has {', '.join(tables)}")
    return tables[name]


def columns(name: str) -> list[str]:
    """The table's column names, in file order."""
    return [f["name"] for f in table(name)["fields"]]


def field(name: str, column: str) -> dict:
    """One field of a table."""
    for spec in table(name)["fields"]:
        if spec["name"] == column:
            return spec
    raise SchemaError(f"table {name!r} has no field {column!r}")


def vocabulary(name: str) -> tuple[str, ...]:
    """The allowed values named ``name`` (e.g. ``"tier"``), in the schema's order."""
    vocabularies = schema()["vocabularies"]
    if name not in vocabularies:
        raise SchemaError(f"unknown vocabulary {name!r}; the schema has {', '.join(vocabularies)}")
    return tuple(vocabularies[name]["values"])


def allowed(name: str, column: str) -> tuple[str, ...]:
    """Allowed values of a field (empty when any value is allowed)."""
    spec = field(name, column)
    return vocabulary(spec["vocabulary"]) if "vocabulary" in spec else ()


def is_ordered(vocabulary_name: str) -> bool:
    """Whether the vocabulary's values are ordered (loaded as an ordered categorical)."""
    return bool(schema()["vocabularies"][vocabulary_name].get("ordered"))


def value_range(name: str, column: str) -> range:
    """The whole numbers a field allows, from its minimum to its maximum (e.g. report years)."""
    spec = field(name, column)
    if "minimum" not in spec or "maximum" not in spec:
        raise SchemaError(f"{name}.{column} has no minimum and maximum")
    return range(int(spec["minimum"]), int(spec["maximum"]) + 1)


def cell_problem(spec: dict, text: str) -> str | None:
    """Why a CSV cell breaks its field's rules, or None when it keeps them.

    Used by the loader and by the build, so both refuse the same cells with the same words.
    """
    value = text.strip()
    if value == "":
        return "value is empty but required" if spec.get("required") else None
    if "vocabulary" in spec:
        values = vocabulary(spec["vocabulary"])
        if value not in values:
            choices = ", ".join(repr(v) for v in values)
            return f"{value!r} is not allowed; use one of {choices}"
    kind = spec["type"]
    number: float | None = None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return f"cannot read {value!r} (expected a whole number)"
        number = int(value)
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return f"cannot read {value!r} (expected a number)"
    elif kind == "boolean" and value.lower() not in ("true", "false"):
        return f"cannot read {value!r} (expected true or false)"
    elif kind == "date" and not re.match(DATE_PATTERN, value):
        return f"cannot read {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    if "pattern" in spec and not re.search(spec["pattern"], value):
        return f"{value!r} does not have the expected form ({spec['pattern']})"
    if number is not None and "minimum" in spec and number < spec["minimum"]:
        return f"{value} is below the minimum {spec['minimum']}"
    if number is not None and "maximum" in spec and number > spec["maximum"]:
        return f"{value} is above the maximum {spec['maximum']}"
    return None
