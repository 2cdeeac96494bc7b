"""Maintainer tool: the objective list at the top of each exercise set and the instructors'
objective map in ``exercises/README.md``, written from ``course.yml`` and the questions'
objective markers (``asean_tip_course.assessment``); and the answer fingerprints.

    python3 course.py build                         # refreshes the lists and the map (a step)
    python -m tools.assessment --check              # fail, naming the file, if stale
    python -m tools.assessment --fingerprints       # after a data change (then rebuild)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from asean_tip_course.assessment import SOURCES, items
from asean_tip_course.manifest import Chapter, course
from tools.paths import REPO

README = REPO / "exercises" / "README.md"
LIST_START = "<!-- objectives: from course.yml -->"
LIST_END = "<!-- end objectives -->"
MAP_START = "<!-- objective map: python3 course.py build -->"
MAP_END = "<!-- end objective map -->"


def chapters() -> list[Chapter]:
    """The chapters that have an exercise set, in order."""
    return [c for c in course().chapters if c.exercise]


def objectives(chapter: Chapter) -> dict[str, str]:
    """The chapter's objectives, id -> text, in order."""
    return {o.id: o.text for o in chapter.objectives}


def objective_list(chapter: Chapter) -> str:
    """The markdown list of the chapter's objectives shown at the top of its exercise set."""
    lines = [
        LIST_START,
        f"**In this set you practise** chapter {chapter.number}'s objectives:",
        "",
    ]
    lines += [f"- **{oid}** {text}" for oid, text in objectives(chapter).items()]
    return "\n".join([*lines, LIST_END])


def objective_map() -> str:
    """The instructors' table: every question, its kind, points and the objectives it assesses."""
    rows = [
        MAP_START,
        "| Set | Question | Kind | Points | Track | Objectives assessed |",
        "|---|---|---|---|---|---|",
    ]
    for chapter in chapters():
        name = chapter.exercise_name
        texts = objectives(chapter)
        for item in items(name):
            track = "data (optional)" if item.data_track else "core"
            kind = item.kind + (" (manual)" if item.manual else "")
            assessed = "<br>".join(f"{i} {texts.get(i, '(unknown)')}" for i in item.objectives)
            rows.append(
                f"| {name.split('_')[0]} | {item.name} | {kind} | {item.points:g} | {track} "
                f"| {assessed} |"
            )
    return "\n".join([*rows, MAP_END])


def _replace_block(text: str, start: str, end: str, block: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"the markers {start!r} and {end!r} are missing")
    before, rest = text.split(start, 1)
    return before + block + rest.split(end, 1)[1]


def stale(write: bool = False) -> list[str]:
    """The files whose objective lists or map differ from ``course.yml`` (rewritten if ``write``)."""
    found = []
    for chapter in chapters():
        path = REPO / chapter.exercise
        nb = nbformat.read(path, as_version=4)
        intro = nb.cells[0]
        fresh = _replace_block(intro.source, LIST_START, LIST_END, objective_list(chapter))
        if fresh != intro.source:
            found.append(str(path.relative_to(REPO)))
            if write:
                intro.source = fresh
                nbformat.write(nb, path)
    readme = README.read_text(encoding="utf-8")
    fresh = _replace_block(readme, MAP_START, MAP_END, objective_map())
    if fresh != readme:
        found.append(str(README.relative_to(REPO)))
        if write:
            README.write_text(fresh, encoding="utf-8")
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--fingerprints" in argv:
        for chapter in chapters():
            for test in refresh_fingerprints(chapter.exercise_name):
                print(f"new fingerprint: {chapter.exercise_name} {test}")
        return 0
    write = "--write" in argv
    found = stale(write=write)
    for path in found:
        print(("rewrote " if write else "stale: ") + path)
    return 1 if found and not write else 0


def refresh_fingerprints(name: str, sources: Path = SOURCES) -> list[str]:
    """Recompute the answer fingerprints in the public tests of set ``name`` from its solutions.

    Runs the source's solution cells (on the current ``data/``), then each public test with
    ``expect_correct`` recording the answer instead of comparing it, and writes the new
    fingerprints into the source. Returns the questions whose fingerprints changed. Rebuild the
    student notebooks afterwards (``python3 course.py build``).
    """
    from asean_tip_course import answers, load

    path = sources / name / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    env: dict = {"load": load}
    changed = []
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type != "code" or "grader" in text or "google.colab" in text:
            continue
        if "BEGIN TEST CONFIG" not in text:
            exec(compile(text, str(path), "exec"), env)
            continue
        if "hidden: true" in text:
            continue
        seen: list[tuple[str, str]] = []

        def record(value, question, expected, hint, *, digits=None, _seen=seen):
            _seen.append((expected, answers.fingerprint(value, question, digits=digits)))

        def record_items(value, question, expected, hint, _seen=seen):
            for key, old in expected.items():
                _seen.append((old, answers.fingerprint(value.get(key), f"{question}:{key}")))

        real = answers.expect_correct, answers.expect_correct_items
        answers.expect_correct, answers.expect_correct_items = record, record_items
        try:
            exec(compile(text, str(path), "exec"), dict(env))
        finally:
            answers.expect_correct, answers.expect_correct_items = real
        for old, new in seen:
            if old != new:
                cell.source = cell.source.replace(old, new)
                changed.append(re.search(r"def (test_\w+)", text).group(1))
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    sys.exit(main())
