"""Chapter 4's section on trafficking into forced criminality (asean_tip_course.forced_criminality)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from asean_tip_course import load
from asean_tip_course.figures import figure_title
from asean_tip_course.forced_criminality import estimates_table, number_text, plot_crackdown_counts


def row(value, high, unit):
    return pd.Series({"value": value, "value_high": high, "unit": unit})


def test_number_text_keeps_the_sources_wording():
    assert number_text(row(120000, pd.NA, "people (at least)")) == "at least 120,000"
    assert number_text(row(18, 37, "billion USD")) == "18-37"
    assert number_text(row(27.4, 36.5, "billion USD")) == "27.4-36.5"
    assert number_text(row(pd.NA, 40, "billion USD a year (upper bound)")) == "just under 40"
    assert number_text(row(pd.NA, 64, "billion USD a year (almost)")) == "almost 64"
    assert number_text(row(pd.NA, pd.NA, "tens of thousands")) == "no number"


def test_estimates_table_and_bad_topic():
    table = load("forced_criminality")
    held = estimates_table(table, "people held")
    assert "at least 120,000" in set(held["number"])
    assert set(held["kind"]) == {"estimate"}
    with pytest.raises(ValueError, match="Choose one of"):
        estimates_table(table, "victims")


def test_crackdown_figure_shows_the_disagreeing_counts():
    fig, ax = plot_crackdown_counts(load("forced_criminality"))
    title = figure_title(fig)
    assert "6,500 to 8,700" in title and "2,763 to 7,968" in title
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sum("claim by a party" in label for label in labels) == 3
    plt.close(fig)
    with pytest.raises(ValueError, match="No crackdown counts"):
        plot_crackdown_counts(load("forced_criminality").iloc[0:0])
