#!/usr/bin/env python3
"""One command to open the course, one to test it. Needs only Python 3.11+.

    python3 course.py start         install what the course needs, open JupyterLab
                                    (--lang id: the Indonesian edition, menus in Indonesian)
    python3 course.py test          install the test tools, run every test (what CI runs)
    python3 course.py test --fast   the everyday selection: no notebooks run (under a minute)
    python3 course.py build         regenerate everything generated (after editing course.yml,
                                    data, a notebook, an exercise source); --check names
                                    each stale file instead
    python3 course.py bench         install, then run the performance benchmark
    python3 course.py grade DIR     build the autograders, grade a folder of submitted notebooks
    python3 course.py site          build the course website and its PDFs into _site/html/

Packages go into the active virtual environment if there is one, otherwise into
``.venv`` beside this file (created on first use). Extra arguments are passed on:
``python3 course.py test -m "not browser"``, ``python3 course.py start --port 8890``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_PYTHON = (3, 11)


def environment_python() -> Path:
    """The Python of the active virtual environment, or of ``.venv`` (made if needed)."""
    if sys.prefix != sys.base_prefix:
        return Path(sys.executable)
    env = HERE / ".venv"
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"Creating a virtual environment in {env} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(env)
    return python


def install(python: Path, extra: str | None) -> None:
    """Install the course package (and an optional extra) into the environment."""
    target = f".[{extra}]" if extra else "."
    print(f"Installing the course ({target}) - the first time takes a few minutes ...", flush=True)
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target])


def run(cmd: list, cwd: Path = HERE) -> None:
    """Run a command (in the repository folder unless told); stop with its exit code if it fails."""
    code = subprocess.call([str(c) for c in cmd], cwd=cwd)
    if code != 0:
        sys.exit(code)


def main(argv: list[str]) -> None:
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"This course needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
            f"this is {sys.version.split()[0]}."
        )
    if not argv or argv[0] not in {"start", "test", "build", "bench", "grade", "site"}:
        sys.exit(__doc__)
    command, rest = argv[0], argv[1:]
    python = environment_python()
    if command == "start":
        install(python, None)
        run([python, "-m", "asean_tip_course.launch", *rest])
    elif command == "test":
        install(python, "test")
        if "--fast" in rest:  # the markers are defined in pyproject.toml ([tool.pytest])
            rest = [a for a in rest if a != "--fast"] + ["-m", "not slow and not browser"]
        run([python, "-m", "pytest", *rest])
    elif command == "build":
        install(python, "test")
        run([python, "-m", "tools.build", *rest])
    elif command == "bench":
        install(python, "test")
        run([python, "-m", "tools.bench", *rest])
    elif command == "site":
        install(python, "site")
        run([python, "-m", "tools.website", *rest])
    elif command == "grade":
        install(python, None)
        if not any(a in {"-h", "--help"} for a in rest):
            run([python, "-m", "tools.exercises", "autograders"])  # cached: fast if unchanged
        # Folders given on the command line are relative to where the instructor is.
        run([python, "-m", "asean_tip_course.grading", *rest], cwd=Path.cwd())


if __name__ == "__main__":
    main(sys.argv[1:])
