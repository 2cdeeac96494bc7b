"""The course package works from a normal (non-editable) install: a wheel carries course.yml
and data/, and the package finds them without the repository."""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tools.paths import REPO

pytestmark = pytest.mark.slow

PROBE = r"""
import json, sys
import asean_tip_course
from asean_tip_course import load, paths
from asean_tip_course.course_map import chapter_text, chapters, learning_path_markdown
tiers = load("tip_tiers")
print(json.dumps({
    "file": asean_tip_course.__file__,
    "repo": str(paths.REPO),
    "manifest": str(paths.MANIFEST),
    "chapters": [c.number for c in chapters()],
    "path": learning_path_markdown().splitlines()[2],
    "text": chapter_text(chapters()[0]).splitlines()[0],
    "tiers": len(tiers),
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of the sources, unpacked as pip would install it."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE", "LICENSE-content.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copy(REPO / "course.yml", src / "course.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_course")
    shutil.copytree(REPO / "data", src / "data", ignore=ignore)
    shutil.copytree(REPO / "asean_tip_course", src / "asean_tip_course", ignore=ignore)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(tmp)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = tmp.glob("asean_tip_course-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
        names = z.namelist()
    return {"site": site, "names": names}


def test_the_wheel_ships_the_manifest_and_every_table_but_no_tools(installed):
    names = set(installed["names"])
    assert "asean_tip_course/_course/course.yml" in names
    for table in (REPO / "data").glob("*.csv"):
        assert f"asean_tip_course/_course/data/{table.name}" in names, table.name
    assert "asean_tip_course/_course/data/datapackage.json" in names
    assert not any(n.startswith("tools/") or n.endswith("/bench.py") for n in names)


def test_the_installed_package_reads_its_own_copies(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ASEAN_TIP_DATA"}
    env["PYTHONPATH"] = str(installed["site"])  # before the editable install in site-packages
    env["MPLBACKEND"] = "agg"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["file"].startswith(str(installed["site"]))
    assert found["repo"] == "None"
    assert found["manifest"].startswith(str(installed["site"]))
    assert found["chapters"] == list(range(1, len(found["chapters"]) + 1))
    assert found["path"].startswith("| 1 | [") and found["text"].startswith("1. ")
    assert found["tiers"] > 100
