"""Start JupyterLab on the course, the same way for students (README) and browser tests.

Run ``python -m asean_tip_course.launch`` (the README's ``python3 course.py start`` does).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
# Default JupyterLab settings for the course: no news or update pop-ups over the notebook.
LAB_SETTINGS = Path(__file__).resolve().parent / "lab_settings"


def lab_argv(
    notebook: str | None = START_NOTEBOOK,
    *,
    ip: str = "127.0.0.1",
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
    root_dir: Path | str = REPO,
) -> list[str]:
    """Return the command line that starts JupyterLab on loopback at the course's root.

    ``notebook`` (a path under ``root_dir``) is where JupyterLab opens: the URL it prints,
    the page the browser opens and where ``/`` leads (``None``: the launcher).
    ``token=None`` lets Jupyter make a random token (and print the login URL);
    ``root_dir`` is the folder JupyterLab serves (tests serve a copy of the course).
    """
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root_dir}",
        f"--ServerApp.ip={ip}",
        # No news pop-up and no update check: nothing should interrupt a student.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers and CI often run as root
    if not open_browser:
        argv.append("--no-browser")
    if notebook:
        # Not the positional `jupyter lab FILE`: that opens the file in the browser but
        # prints the launcher's URL. The default URL is what Jupyter prints and opens.
        argv.append(f"--LabApp.default_url={start_url_path(notebook)}")
    return argv


def start_url_path(notebook: str = START_NOTEBOOK) -> str:
    """The JupyterLab address (path only) that opens ``notebook``."""
    return "/lab/tree/" + quote(notebook)


def main(args: list[str] | None = None) -> None:
    """Replace this process with JupyterLab; extra arguments go to JupyterLab."""
    argv = lab_argv() + list(args if args is not None else sys.argv[1:])
    os.chdir(REPO)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
