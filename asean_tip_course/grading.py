"""Grade submitted exercise notebooks into one gradebook (no Docker needed).

    python3 course.py grade DIR                             # builds the autograders, then grades
    python -m asean_tip_course.grading grade DIR --out gradebook.csv
    python -m asean_tip_course.grading DIR                   # same as grade
    python -m asean_tip_course.grading report gradebook.csv  # report again, after adding marks

``grade`` runs ``otter run`` on every submitted notebook with the matching autograder zip
(``exercises/_build/autograder/``, made by ``python3 course.py build`` or ``course.py grade``
from the sources with the maintainer tool ``tools/exercises.py``) and writes one CSV row per
submission, one column per question, and beside it the class report and the Canvas and
Moodle import files (``class_report``).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run ``cmd`` quietly; raise with its output if it fails."""
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{done.stdout}\n{done.stderr}")
    return done


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
    """Run ``otter run`` on one submission; return the score of each autograded question."""
    with tempfile.TemporaryDirectory() as tmp:
        _run(
            [
                sys.executable,
                "-m",
                "otter",
                "run",
                "-a",
                str(autograder.resolve()),
                "-o",
                tmp,
                "--no-logo",
                str(submission.resolve()),
            ],
            Path(tmp),
        )
        results = json.loads((Path(tmp) / "results.json").read_text(encoding="utf-8"))
    return {t["name"]: float(t["score"]) for t in results["tests"] if "score" in t}


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

    ``jobs`` notebooks are graded at the same time (each in its own ``otter run``).
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

    def run(item: tuple[Path, str | None]) -> tuple[dict[str, float], str]:
        path, name = item
        if name is None:
            return {}, "unknown exercise set: not an exercise notebook of this course?"
        print(f"Grading {path.relative_to(submissions).as_posix()} ...", flush=True)
        try:
            return grade_one(path, autograders / f"{name}.zip"), ""
        except RuntimeError as error:
            return {}, "grading failed: " + str(error).strip().splitlines()[-1][:200]

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(run, plan))
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
