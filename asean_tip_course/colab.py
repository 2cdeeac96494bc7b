"""What the exercise notebooks' setup cell does on Google Colab, beyond fetching the course.

Otter-Grader 7 declares ``ipywidgets>=8.1.5``, but Colab's front end draws ipywidgets 7
widgets (Colab ships ipywidgets 7.7.1). A plain ``pip install otter-grader`` would upgrade
ipywidgets underneath that front end and every course widget would stop drawing. So
``install_otter`` installs Otter without its dependencies and then only the dependencies
Colab lacks, with Colab's own widget stack, IPython and data libraries pinned where they
are. Otter's answer checks (``grader.check``) need nothing of ipywidgets 8.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from asean_tip_course.i18n import _
from asean_tip_course.paths import WORKTREE

RUNTIME_FILE = WORKTREE / ".ci" / "colab-runtime.txt"
"""Colab's runtime as the Colab-like CI job pins it (README's tested runtimes come from it)."""

OTTER = "otter-grader>=7.0,<8"
KEEP = (
    "ipywidgets",
    "widgetsnbextension",
    "jupyterlab-widgets",
    "ipython",
    "ipykernel",
    "traitlets",
    "pandas",
    "numpy",
    "matplotlib",
)
"""Packages Colab already has that Otter's installation must leave exactly as they are."""

NOT_NEEDED = {"ipywidgets"}
"""Otter requirements not installed: Colab's ipywidgets 7 serves ``grader.check``."""


def installed(name: str) -> str | None:
    """The installed version of distribution ``name``, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def otter_requirements() -> list[str]:
    """Otter's own runtime requirements (no extras), without the ones in ``NOT_NEEDED``.

    ``nbconvert[webpdf]`` becomes plain ``nbconvert``: the PDF export it is for is disabled
    on Colab, and it would install a browser driver.
    """
    from packaging.requirements import Requirement

    wanted = []
    for line in metadata.requires("otter-grader") or []:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if req.name.lower() in NOT_NEEDED:
            continue
        req.extras = set()
        req.marker = None
        wanted.append(str(req))
    return wanted


def missing(requirements: list[str]) -> list[str]:
    """The requirements no installed package satisfies (absent, or the wrong version)."""
    from packaging.requirements import Requirement

    wanted = []
    for line in requirements:
        req = Requirement(line)
        version = installed(req.name)
        if version is None or not req.specifier.contains(version, prereleases=True):
            wanted.append(line)
    return wanted


def pins() -> list[str]:
    """``name==version`` for every package in ``KEEP`` that is installed."""
    return [f"{name}=={installed(name)}" for name in KEEP if installed(name)]


def pip(*args: str) -> None:
    """``pip install -q ARGS``; its output is shown only if it fails. (After the first step
    pip warns that Otter asks for ipywidgets 8: expected, and not for a student to read.)"""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        raise RuntimeError(
            _(
                "Installing the answer checker failed (see the message above). Check the internet "
                "connection, then run this cell again."
            )
        )


def install_otter() -> None:
    """Install Otter-Grader for ``grader.check`` without changing Colab's widgets."""
    before = installed("ipywidgets")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\n".join(pins()) + "\n")
    if missing([OTTER]):
        pip("--no-deps", OTTER)
    needed = missing(otter_requirements())
    if needed:
        pip("-c", constraints.name, *needed)
    after = installed("ipywidgets")
    if after != before:
        raise RuntimeError(
            _(
                "Installing the answer checker changed ipywidgets from {before} to {after}; "
                "the course's widgets may not draw. Restart the runtime and run the cells again."
            ).format(before=before, after=after)
        )
    ready = _("Answer checker ready: otter-grader {otter}, ipywidgets {ipywidgets}.")
    print(ready.format(otter=installed("otter-grader"), ipywidgets=after))


def runtime(path: Path = RUNTIME_FILE) -> tuple[str, list[tuple[str, str]]]:
    """Colab's runtime as the CI job pins it: ``("3.13", [("pandas", "2.2.3"), ...])``."""
    python, pins = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("# python:"):
            python = text.split(":", 1)[1].strip()
        elif text and not text.startswith("#"):
            name, version = text.split("==")
            pins.append((name.strip(), version.strip()))
    return python, pins
