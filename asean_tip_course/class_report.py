"""What the instructor gets besides the gradebook: the class report and grade-import files.

``course.py grade DIR`` (``grading.grade``) writes, beside ``gradebook.csv``:

- ``gradebook_report.csv`` and ``gradebook_report.md``: one row per question of every set that
  was handed in: its objectives, how many submissions, the share with full marks and the mean
  score for checked questions; for written questions, how many answers are waiting for marks;
- ``gradebook_report.png``: the share correct per checked question, as a bar chart;
- ``gradebook_canvas.csv`` and ``gradebook_moodle.csv``: one row per student and one column per
  exercise set (its checked core points plus the written marks entered so far), in the columns
  the two systems' grade imports read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def student_of(submission: str, assignment: str) -> str:
    """Who handed in ``submission`` (``ana/ex04_evidence.ipynb`` or ``ana_ex04_evidence.ipynb``)."""
    parts = submission.split("/")
    if len(parts) > 1:
        return parts[0]
    stem = parts[0].removesuffix(".ipynb")
    for token in (assignment, assignment.split("_")[0]):
        if token and token in stem:
            stem = stem.replace(token, "")
    return stem.strip(" _-.") or parts[0]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def question_table(rows: list[dict], items: Mapping[str, list]) -> list[dict]:
    """Per question, across the class: points, submissions, share with full marks, mean score.

    ``rows`` are the gradebook rows (the first is the points row); ``items`` the questions of
    each set (``assessment.items``).
    """
    graded = [r for r in rows[1:] if r.get("assignment") and not r.get("note")]
    table = []
    for name, questions in items.items():
        of_set = [r for r in graded if r["assignment"] == name]
        for q in questions:
            column = f"{name}/{q.name}"
            entry = {
                "set": name,
                "question": q.name,
                "kind": q.kind,
                "track": "data (optional)" if q.data_track else "core",
                "objectives": " ".join(q.objectives),
                "points": f"{q.points:g}",
                "submissions": len(of_set),
            }
            if q.manual:
                marked = [_number(r.get(column, "")) for r in of_set]
                marked = [m for m in marked if m is not None]
                entry.update(
                    share_full_marks="",
                    mean_score=f"{sum(marked) / len(marked):.2f}" if marked else "",
                    to_mark=len(of_set) - len(marked),
                )
            else:
                scores = [_number(r.get(column, "")) or 0.0 for r in of_set]
                full = sum(s >= q.points for s in scores)
                entry.update(
                    share_full_marks=f"{full / len(scores):.2f}" if scores else "",
                    mean_score=f"{sum(scores) / len(scores):.2f}" if scores else "",
                    to_mark=0,
                )
            table.append(entry)
    return table


def write_table(table: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]) if table else ["set"])
        writer.writeheader()
        writer.writerows(table)


def markdown(table: list[dict]) -> str:
    """The class report as a markdown page an instructor can read or paste."""
    lines = [
        "# Class report",
        "",
        "Share with full marks per checked question, and the written answers still to mark.",
        "Low shares point to questions to go over in class (or to a question that needs rewording).",
        "",
        "| Set | Question | Kind | Objectives | Points | Submissions | Full marks | Mean | To mark |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in table:
        share = f"{float(e['share_full_marks']):.0%}" if e["share_full_marks"] else ""
        kind = e["kind"] + (" (data track)" if e["track"] != "core" else "")
        lines.append(
            f"| {e['set']} | {e['question']} | {kind} | {e['objectives']} | {e['points']} "
            f"| {e['submissions']} | {share} | {e['mean_score']} | {e['to_mark'] or ''} |"
        )
    return "\n".join(lines) + "\n"


def plot(table: list[dict], path: Path) -> None:
    """Bar chart: share of the class with full marks on each checked question."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from asean_tip_course.figures import PALETTE, new_figure

    auto = [e for e in table if e["share_full_marks"] != ""]
    manual = [e for e in table if e["share_full_marks"] == "" and e["to_mark"]]
    labels = [
        f"{e['set'].split('_')[0]} {e['question']} ({e['objectives']})"
        + (" data track" if e["track"] != "core" else "")
        for e in auto
    ]
    shares = [float(e["share_full_marks"]) for e in auto]
    waiting = sum(int(e["to_mark"]) for e in manual)
    note = (
        f"Written answers still to mark: {waiting}, in {len(manual)} questions (see the report table)."
        if manual
        else "No written answers waiting to be marked."
    )
    fig, ax = new_figure(
        "Which questions did the class find hard?",
        "Share of submissions with full marks",
        "",
        f"the class's notebooks, graded with otter run. Hatched: under half with full marks. {note}",
        figsize=(8, max(3.5, 0.32 * len(auto) + 1.8)),
    )
    colours = [PALETTE[5] if s < 0.5 else PALETTE[0] for s in shares]
    hatches = ["//" if s < 0.5 else "" for s in shares]
    bars = ax.barh(range(len(auto)), shares, color=colours)
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    ax.set_yticks(range(len(auto)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.2)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    for i, (share, e) in enumerate(zip(shares, auto, strict=True)):
        ax.text(share + 0.01, i, f"{share:.0%} of {e['submissions']}", va="center")
    fig.savefig(path)
    plt.close(fig)


def lms_files(rows: list[dict], items: Mapping[str, list], out: Path) -> list[Path]:
    """Write the Canvas and Moodle grade-import files beside ``out``; return their paths."""
    sets = list(items)
    students: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        name = row.get("assignment")
        if not name or row.get("note"):
            continue
        who = row.get("student") or student_of(row["submission"], name)
        marks = [_number(row.get(f"{name}/{q.name}", "")) for q in items[name] if q.manual]
        total = (_number(row.get("auto_score", "")) or 0.0) + sum(m for m in marks if m is not None)
        students.setdefault(who, {})[name] = f"{total:g}"
    columns = [f"{name} points" for name in sets]
    canvas = out.with_name(out.stem + "_canvas.csv")
    moodle = out.with_name(out.stem + "_moodle.csv")
    with canvas.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CANVAS_COLUMNS + columns)
        possible = [_points(items[n]) for n in sets]
        writer.writerow(["Points Possible", "", "", "", "", *possible])
        for who, scores in sorted(students.items()):
            writer.writerow([who, "", "", who, "", *(scores.get(n, "") for n in sets)])
    with moodle.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["username", *columns])
        for who, scores in sorted(students.items()):
            writer.writerow([who, *(scores.get(n, "") for n in sets)])
    return [canvas, moodle]


def _points(questions: Iterable) -> str:
    total = sum(q.points for q in questions if not q.data_track)
    return f"{total:g}"
