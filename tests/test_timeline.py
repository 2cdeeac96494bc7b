"""Tests for the chapter 2 timeline explorer logic."""

import pandas as pd
import pytest

from asean_tip_course.timeline import in_force, timeline_explorer


def _instruments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "instrument_id": ["DECL", "TREATY", "PLAN", "BODY", "TREATY2"],
            "short_name": ["Declaration", "Treaty", "Plan", "Body", "Treaty 2"],
            "adopted_date": pd.to_datetime(
                ["2004-11-29", "2015-11-21", "2017-11-14", None, "2010-01-01"]
            ),
            "in_force_date": pd.to_datetime([None, "2017-03-08", None, None, None]),
            "binding": ["no", "yes", "no", "n.a.", "yes"],
        }
    )


def _ratifications() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "AAA", "BBB", "CCC"],
            "instrument_id": ["ACTIP"] * 3 + ["TIP_PROTOCOL"] * 3,
            "date": pd.to_datetime(
                ["2016-01-25", "2017-12-31", None, "2003-09-01", "2009-01-01", None]
            ),
        }
    )


def test_normal_year_sorts_instruments():
    s = in_force(2016, _instruments(), _ratifications())
    assert s.message is None
    assert s.adopted == ["Declaration"]
    assert "Treaty" in s.awaiting_force
    assert "Plan" in s.not_yet
    assert s.undated == ["Body"]
    assert any(a.startswith("Treaty 2") and "unknown" in a for a in s.awaiting_force)


def test_treaty_enters_force_in_its_year():
    assert "Treaty" not in in_force(2016, _instruments(), _ratifications()).in_force
    assert "Treaty" in in_force(2017, _instruments(), _ratifications()).in_force


def test_ratification_counts_by_end_of_year_and_unknown_stays_unknown():
    names = {"AAA": "Country A", "BBB": "Country B", "CCC": "Country C"}
    s = in_force(2017, _instruments(), _ratifications(), names)
    actip = s.treaties["ACTIP"]
    assert actip.joined == ["Country A", "Country B"]  # 31 December counts
    assert actip.not_yet == []
    assert actip.unknown == ["Country C"]
    earlier = in_force(2016, _instruments(), _ratifications(), names).treaties["ACTIP"]
    assert earlier.joined == ["Country A"]
    assert earlier.not_yet == ["Country B"]
    assert earlier.unknown == ["Country C"]  # never reported as "no"


def test_text_mentions_unknown_dates():
    text = in_force(2005, _instruments(), _ratifications()).as_text()
    assert "By the end of 2005" in text
    assert "date not found 1 (CCC)" in text


@pytest.mark.parametrize("bad", ["2017", 2017.0, None, True, 3000])
def test_wrong_year_gives_message(bad):
    s = in_force(bad, _instruments(), _ratifications())
    assert s.message
    assert s.as_text() == s.message
    assert s.treaties == {}


def test_empty_tables():
    empty_i = _instruments().iloc[0:0]
    empty_r = _ratifications().iloc[0:0]
    s = in_force(2010, empty_i, empty_r)
    assert s.message is None
    assert s.adopted == [] and s.in_force == []
    assert s.treaties["ACTIP"].joined == []
    assert in_force(2010, None, None).message


def test_widget_first_state_is_2017():
    pytest.importorskip("ipywidgets")
    shown = timeline_explorer(_instruments(), _ratifications())
    box = shown.widget
    assert "By the end of 2017" in shown.fallback_text
    slider, out = box.children
    assert slider.value == 2017
    assert "At the end of 2017" in out.value
    slider.value = 2005
    assert "At the end of 2005" in out.value


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2017-01-05", "day", "2017-01-05"),
        ("2020-01-01", "month", "2020-01"),
        ("2009-01-01", "year", "2009"),
        ("2016-01-25", "on or before", "on or before 2016-01-25"),
        (None, "missing", "missing"),
        (None, None, "missing"),
    ],
)
def test_date_text_keeps_precision(date, precision, expected):
    from asean_tip_course.timeline import date_text

    assert date_text(None if date is None else pd.Timestamp(date), precision) == expected


def test_ratification_table_orders_and_shows_missing():
    from asean_tip_course.timeline import ratification_table

    r = _ratifications().assign(
        action="ratification", date_precision=["day", "year", "missing"] * 2
    )
    table = ratification_table(r, "ACTIP", {"AAA": "Country A"})
    assert list(table["member"]) == ["Country A", "BBB", "CCC"]
    assert list(table["date"]) == ["2016-01-25", "2017", "missing"]
    assert len(ratification_table(r, "NO_SUCH_TREATY")) == 0


def test_instrument_table_sorts_by_date_and_filters():
    from asean_tip_course.timeline import instrument_table

    i = _instruments().assign(
        kind="declaration",
        adopted_precision=["day", "day", "month", "missing", "year"],
        paper_page=pd.array([6, None, 8, None, None], dtype="Int64"),
    )
    table = instrument_table(i, ["PLAN", "DECL", "BODY"])
    assert list(table["instrument"]) == ["Declaration", "Plan", "Body"]
    assert list(table["adopted"]) == ["2004-11-29", "2017-11", "missing"]
    assert list(table["paper page"]) == ["6", "8", ""]
    assert len(instrument_table(i, [])) == 0


def _with_late_member():
    """CCC joins ASEAN in 2025 (like Timor-Leste) and joined the Protocol in 2009."""
    ratifications = _ratifications()
    ratifications.loc[5, "date"] = pd.Timestamp("2009-11-01")
    members = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC"],
            "accession_date": pd.to_datetime(["1967-08-08", "1984-01-01", "2025-10-26"]),
        }
    )
    return ratifications, members


def test_a_state_counts_only_from_the_year_it_joined_asean():
    ratifications, members = _with_late_member()
    before = in_force(2024, _instruments(), ratifications, members=members)
    protocol = before.treaties["TIP_PROTOCOL"]
    assert protocol.not_member == ["CCC"]
    assert "CCC" not in protocol.joined + protocol.not_yet + protocol.unknown
    assert before.treaties["ACTIP"].not_member == ["CCC"]
    assert "Not yet ASEAN members: CCC." in before.as_text()
    assert "Not yet ASEAN members at the end of 2024" in before.as_html()
    after = in_force(2025, _instruments(), ratifications, members=members)
    assert after.treaties["TIP_PROTOCOL"].joined == ["AAA", "BBB", "CCC"]
    assert after.treaties["ACTIP"].unknown == ["CCC"]
    assert after.treaties["ACTIP"].not_member == []
    assert "Not yet ASEAN members" not in after.as_text()


def test_without_members_every_state_in_the_table_is_counted():
    ratifications, _ = _with_late_member()
    s = in_force(2024, _instruments(), ratifications)
    assert s.treaties["TIP_PROTOCOL"].joined == ["AAA", "BBB", "CCC"]
    assert s.treaties["TIP_PROTOCOL"].not_member == []


def test_the_slider_reaches_the_year_of_the_eleventh_member():
    from asean_tip_course.timeline import LAST_YEAR

    ratifications, members = _with_late_member()
    shown = timeline_explorer(_instruments(), ratifications, members=members, start=2025)
    assert LAST_YEAR >= 2025
    assert "By the end of 2025" in shown.fallback_text
    assert "Not yet ASEAN members" not in shown.fallback_text
