"""Drive JupyterLab in headless Chromium and check what a student would see.

The server is started with the README's command (``asean_tip_course.launch.lab_argv``)
on a temporary copy of the repository, so running and saving notebooks never touches
committed files. Every ``check_*`` and ``interact_*`` function returns a list of
problems (plain sentences); an empty list means the check passed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from asean_tip_course.launch import REPO, lab_argv
from tools.website_print import (  # one place for the browser and its flags
    CHROMIUM,
    CHROMIUM_ARGS,  # noqa: F401 (re-exported for tests/browser/conftest.py)
)

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
RUN_TIMEOUT_S = float(os.environ.get("COURSE_BROWSER_RUN_TIMEOUT", "90"))
"""How long Run All Cells may take for one notebook (the aim is well under 60 s)."""
CHANGE_TIMEOUT_S = 15.0
"""How long a widget may take to show the result of one interaction."""
VIEWPORT = {"width": 1280, "height": 900}
_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    ".ipynb_checkpoints",
    ".pytest_cache",
    ".ruff_cache",
    "screenshots",
    "bench-results",
    "_build",
    "*.egg-info",
)


def missing_requirements() -> str | None:
    """Say what is missing to run the browser tests, or None when all is there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "Playwright for Python is not installed: run `pip install -e .[test]` "
            "(the browser tests use the system Chromium, never a downloaded one)."
        )
    if not CHROMIUM.exists():
        return (
            f"No Chromium at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or point COURSE_CHROMIUM at a Chromium binary)."
        )
    return None


def discover_notebooks() -> list[str]:
    """Every chapter notebook and every student exercise notebook (as course.yml lists them),
    in both editions (English, then the Indonesian twins)."""
    from asean_tip_course.manifest import course

    return [path for edition in course().editions() for path in edition.all_notebooks]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- server


@dataclass
class LabServer:
    """A JupyterLab server on loopback serving a temporary copy of the course."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen
    state: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, relpath: str) -> str:
        """The Binder-style address of a notebook, with the login token."""
        return f"{self.base}/lab/tree/{relpath}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; return the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def reset(self) -> None:
        """Shut down every kernel and forget the saved layout, before the next notebook."""
        for session in self.api("GET", "/api/sessions") or []:
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError:
                pass
        for kernel in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass
        workspaces = self.state / "workspaces"
        for f in workspaces.glob("*"):
            f.unlink()

    def stop(self) -> None:
        """Ask the server to shut down (kernels included); kill it if it does not."""
        if self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown")
            except OSError:
                pass
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()


def copy_course(target: Path) -> Path:
    """Copy the repository (without .git, virtualenvs and caches) to ``target``."""
    shutil.copytree(REPO, target, ignore=_COPY_IGNORE)
    return target


def start_lab(workdir: Path, timeout: float = 120) -> LabServer:
    """Start JupyterLab as the README does, on a copy of the course in ``workdir``."""
    root = copy_course(workdir / "course")
    state = workdir / "jupyter"
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "matplotlib"),
    ]:
        (state / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(state / sub)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(state / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    argv = lab_argv(notebook=None, port=port, token=token, open_browser=False, root_dir=root)
    log = workdir / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            argv, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    server = LabServer(root, port, token, process, state, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            server.api("GET", "/api/status")
            return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(
        f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}"
    )


# --------------------------------------------------------------------------- page state

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_STATUS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.trim());
  if (!panel) return {panel: false, dialogs};
  const kernel = panel.querySelector('.jp-Toolbar-kernelName');
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim());
  return {
    panel: true,
    dialogs,
    kernel: kernel ? kernel.innerText.trim() : null,
    status: indicator ? indicator.dataset.status : null,
    running: prompts.filter(p => p.includes('*')).length,
    cells: panel.querySelectorAll('.jp-Cell').length,
  };
}"""


def page_status(page) -> dict:
    """The notebook panel's kernel name, kernel status, running cells and open dialogs."""
    return page.evaluate(_STATUS_JS)


def _kernel_ready(status: dict) -> bool:
    return (
        status.get("panel")
        and status.get("kernel") not in (None, "", "No Kernel")
        and status.get("status") == "idle"
    )


def check_dialogs(page) -> list[str]:
    """A dialog (kernel choice, trust, file changed) would block a student."""
    return [
        f"a dialog blocks the notebook: {' '.join(text.split())[:200]!r}"
        for text in page_status(page)["dialogs"]
    ]


def notifications(page) -> list[str]:
    """Texts of toast notifications shown in the corner (not blocking, but noise)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notification-Toast-default, .Toastify__toast')]
             .map(n => n.innerText.trim()).filter(Boolean)"""
    )


def open_notebook(page, server: LabServer, relpath: str, timeout: float = 90) -> list[str]:
    """Open a notebook at its Binder-style address; wait for its kernel to be idle."""
    page.goto(server.url(relpath))
    deadline = time.monotonic() + timeout
    status: dict = {}
    while time.monotonic() < deadline:
        status = page_status(page)
        if status["dialogs"]:
            # Give a dialog a moment to be the only thing, then report it.
            return check_dialogs(page)
        if _kernel_ready(status) and status["cells"] > 0:
            return []
        time.sleep(0.5)
    return [f"the notebook's kernel was not ready after {timeout:.0f} s (last state: {status})"]


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel").filter(has_text=item).first.click()


def run_all(page, timeout: float = RUN_TIMEOUT_S) -> tuple[list[str], float]:
    """Run > Run All Cells; wait until no cell is running and the kernel is idle."""
    start = time.monotonic()
    _menu(page, "Run", "Run All Cells")
    page.wait_for_timeout(500)
    quiet_since = None
    while time.monotonic() - start < timeout:
        status = page_status(page)
        if status["dialogs"]:
            return check_dialogs(page), time.monotonic() - start
        if _kernel_ready(status) and status["running"] == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 1.5:
                # widget views render after the kernel goes idle; let them settle
                page.wait_for_timeout(1500)
                return [], time.monotonic() - start
        else:
            quiet_since = None
        time.sleep(0.25)
    status = page_status(page)
    return (
        [
            f"Run All Cells did not finish within {timeout:.0f} s ({status['running']} cell(s) still [*])"
        ],
        time.monotonic() - start,
    )


def save_notebook(page, path: Path, timeout: float = 20) -> dict | None:
    """Save the notebook from the page (Ctrl+S) and return what was written to disk."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    page.locator(PANEL).first.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_mtime_ns != before:
            time.sleep(0.3)
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                pass  # still being written
        time.sleep(0.25)
    return None


# --------------------------------------------------------------------------- checks

_CELLS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  return [...panel.querySelectorAll('.jp-Notebook .jp-Cell')]
    .filter(c => !c.parentElement.closest('.jp-Cell'))
    .map(cell => {
      const area = cell.querySelector('.jp-Cell-outputArea');
      const outputs = area ? [...area.querySelectorAll(':scope > .jp-OutputArea-child > .jp-OutputArea-output')] : [];
      return {
        code: cell.classList.contains('jp-CodeCell'),
        prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
        outputs: outputs.map(o => {
          const views = [...o.querySelectorAll('.jupyter-widgets')].filter(v =>
            !v.querySelector('.jupyter-widgets-error-widget') &&
            !v.classList.contains('jupyter-widgets-error-widget'));
          return {
            mime: o.dataset.mimeType || null,
            hidden: o.classList.contains('lm-mod-hidden'),
            widget: views.length > 0,
            errorWidget: o.querySelector('.jupyter-widgets-error-widget') !== null,
            text: o.innerText.slice(0, 2000),
            images: [...o.querySelectorAll('img')].map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt || ''})),
          };
        }),
      };
    });
}"""


def page_cells(page) -> list[dict]:
    """Every cell of the open notebook as the page shows it, outputs included."""
    return page.evaluate(_CELLS_JS)


def _label(i: int, cell: dict | None) -> str:
    src = "".join((cell or {}).get("source", "")).strip().splitlines()
    first = src[0][:60] if src else ""
    return f"cell {i + 1}" + (f" ({first!r})" if first else "")


def check_execution(page, saved: dict | None) -> list[str]:
    """Every code cell with code ran (a number in its prompt) and none is still running."""
    problems = []
    cells = page_cells(page)
    saved_cells = (saved or {}).get("cells", [None] * len(cells))
    for i, cell in enumerate(cells):
        model = saved_cells[i] if i < len(saved_cells) else None
        if not cell["code"]:
            continue
        if model is not None and not "".join(model.get("source", "")).strip():
            continue  # an empty cell has nothing to run
        if "*" in cell["prompt"]:
            problems.append(f"{_label(i, model)} is still running")
        elif not any(ch.isdigit() for ch in cell["prompt"]):
            if model is not None and model.get("execution_count"):
                continue  # input folded away (no prompt shown); the saved notebook says it ran
            problems.append(f"{_label(i, model)} never ran (prompt {cell['prompt'] or 'empty'})")
    return problems


def check_errors(page, saved: dict | None) -> list[str]:
    """No error output and no traceback anywhere (warnings on stderr are allowed)."""
    problems = []
    for i, model in enumerate((saved or {}).get("cells", [])):
        for out in model.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(
                    f"{_label(i, model)} raised {out.get('ename')}: {out.get('evalue', '')[:200]}"
                )
    for i, cell in enumerate(page_cells(page)):
        for out in cell["outputs"]:
            text = out["text"]
            if "Traceback (most recent call last)" in text or "Error displaying widget" in text:
                first = next((ln for ln in text.splitlines() if "Error" in ln), text[:120])
                problem = f"cell {i + 1} shows an error: {first.strip()[:200]}"
                if not any(f"cell {i + 1} " in p or f"cell {i + 1}(" in p for p in problems):
                    problems.append(problem)
    return problems


def stderr_notes(saved: dict | None) -> list[str]:
    """Warnings printed on stderr (not failures, but a student sees them in red)."""
    notes = []
    for i, model in enumerate((saved or {}).get("cells", [])):
        for out in model.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = "".join(out.get("text", "")).strip()
                notes.append(f"{_label(i, model)} prints on stderr: {text[:200]!r}")
    return notes


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _count(outputs: list[dict], mime: str) -> int:
    return sum(1 for o in outputs if mime in o.get("data", {}))


def check_widgets(page, saved: dict | None, wait_s: float = 10) -> list[str]:
    """Every widget a cell displays is rendered as a live widget, none as an error."""
    deadline = time.monotonic() + wait_s
    while True:
        problems = []
        cells = page_cells(page)
        for i, model in enumerate((saved or {}).get("cells", [])):
            if i >= len(cells):
                problems.append(f"{_label(i, model)} is missing from the page")
                continue
            expected = _count(model.get("outputs", []), WIDGET_MIME)
            outs = cells[i]["outputs"]
            shown = sum(1 for o in outs if o["widget"] and not o["hidden"])
            broken = sum(1 for o in outs if o["errorWidget"])
            if broken:
                problems.append(f"{_label(i, model)}: {broken} widget(s) failed to render")
            if shown < expected:
                problems.append(
                    f"{_label(i, model)}: displays {expected} widget(s) but "
                    f"{shown} rendered (a blank or missing widget)"
                )
        errors = page.evaluate(
            """() => document.querySelectorAll(
                 '.jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-widgets-error-widget').length"""
        )
        if errors and not any("failed to render" in p for p in problems):
            problems.append(f"{errors} widget(s) inside outputs failed to render")
        if not problems or time.monotonic() > deadline:
            return problems
        time.sleep(0.5)


def check_figures(page, saved: dict | None) -> list[str]:
    """Every figure output shows a loaded image."""
    problems = []
    cells = page_cells(page)
    for i, model in enumerate((saved or {}).get("cells", [])):
        expected = _count(model.get("outputs", []), "image/png")
        if i >= len(cells):
            continue
        images = [img for o in cells[i]["outputs"] for img in o["images"]]
        loaded = sum(1 for img in images if img["ok"])
        if loaded < expected:
            problems.append(
                f"{_label(i, model)}: {expected} figure(s) but {loaded} image(s) loaded"
            )
        broken = [img for img in images if not img["ok"]]
        if broken and loaded >= expected:
            problems.append(f"{_label(i, model)}: {len(broken)} image(s) failed to load")
    return problems


# --------------------------------------------------------------------------- screenshots


_CONTENT_HEIGHT_JS = """e => {
  const cells = e.querySelectorAll('.jp-Cell');
  const last = cells[cells.length - 1];
  const bottom = last
    ? last.getBoundingClientRect().bottom - e.getBoundingClientRect().top + e.scrollTop + 30
    : e.scrollHeight;
  return [Math.min(Math.ceil(bottom), e.scrollHeight), e.clientHeight];
}"""


def screenshot_notebook(page, stem: str, max_height: int = 16000) -> list[Path]:
    """Screenshot the whole notebook panel (tall viewport; several parts if very long)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{stem}.png"):
        old.unlink()
    for old in SCREENSHOTS.glob(f"{stem}-part*.png"):
        old.unlink()
    scroller = page.locator(f"{PANEL} .jp-WindowedPanel-outer").first
    total, visible = scroller.evaluate(_CONTENT_HEIGHT_JS)
    chrome = VIEWPORT["height"] - visible  # menus, toolbars, status bar
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max_height, total + chrome)})
    page.wait_for_timeout(1000)
    paths = []
    total, visible = scroller.evaluate(_CONTENT_HEIGHT_JS)  # cells laid out again
    offsets = list(range(0, max(total - visible, 0) + 1, max(visible, 1)))
    if offsets[-1] < total - visible:
        offsets.append(total - visible)
    for n, top in enumerate(offsets, start=1):
        scroller.evaluate("(e, top) => { e.scrollTop = top; }", top)
        page.wait_for_timeout(700)
        name = f"{stem}.png" if len(offsets) == 1 else f"{stem}-part{n}.png"
        path = SCREENSHOTS / name
        page.locator(PANEL).first.screenshot(path=str(path))
        paths.append(path)
    scroller.evaluate("e => { e.scrollTop = 0; }")
    page.set_viewport_size(VIEWPORT)
    page.wait_for_timeout(500)
    return paths


# --------------------------------------------------------------------------- interactions

_SHOWN_JS = """(el) => {
  const parts = [];
  el.querySelectorAll('.widget-html-content, .widget-htmlmath-content, .jp-OutputArea-output')
    .forEach(n => parts.push(n.innerText.trim()));
  el.querySelectorAll('img').forEach(i => parts.push('img ' + i.src.length + ' ' + i.src.slice(-80)));
  return parts.join('\\n|\\n');
}"""


def shown(widget) -> str:
    """What a widget shows a student, apart from the state of its own controls."""
    return widget.evaluate(_SHOWN_JS)


def wait_for_change(widget, before: str, timeout: float | None = None) -> str | None:
    """Wait until what the widget shows differs from ``before``; return it (None if not).
    ``timeout``: by default ``CHANGE_TIMEOUT_S`` (read when called)."""
    deadline = time.monotonic() + (CHANGE_TIMEOUT_S if timeout is None else timeout)
    while time.monotonic() < deadline:
        now = shown(widget)
        if now != before:
            time.sleep(0.3)  # let the rest of the update land
            return shown(widget)
        time.sleep(0.25)
    return None


def wait_until_drawn(widget, timeout: float | None = None) -> None:
    """After scrolling to a widget, wait until the page has drawn its text."""
    deadline = time.monotonic() + (CHANGE_TIMEOUT_S if timeout is None else timeout)
    while time.monotonic() < deadline and not widget.inner_text().strip():
        time.sleep(0.25)


def _short(text: str, n: int = 80) -> str:
    return " ".join(text.split())[:n]


def interact_quizzes(page, stem: str = "", lang: str = "en") -> list[str]:
    """Each quiz: pick an option, press Check (in the notebook's language), and the feedback
    line must change."""
    from asean_tip_course.i18n import _, language

    with language(lang):
        check_label = _("Check")
    problems = []
    quizzes = page.locator(f"{PANEL} .course-quiz")
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        quiz.scroll_into_view_if_needed()
        texts = quiz.locator(".widget-html-content")
        question = _short(texts.first.inner_text()) if texts.count() else f"quiz {i + 1}"
        radios = quiz.locator("input[type=radio]")
        buttons = quiz.locator("button")
        if radios.count() == 0 or buttons.count() == 0:
            problems.append(f"quiz {i + 1} ({question!r}) has no options or no Check button")
            continue
        before = texts.last.inner_text() if texts.count() else ""
        radios.nth(radios.count() - 1).check()
        buttons.filter(has_text=check_label).first.click()
        deadline = time.monotonic() + CHANGE_TIMEOUT_S
        after = before
        while time.monotonic() < deadline and after == before:
            time.sleep(0.25)
            after = texts.last.inner_text()
        if after == before:
            problems.append(
                f"quiz {i + 1} ({question!r}): feedback did not change after choosing an "
                f"option and pressing Check (still {_short(before)!r})"
            )
        elif not after.strip():
            problems.append(f"quiz {i + 1} ({question!r}): feedback went blank after Check")
    return problems


def other_option(labels: list[str], current: int) -> int:
    """The next option after ``current`` (cyclic), skipping placeholders like "(choose ...)"."""
    n = len(labels)
    for step in range(1, n + 1):
        k = (max(current, 0) + step) % n
        if k != current and not labels[k].strip().startswith("("):
            return k
    return (current + 1) % n if n else 0


def _choose_other_option(select) -> str:
    """Pick a different option in a dropdown; return its label."""
    labels = [" ".join(t.split()) for t in select.locator("option").all_inner_texts()]
    if not labels:
        return ""
    target = other_option(labels, select.evaluate("s => s.selectedIndex"))
    select.select_option(index=target)
    return labels[target]


def generic_action(page, widget) -> str:
    """Change the widget's first control the way a student would; describe what was done."""
    select = widget.locator("select")
    if select.count():
        return f"chose {_choose_other_option(select.first)!r} in the first menu"
    handle = widget.locator(".noUi-handle")
    if handle.count():
        handle.first.focus()
        page.keyboard.press("ArrowRight")
        return "moved the first slider one step"
    text = widget.locator("input[type=text], textarea")
    if text.count():
        text.first.fill("ASEAN")
        text.first.press("Enter")
        return "typed 'ASEAN' in the first text box"
    radios = widget.locator("input[type=radio]")
    if radios.count() > 1:
        radios.nth(1).check()
        return "chose the second option"
    boxes = widget.locator("input[type=checkbox]")
    if boxes.count():
        boxes.first.click()
        return "ticked the first box"
    buttons = widget.locator("button")
    if buttons.count():
        buttons.first.click()
        return "pressed the first button"
    return ""


@dataclass
class Interaction:
    """One interaction with one chapter widget, found by the labels or text it shows.

    ``act(page, widget)`` does what a student would do and may return a text that the
    widget must then show (e.g. the country just chosen); what the widget shows must
    change in any case. Entries under the key ``"*"`` apply to any notebook and are
    optional; entries under a notebook's stem must each find their widget.
    """

    name: str
    act: Callable  # (page, widget) -> str | None
    has_label: str = ""  # a control label the widget has, exactly (e.g. "Show member:")
    has_text: str = ""  # text the widget shows

    def matches(self, widget) -> bool:
        if self.has_label:
            labels = widget.locator(".widget-label").all_inner_texts()
            if self.has_label not in [" ".join(t.split()) for t in labels]:
                return False
        return not self.has_text or self.has_text in widget.inner_text()


def _top_widgets(page):
    """Chapter widgets (class course-widget), outermost only."""
    return page.locator(f"{PANEL} .course-widget:not(.course-widget .course-widget)")


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def check_widget_classes(page) -> list[str]:
    """Every widget with controls is a quiz or a chapter widget, so the tests exercise it."""
    orphans = page.evaluate(
        """() => [...document.querySelectorAll(
              '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')]
            .filter(o => o.querySelector('select, input, button, textarea, .noUi-handle'))
            .filter(o => !o.querySelector('.course-quiz, .course-widget'))
            .map(o => o.innerText.trim().slice(0, 80))"""
    )
    return [
        f"a widget with controls ({' '.join(t.split())[:60]!r}) has neither class course-widget "
        "nor course-quiz, so no test exercises it"
        for t in orphans
    ]


def interact_widgets(
    page, stem: str, table: dict[str, list[Interaction]], shot: str | None = None
) -> list[str]:
    """One interaction per chapter widget; what it shows must change (and match, if said)."""
    problems = []
    planned = list(table.get(stem, []))
    optional = list(table.get("*", []))
    used: set[int] = set()
    widgets = _top_widgets(page)
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        wait_until_drawn(widget)  # a cell far down the notebook is drawn only once in view
        title = _short(widget.inner_text(), 60)
        match = next(
            (it for k, it in enumerate(planned) if k not in used and it.matches(widget)), None
        )
        if match is not None:
            used.add(planned.index(match))
        else:
            match = next((it for it in optional if it.matches(widget)), None)
        before = shown(widget)
        if not before.strip():
            problems.append(f"widget {i + 1} ({title!r}) shows nothing before any interaction")
        must_show = None
        if match is not None:
            label = match.name
            must_show = match.act(page, widget)
            after = wait_for_change(widget, before)
        else:
            label = generic_action(page, widget) or "no control to use"
            after = wait_for_change(widget, before)
            if after is None and widget.locator("button").count():
                widget.locator("button").first.click()
                label += ", then pressed the first button"
                after = wait_for_change(widget, before)
            label = f"generic: {label}"
        if after is None:
            problems.append(f"widget {i + 1} ({title!r}): nothing it shows changed after {label}")
        elif must_show and _norm(must_show) not in _norm(after):
            problems.append(
                f"widget {i + 1} ({title!r}): after {label}, it should show {must_show!r}; "
                f"it shows {_short(after, 200)!r}"
            )
        if after and "Traceback (most recent call last)" in after:
            problems.append(f"widget {i + 1} ({title!r}) shows a traceback after {label}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            widget.screenshot(path=str(SCREENSHOTS / f"{shot or stem}--widget{i + 1}.png"))
        except Exception:  # a screenshot is a courtesy, not a check
            pass
    for k, it in enumerate(planned):
        if k not in used:
            problems.append(f"expected widget for {it.name!r} not found in the notebook")
    return problems


# --------------------------------------------------------------------------- the whole run


@dataclass
class NotebookReport:
    """What running one notebook in the browser found."""

    path: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    screenshots: list[Path] = field(default_factory=list)

    def by_check(self, prefix: str) -> list[str]:
        return [p for p in self.problems if p.startswith(prefix)]


def run_notebook(
    page,
    server: LabServer,
    relpath: str,
    table: dict[str, list[Interaction]] | None = None,
    interact: bool = True,
) -> NotebookReport:
    """Open, run, save, screenshot, check and interact with one notebook."""
    from asean_tip_course.manifest import edition_of

    report = NotebookReport(relpath)
    stem = Path(relpath).stem
    # the editions' screenshots side by side: 01_background.png, 01_background.id.png
    shot = stem if edition_of(relpath) == "en" else f"{stem}.{edition_of(relpath)}"
    add = report.problems.extend

    def tagged(check: str, found: list[str]) -> None:
        add([f"[{check}] {p}" for p in found])

    server.reset()
    t0 = time.monotonic()
    opened = open_notebook(page, server, relpath)
    tagged("open", opened)
    report.notes.append(f"JupyterLab and the kernel were ready after {time.monotonic() - t0:.1f} s")
    if opened:
        report.screenshots = screenshot_notebook(page, shot)
        return report
    ran, seconds = run_all(page)
    report.seconds = seconds
    tagged("run", ran)
    report.notes.append(f"Run All Cells took {seconds:.1f} s")
    saved = save_notebook(page, server.root / relpath)
    if saved is None:
        tagged("save", ["the notebook could not be saved to compare outputs"])
    report.screenshots = screenshot_notebook(page, shot)
    tagged("dialog", check_dialogs(page))
    tagged("execution", check_execution(page, saved))
    tagged("errors", check_errors(page, saved))
    tagged("widgets", check_widgets(page, saved))
    tagged("figures", check_figures(page, saved))
    report.notes.extend(stderr_notes(saved))
    if interact:
        tagged("quiz", interact_quizzes(page, stem, edition_of(relpath)))
        tagged("interaction", interact_widgets(page, stem, table or {}, shot))
        tagged("widgets", check_widget_classes(page))
        tagged("dialog", check_dialogs(page))
    toasts = notifications(page)
    report.notes.extend(f"notification shown: {_short(t, 120)!r}" for t in toasts)
    report.notes.append(f"total {time.monotonic() - t0:.1f} s")
    return report
