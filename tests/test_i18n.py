"""The message catalogues: current, complete, and read by the package at run time."""

from __future__ import annotations

import gettext
import re

import pytest

from asean_tip_course import i18n
from tools import i18n as catalogues

FIELD = re.compile(r"\{[a-z_][a-z0-9_]*(?:\[[^\]]*\])?\}")


@pytest.fixture
def indonesian():
    yield i18n.use_language("id")
    i18n.use_language("en")


def test_catalogues_are_current():
    assert catalogues.stale_files() == [], "run python3 course.py build"


@pytest.mark.parametrize("lang", catalogues.TRANSLATED)
def test_every_message_is_translated(lang):
    gaps = catalogues.missing(lang)
    assert not gaps, f"{len(gaps)} message(s) without a '{lang}' translation, e.g. {gaps[:3]}"


@pytest.mark.parametrize("lang", catalogues.TRANSLATED)
def test_translations_keep_the_placeholders(lang):
    catalog = catalogues.read_catalog(catalogues.po_path(lang), lang)
    wrong = []
    for m in catalog:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = sorted(FIELD.findall(ids[-1]))
        wrong += [ids[0] for s in strings if sorted(FIELD.findall(s)) != want]
    assert not wrong, f"translations whose {{fields}} differ from the English: {wrong[:5]}"


def test_the_compiled_catalogue_is_what_the_standard_library_reads():
    translations = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["id"])
    catalog = catalogues.read_catalog(catalogues.po_path("id"), "id")
    done = [m for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy]
    assert done, "no translated message yet"
    assert all(translations.gettext(m.id) == m.string for m in done)


def test_use_language_switches_what_the_package_says(indonesian):
    catalog = catalogues.read_catalog(catalogues.po_path("id"), "id")
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    assert i18n._(message.id) == message.string != message.id
    i18n.use_language("en")
    assert i18n._(message.id) == message.id


def test_an_unknown_language_gets_a_clear_message():
    with pytest.raises(i18n.LanguageError, match='"id"'):
        i18n.use_language("fr")
    i18n.use_language("ID")
    assert i18n.current_language() == "id"
    i18n.use_language("en")


def test_the_language_is_visible_from_the_top_level():
    import asean_tip_course

    asean_tip_course.use_language("id")
    try:
        assert i18n.current_language() == "id"
    finally:
        asean_tip_course.use_language("en")


def test_every_marked_sentence_reaches_the_catalogue():
    """Each ``_("...")`` in the package is in the template, also one written inside an
    f-string, where Babel's extractor does not look (so it would never be translated)."""
    import ast

    template = {m.id for m in catalogues.template() if m.id}
    tools = [catalogues.REPO / "tools" / name for name in catalogues.WRITERS]
    files = [*sorted(catalogues.PACKAGE.glob("*.py")), *tools]
    lost = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in {"_", "N_"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in template
            ):
                lost.append(f"{path.name}:{node.lineno} {node.args[0].value!r}")
    assert not lost, f"marked but not extracted (take them out of the f-string): {lost}"
