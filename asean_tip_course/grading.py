"""Grade submitted exercise notebooks into one gradebook (no Docker needed).

    python3 course.py grade DIR                             # builds the autograders, then grades
    python -m asean_tip_course.grading grade DIR --out gradebook.csv
    python -m asean_tip_course.grading DIR                   # same as grade
    python -m asean_tip_course.grading report gradebook.csv  # report again, after adding marks

``grade`` runs Otter's local grader (what ``otter run`` does) on every submitted notebook with the matching autograder zip
(``exercises/_build/autograder/``, made by ``python3 course.py build`` or ``course.py grade``
from the sources with the maintainer tool ``tools/exercises.py``) and writes one CSV row per
submission, one column per question, and beside it the class report and the Canvas and
Moodle import files (``class_report``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import multiprocessing
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import nbformat
import yaml

from asean_tip_course import assessment, class_report
from asean_tip_course.manifest import course
from asean_tip_course.paths import REPO

_EXERCISES = (REPO if REPO is not None else Path.cwd()) / "exercises"
SOURCES = _EXERCISES / "source"
AUTOGRADERS = _EXERCISES / "_build" / "autograder"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
POINTS_ROW = "Points possible"
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Question:
    """One question of an exercise set, as its source notebook declares it."""

    name: str
    points: float
    manual: bool


def source_names() -> list[str]:
    """The exercise sets, e.g. ``["ex01_background", ...]``, in chapter order (``course.yml``)."""
    return course().exercise_names


def questions(name: str, sources: Path = SOURCES) -> list[Question]:
    """The questions of set ``name``, read from the ``# BEGIN QUESTION`` cells of its source."""
    nb = nbformat.read(sources / name / f"{name}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        text = cell.source.strip()
        if cell.cell_type == "raw" and text.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(text.split("\n", 1)[1]) or {}
            points = config.get("points", 1)
            if isinstance(points, list):
                points = sum(points)
            found.append(Question(str(config["name"]), float(points), bool(config.get("manual"))))
    return found


def assignment_of(path: Path, known: Iterable[str]) -> str | None:
    """The exercise set a submitted notebook belongs to (its Otter metadata, else its name)."""
    try:
        nb = nbformat.read(path, as_version=4)
        name = nb.metadata.get("otter", {}).get("assignment_name")
    except Exception:  # a damaged file: fall back to the file name
        name = None
    if name in known:
        return name
    matches = [k for k in known if k in path.name or k.split("_")[0] in path.name]
    return matches[0] if len(matches) == 1 else None


def grade_one(submission: Path, autograder: Path) -> dict[str, float]:
    """Grade one submission as ``otter run`` does (Otter's own local runner, in this process);
    return the score of each autograded question. Raises ``RuntimeError`` when Otter could not
    grade it at all (e.g. a damaged notebook).

    Otter changes the working directory while it grades, so call it from one thread at a time
    (``grade`` gives each of its ``jobs`` a process of its own)."""
    import otter.run  # imported here: it takes seconds, and only grading needs it

    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            results = otter.run.main(
                str(Path(submission).resolve()),
                autograder=str(Path(autograder).resolve()),
                output_dir=None,
                no_logo=True,
            )
    except Exception as error:  # Otter's own message is the useful part
        raise RuntimeError(f"{type(error).__name__}: {error}") from error
    if results.has_catastrophic_failure():
        error = results.catastrophic_error
        raise RuntimeError(f"{type(error).__name__}: {error}")
    return {name: float(test.score) for name, test in results.results.items()}


# Otter takes seconds to import and changes the working directory while it works, so it runs
# in worker processes of its own, started once per program and reused by every later call.
_OTTER_POOLS: dict[int, ProcessPoolExecutor] = {}


def _import_otter() -> None:
    import otter.assign  # noqa: F401
    import otter.run  # noqa: F401


def in_otter_processes(task: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> list[R]:
    """``[task(item) for item in items]``, run in ``jobs`` worker processes that have Otter
    imported (the same workers for every call with the same ``jobs``). ``task`` must be a
    module-level function (it is sent to the workers by name)."""
    items = list(items)
    if not items:
        return []
    jobs = max(1, jobs)
    pool = _OTTER_POOLS.get(jobs)
    if pool is None:
        spawn = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(jobs, mp_context=spawn, initializer=_import_otter)
        _OTTER_POOLS[jobs] = pool
    try:
        return list(pool.map(task, items))
    except BrokenProcessPool:  # a worker died (out of memory?): start afresh next time
        _OTTER_POOLS.pop(jobs, None)
        raise RuntimeError("an Otter worker process stopped unexpectedly") from None


def _grade_in_worker(item: tuple[str, str]) -> tuple[dict[str, float], str]:
    """``grade_one`` in a worker process: (scores, "") or ({}, why it failed)."""
    submission, autograder = item
    try:
        return grade_one(Path(submission), Path(autograder)), ""
    except RuntimeError as error:
        lines = str(error).strip().splitlines() or ["unknown error"]
        return {}, "grading failed: " + lines[-1][:200]


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def grade(
    submissions: Path,
    out: Path,
    *,
    sources: Path = SOURCES,
    autograders: Path = AUTOGRADERS,
    jobs: int = 1,
) -> list[dict[str, str]]:
    """Grade every notebook under ``submissions`` into the gradebook CSV ``out``.

    ``jobs`` notebooks are graded at the same time (see ``in_otter_processes``).
    """
    known = source_names()
    files = sorted(
        p for p in Path(submissions).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    if not files:
        raise SystemExit(f"No notebooks (.ipynb) found in {submissions}.")
    plan = [(f, assignment_of(f, known)) for f in files]
    used = [n for n in known if any(a == n for _, a in plan)]
    missing = [n for n in used if not (autograders / f"{n}.zip").is_file()]
    if missing:
        raise SystemExit(
            f"No autograder for {', '.join(missing)} in {autograders}. Build them first: "
            "run `python3 course.py grade ...` (it builds them) or `python3 course.py build` "
            "in the course folder."
        )
    qs = {n: questions(n, sources) for n in used}
    declared = {n: assessment.items(n, sources) for n in used}
    track = {n: {i.name for i in declared[n] if i.data_track} for n in used}
    columns = ["submission", "student", "assignment"]
    columns += [f"{n}/{q.name}" for n in used for q in qs[n]]
    columns += ["auto_score", "auto_possible", "data_track_score", "data_track_possible"]
    columns += ["to_grade_by_hand", "note"]
    rows = [{"submission": POINTS_ROW}]
    for n in used:
        for q in qs[n]:
            label = " (manual)" if q.manual else " (data track)" if q.name in track[n] else ""
            rows[0][f"{n}/{q.name}"] = _fmt(q.points) + label

    work = [(str(path), str(autograders / f"{name}.zip")) for path, name in plan if name]
    for path, name in plan:
        if name:
            print(f"Grading {path.relative_to(submissions).as_posix()} ...", flush=True)
    graded = iter(in_otter_processes(_grade_in_worker, work, jobs))
    unknown = {}, "unknown exercise set: not an exercise notebook of this course?"
    results = [next(graded) if name else unknown for _path, name in plan]
    for (path, name), (scores, note) in zip(plan, results, strict=True):
        submission = path.relative_to(submissions).as_posix()
        row = {"submission": submission, "assignment": name or ""}
        row["student"] = class_report.student_of(submission, name or "")
        row["note"] = note
        if name is None:
            rows.append(row)
            continue
        auto = [q for q in qs[name] if not q.manual]
        for q in auto:
            row[f"{name}/{q.name}"] = _fmt(scores.get(q.name, 0.0))
        core = [q for q in auto if q.name not in track[name]]
        extra = [q for q in auto if q.name in track[name]]
        row["auto_score"] = _fmt(sum(scores.get(q.name, 0.0) for q in core))
        row["auto_possible"] = _fmt(sum(q.points for q in core))
        row["data_track_score"] = _fmt(sum(scores.get(q.name, 0.0) for q in extra))
        row["data_track_possible"] = _fmt(sum(q.points for q in extra))
        row["to_grade_by_hand"] = " ".join(q.name for q in qs[name] if q.manual)
        rows.append(row)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {out} ({len(rows) - 1} submissions).")
    write_class_report(rows, declared, out)
    return rows


def report(gradebook: Path, sources: Path = SOURCES) -> list[Path]:
    """Rewrite the class report and import files from ``gradebook`` (e.g. after adding marks)."""
    with Path(gradebook).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    known = source_names()
    used = [n for n in known if any(r.get("assignment") == n for r in rows[1:])]
    declared = {n: assessment.items(n, sources) for n in used}
    return write_class_report(rows, declared, Path(gradebook))


def write_class_report(rows: list[dict], declared: dict, out: Path) -> list[Path]:
    """The class report (table, page, chart) and the grade-import files, beside ``out``."""
    table = class_report.question_table(rows, declared)
    written = [out.with_name(out.stem + "_report.csv"), out.with_name(out.stem + "_report.md")]
    class_report.write_table(table, written[0])
    written[1].write_text(class_report.markdown(table), encoding="utf-8")
    if any(e["share_full_marks"] != "" for e in table):
        written.append(out.with_name(out.stem + "_report.png"))
        class_report.plot(table, written[-1])
    written += class_report.lms_files(rows, declared, out)
    print("Wrote " + ", ".join(p.name for p in written) + ".")
    return written


def main(argv: list[str] | None = None) -> None:
    """Command line: ``grade`` (also the default when the first argument is a folder)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in {"grade", "report", "-h", "--help"}:
        argv.insert(0, "grade")
    parser = argparse.ArgumentParser(
        prog="python -m asean_tip_course.grading",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a folder of submitted notebooks into a CSV")
    g.add_argument("submissions", type=Path, help="folder with the submitted .ipynb files")
    g.add_argument("--out", type=Path, default=Path("gradebook.csv"), help="CSV file to write")
    g.add_argument("--jobs", type=int, default=1, help="notebooks to grade at the same time")
    g.add_argument(
        "--autograders", type=Path, default=AUTOGRADERS, help="folder with the autograder zips"
    )
    r = sub.add_parser("report", help="rewrite the class report from a gradebook with marks added")
    r.add_argument("gradebook", type=Path, help="the gradebook CSV that grade wrote")
    args = parser.parse_args(argv)
    if args.command == "report":
        if not args.gradebook.is_file():
            parser.error(f"{args.gradebook} is not a file.")
        report(args.gradebook)
    else:
        if not args.submissions.is_dir():
            parser.error(f"{args.submissions} is not a folder.")
        grade(args.submissions, args.out, jobs=args.jobs, autograders=args.autograders)


if __name__ == "__main__":
    main()
