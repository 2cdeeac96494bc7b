"""What each exercise question assesses: objectives, kind, track, as the sources declare them.

Every question of an exercise source names the chapter objectives it assesses in its prompt,
right after its number, e.g. ``**Question 3.** *(objectives 1.2, 1.3)*``; a question that needs
pandas adds ``optional data track``: ``*(objective 4.3; optional data track)*``. The
objectives themselves are in ``course.yml`` (``manifest.Chapter.objectives``). The gradebook and
the class report read ``items``; the maintainer tool ``tools/assessment.py`` writes the
objective list of each set and the instructors' objective map from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from asean_tip_course.paths import ROOT

SOURCES = ROOT / "exercises" / "source"
MARKER = re.compile(r"\*\(objectives? ([\d., and]+?)(; optional data track)?\)\*")


@dataclass(frozen=True)
class Item:
    """One question of an exercise set, as its source declares it."""

    exercise: str
    name: str
    points: float
    manual: bool
    kind: str
    objectives: tuple[str, ...]
    data_track: bool
    prompt: str


def _kind(cells: list, manual: bool) -> str:
    """What a student does to answer: inferred from the solution cell."""
    if manual:
        return "written"
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    if "expect_choice" in code:
        return "choice"
    if "expect_order" in code:
        return "sorting"
    if "expect_mapping" in code:
        return "classification"
    if "expect_axes" in code or "expect_frame" in code:
        return "code (pandas)"
    if "expect_number" in code:
        return "number read from a table"
    return "other"


def items(name: str, sources: Path = SOURCES) -> list[Item]:
    """The questions of exercise set ``name`` with what they assess."""
    nb = nbformat.read(sources / name / f"{name}.ipynb", as_version=4)
    found, current, cells = [], None, []
    for cell in nb.cells:
        text = cell.source.strip()
        if cell.cell_type == "raw" and text.startswith("# BEGIN QUESTION"):
            current, cells = yaml.safe_load(text.split("\n", 1)[1]) or {}, []
        elif cell.cell_type == "raw" and text.startswith("# END QUESTION") and current:
            prompt = next((c.source for c in cells if c.cell_type == "markdown"), "")
            marker = MARKER.search(prompt)
            ids = tuple(re.findall(r"\d+\.\d+", marker.group(1))) if marker else ()
            points = current.get("points", 1)
            manual = bool(current.get("manual"))
            found.append(
                Item(
                    name,
                    str(current["name"]),
                    float(sum(points) if isinstance(points, list) else points),
                    manual,
                    _kind(cells, manual),
                    ids,
                    bool(marker and marker.group(2)),
                    prompt,
                )
            )
            current = None
        elif current is not None:
            cells.append(cell)
    return found
