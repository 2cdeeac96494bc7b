"""Start JupyterLab on the course, the same way for students (README) and browser tests.

Run ``python -m asean_tip_course.launch`` (the README's ``python3 course.py start`` does);
``--lang id`` opens the Indonesian edition's start notebook with JupyterLab's own menus in
Indonesian (the ``jupyterlab-language-pack-id-ID`` package, installed with the course).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from asean_tip_course.paths import WORKTREE

REPO = WORKTREE
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
# Default JupyterLab settings for the course: no news or update pop-ups over the notebook.
LAB_SETTINGS = Path(__file__).resolve().parent / "lab_settings"
#: JupyterLab's interface language for each edition (a language pack's locale name).
LAB_LOCALES = {"en": "en", "id": "id_ID"}
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"


def lab_settings_dir(lang: str = "en") -> Path:
    """The JupyterLab settings folder for edition ``lang``: the course's defaults, plus the
    interface language when it is not English (written to a temporary folder)."""
    if lang == "en":
        return LAB_SETTINGS
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    overrides[TRANSLATION_PLUGIN] = {"locale": LAB_LOCALES[lang]}
    folder = Path(tempfile.mkdtemp(prefix=f"asean-tip-lab-{lang}-"))
    (folder / "overrides.json").write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    return folder


def start_notebook(lang: str = "en") -> str:
    """The start notebook of edition ``lang``."""
    from asean_tip_course.manifest import edition_path

    return edition_path(START_NOTEBOOK, lang)


def lab_argv(
    notebook: str | None = START_NOTEBOOK,
    *,
    ip: str = "127.0.0.1",
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
    root_dir: Path | str = REPO,
    lang: str = "en",
) -> list[str]:
    """Return the command line that starts JupyterLab on loopback at the course's root.

    ``notebook`` (a path under ``root_dir``) is where JupyterLab opens: the URL it prints,
    the page the browser opens and where ``/`` leads (``None``: the launcher).
    ``token=None`` lets Jupyter make a random token (and print the login URL);
    ``root_dir`` is the folder JupyterLab serves (tests serve a copy of the course);
    ``lang`` is the language of JupyterLab's menus (``"id"``: Bahasa Indonesia).
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
        f"--LabApp.app_settings_dir={lab_settings_dir(lang)}",
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


def split_lang(args: list[str]) -> tuple[str, list[str]]:
    """``--lang id`` (or ``--lang=id``) out of the arguments; a clear message if unknown."""
    lang, rest, it = "en", [], iter(args)
    for a in it:
        if a == "--lang":
            lang = next(it, "")
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            rest.append(a)
    if lang not in LAB_LOCALES:
        sys.exit(
            f"Unknown language {lang!r}: use --lang en (English) or --lang id (Bahasa Indonesia)."
        )
    return lang, rest


def main(args: list[str] | None = None) -> None:
    """Replace this process with JupyterLab; ``--lang id`` opens the Indonesian edition;
    other arguments go to JupyterLab."""
    lang, rest = split_lang(list(args if args is not None else sys.argv[1:]))
    argv = lab_argv(start_notebook(lang), lang=lang) + rest
    os.chdir(REPO)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
