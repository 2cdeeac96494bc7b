"""The course's two languages: English (``"en"``) and Bahasa Indonesia (``"id"``).

A notebook picks its language in one visible line, ``use_language("id")``; from then on the
package's words (widget labels, feedback, table headings, figure titles) come from the
message catalogue of that language: ``asean_tip_course/locale/<lang>/LC_MESSAGES/
asean_tip_course.po``, compiled to ``.mo`` by ``python3 course.py build``. English is the
source language: its words are the message ids, so English needs no catalogue.

In the package, mark a sentence with ``_("...")`` where it is shown, or with ``N_("...")``
where it is defined at import time (then pass it through ``_()`` where it is shown).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "asean_tip_course"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The editions, source language first. A twin notebook of edition ``id`` lives in an
#: ``id/`` folder beside the English one's collection (see ``manifest.edition_path``).
LANGUAGES = ("en", "id")
#: The editions translated from English (each has twins and a message catalogue).
TRANSLATED_LANGUAGES = LANGUAGES[1:]
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}

_current = "en"


class LanguageError(ValueError):
    """An unknown language code, with the ones there are."""


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except OSError:
        # The compiled catalogue is missing (a checkout before `course.py build`): English.
        return gettext.NullTranslations()


def use_language(lang: str) -> None:
    """Show the course in ``lang`` (``"en"`` or ``"id"``) from now on."""
    global _current
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise LanguageError(
            f"Unknown language {lang!r}. The course has: "
            + ", ".join(f'"{c}" ({n})' for c, n in LANGUAGE_NAMES.items())
        )
    _current = code


def current_language() -> str:
    """The code of the language the course speaks now (``"en"`` until a notebook picks)."""
    return _current


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside a ``with`` block (the build writes each edition's text)."""
    global _current
    before = _current
    use_language(lang)
    try:
        yield
    finally:
        _current = before


def _(message: str) -> str:
    """``message`` (English) in the current language."""
    return _translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (translate where shown)."""
    return message
