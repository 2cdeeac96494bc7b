"""Checks for exercise answers that say, in plain words, what is wrong with an answer.

The exercise tests (``exercises/source``) call these helpers. Each raises
``AssertionError`` with a message a student can act on (never a traceback of its
own): the untouched ``...`` placeholder, ``None``, text where a number belongs, a
table where one value belongs, and so on. ``expect_correct`` compares an answer with
a fingerprint (a salted hash) so that the public tests can say "not yet" without
printing the answer.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from asean_tip_course.i18n import _

__all__ = [
    "describe",
    "expect_answered",
    "expect_number",
    "expect_choice",
    "expect_order",
    "expect_mapping",
    "expect_codes",
    "expect_axes",
    "expect_frame",
    "fingerprint",
    "expect_correct",
    "expect_correct_items",
]


def describe(value: Any) -> str:
    """Name the kind of ``value`` in words a non-programmer understands."""
    if value is Ellipsis:
        return _("not answered yet (still `...`)")
    if value is None:
        return _("nothing (None)")
    if isinstance(value, bool):
        return _("True/False ({value})").format(value=value)
    if isinstance(value, str):
        return _("the text {value}").format(value=repr(value))
    if isinstance(value, numbers.Integral):
        return _("a whole number")
    if isinstance(value, numbers.Real):
        return _("a number")
    kind = type(value).__name__
    if kind == "DataFrame":
        return _("a table (DataFrame) with {n} rows").format(n=len(value))
    if kind == "Series":
        return _("a column (Series) with {n} values").format(n=len(value))
    if isinstance(value, Mapping):
        return _("a dictionary with {n} entries").format(n=len(value))
    if isinstance(value, list | tuple | set):
        return _("a {kind} with {n} items").format(kind=kind, n=len(value))
    if kind == "NAType":
        return _("a missing value (NA)")
    return _("a value of type {kind}").format(kind=kind)


def expect_answered(value: Any, name: str) -> None:
    """Fail with a clear message if ``name`` still holds ``...`` or ``None``."""
    if value is Ellipsis:
        raise AssertionError(
            _(
                "Not answered yet: `{name}` is still `...`. Replace the three dots with your "
                "answer, run that cell, then run this check again."
            ).format(name=name)
        )
    if value is None:
        raise AssertionError(
            _(
                "Not answered yet: `{name}` has no value. Run the cell where you set "
                "`{name} = ...`, with your answer on the right of the `=` sign, then check again."
            ).format(name=name)
        )


def expect_number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    whole: bool = False,
    range_hint: str = "",
) -> float:
    """Check that ``value`` is one number (optionally whole, within ``low``..``high``)."""
    expect_answered(value, name)
    if isinstance(value, bool):
        raise AssertionError(
            _("`{name}` is True/False, but a number is expected.").format(name=name)
        )
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise AssertionError(
                _(
                    "`{name}` is {kind}, but a number is expected. "
                    "Write the number itself, or the pandas expression that computes it."
                ).format(name=name, kind=describe(value))
            ) from None
        raise AssertionError(
            _("`{name}` is a number written as text ({value}). Remove the quotes.").format(
                name=name, value=repr(value)
            )
        )
    kind = type(value).__name__
    if kind in {"Series", "DataFrame"}:
        if value.size == 1:
            raise AssertionError(
                _(
                    "`{name}` is {kind}, not a single number. Take the value out with `.item()`."
                ).format(name=name, kind=describe(value))
            )
        raise AssertionError(
            _(
                "`{name}` is {kind}, but one number is expected. "
                "Count rows with `len(...)`, add up a column with `.sum()`, "
                "or pick one cell with `.loc[...]`."
            ).format(name=name, kind=describe(value))
        )
    if not isinstance(value, numbers.Real):
        raise AssertionError(
            _("`{name}` is {kind}, but a number is expected.").format(
                name=name, kind=describe(value)
            )
        )
    number = float(value)
    if math.isnan(number):
        raise AssertionError(
            _(
                "`{name}` is NaN (not a number): the calculation found no data. Check the "
                "spelling of the country code, the year and the column names in your filter."
            ).format(name=name)
        )
    if whole and not number.is_integer():
        raise AssertionError(
            _("`{name}` should be a whole number (a count), not {value}.").format(
                name=name, value=value
            )
        )
    if (low is not None and number < low) or (high is not None and number > high):
        fields = {"name": name, "value": value, "low": low, "high": high}
        if range_hint:
            # the exercise's hint is in the catalogue (the exercise sources' tests)
            message = _(
                "`{name}` = {value} cannot be right: it should lie between {low} and {high}. {hint}"
            ).format(hint=_(range_hint), **fields)
        else:
            message = _(
                "`{name}` = {value} cannot be right: it should lie between {low} and {high}."
            ).format(**fields)
        raise AssertionError(message)
    return number


def expect_choice(value: Any, name: str, options: Iterable[str]) -> str:
    """Check that ``value`` is one of ``options`` (letters, case and spaces ignored)."""
    expect_answered(value, name)
    allowed = [str(o).strip().upper() for o in options]
    listed = ", ".join(f'"{o}"' for o in allowed)
    if not isinstance(value, str):
        raise AssertionError(
            _("`{name}` is {kind}. Answer with one letter in quotes, one of {listed}.").format(
                name=name, kind=describe(value), listed=listed
            )
        )
    choice = value.strip().upper().rstrip(".)")
    if choice not in allowed:
        raise AssertionError(
            _("`{name}` is {value}, which is not an option. Use one of {listed}.").format(
                name=name, value=repr(value), listed=listed
            )
        )
    return choice


def expect_order(value: Any, name: str, options: Iterable[str]) -> str:
    """Check that ``value`` gives every letter of ``options`` once, e.g. ``"CADB"``."""
    expect_answered(value, name)
    allowed = [str(o).strip().upper() for o in options]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        value = "".join(value)
    if not isinstance(value, str):
        raise AssertionError(
            _(
                "`{name}` is {kind}. Answer with your {n} letters in your "
                "order, together in one pair of quotes."
            ).format(name=name, kind=describe(value), n=len(allowed))
        )
    letters = [c for c in value.upper() if c not in " ,;-.>"]
    unknown = sorted({c for c in letters if c not in allowed})
    if unknown:
        raise AssertionError(
            _(
                "`{name}` holds {unknown}, which is not an option. Use each of {letters} once."
            ).format(name=name, unknown=", ".join(unknown), letters=", ".join(allowed))
        )
    if sorted(letters) != sorted(allowed):
        raise AssertionError(
            _(
                "`{name}` should hold each of the {n} letters {letters} "
                "exactly once, in your order."
            ).format(name=name, n=len(allowed), letters=", ".join(allowed))
        )
    return "".join(letters)


def expect_mapping(value: Any, name: str, keys: Iterable[str], allowed: Iterable[str]) -> dict:
    """Check that ``value`` is a dict with exactly ``keys``, each mapped to one of ``allowed``."""
    expect_answered(value, name)
    keys, allowed = list(keys), [a.lower() for a in allowed]
    if not isinstance(value, Mapping):
        raise AssertionError(
            _(
                "`{name}` is {kind}, but a dictionary is expected: keep the lines "
                '`"{key}": ...,` of the question and replace each `...` with one of '
                "{allowed}, in quotes."
            ).format(name=name, kind=describe(value), key=keys[0], allowed=", ".join(allowed))
        )
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing:
        raise AssertionError(
            _("`{name}` has no answer yet for: {keys}.").format(
                name=name, keys=", ".join(map(str, missing))
            )
        )
    if extra:
        raise AssertionError(
            _("`{name}` has keys that are not asked about: {keys}.").format(
                name=name, keys=", ".join(map(str, extra))
            )
        )
    cleaned = {}
    for key in keys:
        item = value[key]
        if item is Ellipsis or item is None:
            raise AssertionError(
                _(
                    "Not answered yet: `{name}[{key}]` is still `...`. Replace the three dots "
                    "after {key}: with your answer in quotes, run that cell, then check again."
                ).format(name=name, key=repr(key))
            )
        if not isinstance(item, str) or item.strip().lower() not in allowed:
            raise AssertionError(
                _("`{name}[{key}]` is {kind}; use one of: {allowed}.").format(
                    name=name, key=repr(key), kind=describe(item), allowed=", ".join(allowed)
                )
            )
        cleaned[key] = item.strip().lower()
    return cleaned


def expect_codes(value: Any, name: str, *, allowed: Iterable[str] | None = None) -> list[str]:
    """Check that ``value`` is a collection of text codes; return them sorted, without repeats."""
    expect_answered(value, name)
    if isinstance(value, str):
        raise AssertionError(
            _(
                "`{name}` is one piece of text; put the codes in a list, like "
                '["A", "B"] (an empty list [] if there are none).'
            ).format(name=name)
        )
    if type(value).__name__ == "DataFrame":
        raise AssertionError(
            _(
                "`{name}` is {kind}; take one column of it, then turn it into a "
                "list with `.tolist()`."
            ).format(name=name, kind=describe(value))
        )
    if not isinstance(value, Iterable):
        raise AssertionError(
            _("`{name}` is {kind}, but a list of codes is expected.").format(
                name=name, kind=describe(value)
            )
        )
    codes = list(value)
    if not all(isinstance(c, str) for c in codes):
        raise AssertionError(
            _("Every item of `{name}` should be a code written as text.").format(name=name)
        )
    if allowed is not None:
        allowed = set(allowed)
        unknown = sorted(c for c in codes if c not in allowed)
        if unknown:
            raise AssertionError(
                _("`{name}` holds codes that do not exist: {codes}.").format(
                    name=name, codes=", ".join(unknown)
                )
            )
    return sorted(set(codes))


def expect_axes(ax: Any, name: str, *, min_artists: int = 1) -> Any:
    """Check that ``ax`` is a matplotlib Axes with a title, both axis labels and some data."""
    expect_answered(ax, name)
    from matplotlib.axes import Axes

    if isinstance(ax, tuple) and len(ax) == 2 and isinstance(ax[1], Axes):
        raise AssertionError(
            _(
                "`{name}` holds both the figure and the axes. Write `fig, {name} = new_figure(...)`."
            ).format(name=name)
        )
    if not isinstance(ax, Axes):
        raise AssertionError(
            _(
                "`{name}` is {kind}, but the axes of a chart are expected "
                "(the second value from `new_figure`)."
            ).format(name=name, kind=describe(ax))
        )
    suptitle = getattr(ax.figure, "_suptitle", None)
    titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
    titles.append(suptitle.get_text() if suptitle is not None else "")
    if not any(t.strip() for t in titles):
        raise AssertionError(
            _("The chart has no title. Give it a title that states what it shows.")
        )
    if not ax.get_xlabel().strip():
        raise AssertionError(_("The horizontal axis has no label. Say what it measures."))
    if not ax.get_ylabel().strip():
        raise AssertionError(
            _("The vertical axis has no label. Say what it measures, with its unit.")
        )
    drawn = len(ax.lines) + len(ax.patches) + len(ax.collections)
    if drawn < min_artists:
        raise AssertionError(_("The chart is empty: nothing was plotted on these axes."))
    return ax


def expect_frame(value: Any, name: str, columns: Iterable[str]) -> Any:
    """Check that ``value`` is a table (DataFrame) that still has ``columns``."""
    expect_answered(value, name)
    if type(value).__name__ != "DataFrame":
        raise AssertionError(
            _(
                "`{name}` is {kind}, but a table (DataFrame) is expected: "
                "keep the rows you want with `table[condition]`."
            ).format(name=name, kind=describe(value))
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise AssertionError(
            _("`{name}` has lost the column(s) {columns}; keep them.").format(
                name=name, columns=", ".join(missing)
            )
        )
    return value


def _normal(value: Any, digits: int | None) -> str:
    """A canonical text form of an answer, used for fingerprints."""
    if isinstance(value, str):
        return value.strip().upper()
    if isinstance(value, Mapping):
        return ";".join(f"{k}={_normal(value[k], digits)}" for k in sorted(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        places = 0 if digits is None else digits
        return f"{round(float(value), places):.{places}f}"
    if isinstance(value, Iterable):
        return ",".join(sorted(_normal(v, digits) for v in value))
    return repr(value)


def fingerprint(value: Any, question: str, *, digits: int | None = None) -> str:
    """A short salted hash of an answer: lets a test recognise it without showing it."""
    text = f"asean-tip-course:{question}:{_normal(value, digits)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def expect_correct(
    value: Any, question: str, expected: str, hint: str, *, digits: int | None = None
) -> None:
    """Fail with ``hint`` unless ``value`` has the fingerprint ``expected``.

    ``hint`` is shown in the notebook's language (the exercise tests' hints are in the
    catalogue)."""
    if fingerprint(value, question, digits=digits) != expected:
        raise AssertionError(_("Not yet. {hint}").format(hint=_(hint) if hint else hint))


def expect_correct_items(
    value: Mapping, question: str, expected: Mapping[str, str], hint: str
) -> None:
    """Compare a dict answer item by item; name the items to look at again, not their answers."""
    wrong = [k for k in expected if fingerprint(value.get(k), f"{question}:{k}") != expected[k]]
    if wrong:
        right = len(expected) - len(wrong)
        raise AssertionError(
            _("{right} of {total} right. Look again at: {items}. {hint}").format(
                right=right,
                total=len(expected),
                items=", ".join(wrong),
                hint=_(hint) if hint else hint,
            )
        )
