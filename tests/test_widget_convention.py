"""One widget convention: every builder returns a ``display.CourseWidget`` that displays itself.

These tests run on ipywidgets 8 (the course's own environment) and on ipywidgets 7.7 with
IPython 7.34 (the Colab-like job in .ci/run runs this file in that environment too).
"""

from __future__ import annotations

import ast
import json
import sys
import types
from pathlib import Path

import ipywidgets as w
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import display
from IPython.utils.capture import capture_output

from asean_tip_course.display import NEEDS_KERNEL, WIDGET_VIEW, CourseWidget
from asean_tip_course.manifest import course
from tools import bench

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = sorted(bench.WIDGETS)


@pytest.fixture(scope="module")
def shell():
    """An IPython shell, so that ``display`` publishes outputs as a kernel would."""
    return InteractiveShell.instance()


@pytest.fixture(scope="module")
def built():
    """Every registered widget, built once from the course's data."""
    import importlib

    return {
        name: bench.WIDGETS[name].build(importlib.import_module(f"asean_tip_course.{module}"))
        for name in BUILDERS
        for module in [bench.WIDGETS[name].module]
    }


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_returns_a_course_widget_with_a_meaningful_fallback(built, name):
    shown = built[name]
    assert isinstance(shown, CourseWidget), f"{name} returned {type(shown).__name__}"
    assert isinstance(shown.widget, w.DOMWidget)
    bundle = shown._repr_mimebundle_()
    assert bundle[WIDGET_VIEW] == {
        "version_major": 2,
        "version_minor": 0,
        "model_id": shown.widget.model_id,
    }
    assert shown.widget.model_id  # a live model the front end can find
    # The fallback is the first state (not only the sentence) plus the sentence.
    assert len(shown.fallback_text.strip()) > 40
    assert bundle["text/plain"].startswith(shown.fallback_text)
    assert shown.about in bundle["text/plain"] and NEEDS_KERNEL in bundle["text/plain"]
    assert bundle["text/html"].startswith('<div class="course-widget-fallback">')
    assert len(bundle["text/html"]) > 200


@pytest.mark.parametrize("name", BUILDERS)
def test_display_publishes_one_output_with_the_view_and_both_fallbacks(shell, built, name):
    with capture_output() as captured:
        display(built[name])
    assert captured.stdout == "" and captured.stderr == ""
    assert len(captured.outputs) == 1  # IPython 7 would add an error output here, not raise
    data = captured.outputs[0].data
    assert set(data) == {WIDGET_VIEW, "text/plain", "text/html"}
    assert data[WIDGET_VIEW]["model_id"] == built[name].widget.model_id


def test_a_cell_ending_with_the_builder_call_displays_the_widget_once(shell):
    shell.user_ns["course_widget"] = CourseWidget(w.IntSlider(value=3), "Year: 2017", "Slide.")
    with capture_output() as captured:
        result = shell.run_cell("course_widget")
    assert result.success
    # The object displayed itself; the display hook added no text repr of its own (a kernel
    # sends no execute_result then; a plain shell still prints its "Out[n]:" prompt).
    assert "Year: 2017" not in captured.stdout
    assert len(captured.outputs) == 1 and WIDGET_VIEW in captured.outputs[0].data


def test_on_colab_the_bundle_is_what_ipywidgets_itself_publishes(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    bundle = CourseWidget(w.IntSlider(), "Year: 2017", "Slide.")._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/plain"}


def test_fallback_html_is_escaped_and_given_html_is_kept():
    plain = CourseWidget(w.HTML(), "<script>x</script>", "A <b> sentence.")
    assert "<script>" not in plain.static_html() and "&lt;script&gt;" in plain.static_html()
    assert "<b>" not in plain.static_html()
    table = CourseWidget(w.HTML(), "text", "About.", fallback_html="<table><tr><td>1</td></table>")
    assert "<table>" in table.static_html() and "text" not in table.static_html()


def test_quiz_question_is_escaped_in_the_widget_and_the_fallback():
    from asean_tip_course.quiz import MultipleChoice

    quiz = MultipleChoice("Is '<5' a number?", ["yes", "no"], "no")
    assert "&lt;5" in quiz.widget.children[0].value
    assert "&lt;5" in quiz.static_html() and "'<5'" in quiz.static_text()
    assert quiz.widget is quiz.widget  # built once


# --------------------------------------------------------------------------- notebooks

BUILDER_NAMES = {name.split(".")[1] for name in BUILDERS}


def _code_cells():
    for path in [ROOT / p for p in course().notebooks + course().exercise_sources]:
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.relative_to(ROOT)} cell {i}", "".join(cell["source"])


def _called(node: ast.AST) -> set[str]:
    return {
        n.func.id if isinstance(n.func, ast.Name) else n.func.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name | ast.Attribute)
    }


def test_notebook_widget_cells_end_with_the_builder_call():
    checked, problems = 0, []
    for where, source in _code_cells():
        try:
            tree = ast.parse(source)
        except SyntaxError:  # exercise cells with blanks to fill ("...") or magics
            continue
        if not _called(tree) & BUILDER_NAMES:
            continue
        checked += 1
        if _top_call(tree.body[-1]) not in BUILDER_NAMES:
            problems.append(f"{where}: the builder call must be the cell's last line")
        elif any(_called(s) & BUILDER_NAMES for s in tree.body[:-1]):
            problems.append(f"{where}: build the widget in the cell's last line only")
        if "show(" in source:
            problems.append(f"{where}: display.show is gone; end the cell with the builder")
    assert checked >= 9, f"only {checked} widget cells found"
    assert not problems, "\n".join(problems)


def _top_call(stmt: ast.stmt) -> str | None:
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not isinstance(call, ast.Call):
        return None
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)


def test_course_manifest_widgets_are_the_benchmarked_builders():
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    named = set(manifest.get("start", {}).get("widgets", []))
    for chapter in manifest["chapters"]:
        named |= set(chapter.get("widgets", []))
    assert named == set(BUILDERS)
