"""asean_tip_course.tiers: one tier vocabulary (order, labels, colours, scores, low-tier rule,
caption), and the chapters draw with it."""

import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from fake_tables import make_tiers  # noqa: E402

from asean_tip_course import before_after, evidence, explorer, schema, tiers, verdict  # noqa: E402
from asean_tip_course.data import load  # noqa: E402
from asean_tip_course.figures import PALETTE  # noqa: E402

PACKAGE = Path(tiers.__file__).resolve().parent


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_order_is_the_schema_vocabulary_and_the_loader_dtype():
    assert tiers.TIERS == schema.vocabulary("tier")
    assert load("tip_tiers")["tier"].dtype == tiers.DTYPE
    assert list(tiers.DTYPE.categories) == list(tiers.TIERS) and tiers.DTYPE.ordered


@pytest.mark.parametrize("table", ["SHORT", "COLOURS", "TEXT_COLOURS", "HATCHES", "SCORES"])
def test_every_tier_has_each_attribute(table):
    assert list(getattr(tiers, table)) == list(tiers.TIERS)


def test_scores_rise_along_the_order():
    assert [tiers.SCORES[t] for t in tiers.TIERS] == list(range(1, len(tiers.TIERS) + 1))
    assert tiers.SCALE_TEXT == "1 = Tier 1 ... 4 = Tier 3; lower is better"


def test_colours_are_distinct_from_the_one_palette_and_labels_readable_on_them():
    assert len(set(tiers.COLOURS.values())) == len(tiers.TIERS)
    assert set(tiers.COLOURS.values()) <= set(PALETTE)
    for tier in tiers.TIERS:
        ratio = contrast(tiers.COLOURS[tier], tiers.TEXT_COLOURS[tier])
        assert ratio >= 4.5, f"{tier}: label contrast {ratio:.2f} < 4.5"


def test_labels_are_distinct_and_marks_do_not_clash():
    labels = list(tiers.SHORT.values())
    assert len(set(labels)) == len(labels)
    assert tiers.MISSING_MARK not in labels and tiers.NOT_RATED_MARK not in labels


def test_the_low_tier_rule():
    assert [tiers.is_low(t) for t in tiers.TIERS] == [False, False, True, True]
    assert not tiers.is_low(None) and not tiers.is_low(pd.NA) and not tiers.is_low("")
    assert set(tiers.LOW) <= set(tiers.TIERS) and tiers.WATCH_LIST in tiers.LOW


def test_cell_labels():
    assert tiers.cell_label("Tier 2 Watch List") == "2WL"
    assert tiers.cell_label("Tier 3", "inferred") == "3*"
    assert tiers.cell_label(None, "not rated") == "NR"
    assert tiers.cell_label(pd.NA, "missing") == "?"


def test_the_caption_gives_the_schema_years_and_the_caveat():
    years = schema.value_range("tip_tiers", "report_year")
    assert f"{years[0]}-{years[-1]}" in tiers.SOURCE
    assert "not the amount of trafficking" in tiers.SOURCE


def test_no_chapter_module_writes_its_own_tier_vocabulary():
    """Tier lists, colours and captions live in tiers.py only."""
    for path in PACKAGE.glob("*.py"):
        if path.name == "tiers.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert '"Tier 2 Watch List"' not in text, f"{path.name} names the tiers itself"
        assert "State Dept" not in text, f"{path.name} writes its own TIP caption"
        for colour in tiers.COLOURS.values():
            assert f'"Tier 1": "{colour}"' not in text, path.name


# ----------------------------------------------------------- the chapters use the vocabulary
@pytest.fixture
def fake():
    return make_tiers(
        [
            ("AAA", 2015, "Tier 1", "dataset"),
            ("AAA", 2016, "Tier 2", "dataset"),
            ("AAA", 2017, "Tier 2 Watch List", "page"),
            ("AAA", 2018, "Tier 3", "inferred"),
            ("BBB", 2015, None, "not rated"),
            ("BBB", 2016, "Tier 3", "dataset"),
            ("BBB", 2017, None, "missing"),
            ("BBB", 2018, "Tier 1", "page"),
        ]
    )


def test_chapter_4_and_5_charts_share_the_tier_colours(fake):
    fig4, ax4 = evidence.plot_tier_history(fake)
    mesh = ax4.collections[0]
    chapter4 = [matplotlib.colors.to_hex(c) for c in mesh.cmap.colors]
    fig5, ax5 = verdict.plot_tier_counts(fake, split_year=2017, window=2)
    chapter5 = {}
    for container in ax5.containers:
        chapter5[container.get_label()] = matplotlib.colors.to_hex(container[0].get_facecolor())
    plt.close(fig4)
    plt.close(fig5)
    expected = [tiers.COLOURS[t].lower() for t in tiers.TIERS]
    assert chapter4 == expected
    assert [chapter5[t] for t in tiers.TIERS] == expected


def test_chapter_charts_carry_the_one_caption(fake):
    fig4, _ = evidence.plot_tier_history(fake)
    fig5, _ = verdict.plot_tier_counts(fake, split_year=2017, window=2)
    start = tiers.SOURCE[:60]
    for fig in (fig4, fig5):
        caption = " ".join(fig.get_supxlabel().split())
        assert start in caption
        plt.close(fig)
    profile = explorer.country_profile("AAA", fake, None, None, None)
    assert html.escape(tiers.SOURCE) in explorer.profile_html(profile)


def test_both_chapters_apply_the_same_low_tier_rule(fake):
    # Chapters 4 and 5 both call before_after.before_after, whose low rule is tiers.LOW.
    table = before_after.before_after(fake, 2017, 2).set_index("iso3")
    assert table.loc["AAA", "low_before"] == 0 and table.loc["AAA", "low_after"] == 2
    assert table.loc["BBB", "low_before"] == 1 and table.loc["BBB", "rated_after"] == 1
    assert before_after.LOW == set(tiers.LOW)
