"""Performance benchmark: is the course fast and light enough on this machine?

Run ``python -m tools.bench`` (the README's ``python3 course.py bench`` does).
It measures, side by side in one run, and compares each figure with the budget:

- each notebook's execution time (nbclient), as a ratio to a *floor* notebook that only
  imports pandas, matplotlib.pyplot and ipywidgets; the budget's ratio includes kernel start
  in both (what a student waits after "Restart and run all"; the ratio without it is shown
  too); median of ``--repeat`` runs, floor and notebooks interleaved;
- the kernel's peak memory per notebook (kernel process and its children, polled);
- the import time the course package adds over its dependencies (fresh subprocesses);
- each widget's update time, from a changed control until its observer returns;
- optionally (``--suite``) the test suite's time: the fast loop (``course.py test --fast``),
  without the browser tests, and the whole suite (``--suite-parts`` picks some of them);
- the installed size of the environment (files under ``sys.prefix``).

It prints a table and writes JSON (``--json``, default ``bench-results/bench.json``).
Each row is OK or OVER by wall-clock time; CPU time is shown beside it, and the status
says when the CPU-time verdict differs (``OVER (CPU OK)``): on a busy machine wall time is
mostly waiting for a processor. Bytecode caching is on for every measured process (cache
under ``bench-results/pycache``) and filled by an untimed warm-up, as after a first run.
Timings depend on the machine and on what else runs on it: compare figures from one run.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from asean_tip_course.manifest import course
from tools.paths import PACKAGE as PACKAGE_DIR
from tools.paths import REPO

PACKAGE = PACKAGE_DIR.name
DEFAULT_JSON = REPO / "bench-results" / "bench.json"

#: The budget each figure is checked against.
BUDGET = {
    "notebook_ratio": 1.5,  # notebook execution time / floor execution time
    "import_added_s": 0.2,  # seconds the package adds to `import pandas, matplotlib, ipywidgets`
    "widget_update_s": 0.100,  # seconds from a changed control to its observer returning
    "kernel_peak_mb": 300.0,  # kernel peak resident memory per notebook, MB (2**20 bytes)
    "suite_no_browser_s": 180.0,  # `pytest -m "not browser"` on 2 cores
    "suite_fast_s": 60.0,  # `course.py test --fast` = `pytest -m "not slow and not browser"`
}

#: The suite's parts the benchmark can time: key -> (pytest -m expression or None, row label).
SUITE_PARTS = {
    "fast": ("not slow and not browser", "pytest -m 'not slow and not browser' (--fast)"),
    "no_browser": ("not browser", "pytest -m 'not browser'"),
    "all": (None, "pytest (with browser tests)"),
}
SUITE_BUDGET = {"fast": "suite_fast_s", "no_browser": "suite_no_browser_s"}

#: The dependencies every notebook imports; the floor notebook imports only these.
DEPENDENCY_IMPORTS = ("pandas", "matplotlib.pyplot", "ipywidgets")

#: Modules of the package that no notebook imports (command-line tools, locations).
TOOLING_MODULES = frozenset({"__init__", "__main__", "grading", "launch", "manifest", "paths"})

MB = 2**20
HEADERS = ["check", "item", "measured", "budget", "status"]


# --------------------------------------------------------------------------- pure helpers


def median(values: Iterable[float | None]) -> float | None:
    """The median of the numbers in ``values`` (``None`` skipped); ``None`` if there are none."""
    numbers = [v for v in values if v is not None]
    return statistics.median(numbers) if numbers else None


def ratio(value: float | None, floor: float | None) -> float | None:
    """``value / floor``, or ``None`` when either is missing or the floor is not positive."""
    if value is None or floor is None or floor <= 0:
        return None
    return value / floor


def check(value: float | None, limit: float | None) -> str:
    """``OK`` if ``value`` is within ``limit``, ``OVER`` if not, ``n/a`` if either is missing."""
    if value is None or limit is None:
        return "n/a"
    return "OK" if value <= limit else "OVER"


def with_cpu(wall_status: str, cpu_status: str) -> str:
    """The wall-time status, with the CPU-time status beside it when they differ
    (on a busy machine wall time is inflated by waiting for a CPU; CPU time much less)."""
    if cpu_status in (wall_status, "n/a"):
        return wall_status
    return f"{wall_status} (CPU {cpu_status})"


def fmt_s(seconds: float | None) -> str:
    """Seconds with two decimals, e.g. ``1.23 s``."""
    return "-" if seconds is None else f"{seconds:.2f} s"


def fmt_ms(seconds: float | None) -> str:
    """Seconds shown as milliseconds, e.g. ``12.3 ms``."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def fmt_mb(n_bytes: float | None) -> str:
    """Bytes shown as MB (2**20 bytes), e.g. ``212 MB``."""
    return "-" if n_bytes is None else f"{n_bytes / MB:.0f} MB"


def fmt_ratio(value: float | None) -> str:
    """A ratio, e.g. ``1.23x``."""
    return "-" if value is None else f"{value:.2f}x"


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns and a rule under the header."""
    widths = [len(h) for h in headers]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"Row {row!r} has {len(row)} cells; the table has {len(headers)}.")
        widths = [max(w, len(str(cell))) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def discover_notebooks(root: Path = REPO) -> list[Path]:
    """The course notebooks and student exercise notebooks (as ``course.yml`` lists them)."""
    return [root / path for path in course().all_notebooks]


def discover_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Dotted names of the package's modules a notebook may import (tools left out)."""
    names = sorted(p.stem for p in package_dir.glob("*.py") if p.stem not in TOOLING_MODULES)
    return [f"{package_dir.name}.{name}" for name in names]


def modules_imported_by(code: str, package: str = PACKAGE) -> set[str]:
    """The package and its modules that ``code`` imports: ``import pkg.m``, ``from pkg.m
    import x``, and ``from pkg import name`` as ``pkg.name`` for every lower-case ``name``
    (a function such as ``load`` too: filter with the list of real modules)."""
    lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == package:
                names += [f"{package}.{a.name}" for a in node.names if a.name.islower()]
        else:
            continue
        found.update(n for n in names if n == package or n.startswith(package + "."))
    return found


#: Names the package's ``__init__`` imports lazily, and the module each one loads when used.
LAZY_NAMES = {"load": "data"}


def notebook_modules(paths: Iterable[Path], known: Iterable[str]) -> list[str]:
    """The ``known`` package modules that the notebooks at ``paths`` import."""
    found: set[str] = set()
    for path in paths:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                found |= modules_imported_by(
                    "".join(source) if isinstance(source, list) else source
                )
    for name in list(found):  # e.g. `from asean_tip_course import load` loads .data on use
        short = name.rsplit(".", 1)[-1]
        if short in LAZY_NAMES:
            found.add(f"{PACKAGE}.{LAZY_NAMES[short]}")
    return sorted(found & set(known))


def floor_notebook(imports: Iterable[str] = DEPENDENCY_IMPORTS):
    """The floor: a notebook, built in memory, that only imports the dependencies."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Floor: imports only"),
        nbformat.v4.new_code_cell("\n".join(f"import {m}" for m in imports)),
    ]
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return nb


def dir_size(path: Path) -> tuple[int, int]:
    """Total size in bytes and number of the regular files under ``path`` (links not followed)."""
    total = count = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            if not os.path.islink(os.path.join(folder, name)):
                total += st.st_size
                count += 1
    return total, count


def cell_seconds(cell) -> float | None:
    """How long a code cell executed by nbclient took (from its recorded timing metadata)."""
    from datetime import datetime

    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return None
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def slowest_cells(cells, top: int = 3) -> list[tuple[int, float, str]]:
    """The ``top`` slowest code cells: (index, seconds, first line of the source)."""
    found = []
    for index, cell in enumerate(cells):
        seconds = cell_seconds(cell) if cell.get("cell_type") == "code" else None
        if seconds is not None:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
            found.append((index, seconds, first[:70]))
    return sorted(found, key=lambda item: -item[1])[:top]


def count_figures(cells) -> int:
    """How many images (e.g. matplotlib figures) the executed cells output."""
    return sum(
        1
        for cell in cells
        for out in cell.get("outputs", [])
        if any(k.startswith("image/") for k in out.get("data", {}))
    )


def parse_importtime(
    stderr: str, marker: str, package: str = PACKAGE, top: int = 8
) -> list[tuple[str, float, str]]:
    """From a ``-X importtime`` log, the ``top`` slowest outside modules first imported after
    the ``marker`` line, i.e. pulled in by the package: (module, seconds, imported by)."""
    after = stderr.split(marker, 1)[1] if marker in stderr else ""
    entries = []  # (depth, name, cumulative seconds), in the log's order (children first)
    for line in after.splitlines():
        m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|( +)(\S+)", line)
        if m:
            entries.append(((len(m.group(2)) - 1) // 2, m.group(3), int(m.group(1)) / 1e6))
    found = []
    parents: dict[int, str] = {}
    for depth, name, seconds in reversed(entries):  # parents come first when reversed
        parents[depth] = name
        parent = parents.get(depth - 1, "") if depth else ""
        ours = name == package or name.startswith(package + ".")
        if not ours and (depth == 0 or parent == package or parent.startswith(package + ".")):
            found.append((name, seconds, parent or "(top level)"))
    return sorted(found, key=lambda item: -item[1])[:top]


# --------------------------------------------------------------------------- widgets: finding controls

#: Control types whose value a student changes, in the order they are looked for.
SELECTION_TYPES = (
    "Dropdown",
    "RadioButtons",
    "Select",
    "SelectMultiple",
    "ToggleButtons",
    "SelectionSlider",
    "IntSlider",
    "FloatSlider",
    "Text",
    "Textarea",
    "Combobox",
)


def unwrap_widget(obj):
    """The ipywidgets widget a builder returned: ``obj.widget`` of a ``display.CourseWidget``
    (or ``obj`` itself if it is a widget)."""
    import ipywidgets as w

    from asean_tip_course.display import CourseWidget

    if isinstance(obj, CourseWidget):
        obj = obj.widget
    if isinstance(obj, w.Widget):
        return obj
    raise TypeError(f"{type(obj).__name__} is not a course widget (display.CourseWidget).")


def walk_widgets(root) -> Iterator:
    """Every widget in the tree under ``root`` (depth first, in display order)."""
    yield root
    for child in getattr(root, "children", ()) or ():
        yield from walk_widgets(child)


def user_observers(control, name: str = "value") -> int:
    """How many observers the course's code attached to ``control``'s trait ``name``
    (ipywidgets' own class-level handlers are not counted)."""
    from traitlets.traitlets import ObserveHandler

    handlers = control._trait_notifiers.get(name, {}).get("change", [])
    handlers = handlers + control._trait_notifiers.get(name, {}).get("all", [])
    return sum(not isinstance(h, ObserveHandler) for h in handlers)


def find_action(root) -> tuple[str, object, object | None]:
    """What to do to update the widget: ``("change", control, None)`` for the first selection
    control with an observer; otherwise ``("click", button, control_to_fill_first_or_None)``.
    Raises ``LookupError`` if there is neither."""
    import ipywidgets as w

    widgets = list(walk_widgets(root))
    controls = [x for x in widgets if type(x).__name__ in SELECTION_TYPES]
    observed = [c for c in controls if user_observers(c) or user_observers(c, "index")]
    if observed:
        return "change", observed[0], None
    buttons = [x for x in widgets if isinstance(x, w.Button) and x._click_handlers.callbacks]
    if buttons:
        return "click", buttons[0], (controls[0] if controls else None)
    raise LookupError("no selection control with an observer and no button with a handler")


def next_value(control, step: int = 1):
    """A new valid value for ``control``, different from its current one where possible."""
    kind = type(control).__name__
    if kind in {"Dropdown", "RadioButtons", "Select", "ToggleButtons", "SelectionSlider"}:
        n = len(control.options)
        if n == 0:
            raise LookupError(f"{kind} has no options")
        current = control.index if control.index is not None else -1
        return ("index", (current + step) % n)
    if kind == "SelectMultiple":
        n = len(control.options)
        if n == 0:
            raise LookupError("SelectMultiple has no options")
        current = control.index[0] if control.index else -1
        return ("index", ((current + step) % n,))
    if kind in {"IntSlider", "FloatSlider"}:
        value = control.value + control.step * step
        return ("value", value if value <= control.max else control.min)
    if kind in {"Text", "Textarea", "Combobox"}:
        samples = ["trafficking", "protocol", "ASEAN", "victim"]
        return ("value", samples[step % len(samples)])
    raise LookupError(f"do not know how to change a {kind}")


def snapshot(root) -> list:
    """The visible state of the non-control widgets (HTML/Label values, Output outputs)."""
    state = []
    for x in walk_widgets(root):
        if type(x).__name__ in SELECTION_TYPES:
            continue
        state.append((id(x), getattr(x, "value", None), tuple(getattr(x, "outputs", ()) or ())))
    return state


# --------------------------------------------------------------------------- widget registry


def _data(*names: str) -> list:
    from asean_tip_course import load

    return [load(n) for n in names]


def _quiz(m):
    return m.MultipleChoice(
        question="Benchmark question: which option is right?",
        options=["first option", "second option", "third option"],
        answer="second option",
        explanations={"second option": "Because it is the benchmark's answer."},
    )


@dataclass(frozen=True)
class WidgetCase:
    """How to build one widget: its module (in the package) and a function of that module
    returning the ``display.CourseWidget`` every builder returns."""

    module: str
    build: Callable


#: name -> how to build it, for every widget ``course.yml`` lists (a test checks that the two
#: agree). The benchmark finds the control to change itself (``find_action``): the first
#: selection control with an observer, else the first button with a click handler.
WIDGETS: dict[str, WidgetCase] = {
    "definition.definition_checker": WidgetCase("definition", lambda m: m.definition_checker()),
    "timeline.timeline_explorer": WidgetCase(
        "timeline", lambda m: m.timeline_explorer(*_data("instruments", "ratifications"))
    ),
    "classifier.classifier_widget": WidgetCase(
        "classifier", lambda m: m.classifier_widget(*_data("measures"))
    ),
    "sdg_map.sdg_mapper": WidgetCase(
        "sdg_map", lambda m: m.sdg_mapper(*_data("measures", "instruments", "sdg_targets"))
    ),
    "explorer.country_explorer": WidgetCase(
        "explorer",
        lambda m: m.country_explorer(
            *_data("tip_tiers", "detected_victims", "ratifications", "slavery_estimates", "members")
        ),
    ),
    "verdict.verdict_explorer": WidgetCase(
        "verdict", lambda m: m.verdict_explorer(*_data("tip_tiers", "members"))
    ),
    "glossary.glossary_search": WidgetCase("glossary", lambda m: m.glossary_search()),
    "course_map.chapter_picker": WidgetCase("course_map", lambda m: m.chapter_picker()),
    "quiz.MultipleChoice": WidgetCase("quiz", _quiz),
}


# --------------------------------------------------------------------------- measurements


class PeakRSS:
    """Poll the resident memory of a process and its children in a thread; keep the maximum."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        import psutil

        try:
            proc = psutil.Process(self.pid)
            total = proc.memory_info().rss
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            return total
        except psutil.Error:
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.peak = max(self.peak, self.sample())
        self._stop.set()
        self._thread.join()


PYCACHE = REPO / "bench-results" / "pycache"


def bench_env(base: dict | None = None) -> dict:
    """The environment for kernels and subprocesses: bytecode caching on (as in a normal
    install; some dev setups set PYTHONDONTWRITEBYTECODE, which makes every import compile),
    cached under bench-results/ so the work tree stays clean."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def warm_up(modules: Iterable[str]) -> None:
    """Import the dependencies, the kernel and ``modules`` once (untimed) to fill the cache."""
    code = "import ipykernel.kernelapp, pandas, matplotlib.pyplot, ipywidgets, nbformat\n"
    code += "".join(f"import {m}\n" for m in modules)
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=bench_env(), check=False)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process and its children so far."""
    import psutil

    try:
        proc = psutil.Process(pid)
        total = sum(proc.cpu_times()[:2])
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += sum(child.cpu_times()[:2])
        return total
    except psutil.Error:
        return None


def run_notebook(nb, cwd: Path, timeout: int = 600) -> dict:
    """Execute ``nb`` in a fresh python3 kernel. Returns kernel start time, execution time
    (first cell to last, kernel start excluded), peak kernel memory and cells that raised."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    result: dict = {"exec_s": None, "cpu_s": None, "kernel_start_s": None, "peak_bytes": None}
    result["error"] = None
    t0 = time.perf_counter()
    try:
        # stderr: no kernel warnings in the report (errors show in the cells' outputs)
        with client.setup_kernel(stderr=subprocess.DEVNULL, env=bench_env()):
            client.wait_for_reply(client.kc.kernel_info())
            result["kernel_start_s"] = time.perf_counter() - t0
            pid = client.km.provisioner.pid
            cpu0 = cpu_seconds(pid)
            with PeakRSS(pid) as mem:
                t1 = time.perf_counter()
                for index, cell in enumerate(client.nb.cells):
                    client.execute_cell(cell, index)
                result["exec_s"] = time.perf_counter() - t1
                cpu1 = cpu_seconds(pid)
            result["peak_bytes"] = mem.peak
            if cpu0 is not None and cpu1 is not None:
                result["cpu_s"] = cpu1 - cpu0
    except (CellTimeoutError, DeadKernelError, RuntimeError) as err:
        result["error"] = f"{type(err).__name__}: {str(err).strip().splitlines()[0][:120]}"
    errors = [
        index
        for index, cell in enumerate(client.nb.cells)
        if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    ]
    result["error_cells"] = errors
    result["slowest_cells"] = slowest_cells(client.nb.cells)
    result["figures"] = count_figures(client.nb.cells)
    if errors and not result["error"]:
        first = next(
            o for o in client.nb.cells[errors[0]].outputs if o.get("output_type") == "error"
        )
        result["error"] = f"cell {errors[0]}: {first.get('ename')}: {first.get('evalue', '')[:100]}"
    return result


OTTER_FLOOR = "floor + import otter"


def is_exercise(path: Path) -> bool:
    """Whether ``path`` is a student exercise notebook (they import otter to check answers)."""
    return "exercises" in Path(path).parts


def measure_notebooks(paths: list[Path], repeat: int, log=print) -> dict:
    """Run the floor and every notebook ``repeat`` times, interleaved; medians and ratios."""
    import nbformat

    runs: dict[str, list[dict]] = {"floor": []}
    notebooks = {"floor": (floor_notebook(), REPO / "notebooks")}
    if any(is_exercise(p) for p in paths):  # a second reference: exercises also import otter
        notebooks[OTTER_FLOOR] = (floor_notebook((*DEPENDENCY_IMPORTS, "otter")), REPO)
        runs[OTTER_FLOOR] = []
    for path in paths:
        key = str(path.relative_to(REPO))
        notebooks[key] = (nbformat.read(path, as_version=4), path.parent)
        runs[key] = []
    warm_up(discover_modules())
    for round_ in range(repeat):
        for key, (nb, cwd) in notebooks.items():
            log(f"  run {round_ + 1}/{repeat}: {key} ...", end="", flush=True)
            result = run_notebook(nbformat.from_dict(json.loads(json.dumps(nb))), cwd)
            runs[key].append(result)
            log(
                f" {fmt_s(result['exec_s'])}"
                + (f"  ({result['error']})" if result["error"] else "")
            )
    floor_s = median(r["exec_s"] for r in runs["floor"])
    floor_start = median(r["kernel_start_s"] for r in runs["floor"])
    floor_cpu = median(r["cpu_s"] for r in runs["floor"])
    otter_cpu = median(r["cpu_s"] for r in runs.get(OTTER_FLOOR, []))
    summary = {}
    for key, results in runs.items():
        exec_s = median(r["exec_s"] for r in results)
        cpu_s = median(r["cpu_s"] for r in results)
        start_s = median(r["kernel_start_s"] for r in results)
        summary[key] = {
            "exec_s": exec_s,
            # The budget's ratio: what a student waits after "Restart and run all", i.e.
            # kernel start plus execution, against the same for the floor notebook.
            "ratio": ratio(_plus(exec_s, start_s), _plus(floor_s, floor_start))
            if key != "floor"
            else 1.0,
            "ratio_without_start": ratio(exec_s, floor_s) if key != "floor" else 1.0,
            "cpu_s": cpu_s,
            "cpu_ratio": ratio(cpu_s, floor_cpu) if key != "floor" else 1.0,
            "otter_cpu_ratio": ratio(cpu_s, otter_cpu) if is_exercise(Path(key)) else None,
            "kernel_start_s": median(r["kernel_start_s"] for r in results),
            "peak_bytes": max((r["peak_bytes"] or 0 for r in results), default=None) or None,
            "error": next((r["error"] for r in results if r["error"]), None),
            "runs_s": [r["exec_s"] for r in results],
            "slowest_cells": results[-1].get("slowest_cells", []),
            "figures": results[-1].get("figures"),
        }
    return {"floor_s": floor_s, "notebooks": summary, "repeat": repeat}


def _plus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


_IMPORT_SCRIPT = r"""
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import pandas, matplotlib.pyplot, ipywidgets
t1, c1 = time.perf_counter(), time.process_time()
print("{marker}", file=sys.stderr, flush=True)
modules, errors = {{}}, {{}}
for name in sys.argv[1:]:
    s = time.perf_counter()
    try:
        __import__(name)  # (importlib.import_module is not logged by -X importtime)
        modules[name] = time.perf_counter() - s
    except Exception as err:
        errors[name] = f"{{type(err).__name__}}: {{err}}"
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({{"deps_s": t1 - t0, "package_s": t2 - t1, "total_s": t2 - t0,
                  "deps_cpu_s": c1 - c0, "package_cpu_s": c2 - c1,
                  "modules": modules, "errors": errors}}))
"""
_MARKER = "=== bench: package imports start ==="


def _import_run(modules: list[str], importtime: bool = False) -> tuple[dict, str]:
    cmd = [sys.executable]
    if importtime:
        cmd += ["-X", "importtime"]
    cmd += ["-c", _IMPORT_SCRIPT.format(marker=_MARKER), *modules]
    env = dict(bench_env(), MPLBACKEND="agg")
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def measure_imports(modules: list[str], repeat: int) -> dict:
    """Import time of the dependencies alone vs with the package, in fresh subprocesses."""
    wanted = [PACKAGE, *modules]
    base, full = [], []
    warm_up(wanted)
    for _ in range(repeat):
        base.append(_import_run([])[0])
        full.append(_import_run(wanted)[0])
    _, stderr = _import_run(wanted, importtime=True)
    base_s = median(r["total_s"] for r in base)
    with_s = median(r["total_s"] for r in full)
    return {
        "modules": wanted,
        "deps_only_s": base_s,
        "deps_and_package_s": with_s,
        "deps_in_package_runs_s": median(r["deps_s"] for r in full),
        "added_difference_s": None if base_s is None or with_s is None else with_s - base_s,
        "added_in_process_s": median(r["package_s"] for r in full),
        "deps_cpu_s": median(r["deps_cpu_s"] for r in base),
        "added_cpu_s": median(r["package_cpu_s"] for r in full),
        "per_module_s": {m: median(r["modules"].get(m) for r in full) for m in wanted},
        "errors": full[-1]["errors"] if full else {},
        "heaviest": parse_importtime(stderr, _MARKER),
        "repeat": repeat,
    }


@contextlib.contextmanager
def _inline_shell():
    """An in-process IPython shell with the inline matplotlib backend, so that ``display(fig)``
    inside a widget's observer renders a PNG as it does in a kernel (no frontend)."""
    from IPython.core.interactiveshell import InteractiveShell

    class _Shell(InteractiveShell):
        def enable_gui(self, gui=None):
            pass

    shell = _Shell.instance()
    with contextlib.suppress(Exception):
        shell.enable_matplotlib("inline")
    yield shell


def time_widget(obj, changes: int = 5) -> dict:
    """Time ``changes`` updates of a built widget: set a control (or click a button) and
    measure until the observer returns. Returns median, max, action and whether it showed."""
    root = unwrap_widget(obj)
    action, target, fill = find_action(root)
    if fill is not None:  # e.g. a quiz: pick an answer first (not timed), then click Check
        attr, value = next_value(fill)
        setattr(fill, attr, value)
    times, cpu, changed = [], [], False
    for step in range(1, changes + 1):
        before = snapshot(root)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            if action == "change":
                attr, value = next_value(target, step)
                t0, c0 = time.perf_counter(), time.thread_time()
                setattr(target, attr, value)
            else:
                t0, c0 = time.perf_counter(), time.thread_time()
                target.click()
            times.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        changed = changed or snapshot(root) != before or bool(out.getvalue())
    label = getattr(target, "description", "") or ""
    return {
        "action": f"{action} {type(target).__name__}" + (f" '{label}'" if label else ""),
        "median_s": median(times),
        "cpu_s": median(cpu),
        "max_s": max(times),
        "first_s": times[0],
        "output_changed": changed,
        "changes": changes,
    }


def measure_widgets(registry: dict[str, WidgetCase], changes: int) -> dict:
    """Build each registered widget whose module exists and time its updates."""
    import matplotlib.pyplot as plt

    results = {}
    with _inline_shell():
        for name, case in registry.items():
            module_name = f"{PACKAGE}.{case.module}"
            if not (PACKAGE_DIR / f"{case.module}.py").exists():
                results[name] = {"skipped": f"module {module_name} does not exist yet"}
                continue
            try:
                module = importlib.import_module(module_name)
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    t0 = time.perf_counter()
                    widget = case.build(module)
                    build_s = time.perf_counter() - t0
            except Exception as err:  # a widget that cannot be built is reported, not fatal
                results[name] = {"skipped": f"could not build: {type(err).__name__}: {err}"[:160]}
                continue
            try:
                results[name] = {"build_s": build_s, **time_widget(widget, changes)}
            except Exception as err:
                results[name] = {"skipped": f"could not update: {type(err).__name__}: {err}"[:160]}
            plt.close("all")
    return results


def _children_cpu() -> float | None:
    """CPU seconds used so far by finished child processes (and their children)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_suite(parts: Iterable[str] = tuple(SUITE_PARTS)) -> dict:
    """Wall and CPU time of each part of the test suite (see ``SUITE_PARTS``), as run by
    ``pytest`` with the options in pyproject.toml (pytest-xdist on every core)."""
    result: dict = {"cpu_count": os.cpu_count()}
    for key in parts:
        expression = SUITE_PARTS[key][0]
        cmd = [sys.executable, "-m", "pytest", "-q", *(["-m", expression] if expression else [])]
        t0, c0 = time.perf_counter(), _children_cpu()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=bench_env())
        tail = (proc.stdout.strip().splitlines() or [""])[-1]
        result[key] = {
            "s": time.perf_counter() - t0,
            "cpu_s": None if c0 is None else _children_cpu() - c0,
            "exit_code": proc.returncode,
            "summary": tail,
        }
    return result


def measure_size() -> dict:
    """Installed size of the environment: the files under ``sys.prefix``."""
    total, count = dir_size(Path(sys.prefix))
    return {"prefix": sys.prefix, "bytes": total, "files": count}


# --------------------------------------------------------------------------- report


def build_rows(results: dict) -> list[list[str]]:
    """Table rows: check, item, measured, budget, status."""
    rows: list[list[str]] = []
    nbs = results.get("notebooks")
    if nbs:
        floor = nbs["notebooks"]["floor"]
        rows.append(
            [
                "notebook time",
                "floor (imports only)",
                f"{fmt_s(floor['exec_s'])} (CPU {fmt_s(floor.get('cpu_s'))}; "
                f"kernel start {fmt_s(floor['kernel_start_s'])})",
                "reference",
                "-",
            ]
        )
        for key, r in nbs["notebooks"].items():
            if key == "floor":
                continue
            measured = (
                f"{fmt_s(_plus(r['exec_s'], r['kernel_start_s']))} with kernel start"
                f" = {fmt_ratio(r['ratio'])} (without start {fmt_ratio(r.get('ratio_without_start'))})"
            )
            if r.get("cpu_ratio") is not None:
                measured += f" (CPU {fmt_s(r['cpu_s'])} = {fmt_ratio(r['cpu_ratio'])})"
            if r.get("otter_cpu_ratio") is not None:
                measured += f" [CPU vs floor + otter {fmt_ratio(r['otter_cpu_ratio'])}]"
            if key == OTTER_FLOOR:
                rows.append(["notebook time", key, measured, "reference", "-"])
                continue
            status = with_cpu(
                check(r["ratio"], BUDGET["notebook_ratio"]),
                check(r.get("cpu_ratio"), BUDGET["notebook_ratio"]),
            )
            if r["error"]:
                measured += f"  [{r['error'][:60]}]"
                status = "ERROR" if r["exec_s"] is None else status + " (errors)"
            rows.append(
                ["notebook time", key, measured, f"<= {BUDGET['notebook_ratio']}x floor", status]
            )
        for key, r in nbs["notebooks"].items():
            limit = BUDGET["kernel_peak_mb"] * MB
            reference = key.startswith("floor")
            rows.append(
                [
                    "kernel peak memory",
                    "floor (imports only)" if key == "floor" else key,
                    fmt_mb(r["peak_bytes"]),
                    "reference" if reference else f"<= {BUDGET['kernel_peak_mb']:.0f} MB",
                    "-" if reference else check(r["peak_bytes"], limit),
                ]
            )
    elif "notebooks" in results:
        rows.append(["notebook time", "(no notebooks found)", "-", "-", "n/a"])
    imp = results.get("imports")
    if imp:
        rows.append(
            [
                "import time",
                "pandas + matplotlib.pyplot + ipywidgets",
                f"{fmt_s(imp['deps_only_s'])} (CPU {fmt_s(imp.get('deps_cpu_s'))})",
                "reference",
                "-",
            ]
        )
        rows.append(
            [
                "import time",
                f"added by {PACKAGE} ({len(imp['modules'])} modules)",
                f"{fmt_s(imp['added_in_process_s'])} (CPU {fmt_s(imp.get('added_cpu_s'))}; "
                f"difference of medians {fmt_s(imp['added_difference_s'])})",
                f"<= {BUDGET['import_added_s']} s",
                with_cpu(
                    check(imp["added_in_process_s"], BUDGET["import_added_s"]),
                    check(imp.get("added_cpu_s"), BUDGET["import_added_s"]),
                ),
            ]
        )
    wid = results.get("widgets")
    if wid:
        for name, r in wid.items():
            if "skipped" in r:
                rows.append(["widget update", name, f"skipped: {r['skipped']}", "-", "n/a"])
                continue
            measured = (
                f"{fmt_ms(r['median_s'])} (CPU {fmt_ms(r.get('cpu_s'))}; "
                f"max {fmt_ms(r['max_s'])}; {r['action']})"
            )
            if not r["output_changed"]:
                measured += " [output did not change]"
            rows.append(
                [
                    "widget update",
                    name,
                    measured,
                    f"<= {BUDGET['widget_update_s'] * 1000:.0f} ms",
                    with_cpu(
                        check(r["median_s"], BUDGET["widget_update_s"]),
                        check(r.get("cpu_s"), BUDGET["widget_update_s"]),
                    ),
                ]
            )
    suite = results.get("suite")
    if suite is None:
        rows.append(
            ["test suite", "pytest -m 'not browser'", "not measured, run with --suite", "-", "n/a"]
        )
    elif suite:
        for key, (_, label) in SUITE_PARTS.items():
            run = suite.get(key)
            if run is None:
                continue
            limit = BUDGET.get(SUITE_BUDGET.get(key, ""))
            rows.append(
                [
                    "test suite",
                    label,
                    f"{fmt_s(run['s'])} (CPU {fmt_s(run.get('cpu_s'))}; exit {run['exit_code']}; "
                    f"{run['summary'][:50]})",
                    f"<= {limit:.0f} s on 2 cores" if limit else "no budget",
                    check(run["s"], limit) if limit else "-",
                ]
            )
    size = results.get("size")
    if size:
        rows.append(
            [
                "installed size",
                size["prefix"],
                f"{fmt_mb(size['bytes'])} in {size['files']} files",
                "no budget",
                "-",
            ]
        )
    return rows


def notes(results: dict) -> list[str]:
    """Lines printed under the table: method, noise, and where the time goes."""
    lines = []
    machine = results.get("machine", {})
    load = machine.get("load_average")
    lines.append(
        f"Machine: {machine.get('cpu_count')} CPUs"
        + (f", load average {load[0]:.1f} at start" if load else "")
        + (
            f", {machine['load_average_end'][0]:.1f} at end"
            if machine.get("load_average_end")
            else ""
        )
        + ". Timings are noisy on a busy machine: compare figures from the same run."
    )
    nbs = results.get("notebooks") or {}
    if nbs:
        lines.append(
            f"Notebook times: median of {nbs.get('repeat')} run(s), a fresh kernel per run; the "
            "ratio includes kernel start in notebook and floor alike (without it in brackets)."
        )
        for key, r in nbs.get("notebooks", {}).items():
            over = "OVER" in (
                check(r.get("ratio"), BUDGET["notebook_ratio"]),
                check(r.get("cpu_ratio"), BUDGET["notebook_ratio"]),
            )
            if key.startswith("floor") or not over:
                continue
            cells = "; ".join(f"cell {i} {t:.1f} s `{src}`" for i, t, src in r["slowest_cells"])
            figures = f" ({r['figures']} figures)" if r.get("figures") is not None else ""
            lines.append(f"Slowest cells in {key}{figures}: {cells}")
    imp = results.get("imports") or {}
    if imp:
        per = sorted(
            ((m, t) for m, t in imp.get("per_module_s", {}).items() if t is not None),
            key=lambda item: -item[1],
        )
        if per:
            lines.append(
                "Slowest package modules to import: "
                + ", ".join(f"{m.split('.')[-1]} {t:.3f} s" for m, t in per[:4])
            )
        if imp.get("heaviest"):
            lines.append(
                "Slowest outside imports the package adds: "
                + ", ".join(f"{n} {t:.3f} s (by {by})" for n, t, by in imp["heaviest"][:4])
            )
        if imp.get("not_imported_by_notebooks"):
            skipped = ", ".join(m.split(".")[-1] for m in imp["not_imported_by_notebooks"])
            lines.append(f"Package modules no notebook imports (not in the import time): {skipped}")
        if imp.get("errors"):
            lines.append(f"Modules that failed to import: {imp['errors']}")
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description="Measure the course's speed and memory on this machine against its budget.",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--quick", action="store_true", help="one run each (same as --repeat 1)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write JSON")
    parser.add_argument(
        "--suite", action="store_true", help="also time the test suite (slow; off by default)"
    )
    parser.add_argument(
        "--suite-parts",
        nargs="+",
        choices=list(SUITE_PARTS),
        default=list(SUITE_PARTS),
        help="which parts of the suite --suite times (default: all three)",
    )
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["notebooks", "imports", "widgets", "size"],
        help="leave out these measurements",
    )
    parser.add_argument(
        "-k", dest="match", default="", help="only notebooks whose path contains this text"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if any row is OVER budget"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    results: dict = {
        "started": started,
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        },
        "budget": BUDGET,
        "method": {
            "notebooks": "nbclient, fresh python3 kernel per run; time from first cell to last "
            "plus kernel start, for notebook and floor alike (ratio without start also stored); "
            "floor and notebooks interleaved; "
            "median of --repeat runs; peak = max over runs of polled RSS of kernel + children",
            "imports": "fresh subprocesses; the package and the modules the notebooks import "
            "(found by reading their code cells), timed after the dependencies are imported in "
            "the same process; median of --repeat (at least 3) runs",
            "widgets": "in-process, no kernel or frontend; inline matplotlib backend; time from "
            "setting the control (or button.click()) until the observer returns; median of 5; "
            "browser rendering not included",
            "cpu": "CPU time beside wall time: kernel process + children (psutil) for notebooks, "
            "process_time for imports, thread_time for widgets, finished children for the suite",
            "bytecode": "PYTHONDONTWRITEBYTECODE removed, PYTHONPYCACHEPREFIX=bench-results/"
            "pycache, untimed warm-up import first",
        },
    }
    if "notebooks" not in args.skip:
        paths = [p for p in discover_notebooks() if args.match in str(p.relative_to(REPO))]
        print(f"Notebooks: {len(paths)} found, {args.repeat} run(s) each, plus the floor ...")
        results["notebooks"] = measure_notebooks(paths, args.repeat) if paths else {}
    if "imports" not in args.skip:
        print("Import time ...", flush=True)
        # the modules the notebooks import (all of them if no notebook imports any)
        every = discover_modules()
        modules = notebook_modules(discover_notebooks(), every) or every
        results["imports"] = measure_imports(modules, max(3, args.repeat))
        results["imports"]["not_imported_by_notebooks"] = sorted(set(every) - set(modules))
    if "widgets" not in args.skip:
        print("Widget updates ...", flush=True)
        results["widgets"] = measure_widgets(
            {name: WIDGETS[name] for name in course().widgets}, changes=5
        )
    if args.suite:
        print("Test suite (slow) ...", flush=True)
        results["suite"] = measure_suite(args.suite_parts)
    else:
        results["suite"] = None
    if "size" not in args.skip:
        results["size"] = measure_size()
    if hasattr(os, "getloadavg"):
        results["machine"]["load_average_end"] = list(os.getloadavg())

    rows = build_rows(results)
    results["table"] = [dict(zip(HEADERS, r, strict=True)) for r in rows]
    print()
    print(format_table(HEADERS, rows))
    print()
    print("\n".join(notes(results)))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"Results written to {args.json}")
    over = [r for r in rows if r[4].startswith("OVER")]
    return 1 if args.strict and over else 0


if __name__ == "__main__":
    sys.exit(main())
