"""The Colab-like CI job: every chapter and student exercise notebook, run as Colab runs them.

    python tests/colab/job.py                 # build the runtime if needed, run everything
    python tests/colab/job.py notebooks/02_asean_measures.ipynb      # only these notebooks
    python tests/colab/job.py --self-test-only                        # only the negative fixtures

What it does (run it with the course's own environment, which has nbclient and pyyaml):

1. Builds ``.venv-colab`` with Python 3.13 (``COURSE_COLAB_PYTHON`` overrides) holding exactly
   the pins of ``.ci/colab-runtime.txt`` (plus pytest), and nothing of the course: as on
   Colab, the notebook's setup cell puts the course on ``sys.path``.
2. Starts each notebook in a fresh kernel of that runtime that looks like Colab's: its kernel
   class is ``google.colab._kernel.Kernel`` (a stand-in in ``tests/colab/fake_colab``), it
   starts in ``/content``, and the setup cell's ``git clone`` of the repository address is
   redirected (git's ``url.<base>.insteadOf``, set in the kernel's environment) to a snapshot
   of this working tree. ``/content/course`` is removed before every notebook, as every Colab
   runtime starts without it. Chapter kernels cannot reach the network; exercise kernels can
   (their setup cell installs Otter-Grader from the package index, as on Colab).
3. Fails on any error output or traceback; on a widget cell (a cell ending with a builder
   named in ``course.yml``) whose output has no widget view; on a ``grader.check`` cell that
   shows no result; on a cited output (``# NBVAL_CHECK_OUTPUT``) that differs from
   ``tests/cited_outputs.json``; and if ipywidgets is not the pinned version afterwards.
4. Runs the widget convention tests and the logic tests of the widget modules in that
   runtime (pandas 2.2, ipywidgets 7, IPython 7): nothing may rely on pandas 3.
5. Self-test: each notebook in ``tests/fixtures/colab/`` must fail with the problem its
   name says, so that the checks above are known to be able to fail.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = ROOT / ".venv-colab"
FAKE_COLAB = Path(__file__).resolve().parent / "fake_colab"
NETGUARD = ROOT / "tests" / "netguard"
FIXTURES = ROOT / "tests" / "fixtures" / "colab"
CONTENT = Path("/content")
COURSE = CONTENT / "course"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXTRA_TOOLS = ["pytest"]  # for the widget unit tests; not part of Colab's runtime
LOCK = Path(tempfile.gettempdir()) / "course-colab-job.lock"

sys.path.insert(0, str(ROOT))
from asean_tip_course.colab import RUNTIME_FILE as RUNTIME  # noqa: E402
from asean_tip_course.colab import runtime as colab_runtime  # noqa: E402

CITED_TAG, CITED_MARKER = "nbval-check-output", "# NBVAL_CHECK_OUTPUT"


def repository_url() -> str:
    """The repository's public address (``[project.urls] Repository``), which the setup cell
    clones."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["urls"]["Repository"].rstrip("/")


def store_path() -> Path:
    """The recorded cited outputs (as the course's cited-output tool keeps them)."""
    return Path(os.environ.get("COURSE_CITED_OUTPUTS", ROOT / "tests" / "cited_outputs.json"))


def is_marked(cell: dict) -> bool:
    """A cell whose output the prose cites: its tag, or the marker line."""
    source = "".join(cell.get("source", ""))
    tags = cell.get("metadata", {}).get("tags", [])
    return CITED_TAG in tags or any(line.strip() == CITED_MARKER for line in source.splitlines())


# --------------------------------------------------------------------------- the runtime


def runtime_pins() -> tuple[str, list[str]]:
    """``(python_version, ["pkg==x.y.z", ...])`` from ``.ci/colab-runtime.txt``."""
    python, pins = colab_runtime()
    if not python:
        raise SystemExit(f"{RUNTIME} lacks its '# python: X.Y' line")
    return python, [f"{name}=={version}" for name, version in pins]


def env_python(env: Path = ENV) -> Path:
    return env / "bin" / "python"


def find_python(version: str) -> str:
    """A working Python ``version``: ``COURSE_COLAB_PYTHON``, pyenv's, or on the PATH."""
    pyenv = sorted(Path("/root/.pyenv/versions").glob(f"{version}.*/bin/python{version}"))
    candidates = [os.environ.get("COURSE_COLAB_PYTHON"), *map(str, pyenv)]
    candidates.append(shutil.which(f"python{version}"))
    for candidate in filter(None, candidates):
        probe = [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
        with contextlib.suppress(OSError):
            done = subprocess.run(probe, capture_output=True, text=True)
            if done.returncode == 0 and done.stdout.strip() == version:
                return candidate
    raise SystemExit(f"No Python {version} found: set COURSE_COLAB_PYTHON to one.")


def build_env(env: Path = ENV) -> Path:
    """Make (or reuse) the runtime; return its Python. Otter-Grader is removed from a reused
    runtime, so that every run proves the setup cell installs it."""
    version, pins = runtime_pins()
    base = find_python(version)
    stamp = env / ".runtime"
    wanted = json.dumps({"python": base, "pins": pins, "tools": EXTRA_TOOLS})
    if not (stamp.exists() and stamp.read_text() == wanted and env_python(env).exists()):
        shutil.rmtree(env, ignore_errors=True)
        print(f"Building the Colab-like runtime in {env} (Python {version}) ...", flush=True)
        subprocess.run([base, "-m", "venv", str(env)], check=True)
        pip = [str(env_python(env)), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(RUNTIME), *EXTRA_TOOLS], check=True)
        stamp.write_text(wanted)
    else:
        subprocess.run(
            [str(env_python(env)), "-m", "pip", "uninstall", "-q", "-y", "otter-grader"],
            check=False,
            capture_output=True,
        )
    found = installed_versions(env)
    wrong = [p for p in pins if found.get(p.split("==")[0].lower()) != p.split("==")[1]]
    actual = subprocess.run(
        [str(env_python(env)), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if wrong or actual != version:
        raise SystemExit(f"The runtime does not match {RUNTIME.name}: {wrong or actual}")
    return env_python(env)


def installed_versions(env: Path = ENV) -> dict[str, str]:
    out = subprocess.run(
        [str(env_python(env)), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(out)}


def snapshot(dest: Path) -> Path:
    """A git repository holding this working tree's files (committed or not, minus ignored
    ones): what the setup cell's clone gets instead of the public repository."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@localhost"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=dest, check=True)
    return dest


def kernelspec(jupyter_dir: Path, python: Path, source: Path, network: bool) -> str:
    """Write a Colab-like kernelspec; return its name."""
    name = "colab-like-net" if network else "colab-like"
    paths = [str(FAKE_COLAB)] + ([] if network else [str(NETGUARD)])
    spec = {
        "argv": [
            str(python),
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            "--IPKernelApp.kernel_class=google.colab._kernel.Kernel",
        ],
        "display_name": "Python 3 (Colab-like)",
        "language": "python",
        "env": {
            "PYTHONPATH": os.pathsep.join(paths),
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{source.as_uri()}.insteadOf",
            "GIT_CONFIG_VALUE_0": repository_url(),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        },
    }
    folder = jupyter_dir / "kernels" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))
    return name


# --------------------------------------------------------------------------- the checks


def builder_names() -> set[str]:
    """The widget builders ``course.yml`` names (``quiz.MultipleChoice`` -> ``MultipleChoice``)."""
    import yaml

    manifest = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    named = list(manifest.get("start", {}).get("widgets", []))
    for chapter in manifest.get("chapters", []):
        named += chapter.get("widgets", [])
    return {name.rsplit(".", 1)[-1] for name in named}


def _last_call(source: str) -> str | None:
    """The function a cell's last line calls (``f(...)`` or ``x.f(...)``), if it does."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    last = body[-1] if body else None
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        func = last.value.func
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return None


def _first_argument(source: str) -> str | None:
    """The text of the last line's first argument, e.g. ``"q1"`` for ``grader.check("q1")``."""
    call = ast.parse(source).body[-1].value
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    return "".join(data.get("text/plain", "")) + "".join(data.get("text/html", ""))


def _streams_joined(outputs: list[dict]) -> list[dict]:
    """Outputs without execution counts or metadata, consecutive streams of one name joined
    (kernels may flush one print in several pieces)."""
    joined = []
    for out in outputs:
        out = {k: v for k, v in out.items() if k not in {"execution_count", "metadata"}}
        if "data" in out:
            out["data"] = {k: v for k, v in out["data"].items() if k in {"text/plain", "text/html"}}
        if "text" in out and not isinstance(out["text"], str):
            out["text"] = "".join(out["text"])
        last = joined[-1] if joined else None
        if last and out.get("output_type") == "stream" and last.get("output_type") == "stream":
            if last.get("name") == out.get("name"):
                last["text"] += out["text"]
                continue
        joined.append(out)
    return joined


def problems_in(nb: dict, cited: dict | None, builders: set[str]) -> list[str]:
    """Everything wrong with an executed notebook (``nb`` as a dict); empty if it is clean."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        outputs = cell.get("outputs", [])
        where = f"cell {i} ({source.strip().splitlines()[0][:60] if source.strip() else ''!r})"
        for out in outputs:
            if out.get("output_type") == "error":
                found.append(f"{where} raised {out.get('ename')}: {out.get('evalue', '')[:200]}")
            elif "Traceback (most recent call last)" in _text(out):
                found.append(f"{where} shows a traceback")
        called = _last_call(source)
        if called in builders and not any(WIDGET_VIEW in o.get("data", {}) for o in outputs):
            found.append(f"{where}: widget cell ({called}) without a widget view")
        if called == "check" and "grader.check" in source:
            reported = [
                o for o in outputs if o.get("output_type") in ("execute_result", "display_data")
            ]
            question = _first_argument(source) or ""
            # Otter says "q1 results: ..."; the course's Checks say "q1: ✔ ..." / "q1: ✘ ..."
            said = re.compile(rf"(?<![\w.]){re.escape(question)}(:| results)")
            if not any(said.search(_text(o)) for o in reported):
                found.append(f"{where}: grader.check shows no result")
        if cited is not None and is_marked(cell):
            expected = cited.get(cell.get("id"))
            if expected is None:
                found.append(f"{where}: cited output not recorded in {store_path().name}")
            elif _streams_joined(expected) != _streams_joined(outputs):
                got = "".join(_text(o) for o in outputs)[:300]
                found.append(f"{where}: cited output differs from the recorded one; got {got!r}")
    return found


# --------------------------------------------------------------------------- running


@contextmanager
def content_folder():
    """``/content`` as Colab has it, for the duration of the job (one job at a time)."""
    made = not CONTENT.exists()
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            CONTENT.mkdir(exist_ok=True)
            shutil.rmtree(COURSE, ignore_errors=True)  # left by an interrupted run
            COURSE.mkdir()
            COURSE.rmdir()
        except OSError as err:
            raise SystemExit(
                f"The Colab-like job works in {COURSE}, as Colab does, and cannot write there "
                f"({err}). Run it as a user who may create {CONTENT}."
            ) from err
        try:
            yield CONTENT
        finally:
            shutil.rmtree(COURSE, ignore_errors=True)
            if made:
                shutil.rmtree(CONTENT, ignore_errors=True)


def execute(path: Path, kernel: str, fresh: bool = True) -> tuple[dict, float]:
    """Run ``path`` in a Colab-like kernel started in /content; return it (executed) and the
    seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    if fresh:
        shutil.rmtree(COURSE, ignore_errors=True)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name=kernel,
        allow_errors=True,
        resources={"metadata": {"path": str(CONTENT)}},
    ).execute()
    return json.loads(nbformat.writes(nb)), time.perf_counter() - start


def course_notebooks() -> list[Path]:
    from asean_tip_course.manifest import course  # the one list of the course's notebooks

    # both editions: the Indonesian twins run the same code in Indonesian
    return [ROOT / path for edition in course().editions() for path in edition.all_notebooks]


def run_all(
    paths: list[Path], python: Path, jupyter_dir: Path, source: Path, keep: Path | None = None
) -> list[str]:
    builders = builder_names()
    store = json.loads(store_path().read_text()) if store_path().exists() else {}
    failures = []
    for path in paths:
        relative = path.resolve().relative_to(ROOT).as_posix()
        exercise = relative.startswith("exercises/")
        kernel = kernelspec(jupyter_dir, python, source, network=exercise)
        nb, seconds = execute(path, kernel)
        if keep is not None:  # the executed notebook, to look at
            (keep / relative).parent.mkdir(parents=True, exist_ok=True)
            (keep / relative).write_text(json.dumps(nb, indent=1), encoding="utf-8")
        found = problems_in(nb, store.get(relative, {}), builders)
        if exercise and not installed_versions().get("otter-grader"):
            found.append("the setup cell did not install otter-grader")
        status = "ok" if not found else f"{len(found)} problem(s)"
        print(f"  {relative:<62} {seconds:5.1f} s  {status}", flush=True)
        failures += [f"{relative}: {p}" for p in found]
    return failures


#: fixture file -> the words its problem must contain
NEGATIVE = {
    "error_output.ipynb": "raised ZeroDivisionError",
    "widget_without_view.ipynb": "without a widget view",
    "silent_check.ipynb": "grader.check shows no result",
    "display_error.ipynb": "raised AttributeError",
}


#: fixtures that must run clean: the kernel looks like Colab's to the course and to Otter
POSITIVE = ["looks_like_colab.ipynb"]


def self_test(python: Path, jupyter_dir: Path, source: Path) -> list[str]:
    """Each negative fixture must fail with its problem; each positive one must run clean."""
    builders = builder_names()
    kernel = kernelspec(jupyter_dir, python, source, network=False)
    failures = []
    for name in POSITIVE:  # its setup cell installs Otter, from the package index
        nb, _ = execute(FIXTURES / name, kernelspec(jupyter_dir, python, source, network=True))
        found = problems_in(nb, None, builders)
        print(f"  fixture {name:<40} {'clean' if not found else 'FAILED'}: {found}", flush=True)
        failures += [f"self-test: {name}: {p}" for p in found]
    for name, expected in NEGATIVE.items():
        nb, _ = execute(FIXTURES / name, kernel)
        found = problems_in(nb, None, builders)
        caught = [p for p in found if expected in p]
        print(f"  fixture {name:<40} {'caught' if caught else 'MISSED'}: {found}", flush=True)
        if not caught:
            failures.append(f"self-test: {name} should fail with '{expected}', got {found}")
    return failures


#: Unit tests that need only the runtime's own libraries, besides those of the widget modules.
UNIT_TESTS = ["test_widget_convention.py", "test_data_loader.py", "test_data_rules.py"]
UNIT_TESTS += ["test_evidence.py"]


def unit_test_files() -> list[str]:
    """The widget convention tests, the tests of every module ``course.yml`` names a widget
    of (``quiz.MultipleChoice`` -> tests/test_quiz.py), and ``UNIT_TESTS``."""
    import yaml

    manifest = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    named = list(manifest.get("start", {}).get("widgets", []))
    for chapter in manifest.get("chapters", []):
        named += chapter.get("widgets", [])
    files = UNIT_TESTS + [f"test_{name.split('.')[0]}.py" for name in named]
    missing = [f for f in UNIT_TESTS if not (ROOT / "tests" / f).exists()]
    if missing:
        raise SystemExit(f"tests/colab/job.py lists tests that do not exist: {missing}")
    return sorted({f"tests/{f}" for f in files if (ROOT / "tests" / f).exists()})


def unit_tests(python: Path) -> list[str]:
    """The logic and widget tests, on pandas 2.2, ipywidgets 7 and IPython 7."""
    files = unit_test_files()
    print(f"Unit tests on the Colab runtime ({len(files)} files):", flush=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = subprocess.call(
        # Without the repository's conftest: it configures pytest-xdist and nbval, which this
        # runtime (Colab's packages plus pytest) does not have; these tests need neither.
        [str(python), "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider"]
        + ["--noconftest", *files],
        cwd=ROOT,
        env=env,
    )
    return [] if code == 0 else ["unit tests failed on the Colab runtime"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every course notebook")
    parser.add_argument("--self-test-only", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the executed notebooks under this folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    python = build_env()
    print(f"Runtime ready ({time.perf_counter() - started:.0f} s): {', '.join(runtime_pins()[1])}")
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, content_folder():
        jupyter_dir = Path(tmp) / "jupyter"
        os.environ["JUPYTER_PATH"] = str(jupyter_dir)
        source = snapshot(Path(tmp) / "source")
        if not args.self_test_only:
            print("Notebooks, as Colab runs them after the setup cell:", flush=True)
            paths = [p.resolve() for p in args.notebooks] or course_notebooks()
            failures += run_all(paths, python, jupyter_dir, source, args.keep)
            pinned = dict(p.split("==") for p in runtime_pins()[1])["ipywidgets"]
            now = installed_versions().get("ipywidgets")
            if now != pinned:
                failures.append(f"ipywidgets is {now} after the notebooks ran, not {pinned}")
            failures += unit_tests(python)
        print("Self-test: each negative fixture must be caught:", flush=True)
        failures += self_test(python, jupyter_dir, source)
    print(f"Colab-like job: {time.perf_counter() - started:.0f} s in all.")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
