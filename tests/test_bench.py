"""Tests for the benchmark's pure helpers (nothing here is timed)."""

import json
from pathlib import Path

import ipywidgets as w
import pytest

from asean_tip_course.display import CourseWidget
from asean_tip_course.manifest import course
from asean_tip_course.quiz import MultipleChoice
from tools import bench

# --------------------------------------------------------------------------- numbers


def test_median_odd_even_and_missing_values():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert bench.median([None, 5.0, None]) == 5.0
    assert bench.median([]) is None
    assert bench.median([None]) is None


def test_ratio_and_missing_or_zero_floor():
    assert bench.ratio(3.0, 2.0) == 1.5
    assert bench.ratio(None, 2.0) is None
    assert bench.ratio(3.0, None) is None
    assert bench.ratio(3.0, 0.0) is None


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (1.5, 1.5, "OK"),
        (1.49, 1.5, "OK"),
        (1.51, 1.5, "OVER"),
        (None, 1.5, "n/a"),
        (1, None, "n/a"),
    ],
)
def test_check_against_budget(value, limit, expected):
    assert bench.check(value, limit) == expected


def test_budget_is_the_one_the_issue_sets():
    assert bench.BUDGET == {
        "notebook_ratio": 1.5,
        "import_added_s": 0.2,
        "widget_update_s": 0.1,
        "kernel_peak_mb": 300.0,
        "suite_no_browser_s": 180.0,
        "suite_fast_s": 60.0,
    }


def test_formatting_of_units():
    assert bench.fmt_s(1.234) == "1.23 s"
    assert bench.fmt_ms(0.0123) == "12.3 ms"
    assert bench.fmt_mb(300 * 2**20) == "300 MB"
    assert bench.fmt_ratio(1.456) == "1.46x"
    assert bench.fmt_s(None) == bench.fmt_ms(None) == bench.fmt_mb(None) == "-"


def test_format_table_aligns_columns():
    text = bench.format_table(["a", "long header"], [["wide cell", "x"], ["y", "z"]])
    lines = text.splitlines()
    assert lines[0] == "a          long header"
    assert lines[1] == "---------  -----------"
    assert lines[2] == "wide cell  x"
    assert lines[3].startswith("y          z")


def test_format_table_rejects_a_short_row():
    with pytest.raises(ValueError, match="has 1 cells"):
        bench.format_table(["a", "b"], [["only one"]])


# --------------------------------------------------------------------------- discovery


def test_discover_notebooks_are_the_manifests(tmp_path):
    found = [p.relative_to(tmp_path).as_posix() for p in bench.discover_notebooks(tmp_path)]
    assert found == course().all_notebooks
    assert found[0] == course().start.notebook and any("exercises/student/" in f for f in found)


def test_every_widget_in_the_manifest_has_a_benchmark_case_and_no_other():
    assert sorted(bench.WIDGETS) == sorted(course().widgets)


def test_discover_modules_leaves_out_tools(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name in ["__init__", "paths", "grading", "launch", "manifest", "data", "verdict"]:
        (pkg / f"{name}.py").write_text("")
    assert bench.discover_modules(pkg) == ["pkg.data", "pkg.verdict"]


def test_discover_modules_sees_the_real_package():
    found = bench.discover_modules()
    assert "asean_tip_course.quiz" in found
    assert "asean_tip_course.paths" not in found and "asean_tip_course.grading" not in found


def test_modules_imported_by_reads_the_import_forms():
    code = (
        "from asean_tip_course import load, quiz\n"
        "from asean_tip_course.figures import new_figure\n"
        "import asean_tip_course.verdict as v\n"
        "%matplotlib inline\n"
        "import pandas as pd\n"
        "x = 'from asean_tip_course.fake import y'  # in a string, not an import\n"
    )
    assert bench.modules_imported_by(code) == {
        "asean_tip_course",
        "asean_tip_course.load",  # a function; notebook_modules filters it out
        "asean_tip_course.quiz",
        "asean_tip_course.figures",
        "asean_tip_course.verdict",
    }
    assert bench.modules_imported_by("this is not python (") == set()


def test_notebook_modules_keeps_known_modules_the_notebooks_import(tmp_path):
    nb = tmp_path / "a.ipynb"
    cell = {"cell_type": "code", "source": ["from asean_tip_course import load, quiz\n"]}
    nb.write_text(json.dumps({"cells": [cell, {"cell_type": "markdown", "source": "import x"}]}))
    known = ["asean_tip_course", "asean_tip_course.quiz", "asean_tip_course.data", "x.links"]
    # `load` is imported lazily from asean_tip_course.data, so that module counts too
    assert bench.notebook_modules([nb], known) == [
        "asean_tip_course",
        "asean_tip_course.data",
        "asean_tip_course.quiz",
    ]


def test_floor_notebook_only_imports_the_dependencies():
    nb = bench.floor_notebook()
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code == ["import pandas\nimport matplotlib.pyplot\nimport ipywidgets"]
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_dir_size_counts_files_not_links(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 5)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert bench.dir_size(tmp_path) == (15, 2)


def test_parse_importtime_names_outside_modules_the_package_pulls_in():
    log = "\n".join(
        [
            "import time:       100 |        100 | pandas",
            "MARK",
            "import time:      5000 |       5000 |     scipy.special",
            "import time:      1000 |       6000 |   scipy",
            "import time:       300 |        300 |   tomllib",
            "import time:       200 |       6500 | asean_tip_course.verdict",
            "import time:       700 |        700 | json",
        ]
    )
    assert bench.parse_importtime(log, "MARK") == [
        ("scipy", 0.006, "asean_tip_course.verdict"),
        ("json", 0.0007, "(top level)"),
        ("tomllib", 0.0003, "asean_tip_course.verdict"),
    ]
    assert bench.parse_importtime(log, "NO MARKER") == []


# --------------------------------------------------------------------------- widgets


def _observed_box():
    label = w.Label("Pick one")
    dropdown = w.Dropdown(options=["a", "b", "c"], value="a")
    out = w.HTML("a")
    dropdown.observe(lambda change: setattr(out, "value", change["new"]), names="value")
    return w.VBox([label, w.HBox([w.IntSlider(), dropdown]), out]), dropdown


def test_user_observers_ignores_ipywidgets_own_handlers():
    dropdown = w.Dropdown(options=["a"])
    assert bench.user_observers(dropdown) == 0
    dropdown.observe(lambda change: None, names="value")
    assert bench.user_observers(dropdown) == 1


def test_find_action_picks_the_first_observed_control():
    box, dropdown = _observed_box()
    assert bench.find_action(box) == ("change", dropdown, None)


def test_find_action_clicks_a_button_after_filling_the_first_control():
    box = bench.unwrap_widget(
        MultipleChoice(question="Q?", options=["x", "y"], answer="y", explanations={})
    )
    action, target, fill = bench.find_action(box)
    assert action == "click"
    assert target.description == "Check"
    assert type(fill).__name__ == "RadioButtons"


def test_find_action_without_controls_raises():
    with pytest.raises(LookupError):
        bench.find_action(w.VBox([w.HTML("static"), w.Button(description="no handler")]))


def test_unwrap_widget_accepts_the_shapes_builders_return():
    box, _ = _observed_box()
    assert bench.unwrap_widget(box) is box
    assert bench.unwrap_widget(CourseWidget(box, "fallback text", "About.")) is box
    for old_shape in ((box, "fallback text"), "not a widget"):
        with pytest.raises(TypeError):
            bench.unwrap_widget(old_shape)


def test_next_value_always_differs_and_stays_valid():
    dropdown = w.Dropdown(options=["a", "b"], value="b")
    assert bench.next_value(dropdown) == ("index", 0)
    radio = w.RadioButtons(options=["a", "b"], value=None)
    assert bench.next_value(radio) == ("index", 0)
    slider = w.IntSlider(min=0, max=2, value=2)
    assert bench.next_value(slider) == ("value", 0)
    multi = w.SelectMultiple(options=["a", "b", "c"], value=("b",))
    assert bench.next_value(multi) == ("index", (2,))
    text = w.Text(value="")
    assert bench.next_value(text, 1) != bench.next_value(text, 2)
    with pytest.raises(LookupError):
        bench.next_value(w.Dropdown(options=[]))


def test_snapshot_sees_an_output_change_but_not_a_control_change():
    box, dropdown = _observed_box()
    before = bench.snapshot(box)
    dropdown.value = "b"
    assert bench.snapshot(box) != before
    slider = box.children[1].children[0]
    before = bench.snapshot(box)
    slider.value = 5
    assert bench.snapshot(box) == before


def test_widget_registry_names_functions_in_the_contract_modules():
    for name, case in bench.WIDGETS.items():
        assert name.split(".")[0] == case.module
        assert callable(case.build)


# --------------------------------------------------------------------------- report


def _results(ratio=1.2, peak_mb=200, added=0.05, widget_s=0.02, suite=None):
    nb = {"exec_s": 2.0 * ratio, "ratio": ratio, "kernel_start_s": 1.0, "error": None}
    return {
        "notebooks": {
            "floor_s": 2.0,
            "notebooks": {
                "floor": {**nb, "exec_s": 2.0, "ratio": 1.0, "peak_bytes": 100 * 2**20},
                "notebooks/01_x.ipynb": {**nb, "peak_bytes": peak_mb * 2**20},
            },
        },
        "imports": {
            "deps_only_s": 1.0,
            "added_in_process_s": added,
            "added_difference_s": added,
            "modules": ["asean_tip_course"],
        },
        "widgets": {
            "verdict.verdict_explorer": {
                "median_s": widget_s,
                "max_s": widget_s,
                "action": "change IntSlider",
                "output_changed": True,
            },
            "glossary.glossary_search": {"skipped": "module does not exist yet"},
        },
        "suite": suite,
        "size": {"prefix": "/env", "bytes": 2**30, "files": 3},
    }


def _status(rows, check, item=None):
    return [r[4] for r in rows if r[0] == check and (item is None or r[1] == item)]


def test_rows_within_budget_are_ok():
    rows = bench.build_rows(_results())
    assert _status(rows, "notebook time", "notebooks/01_x.ipynb") == ["OK"]
    assert _status(rows, "kernel peak memory", "notebooks/01_x.ipynb") == ["OK"]
    assert "OK" in _status(rows, "import time")
    assert _status(rows, "widget update", "verdict.verdict_explorer") == ["OK"]
    assert _status(rows, "widget update", "glossary.glossary_search") == ["n/a"]


def test_rows_over_budget_are_marked_over():
    rows = bench.build_rows(_results(ratio=1.6, peak_mb=301, added=0.25, widget_s=0.11))
    assert _status(rows, "notebook time", "notebooks/01_x.ipynb") == ["OVER"]
    assert _status(rows, "kernel peak memory", "notebooks/01_x.ipynb") == ["OVER"]
    assert "OVER" in _status(rows, "import time")
    assert _status(rows, "widget update", "verdict.verdict_explorer") == ["OVER"]


def test_suite_not_measured_says_how_to_measure_it():
    rows = bench.build_rows(_results(suite=None))
    suite = [r for r in rows if r[0] == "test suite"]
    assert suite == [
        ["test suite", "pytest -m 'not browser'", "not measured, run with --suite", "-", "n/a"]
    ]


def test_suite_rows_check_the_three_minute_budget():
    run = {"s": 200.0, "exit_code": 0, "summary": "10 passed"}
    rows = bench.build_rows(_results(suite={"no_browser": run, "all": run}))
    assert _status(rows, "test suite", "pytest -m 'not browser'") == ["OVER"]
    assert _status(rows, "test suite", "pytest (with browser tests)") == ["-"]
    assert not [r for r in rows if "--fast" in r[1]], "a part not measured gets no row"


def test_suite_rows_check_the_one_minute_fast_loop():
    rows = bench.build_rows(
        _results(suite={"fast": {"s": 50.0, "exit_code": 0, "summary": "9 passed"}})
    )
    label = bench.SUITE_PARTS["fast"][1]
    assert _status(rows, "test suite", label) == ["OK"]
    rows = bench.build_rows(
        _results(suite={"fast": {"s": 61.0, "exit_code": 0, "summary": "9 passed"}})
    )
    assert _status(rows, "test suite", label) == ["OVER"]


def test_notebook_that_raised_is_flagged():
    results = _results()
    results["notebooks"]["notebooks"]["notebooks/01_x.ipynb"]["error"] = "cell 3: KeyError: 'x'"
    rows = bench.build_rows(results)
    assert _status(rows, "notebook time", "notebooks/01_x.ipynb") == ["OK (errors)"]
    (row,) = [r for r in rows if r[0] == "notebook time" and r[1] == "notebooks/01_x.ipynb"]
    assert "KeyError" in row[2]


def test_parse_args_defaults_and_quick():
    args = bench.parse_args([])
    assert args.repeat == 3 and not args.suite
    assert args.json == bench.REPO / "bench-results" / "bench.json"
    assert bench.parse_args(["--quick"]).repeat == 1
    assert bench.parse_args(["--repeat", "5", "--suite"]).suite
    with pytest.raises(SystemExit):
        bench.parse_args(["--repeat", "0"])


def _timed_cell(source, start, end):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"execution": {"iopub.execute_input": start, "shell.execute_reply": end}},
    }


def test_slowest_cells_reads_nbclient_timing():
    cells = [
        {"cell_type": "markdown", "source": "# Title", "metadata": {}},
        _timed_cell("x = 1", "2026-01-01T10:00:00.000000Z", "2026-01-01T10:00:00.500000Z"),
        _timed_cell(
            ["\n", "plot()\n", "more()"], "2026-01-01T10:00:01Z", "2026-01-01T10:00:03.25Z"
        ),
        {"cell_type": "code", "source": "not run", "metadata": {}},
    ]
    assert bench.cell_seconds(cells[3]) is None
    assert bench.slowest_cells(cells, top=2) == [(2, 2.25, "plot()"), (1, 0.5, "x = 1")]


def test_notes_name_the_slow_cells_of_a_notebook_over_budget():
    results = _results(ratio=2.0)
    nb = results["notebooks"]["notebooks"]["notebooks/01_x.ipynb"]
    nb["slowest_cells"] = [(4, 3.2, "fig = plot_tiers()")]
    results["notebooks"]["repeat"] = 3
    results["machine"] = {"cpu_count": 2, "load_average": [6.0, 5.0, 4.0]}
    text = "\n".join(bench.notes(results))
    assert "cell 4 3.2 s `fig = plot_tiers()`" in text
    assert "load average 6.0" in text
    nb["ratio"] = 1.0
    assert "cell 4" not in "\n".join(bench.notes(results))
    nb["cpu_ratio"] = 2.0  # over on CPU time only: still worth naming the slow cells
    assert "cell 4" in "\n".join(bench.notes(results))


def test_bench_env_turns_bytecode_caching_on_outside_the_work_tree():
    env = bench.bench_env({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"})
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PATH"] == "/bin"
    assert env["PYTHONPYCACHEPREFIX"] == str(bench.REPO / "bench-results" / "pycache")


def test_rows_show_cpu_time_beside_wall_time():
    results = _results()
    nb = results["notebooks"]["notebooks"]["notebooks/01_x.ipynb"]
    nb["cpu_s"], nb["cpu_ratio"], nb["ratio_without_start"] = 1.5, 1.25, 1.3
    rows = bench.build_rows(results)
    (row,) = [r for r in rows if r[0] == "notebook time" and r[1] == "notebooks/01_x.ipynb"]
    assert row[2] == "3.40 s with kernel start = 1.20x (without start 1.30x) (CPU 1.50 s = 1.25x)"


def test_with_cpu_shows_the_cpu_verdict_only_when_it_differs():
    assert bench.with_cpu("OK", "OK") == "OK"
    assert bench.with_cpu("OVER", "n/a") == "OVER"
    assert bench.with_cpu("OVER", "OK") == "OVER (CPU OK)"


def test_widget_row_over_on_wall_time_but_ok_on_cpu():
    results = _results(widget_s=0.3)
    results["widgets"]["verdict.verdict_explorer"]["cpu_s"] = 0.05
    rows = bench.build_rows(results)
    assert _status(rows, "widget update", "verdict.verdict_explorer") == ["OVER (CPU OK)"]


def test_count_figures_counts_image_outputs_only():
    cells = [
        {
            "cell_type": "code",
            "outputs": [{"data": {"image/png": "...", "text/plain": "<Figure>"}}],
        },
        {
            "cell_type": "code",
            "outputs": [{"data": {"text/plain": "1"}}, {"output_type": "stream"}],
        },
        {"cell_type": "markdown"},
        {"cell_type": "code", "outputs": [{"data": {"image/svg+xml": "<svg/>"}}]},
    ]
    assert bench.count_figures(cells) == 2


def test_exercises_are_also_compared_with_a_floor_that_imports_otter():
    assert bench.is_exercise(Path("exercises/student/ex01/ex01.ipynb"))
    assert not bench.is_exercise(Path("notebooks/01_background.ipynb"))
    code = [
        c.source for c in bench.floor_notebook(("pandas", "otter")).cells if c.cell_type == "code"
    ]
    assert code == ["import pandas\nimport otter"]
    results = _results()
    table = results["notebooks"]["notebooks"]
    table[bench.OTTER_FLOOR] = {**table["floor"], "ratio": 2.5, "peak_bytes": 400 * 2**20}
    table["exercises/student/ex01/ex01.ipynb"] = {**table["notebooks/01_x.ipynb"], "ratio": 3.0}
    table["exercises/student/ex01/ex01.ipynb"]["otter_cpu_ratio"] = 1.1
    rows = bench.build_rows(results)
    assert _status(rows, "notebook time", bench.OTTER_FLOOR) == ["-"]
    assert _status(rows, "kernel peak memory", bench.OTTER_FLOOR) == ["-"]
    (row,) = [r for r in rows if r[1] == "exercises/student/ex01/ex01.ipynb" and "time" in r[0]]
    assert row[4] == "OVER" and "[CPU vs floor + otter 1.10x]" in row[2]
