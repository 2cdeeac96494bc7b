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


@pytest.mark.usefixtures("indonesian")
class TestStringsA:
    """The start notebook's and chapters 1-2's widgets and messages, the glossary, the quizzes,
    the exercise feedback (answers, checks), the Colab setup and the data loader's messages."""

    # ------------------------------------------------------------------ display and quizzes
    def test_static_fallback_note_and_missing_cells(self):
        import pandas as pd

        from asean_tip_course.display import MISSING, NEEDS_KERNEL, CourseWidget, full_table

        shown = CourseWidget(None, "x", "about")
        assert translated(NEEDS_KERNEL) in shown.static_text()
        assert (
            NEEDS_KERNEL not in shown.static_text()
            and "running notebook" not in shown.static_html()
        )
        table = full_table(pd.DataFrame({"a": [1, None]}))
        assert translated(MISSING) in repr(table) and "(missing)" not in table._repr_html_()

    def test_quiz_widget_question_options_and_feedback(self):
        from asean_tip_course.quiz import quiz

        q = quiz("ch1_child_rule")
        assert q.question == translated(
            "A 16-year-old is taken to another town to work long hours without pay. Nobody used "
            "force or lies, and he wanted to go. Under the UN Protocol, is this trafficking?"
        )
        right = translated("Yes: for a child, an act and a purpose of exploitation are enough.")
        assert q.answer == right and right in q.options
        assert "No: he agreed to go." not in q.options
        texts = widget_texts(q.widget)
        assert translated("Check") in texts and "Check" not in texts
        assert "press Check" not in q.static_text()
        why = translated(
            "Article 3(c) drops the means for anyone under 18. Moving him (act) for forced "
            "labour (purpose) is enough."
        )
        assert q.check(right).message == translated("Correct. {why}").format(why=why)
        assert q.check(None).message == translated(
            "Pick one of the options first, then press Check."
        )
        out = q.widget.children[-1]
        q.widget.children[2].click()  # Check with nothing chosen
        assert translated("Pick one of the options first, then press Check.") in out.value

    def test_quiz_fields_are_filled_in_the_translated_text(self):
        from asean_tip_course.quiz import quiz

        q = quiz("ch3_unserved_target", counts={"16.2": 7, "16.3": 5, "8.7": 9})
        why = translated(
            "8.7 is served by {counts[8.7]} measures, but the paper does not name it at all."
        )
        assert q.explanations["8.7"] == why.format(counts={"8.7": 9})
        assert "9" in q.explanations["8.7"] and "served by" not in q.explanations["8.7"]

    # ------------------------------------------------------------------ glossary and course map
    def test_glossary_search_widget_and_results(self):
        from asean_tip_course.glossary import glossary_search, no_match_message

        shown = glossary_search(query="trafficking")
        texts = widget_texts(shown.widget)
        assert translated("Search for:") in texts and translated("In chapter:") in texts
        assert translated("All chapters") in texts and "Search for:" not in texts
        assert translated("Chapter {number}").format(number=3) in texts
        assert (
            translated("Term") in shown.fallback_html and ">Definition<" not in shown.fallback_html
        )
        heading = translated('Course glossary, matching "{query}":').format(query="trafficking")
        assert shown.fallback_text.startswith(heading)
        definition = "Moving, holding or receiving people by force, deception or abuse of power"
        assert definition not in shown.fallback_html  # the definitions in the notebook's language
        assert no_match_message("zzz", 2) == translated(
            'No glossary term in chapter {chapter} matches "{query}". Try a shorter word, '
            "the Indonesian word, or pick All chapters."
        ).format(chapter=2, query="zzz")

    def test_glossary_table_and_search_by_translated_definition(self, tables):
        from asean_tip_course.glossary import glossary_table, search_glossary

        shown = glossary_table(1)
        assert f">{translated('Indonesian')}<" in shown._repr_html_()
        assert ">Indonesian<" not in shown._repr_html_()
        # a word only the Indonesian definition of "exploitation" has
        assert "exploitation" in list(search_glossary(load("glossary"), "penghambaan")["term"])

    def test_chapter_picker(self):
        from asean_tip_course.course_map import chapter_picker, chapters

        shown = chapter_picker()
        picker = shown.widget.children[0]
        first = chapters()[0]
        assert picker.description == translated("Chapter:")
        assert picker.value == first.label  # the value stays the English label
        assert list(picker._options_labels)[0] == f"1. {translated(first.title)}"
        assert translated("Questions it answers") in shown.fallback_html
        assert translated(first.questions[0]) in shown.fallback_text
        assert (
            "Questions it answers" not in shown.fallback_html
            and "Objectives:" not in shown.fallback_text
        )

    # ------------------------------------------------------------------ exercise feedback
    def test_answer_checks_speak_indonesian(self):
        from asean_tip_course import answers

        with pytest.raises(AssertionError) as said:
            answers.expect_number("seven", "x")
        expected = translated(
            "`{name}` is {kind}, but a number is expected. "
            "Write the number itself, or the pandas expression that computes it."
        )
        kind = translated("the text {value}").format(value="'seven'")
        assert str(said.value) == expected.format(name="x", kind=kind)
        with pytest.raises(AssertionError) as said:
            answers.expect_answered(..., "q1_answer")
        assert "`q1_answer`" in str(said.value) and "Not answered yet" not in str(said.value)
        with pytest.raises(AssertionError) as said:
            answers.expect_choice("E", "q1_answer", "ABCD")
        assert "not an option" not in str(said.value) and '"A", "B", "C", "D"' in str(said.value)

    def test_exercise_hints_are_translated(self):
        from asean_tip_course import answers

        hint = (
            "Check her age against Article 3(c) and 3(d) in chapter 1. Does the definition ask "
            "for a border crossing at all?"
        )
        with pytest.raises(AssertionError) as said:
            answers.expect_correct("A", "q", "0" * 16, hint)
        assert str(said.value) == translated("Not yet. {hint}").format(hint=translated(hint))
        members = "It cannot be more than the number of members in the table."
        with pytest.raises(AssertionError) as said:
            answers.expect_number(99, "n", low=0, high=11, range_hint=members)
        assert str(said.value).endswith(translated(members))
        assert "cannot be right" not in str(said.value)

    def test_the_checker_gives_the_hint_and_success_in_indonesian(self, tmp_path, monkeypatch):
        import shutil

        from asean_tip_course.checks import NOT_THE_GRADE, Checks, CheckSummary
        from tools.paths import STUDENT

        folder = shutil.copytree(STUDENT / "id" / "ex01_background", tmp_path / "ex01")
        monkeypatch.chdir(folder)  # Otter writes its log beside the notebook
        grader = Checks(str(folder / "ex01_background.ipynb"), tests_dir=str(folder / "tests"))
        said = {letter: grader.check("q2", {"q2_answer": letter}) for letter in "ABCD"}
        right = [r for r in said.values() if r.passed]
        wrong = [r for r in said.values() if not r.passed]
        assert len(right) == 1 and right[0].message == translated(
            "Right: for a child, an act for the purpose of exploitation is enough; consent does "
            "not matter."
        )
        hint = translated(
            "Check her age against Article 3(c) and 3(d) in chapter 1. Does the definition ask "
            "for a border crossing at all?"
        )
        assert wrong[0].message == translated("Not yet. {hint}").format(hint=hint)
        assert translated(NOT_THE_GRADE) in repr(CheckSummary(tuple(said.values())))

    def test_colab_install_failure(self, monkeypatch, capsys):
        import subprocess

        from asean_tip_course import colab

        failed = subprocess.CompletedProcess([], 1, stdout="", stderr="no network")
        monkeypatch.setattr(colab.subprocess, "run", lambda *a, **k: failed)
        with pytest.raises(RuntimeError) as problem:
            colab.pip("x")
        assert str(problem.value) == translated(
            "Installing the answer checker failed (see the message above). Check the internet "
            "connection, then run this cell again."
        )

    # ------------------------------------------------------------------ data loader
    def test_data_messages(self, tmp_path, monkeypatch):
        import pandas as pd

        from asean_tip_course.data import DataError, date_text

        with pytest.raises(DataError) as problem:
            load("nope")
        assert str(problem.value).startswith(
            translated("unknown table {name}. Valid names: {names}").split("{name}")[0]
        )
        assert "unknown table" not in str(problem.value)
        monkeypatch.setenv("ASEAN_TIP_DATA", str(tmp_path))
        with pytest.raises(DataError) as problem:
            load("members")
        assert str(problem.value).startswith(translated("file {name}").format(name="members.csv"))
        assert "data file not found" not in str(problem.value)
        when = pd.Timestamp("2016-01-25")
        assert date_text(when, "on or before") == translated("on or before {date}").format(
            date="2016-01-25"
        )
        assert date_text(None, "day") == translated("missing")

    # ------------------------------------------------------------------ chapter 1
    def test_definition_checker_widget(self):
        from asean_tip_course.definition import ACTS, SCENARIOS, definition_checker

        shown = definition_checker()
        texts = widget_texts(shown.widget)
        assert translated("Load a case:") in texts and translated("Act (what was done):") in texts
        assert translated(ACTS["recruitment"]) in texts and ACTS["recruitment"] not in texts
        assert translated("A. The factory job abroad") in texts and "My own case" not in texts
        assert SCENARIOS[0].title == translated(SCENARIOS[0].source_title)
        meets = translated("Meets the international definition of trafficking in persons.")
        assert meets in shown.widget.children[-1].value
        assert shown.fallback_text.startswith(SCENARIOS[0].title)
        assert "The agent promises" not in shown.fallback_text

    def test_definition_reasons_and_problems(self):
        from asean_tip_course.definition import PURPOSES, SMUGGLING_NOTE, assess_case

        result = assess_case("transportation", "none", "none", 30)
        assert translated(SMUGGLING_NOTE) in result.reasons
        assert (
            translated("Act: {act}.").format(act=translated("transportation (moving someone)"))
            in result.reasons
        )
        text = assess_case("recruitment", "none", "forced_labour", 17).as_text()
        assert "Age:" not in text and translated(PURPOSES["forced_labour"]) in text
        problems = assess_case(None, None, None, -1).problems
        assert translated("Choose the means (or 'none of these').") in problems
        # a label in the notebook's language is accepted too
        label = translated(PURPOSES["forced_labour"])
        assert assess_case("recruitment", "deception", label, 30).meets

    def test_protocol_uptake_figure(self, tables):
        from asean_tip_course.definition import plot_protocol_uptake

        drawn = figure_texts(
            plot_protocol_uptake(tables["ratifications"], tables["members"], tables["instruments"])[
                0
            ]
        )
        assert translated("date found") in drawn and "date found" not in drawn
        assert translated("{year} (year only)").format(year=2009) in drawn
        assert "Protocol in force worldwide" not in drawn and "have a documented date" not in drawn

    # ------------------------------------------------------------------ chapter 2
    def test_classifier_widget_and_feedback(self, tables):
        from asean_tip_course.classifier import classifier_widget

        shown = classifier_widget(tables["measures"])
        texts = widget_texts(shown.widget)
        assert translated("Compare") in texts and "Compare" not in texts
        assert translated("prevention") in texts and translated("choose...") in texts
        dropdown = shown.widget.children[0].children[1].children[0]
        assert dropdown.value == "choose..."  # the values stay the data's categories
        dropdown.value = "cooperation"
        button, feedback = shown.widget.children[-3], shown.widget.children[-2]
        button.click()
        assert "You agree" not in feedback.value and "reading on" not in feedback.value
        assert translated("Measure {number}:").format(number=1) in texts
        assert "Sort each measure" not in shown.fallback_text

    def test_emphasis_text_and_figure(self, tables):
        from asean_tip_course.classifier import (
            emphasis_by_instrument,
            emphasis_text,
            measure_list,
            plot_emphasis,
        )

        measures = tables["measures"]
        table = emphasis_by_instrument(measures)
        assert "prevention" in table.columns  # the data keeps its categories
        text = emphasis_text(table)
        assert text.split()[:2] == [translated("instrument"), translated("year")]
        assert "prevention" not in text
        assert "(p. 8)" not in measure_list(measures, "ACTIP")
        drawn = figure_texts(plot_emphasis(measures)[0])
        assert translated("cooperation") in drawn and "cooperation" not in drawn
        assert " led " not in drawn

    def test_instrument_and_ratification_tables(self, tables):
        from asean_tip_course.timeline import instrument_table, ratification_table

        shown = instrument_table(tables["instruments"], ["ACTIP", "BALI_PROCESS"])
        assert list(shown.columns)[:2] == [translated("instrument"), translated("kind")]
        assert translated("convention") in set(shown[translated("kind")])
        assert set(shown[translated("binding")]) == {translated("yes"), translated("n.a.")}
        assert "ACTIP" in set(shown[translated("instrument")])  # the names stay
        rows = ratification_table(tables["ratifications"], "ACTIP")
        assert list(rows.columns) == [
            translated("member"),
            translated("action"),
            translated("date"),
        ]

    def test_timeline_explorer(self, tables):
        from asean_tip_course.timeline import in_force, timeline_explorer

        t = tables
        shown = timeline_explorer(
            t["instruments"], t["ratifications"], start=2017, members=t["members"]
        )
        slider, out = shown.widget.children
        assert slider.description == translated("Show the end of year:")
        assert translated("Date not found") in out.value and "Date not found" not in out.value
        assert shown.fallback_text.startswith(translated("By the end of {year}:").format(year=2017))
        assert "Binding treaties in force" not in shown.fallback_text
        assert in_force("x", t["instruments"], t["ratifications"]).message == translated(
            "The year should be a whole number such as 2017, not {year}."
        ).format(year="'x'")
