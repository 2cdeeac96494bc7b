"""Harm-aware content notes and the claims the course corrected in chapters 1-3.

A reader who meets a case must be offered support services before the police (going to the
police first can endanger an undocumented migrant), and every help-line number shown must be
the one recorded in data/sources.csv, whose note says where it comes from.
"""

import csv
import json
import re
from pathlib import Path

import pytest

from asean_tip_course.data import load

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / ".." / "shared" / "reference"


def _cell(notebook: str, heading: str) -> str:
    nb = json.loads((REPO / "notebooks" / notebook).read_text(encoding="utf-8"))
    hits = ["".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith(heading)]
    assert len(hits) == 1, f"{notebook}: one cell starting {heading!r} expected"
    return hits[0]


def _first(text: str, *words: str) -> int:
    found = [m.start() for w in words for m in re.finditer(w, text, flags=re.IGNORECASE)]
    assert found, f"none of {words} in the text"
    return min(found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_cell("00_start_here.ipynb", "## Content note"), id="start notebook"),
        pytest.param(
            (REPO / "README.md").read_text(encoding="utf-8").split("## Learning path")[0],
            id="README",
        ),
    ],
)
def test_support_services_come_before_the_police(text):
    assert _first(text, "support service", "hotline") < _first(text, "police")
    assert "do not have to go to the police" in text


def test_help_numbers_are_the_recorded_ones():
    note = load("sources").set_index("source_id").loc["indonesia_pages", "note"]
    shown = _cell("00_start_here.ipynb", "## Content note")
    numbers = set(re.findall(r"\b\d[\d-]+\d\b", shown))
    assert {"129", "08111129129", "110"} <= numbers
    for number in numbers:
        assert number in note, f"{number} is shown but not in sources.csv (indonesia_pages)"


def test_disclosure_guidance_is_in_the_instructors_notes():
    notes = (REPO / "exercises" / "README.md").read_text(encoding="utf-8")
    section = notes.split("## When a student discloses an experience")[1].split("\n## ")[0]
    section = " ".join(section.split())
    assert "offer support services first" in section
    assert "The police are one option" in section
    assert "consent" in section


def test_corrected_checks_are_fair_to_the_paper():
    claims = load("paper_claims").set_index("claim_id")
    assert claims.loc["bandung_initiator", "assessment"] == "not checked"
    assert "pencetus" in claims.loc["bandung_initiator", "claim"]
    assert "16.2.2" in claims.loc["sdg_goal16", "explanation"]
    assert "every age" in claims.loc["sdg_goal16", "explanation"]
    chapter1 = (REPO / "notebooks" / "01_background.ipynb").read_text(encoding="utf-8")
    assert "names both protocols" not in chapter1
    assert "does not separate them" not in chapter1


def test_the_smuggling_protocol_is_the_one_the_blueprint_names():
    """Chapter 1 now says the 2015 blueprint (as the paper gives it) names the Smuggling
    Protocol only; the measures row it rests on must say the same."""
    text = load("measures").set_index("measure_id").loc["apsc2015_2", "text"]
    assert "Smuggling of Migrants" in text and "Trafficking" not in text


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not found")
def test_usd_150bn_is_traced_to_the_ilo():
    with (REFERENCE / "recent_developments" / "facts.csv").open(encoding="utf-8") as handle:
        facts = {r["fact_id"]: r for r in csv.DictReader(handle)}
    row = load("paper_claims").set_index("claim_id").loc["usd_150bn"]
    assert row["better_source_id"] == "ilo_profits_2014"
    assert facts["E01"]["value"] in row["explanation"]  # 150.2
    assert "ILO" in row["explanation"] and "not an IMF figure" in row["explanation"]
