"""The package's words in Indonesian: each widget and message group, switched to "id", shows
the catalogue's translation and not the English (the expected text is read through ``_()``)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from asean_tip_course import load, use_language
from asean_tip_course.i18n import _


@pytest.fixture
def indonesian():
    use_language("id")
    yield
    use_language("en")


def translated(message: str) -> str:
    """``message`` in the current language; fails if the catalogue has no Indonesian for it."""
    text = _(message)
    assert text != message, f"no Indonesian translation for {message!r}"
    return text


def figure_texts(fig) -> str:
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    plt.close(fig)
    return "\n".join(texts)


def widget_texts(widget) -> list[str]:
    """Every description, value and option label in a widget tree."""
    found = []
    for attr in ("description", "value"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            found.append(value)
    found += [str(label) for label in getattr(widget, "_options_labels", ())]
    for child in getattr(widget, "children", ()):
        found += widget_texts(child)
    return found


@pytest.fixture(scope="module")
def tables():
    names = (
        "members",
        "tip_tiers",
        "detected_victims",
        "slavery_estimates",
        "ratifications",
        "forced_criminality",
        "measures",
        "sdg_targets",
        "instruments",
        "sources",
    )
    return {name: load(name) for name in names}


@pytest.mark.usefixtures("indonesian")
class TestStringsB:
    """Chapters 3-5: SDG mapper, evidence, explorer, before/after, verdict, forced criminality,
    tiers and figures."""

    # ------------------------------------------------------------------ tiers and figures
    def test_tier_labels_and_captions(self):
        from asean_tip_course import tiers

        watch = translated("Tier 2 Watch List")
        assert tiers.label("Tier 2 Watch List") == watch
        assert tiers.label("Tier 3") == "Tier 3"  # the tier names stay
        assert tiers.evidence_label("inferred") == translated("inferred")
        scale = translated("1 = {best} ... {n} = {worst}; lower is better")
        assert tiers.scale_text() == scale.format(best="Tier 1", n=4, worst="Tier 3")
        assert tiers.source_text() != tiers.SOURCE and "2001-2025" in tiers.source_text()
        assert "inferred" not in tiers.marks_text()
        assert tiers.SOURCE.startswith("US Department of State")  # the constant stays English

    def test_member_names_and_source_line(self):
        from asean_tip_course.figures import add_source, short_month, shown_name

        assert shown_name("Philippines") == translated("Philippines")
        assert shown_name("Viet Nam") == translated("Viet Nam")
        assert shown_name("THA") == "THA"
        assert short_month(10) == translated("Oct")
        fig = plt.figure()
        add_source(fig, "x")
        assert fig.get_supxlabel().startswith(translated("Source: {text}").format(text=""))
        plt.close(fig)

    # ------------------------------------------------------------------ chapter 3
    def test_sdg_mapper_widget(self, tables):
        from asean_tip_course.sdg_map import sdg_mapper

        shown = sdg_mapper(tables["measures"], tables["instruments"], tables["sdg_targets"])
        texts = widget_texts(shown.widget)
        assert translated("Include instruments:") in texts
        assert translated("Reset to the course's mapping") in texts
        assert "Include instruments:" not in texts and "Measure to map:" not in texts
        head = translated("Coverage of SDG targets in the course's mapping (all instruments):")
        assert shown.fallback_text.startswith(head)
        assert shown.about == translated(
            "Tick or untick the SDG targets each measure serves, or leave out instruments, "
            "and compare the coverage with the course's mapping."
        )
        assert translated("Measures (your mapping)") in shown.fallback_html
        assert "Your coverage" not in shown.fallback_html

    def test_sdg_messages_and_figure(self, tables):
        from asean_tip_course.sdg_map import coverage_html, plot_target_coverage, targets_text

        measures, targets = tables["measures"], tables["sdg_targets"]
        empty = coverage_html(measures.iloc[0:0], {}, ["16.2"])
        assert translated("No instrument selected.") in empty and "selected." not in empty
        text = targets_text(targets)
        assert "named in the paper" not in text and translated("indicator") in text
        fig, _ax = plot_target_coverage(measures, targets)
        drawn = figure_texts(fig)
        assert translated("SDG target") in drawn and "SDG target" not in drawn
        assert "Most measures serve" not in drawn

    # ------------------------------------------------------------------ chapter 4
    def test_tier_questions_and_shares(self, tables):
        from asean_tip_course.evidence import (
            members_on_tier,
            sexual_exploitation_share,
            share_summary,
            share_table,
            three_measures,
        )

        tiers, victims = tables["tip_tiers"], tables["detected_victims"]
        message = str(members_on_tier(tiers, 2018, "Tier 2 Watch List"))
        assert message.startswith(translated("Tier 2 Watch List"))
        assert "report:" not in message and "in the table" not in message
        share = sexual_exploitation_share(victims, "PHL", 2014)
        expected = translated("{share} ({part} of {total}). {reason}").format(
            share=f"{share.value:.0%}", part=f"{share.part:,}", total=f"{share.total:,}",
            reason=share.reason,
        )  # fmt: skip
        assert str(share) == expected.strip() and " of " not in str(share)
        censored = str(sexual_exploitation_share(victims, "BRN", 2016))
        assert censored.startswith(translated("No share: {reason}").format(reason=""))
        summary = share_summary(share_table(victims))
        assert "member-years" not in summary and "Lowest" not in summary
        table = three_measures(tiers, victims, tables["slavery_estimates"], 2023)
        assert translated("detected victims (latest year)") in table.columns
        assert translated("not estimated") in set(table.iloc[:, -1])

    def test_evidence_figures(self, tables):
        from asean_tip_course.evidence import plot_prevalence, plot_tier_history

        drawn = figure_texts(plot_tier_history(tables["tip_tiers"], tables["members"])[0])
        assert translated("TIP tiers of the ASEAN members by report year") in drawn
        assert translated("Philippines") in drawn and "Philippines" not in drawn
        assert "2WL = " + translated("Tier 2 Watch List") in drawn
        assert translated("Source: {text}").format(text="") in drawn and "Source:" not in drawn
        drawn = figure_texts(plot_prevalence(tables["slavery_estimates"], tables["members"])[0])
        assert translated("not estimated") in drawn and "not estimated" not in drawn
        assert "Estimated modern slavery" not in drawn

    def test_country_explorer_widget(self, tables):
        from asean_tip_course.explorer import country_explorer

        t = tables
        shown = country_explorer(
            t["tip_tiers"], t["detected_victims"], t["ratifications"],
            t["slavery_estimates"], t["members"], first="THA",
        )  # fmt: skip
        dropdown, page = shown.widget.children
        assert dropdown.description == translated("Show member:")
        labels = list(dropdown._options_labels)
        assert labels[0] == translated("(choose a member)")
        assert translated("Philippines") in labels and "Philippines" not in labels
        assert translated("US TIP Report tier, by report year:") in shown.fallback_text
        assert "by report year" not in shown.fallback_text
        assert translated("August") in shown.fallback_text  # Thailand: 8 August 1967
        dropdown.value = None
        assert translated("Choose a member from the list to see its record.") in page.value

    # ------------------------------------------------------------------ chapters 4 and 5
    def test_before_after_sentences_and_tables(self, tables):
        from asean_tip_course.before_after import (
            before_after,
            comparison_table,
            period_covered,
            sensitivity,
            verdict_text,
        )

        tiers = tables["tip_tiers"]
        names = tables["members"].set_index("iso3")["short_name"].to_dict()
        table = before_after(tiers, 2018, 8, sorted(set(tiers["iso3"]) - {"TLS"}))
        text = verdict_text(table, names)
        first = translated(
            "Before = report years {before}, after = {after}. The {last_before} report looks "
            "back at {period_before}, so it counts as before; the {split} report is "
            "the first that looks back at {period_after}."
        )
        assert text.startswith(first.split("{before}")[0])
        assert translated("Philippines") in text and "Philippines" not in text
        assert translated("No clear regional change.") in text
        assert "member(s)" not in text and "Watch List" not in text
        assert period_covered(2017) == translated("April {previous} to March {year}").format(
            previous=2016, year=2017
        )
        shown = comparison_table(table, names)
        assert translated("rated before") in shown.columns and "rated before" not in shown.columns
        assert translated("better") in set(shown[translated("direction")])
        assert set(table["direction"]) <= {"better", "worse", "about the same"}  # data stays
        robust = sensitivity(tiers, [(2018, 8), (2018, None)], names=names)
        assert translated("same in all") in robust.columns

    def test_before_after_figure(self, tables):
        from asean_tip_course.before_after import before_after, plot_before_after

        table = before_after(tables["tip_tiers"], 2018, 8)
        drawn = figure_texts(plot_before_after(table)[0])
        assert translated("Watch List") in drawn and "Mean TIP tier score" not in drawn

    def test_verdict_explorer_widget(self, tables):
        from asean_tip_course.verdict import verdict_explorer, verdict_html

        shown = verdict_explorer(tables["tip_tiers"], tables["members"], 2018, 8)
        texts = widget_texts(shown.widget)
        assert translated("Report years on each side:") in texts
        assert translated("Members (Ctrl/Cmd-click for several):") in texts
        assert translated("Philippines") in texts and "Philippines" not in texts
        assert "Report years on each side:" not in texts
        assert shown.about == translated(
            "Move the split year, change the years on each side or pick members to see "
            "how the before-and-after comparison changes."
        )
        empty = verdict_html(tables["tip_tiers"], 2018, 8, [])
        assert translated("No member selected.") in empty and "No member selected" not in empty

    def test_verdict_figure(self, tables):
        from asean_tip_course.verdict import plot_tier_counts

        drawn = figure_texts(plot_tier_counts(tables["tip_tiers"], tables["members"], 2018, 8)[0])
        assert translated("Tier (best to worst)") in drawn
        assert translated("Tier 2 Watch List") in drawn and "Tier 2 Watch List" not in drawn
        assert "Number of ASEAN members" not in drawn

    def test_forced_criminality(self, tables):
        from asean_tip_course.forced_criminality import estimates_table, plot_crackdown_counts

        held = estimates_table(tables["forced_criminality"], "people held")
        assert translated("at least {number}").format(number="120,000") in set(held["number"])
        assert "at least 120,000" not in set(held["number"])
        with pytest.raises(ValueError) as problem:
            estimates_table(tables["forced_criminality"], "victims")
        assert "Choose one of" not in str(problem.value)
        drawn = figure_texts(plot_crackdown_counts(tables["forced_criminality"])[0])
        assert translated("claim by a party") in drawn and "claim by a party" not in drawn
        assert translated("People (as counted by each source)") in drawn
