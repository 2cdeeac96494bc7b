"""The message catalogues: every sentence the package shows, in each language (a maintainer tool).

    python -m tools.i18n update        # extract, merge into each .po (keeping translations), compile .mo
    python -m tools.i18n check         # exit 1, naming the file, if a catalogue is stale or incomplete
    python -m tools.i18n missing id    # the messages still without an Indonesian translation

``python3 course.py build`` runs ``update``; ``build --check`` and ``tests/test_i18n.py`` run the
checks. English is the source language: the English sentence is the message id, so a change
to an English sentence makes its translation missing (Babel marks the old one *fuzzy*, which
counts as missing) until a translator writes it again.

Where messages come from (:func:`messages`), each found with Babel's extractors or parsed here:

- the package's Python code: ``_("...")``, ``N_("...")``, ``ngettext("...", "...", n)``;
- ``course.yml``: the course's, chapters' and start notebook's titles, time details,
  questions and objectives;
- ``asean_tip_course/quizzes.yml``: every question, option and reason;
- ``data/glossary.csv``: each term's definition; ``data/schema.json``: each table's title and
  description (the data cards' summaries);
- the figure titles a chapter's code passes (``title="..."``), which the plots translate;
- the exercise sources' tests: each hint passed to an ``answers.expect_*`` check and each
  test's ``success_message``, so that one test (one source for each question's logic) gives
  feedback in the student's language.

The compiled ``.mo`` files are committed, so that Colab and Binder, which run the notebooks
from a plain clone, find them without a build.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from asean_tip_course.i18n import DOMAIN, LOCALE_DIR, TRANSLATED_LANGUAGES
from asean_tip_course.manifest import course
from tools.paths import DATA, MANIFEST, PACKAGE, REPO

HEADER = (
    "# Messages of the course package asean_tip_course (see tools/i18n.py).\n"
    "# The English sentence is the message id. Edit msgstr, then run python3 course.py build."
)
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
TRANSLATED = TRANSLATED_LANGUAGES
POT = LOCALE_DIR / f"{DOMAIN}.pot"
#: Maintainer tools that write students' text into the twins (headers, Colab cells).
WRITERS = ("headers.py", "links.py", "website.py", "website_print.py")
PYTHON_KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: The exercise checks whose text arguments are shown to the student: position (from 1) or
#: keyword of each, as ``answers`` defines them.
CHECK_MESSAGES = {
    "expect_correct": (4, "hint"),
    "expect_correct_items": (4, "hint"),
    "expect_number": (None, "range_hint"),
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- extraction

Message = tuple[str | tuple[str, str], str, int]  # (id or (singular, plural), file, line)


def _python_messages() -> Iterator[Message]:
    # the tools that write text into the twins in each edition's language
    for path in [*sorted(PACKAGE.glob("*.py")), *(REPO / "tools" / f for f in WRITERS)]:
        for line, message, _comments, _context in extract_from_file(
            "python", path, keywords=PYTHON_KEYWORDS, comment_tags=()
        ):
            yield message, rel(path), line


def _yaml_texts(value, keys: set[str] | None = None) -> Iterator[str]:
    """Every text in a YAML value (under ``keys`` only, when given)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if keys is None or k in keys:
                yield from _yaml_texts(v, None)
            elif isinstance(v, dict | list):
                yield from _yaml_texts(v, keys)
    elif isinstance(value, list):
        for v in value:
            yield from _yaml_texts(v, keys)
    elif isinstance(value, str) and value.strip():
        yield value


def _manifest_messages() -> Iterator[Message]:
    c = course()
    where = rel(MANIFEST)
    yield c.title, where, 0
    yield c.start.title, where, 0
    for chapter in c.chapters:
        yield chapter.title, where, chapter.number
        if chapter.minutes_detail:
            yield chapter.minutes_detail, where, chapter.number
        for q in chapter.questions:
            yield q, where, chapter.number
        for o in chapter.objectives:
            yield o.text, where, chapter.number


def _quiz_messages() -> Iterator[Message]:
    path = PACKAGE / "quizzes.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, (_key, entry) in enumerate(data.items(), start=1):
        for text in _yaml_texts(entry, {"question", "text", "why"}):
            yield text, rel(path), i


def _data_messages() -> Iterator[Message]:
    path = DATA / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            yield row["definition"], rel(path), i
    schema = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    for i, table in enumerate(schema["tables"].values(), start=1):
        yield table["title"], "data/schema.json", i
        yield table["description"], "data/schema.json", i


def _test_cell_messages(source: str) -> Iterator[tuple[str, int]]:
    """Hints and success messages in one exercise test cell."""
    if "BEGIN TEST CONFIG" in source:
        config = source.split('"""', 2)[1].split("# BEGIN TEST CONFIG", 1)[-1]
        success = (yaml.safe_load(config) or {}).get("success_message")
        if success:
            yield success, 1
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in CHECK_MESSAGES:
            continue
        position, keyword = CHECK_MESSAGES[name]
        args = []
        if position is not None and len(node.args) >= position:
            args.append(node.args[position - 1])
        args += [k.value for k in node.keywords if k.arg == keyword]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                yield arg.value, arg.lineno


def _exercise_messages() -> Iterator[Message]:
    for source in course().exercise_sources:
        nb = json.loads((REPO / source).read_text(encoding="utf-8"))
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                for text, _line in _test_cell_messages("".join(cell["source"])):
                    yield text, source, index


def _chapter_title_messages() -> Iterator[Message]:
    """Figure titles a chapter's code passes (``title="..."``): the package translates them."""
    for path in course().notebooks:
        nb = json.loads((REPO / path).read_text(encoding="utf-8"))
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    for k in node.keywords:
                        if k.arg == "title" and isinstance(k.value, ast.Constant):
                            yield k.value.value, path, index


def messages() -> Iterator[Message]:
    """Every message the course shows, with where it was found."""
    yield from _python_messages()
    yield from _manifest_messages()
    yield from _quiz_messages()
    yield from _data_messages()
    yield from _exercise_messages()
    yield from _chapter_title_messages()


def template() -> Catalog:
    """The catalogue template (.pot): every message, no translation."""
    catalog = Catalog(
        project="asean-tip-course",
        version="1",
        domain=DOMAIN,
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER,
    )
    for message, where, line in messages():
        catalog.add(message, locations=[(where, line)])
    return catalog


# --------------------------------------------------------------------------- files


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=96,
        omit_header=False,
        sort_output=False,
        ignore_obsolete=True,
        include_previous=False,
    )
    text = out.getvalue().decode("utf-8")
    # Drop the dates Babel writes into the header, so a rebuild changes nothing.
    lines = [
        ln
        for ln in text.splitlines(keepends=True)
        if not ln.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:'))
    ]
    return "".join(lines).encode("utf-8")


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def updated(lang: str, pot: Catalog) -> Catalog:
    """The ``lang`` catalogue merged with today's template: translations kept, new messages
    added empty, removed ones dropped, changed ones kept as fuzzy (which counts as missing)."""
    path = po_path(lang)
    catalog = read_catalog(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
    catalog.update(pot, no_fuzzy_matching=False, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.project, catalog.version = "asean-tip-course", "1"
    catalog.header_comment = HEADER
    catalog.fuzzy = False
    catalog.language_team = "Indonesian" if lang == "id" else lang
    return catalog


def _mo_bytes(catalog: Catalog) -> bytes:
    # Babel writes these dates into the compiled header: fix them, so a rebuild changes nothing.
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def outputs() -> dict[Path, bytes]:
    """What every catalogue file should contain, from today's sources and translations."""
    pot = template()
    files = {POT: _po_bytes(pot)}
    for lang in TRANSLATED:
        catalog = updated(lang, pot)
        files[po_path(lang)] = _po_bytes(catalog)
        # Compile from the text just written (what a translator's .po holds, exactly).
        files[mo_path(lang)] = _mo_bytes(read_po(io.BytesIO(files[po_path(lang)]), locale=lang))
    return files


def missing(lang: str) -> list[str]:
    """Message ids without a usable ``lang`` translation (empty or fuzzy) in its .po file."""
    if not po_path(lang).exists():
        return [str(m.id) for m in template() if m.id]
    catalog = read_catalog(po_path(lang), lang)
    gaps = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s and s.strip() for s in strings):
            gaps.append(m.id if isinstance(m.id, str) else m.id[0])
    return gaps


def stale_files() -> list[str]:
    """The catalogue files that differ from what :func:`update` would write."""
    return [
        rel(path)
        for path, data in outputs().items()
        if not path.exists() or path.read_bytes() != data
    ]


def update() -> list[str]:
    """Write every catalogue file that changed; return their paths."""
    written = []
    for path, data in outputs().items():
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(rel(path))
    return written


def merge_driver(base: str, ours: str, theirs: str) -> int:
    """A git merge driver for .po files: keep every translation either side has.

    Install once per clone (maintainers who merge translation branches):
        git config merge.po.driver "python -m tools.i18n merge-driver %O %A %B"
    with ``*.po merge=po`` in .gitattributes. The result is written to ``ours``; rebuild
    afterwards (``python3 course.py build``) to refresh the template and the .mo files.
    """
    mine = read_catalog(Path(ours))
    other = read_catalog(Path(theirs))
    for m in other:
        if not m.id or not m.string or m.fuzzy:
            continue
        here = mine.get(m.id)
        if here is None:
            mine.add(m.id, m.string, locations=m.locations)
        elif not here.string or here.fuzzy:
            here.string, here.flags = m.string, set()
    Path(ours).write_bytes(_po_bytes(mine))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract, merge, compile")
    sub.add_parser("check", help="fail if a catalogue is stale or a translation missing")
    gaps = sub.add_parser("missing", help="list messages without a translation")
    gaps.add_argument("lang", choices=TRANSLATED)
    drv = sub.add_parser("merge-driver", help="git merge driver for .po files")
    drv.add_argument("base")
    drv.add_argument("ours")
    drv.add_argument("theirs")
    args = parser.parse_args(argv)
    if args.command == "update":
        written = update()
        print("Updated: " + (", ".join(written) if written else "nothing (already current)"))
        for lang in TRANSLATED:
            if gaps := missing(lang):
                print(
                    f"{len(gaps)} message(s) without a '{lang}' translation "
                    f"(python -m tools.i18n missing {lang})"
                )
        return 0
    if args.command == "missing":
        for m in missing(args.lang):
            print(m.replace("\n", " "))
        return 0
    if args.command == "merge-driver":
        return merge_driver(args.base, args.ours, args.theirs)
    problems = [f"{p} (stale: run python3 course.py build)" for p in stale_files()]
    for lang in TRANSLATED:
        if gaps := missing(lang):
            problems.append(f"{rel(po_path(lang))} ({len(gaps)} message(s) not translated)")
    print("\n".join(problems) if problems else "Catalogues current and complete.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
