"""The class report and the grade-import files, from gradebook rows (no Otter run needed)."""

from __future__ import annotations

import csv

from asean_tip_course import class_report
from asean_tip_course.assessment import Item

ITEMS = {
    "ex04_evidence": [
        Item("ex04_evidence", "q1", 2, False, "classification", ("4.1",), False, ""),
        Item("ex04_evidence", "q2", 1, False, "choice", ("4.2",), False, ""),
        Item("ex04_evidence", "q3", 6, True, "written", ("4.5",), False, ""),
        Item("ex04_evidence", "q4", 2, False, "code (pandas)", ("4.3",), True, ""),
    ]
}
ROWS = [
    {"submission": "Points possible"},
    {"submission": "ana/ex04_evidence.ipynb", "assignment": "ex04_evidence", "note": "",
     "ex04_evidence/q1": "2", "ex04_evidence/q2": "0", "ex04_evidence/q3": "5",
     "ex04_evidence/q4": "2", "auto_score": "2"},
    {"submission": "budi_ex04_evidence.ipynb", "assignment": "ex04_evidence", "note": "",
     "ex04_evidence/q1": "1", "ex04_evidence/q2": "1", "ex04_evidence/q3": "",
     "ex04_evidence/q4": "0", "auto_score": "2"},
    {"submission": "x/holiday.ipynb", "assignment": "", "note": "unknown exercise set"},
]  # fmt: skip


def test_who_handed_in_a_notebook():
    assert class_report.student_of("ana/ex04_evidence.ipynb", "ex04_evidence") == "ana"
    assert class_report.student_of("budi_ex04_evidence.ipynb", "ex04_evidence") == "budi"
    assert class_report.student_of("citra-ex04.ipynb", "ex04_evidence") == "citra"


def test_question_table_counts_full_marks_and_answers_to_mark():
    table = {e["question"]: e for e in class_report.question_table(ROWS, ITEMS)}
    assert table["q1"]["share_full_marks"] == "0.50" and table["q1"]["mean_score"] == "1.50"
    assert table["q2"]["share_full_marks"] == "0.50"
    assert table["q3"]["to_mark"] == 1 and table["q3"]["mean_score"] == "5.00"
    assert table["q4"]["track"] == "data (optional)"
    assert all(e["submissions"] == 2 for e in table.values())  # the unknown notebook is left out


def test_report_page_and_chart(tmp_path):
    table = class_report.question_table(ROWS, ITEMS)
    page = class_report.markdown(table)
    assert "| ex04_evidence | q1 | classification | 4.1 | 2 | 2 | 50% |" in page
    chart = tmp_path / "report.png"
    class_report.plot(table, chart)
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5000


def test_canvas_and_moodle_files(tmp_path):
    canvas, moodle = class_report.lms_files(ROWS, ITEMS, tmp_path / "gradebook.csv")
    rows = list(csv.reader(canvas.open(encoding="utf-8")))
    assert rows[0] == [*class_report.CANVAS_COLUMNS, "ex04_evidence points"]
    assert rows[1] == ["Points Possible", "", "", "", "", "9"]  # checked core + written
    assert rows[2] == ["ana", "", "", "ana", "", "7"]  # 2 checked + 5 written
    assert rows[3] == ["budi", "", "", "budi", "", "2"]
    rows = list(csv.reader(moodle.open(encoding="utf-8")))
    assert rows == [["username", "ex04_evidence points"], ["ana", "7"], ["budi", "2"]]
