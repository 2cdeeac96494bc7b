"""A class JupyterHub for the course: what its user environment needs, and a trial hub.

    python -m asean_tip_course.hub requirements   # the packages a hub's user image needs
    python -m asean_tip_course.hub setup [DIR]    # build a trial hub in DIR (default .hub/)

The trial hub is what ``tests/browser/test_jupyterhub.py`` starts and what an instructor can
try on one machine (``instructors/jupyterhub/README.md``): one virtual environment with
JupyterHub, nbgitpuller and the course's packages (the hub and the students' servers share
it, as in a single-machine hub), the course's JupyterLab settings in it, and
configurable-http-proxy from npm in a folder of its own. The course package itself is *not*
installed: nbgitpuller brings it with the notebooks, and the hub puts that folder on the
students' ``PYTHONPATH`` (see the example configuration).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

from asean_tip_course.paths import WORKTREE

REPO = WORKTREE
CONFIG = REPO / "instructors" / "jupyterhub" / "jupyterhub_config.py"
"""The example hub configuration for instructors (the test starts the hub with it)."""
DEFAULT_DIR = REPO / ".hub"
LAB_SETTINGS = Path(__file__).resolve().parent / "lab_settings" / "overrides.json"

# What a hub adds to the course's own packages. The hub's JupyterHub and the one in the
# user environment must have the same major version; nbgitpuller brings the course in.
HUB_PACKAGES = ["jupyterhub>=6,<7", "nbgitpuller>=1.2,<2"]
PROXY_PACKAGE = "configurable-http-proxy@^5"


def course_requirements() -> list[str]:
    """The course's packages, as ``pyproject.toml`` lists them (the one place they live)."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["project"]["dependencies"])


def user_requirements() -> list[str]:
    """Everything a student's server on a hub needs: the course's packages and the hub's."""
    return course_requirements() + HUB_PACKAGES


def hub_bin(directory: Path = DEFAULT_DIR) -> Path:
    """The trial hub's ``bin`` folder (jupyterhub, jupyterhub-singleuser, python)."""
    return directory / "venv" / ("Scripts" if os.name == "nt" else "bin")


def proxy_bin(directory: Path = DEFAULT_DIR) -> Path:
    """The folder with the ``configurable-http-proxy`` command that npm installed."""
    return directory / "proxy" / "node_modules" / ".bin"


def missing(directory: Path = DEFAULT_DIR) -> str | None:
    """Say what the trial hub lacks (and the command that makes it), or None if it is ready."""
    fix = f"run `python3 -m asean_tip_course.hub setup {directory}` (CI's .ci/run does)"
    if shutil.which("git") is None:
        return "git is not installed (nbgitpuller runs it): install git"
    if not (hub_bin(directory) / "jupyterhub").exists():
        return f"no trial JupyterHub in {directory}: {fix}"
    probe = subprocess.run(
        [hub_bin(directory) / "python", "-c", "import jupyterhub, nbgitpuller, jupyterlab"],
        capture_output=True,
    )
    if probe.returncode != 0:
        return f"the trial hub in {directory} lacks jupyterhub, nbgitpuller or jupyterlab: {fix}"
    if not (proxy_bin(directory) / "configurable-http-proxy").exists():
        return f"no configurable-http-proxy in {directory}: {fix}"
    return None


def setup(directory: Path = DEFAULT_DIR) -> None:
    """Build the trial hub in ``directory``: a venv (JupyterHub + course packages) and the proxy."""
    directory = Path(directory).resolve()
    if shutil.which("npm") is None:
        sys.exit("The trial hub needs npm (Node.js) for configurable-http-proxy: install nodejs.")
    start = time.monotonic()
    env_dir = directory / "venv"
    if not (hub_bin(directory) / "python").exists():
        venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [
        hub_bin(directory) / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, *user_requirements()], check=True)
    # The course's JupyterLab defaults (no news pop-up, every cell drawn), where JupyterLab
    # reads an environment's defaults: {sys.prefix}/share/jupyter/lab/settings.
    settings = env_dir / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(LAB_SETTINGS, settings / "overrides.json")
    python_done = time.monotonic()
    subprocess.run(
        ["npm", "install", "--prefix", str(directory / "proxy"), "--no-fund", "--no-audit",
         "--loglevel=error", PROXY_PACKAGE],
        check=True,
    )  # fmt: skip
    done = time.monotonic()
    print(
        f"Trial hub ready in {directory} ({python_done - start:.0f} s for the Python packages, "
        f"{done - python_done:.0f} s for configurable-http-proxy)."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("requirements", help="print the packages a hub's user image needs")
    make = sub.add_parser("setup", help="build a trial hub (venv + configurable-http-proxy)")
    make.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    if args.command == "requirements":
        print("\n".join(user_requirements()))
    else:
        setup(args.directory)


if __name__ == "__main__":
    main()
