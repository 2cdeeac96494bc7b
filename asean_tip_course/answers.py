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
        return "not answered yet (still `...`)"
    if value is None:
        return "nothing (None)"
    if isinstance(value, bool):
        return f"True/False ({value})"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a number"
    kind = type(value).__name__
    if kind == "DataFrame":
        return f"a table (DataFrame) with {len(value)} rows"
    if kind == "Series":
        return f"a column (Series) with {len(value)} values"
    if isinstance(value, Mapping):
        return f"a dictionary with {len(value)} entries"
    if isinstance(value, list | tuple | set):
        return f"a {kind} with {len(value)} items"
    if kind == "NAType":
        return "a missing value (NA)"
    return f"a value of type {kind}"


def expect_answered(value: Any, name: str) -> None:
    """Fail with a clear message if ``name`` still holds ``...`` or ``None``."""
    if value is Ellipsis:
        raise AssertionError(
            f"Not answered yet: `{name}` is still `...`. Replace the three dots with your "
            "answer, run that cell, then run this check again."
        )
    if value is None:
        raise AssertionError(
            f"Not answered yet: `{name}` has no value. Run the cell where you set "
            f"`{name} = ...`, with your answer on the right of the `=` sign, then check again."
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
        raise AssertionError(f"`{name}` is True/False, but a number is expected.")
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise AssertionError(
                f"`{name}` is {describe(value)}, but a number is expected. "
                "Write the number itself, or the pandas expression that computes it."
            ) from None
        raise AssertionError(
            f"`{name}` is a number written as text ({value!r}). Remove the quotes."
        )
    kind = type(value).__name__
    if kind in {"Series", "DataFrame"}:
        if value.size == 1:
            raise AssertionError(
                f"`{name}` is {describe(value)}, not a single number. "
                "Take the value out with `.item()`."
            )
        raise AssertionError(
            f"`{name}` is {describe(value)}, but one number is expected. "
            "Count rows with `len(...)`, add up a column with `.sum()`, "
            "or pick one cell with `.loc[...]`."
        )
    if not isinstance(value, numbers.Real):
        raise AssertionError(f"`{name}` is {describe(value)}, but a number is expected.")
    number = float(value)
    if math.isnan(number):
        raise AssertionError(
            f"`{name}` is NaN (not a number): the calculation found no data. "
            "Check the spelling of the country code, the year and the column names in your filter."
        )
    if whole and not number.is_integer():
        raise AssertionError(f"`{name}` should be a whole number (a count), not {value}.")
    if (low is not None and number < low) or (high is not None and number > high):
        hint = f" {range_hint}" if range_hint else ""
        raise AssertionError(
            f"`{name}` = {value} cannot be right: it should lie between {low} and {high}.{hint}"
        )
    return number


def expect_choice(value: Any, name: str, options: Iterable[str]) -> str:
    """Check that ``value`` is one of ``options`` (letters, case and spaces ignored)."""
    expect_answered(value, name)
    allowed = [str(o).strip().upper() for o in options]
    listed = ", ".join(f'"{o}"' for o in allowed)
    if not isinstance(value, str):
        raise AssertionError(
            f"`{name}` is {describe(value)}. Answer with one letter in quotes, one of {listed}."
        )
    choice = value.strip().upper().rstrip(".)")
    if choice not in allowed:
        raise AssertionError(f"`{name}` is {value!r}, which is not an option. Use one of {listed}.")
    return choice


def expect_order(value: Any, name: str, options: Iterable[str]) -> str:
    """Check that ``value`` gives every letter of ``options`` once, e.g. ``"CADB"``."""
    expect_answered(value, name)
    allowed = [str(o).strip().upper() for o in options]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        value = "".join(value)
    if not isinstance(value, str):
        raise AssertionError(
            f"`{name}` is {describe(value)}. Answer with your {len(allowed)} letters in your "
            "order, together in one pair of quotes."
        )
    letters = [c for c in value.upper() if c not in " ,;-.>"]
    unknown = sorted({c for c in letters if c not in allowed})
    if unknown:
        raise AssertionError(
            f"`{name}` holds {', '.join(unknown)}, which is not an option. "
            f"Use each of {', '.join(allowed)} once."
        )
    if sorted(letters) != sorted(allowed):
        raise AssertionError(
            f"`{name}` should hold each of the {len(allowed)} letters {', '.join(allowed)} "
            "exactly once, in your order."
        )
    return "".join(letters)


def expect_mapping(value: Any, name: str, keys: Iterable[str], allowed: Iterable[str]) -> dict:
    """Check that ``value`` is a dict with exactly ``keys``, each mapped to one of ``allowed``."""
    expect_answered(value, name)
    keys, allowed = list(keys), [a.lower() for a in allowed]
    if not isinstance(value, Mapping):
        raise AssertionError(
            f"`{name}` is {describe(value)}, but a dictionary is expected: keep the lines "
            f'`"{keys[0]}": ...,` of the question and replace each `...` with one of '
            f"{', '.join(allowed)}, in quotes."
        )
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing:
        raise AssertionError(f"`{name}` has no answer yet for: {', '.join(map(str, missing))}.")
    if extra:
        raise AssertionError(
            f"`{name}` has keys that are not asked about: {', '.join(map(str, extra))}."
        )
    cleaned = {}
    for key in keys:
        item = value[key]
        if item is Ellipsis or item is None:
            raise AssertionError(
                f"Not answered yet: `{name}[{key!r}]` is still `...`. Replace the three dots "
                f"after {key!r}: with your answer in quotes, run that cell, then check again."
            )
        if not isinstance(item, str) or item.strip().lower() not in allowed:
            raise AssertionError(
                f"`{name}[{key!r}]` is {describe(item)}; use one of: {', '.join(allowed)}."
            )
        cleaned[key] = item.strip().lower()
    return cleaned


def expect_codes(value: Any, name: str, *, allowed: Iterable[str] | None = None) -> list[str]:
    """Check that ``value`` is a collection of text codes; return them sorted, without repeats."""
    expect_answered(value, name)
    if isinstance(value, str):
        raise AssertionError(
            f"`{name}` is one piece of text; put the codes in a list, like "
            '["A", "B"] (an empty list [] if there are none).'
        )
    if type(value).__name__ == "DataFrame":
        raise AssertionError(
            f"`{name}` is {describe(value)}; take one column of it, then turn it into a "
            "list with `.tolist()`."
        )
    if not isinstance(value, Iterable):
        raise AssertionError(f"`{name}` is {describe(value)}, but a list of codes is expected.")
    codes = list(value)
    if not all(isinstance(c, str) for c in codes):
        raise AssertionError(f"Every item of `{name}` should be a code written as text.")
    if allowed is not None:
        allowed = set(allowed)
        unknown = sorted(c for c in codes if c not in allowed)
        if unknown:
            raise AssertionError(f"`{name}` holds codes that do not exist: {', '.join(unknown)}.")
    return sorted(set(codes))


def expect_axes(ax: Any, name: str, *, min_artists: int = 1) -> Any:
    """Check that ``ax`` is a matplotlib Axes with a title, both axis labels and some data."""
    expect_answered(ax, name)
    from matplotlib.axes import Axes

    if isinstance(ax, tuple) and len(ax) == 2 and isinstance(ax[1], Axes):
        raise AssertionError(
            f"`{name}` holds both the figure and the axes. Write `fig, {name} = new_figure(...)`."
        )
    if not isinstance(ax, Axes):
        raise AssertionError(
            f"`{name}` is {describe(ax)}, but the axes of a chart are expected "
            f"(the second value from `new_figure`)."
        )
    suptitle = getattr(ax.figure, "_suptitle", None)
    titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
    titles.append(suptitle.get_text() if suptitle is not None else "")
    if not any(t.strip() for t in titles):
        raise AssertionError("The chart has no title. Give it a title that states what it shows.")
    if not ax.get_xlabel().strip():
        raise AssertionError("The horizontal axis has no label. Say what it measures.")
    if not ax.get_ylabel().strip():
        raise AssertionError("The vertical axis has no label. Say what it measures, with its unit.")
    drawn = len(ax.lines) + len(ax.patches) + len(ax.collections)
    if drawn < min_artists:
        raise AssertionError("The chart is empty: nothing was plotted on these axes.")
    return ax


def expect_frame(value: Any, name: str, columns: Iterable[str]) -> Any:
    """Check that ``value`` is a table (DataFrame) that still has ``columns``."""
    expect_answered(value, name)
    if type(value).__name__ != "DataFrame":
        raise AssertionError(
            f"`{name}` is {describe(value)}, but a table (DataFrame) is expected: "
            "keep the rows you want with `table[condition]`."
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise AssertionError(f"`{name}` has lost the column(s) {', '.join(missing)}; keep them.")
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
    """Fail with ``hint`` unless ``value`` has the fingerprint ``expected``."""
    if fingerprint(value, question, digits=digits) != expected:
        raise AssertionError(f"Not yet. {hint}")


def expect_correct_items(
    value: Mapping, question: str, expected: Mapping[str, str], hint: str
) -> None:
    """Compare a dict answer item by item; name the items to look at again, not their answers."""
    wrong = [k for k in expected if fingerprint(value.get(k), f"{question}:{k}") != expected[k]]
    if wrong:
        right = len(expected) - len(wrong)
        raise AssertionError(
            f"{right} of {len(expected)} right. Look again at: {', '.join(wrong)}. {hint}"
        )
