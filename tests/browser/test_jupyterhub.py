"""A class JupyterHub, for real: three students follow the README's nbgitpuller link.

The hub is the instructors' example (instructors/jupyterhub/jupyterhub_config.py) started
as the README there says, on loopback only, from the trial hub that
``python3 -m asean_tip_course.hub setup`` builds (.ci/run does): JupyterHub and the course's
packages in one virtual environment, configurable-http-proxy from npm, the shared-password
authenticator and the simple local-process spawner. The course repository is a local clone
(nbgitpuller runs git on it as it would on GitHub). Each student logs in from the link, lands
on the start notebook in JupyterLab, and runs it there (Run > Run All Cells in Chromium,
against that student's own server and kernel). Then the instructor changes the course
upstream, a student has changed files, and a second pull follows nbgitpuller's rules.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from labcheck import (
    VIEWPORT,
    check_errors,
    check_execution,
    check_widgets,
    page_status,
    run_all,
    save_notebook,
)

from asean_tip_course import hub
from asean_tip_course.launch import REPO, START_NOTEBOOK
from asean_tip_course.manifest import course
from tools import links

pytestmark = [pytest.mark.hub, pytest.mark.browser]

STUDENTS = ["ayu", "budi", "citra"]
PASSWORD = secrets.token_urlsafe(12)
FOLDER = links.owner_and_name()[1]  # nbgitpuller's folder: the repository's name
START_TIMEOUT_S = 120  # hub up; a student's server spawned, pulled and JupyterLab drawn
EXERCISE = course().student_notebooks[0]
CHAPTER = course().chapters[0].notebook
DELETED = course().chapters[-1].notebook
NOTES = "notebooks/reading_notes.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(*args: str, cwd: Path) -> str:
    who = ["-c", "user.name=Course instructor", "-c", "user.email=instructor@example.invalid"]
    done = subprocess.run(["git", *who, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


@dataclass
class Hub:
    base: str
    workdir: Path
    process: subprocess.Popen
    log: Path
    upstream: Path  # the local clone standing in for the course's GitHub repository

    @property
    def repository(self) -> str:
        return self.upstream.as_uri()

    def home(self, student: str) -> Path:
        return self.workdir / "homes" / student

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def hub_tools() -> None:
    """Skip (saying how to get them) without the trial hub's tools; on CI they must be there."""
    problem = hub.missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the JupyterHub test, but {problem}")
        pytest.skip(f"JupyterHub test skipped: {problem}")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory) -> Path:
    """A clone of this repository, standing in for GitHub, with the course on branch main."""
    clone = tmp_path_factory.mktemp("upstream") / FOLDER
    _git("clone", "--quiet", "--no-hardlinks", str(REPO), str(clone), cwd=REPO)
    _git("checkout", "--quiet", "-B", links.BRANCH, cwd=clone)
    return clone


@pytest.fixture(scope="module")
def running_hub(hub_tools, upstream, tmp_path_factory):
    """The example hub on loopback, with three students and the local clone as the course."""
    workdir = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        # as if the trial hub's environment were activated (jupyterhub-singleuser, the proxy)
        "PATH": os.pathsep.join(
            [str(hub.hub_bin()), str(hub.proxy_bin()), os.environ.get("PATH", "")]
        ),
        "COURSE_HUB_PASSWORD": PASSWORD,
        "COURSE_HUB_STUDENTS": " ".join(STUDENTS),
        "COURSE_REPOSITORY": upstream.as_uri(),
    }
    log = workdir / "jupyterhub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(hub.hub_bin() / "jupyterhub"),
                "-f",
                str(hub.CONFIG),
                f"--JupyterHub.bind_url=http://127.0.0.1:{port}",
                f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
            ],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Hub(f"http://127.0.0.1:{port}", workdir, process, log, upstream)
    try:
        _wait_for_hub(running)
        started = time.monotonic()
        yield running
        print(f"hub ran the tests in {time.monotonic() - started:.0f} s")
    finally:
        _stop(process)


def _wait_for_hub(running: Hub) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if running.process.poll() is not None:
            pytest.fail(f"JupyterHub exited early:\n{running.log_tail()}")
        try:
            with urllib.request.urlopen(f"{running.base}/hub/api/", timeout=5) as response:
                assert "version" in json.loads(response.read())
            return
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub (it stops the proxy and the students' servers), then anything left over."""
    import psutil

    try:
        leftovers = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        leftovers = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for child in leftovers:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def _open_course_link(browser, running: Hub, student: str):
    """A new browser for ``student``: follow the README's link, log in, land in JupyterLab."""
    link = links.nbgitpuller_url(running.base, repo=running.repository)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(link)
    assert "/hub/login" in page.url, f"the link did not ask {student} to log in ({page.url})"
    _log_in(page, student, PASSWORD)
    _wait_for_start_notebook(page, running, student)
    return context, page


def _log_in(page, student: str, password: str) -> None:
    page.fill("input[name=username]", student)
    page.fill("input[name=password]", password)
    page.click("#login_submit")


def _wait_for_start_notebook(page, running: Hub, student: str) -> None:
    """Wait until the page is JupyterLab on the start notebook, its kernel idle."""
    target = f"/user/{student}/lab/tree/{FOLDER}/{START_NOTEBOOK}"
    try:
        page.wait_for_url(
            re.compile(re.escape(target) + r"(\?.*)?$"), timeout=START_TIMEOUT_S * 1000
        )
    except Exception:
        pytest.fail(
            f"{student} did not land on {target} (at {page.url}); the page says "
            f"{page.inner_text('body')[:1500]!r}\nhub log:\n{running.log_tail()}"
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    status: dict = {}
    while time.monotonic() < deadline:
        status = page_status(page)
        if status["dialogs"]:
            pytest.fail(f"a dialog blocks {student}'s notebook: {status['dialogs']}")
        ready = status["panel"] and status["kernel"] not in (None, "", "No Kernel")
        if ready and status["status"] == "idle" and status["cells"] > 0:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"{student}'s start notebook was not ready (last state: {status})")
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").inner_text()
    assert Path(START_NOTEBOOK).name in tab, f"the open tab is {tab!r}, not the start notebook"


def test_the_hub_refuses_a_wrong_password(browser, running_hub):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(links.nbgitpuller_url(running_hub.base, repo=running_hub.repository))
        _log_in(page, STUDENTS[0], PASSWORD + "-wrong")
        page.wait_for_load_state()
        assert "/hub/login" in page.url and "Invalid username or password" in page.inner_text(
            "body"
        )
    finally:
        context.close()


@pytest.mark.parametrize("student", STUDENTS)
def test_student_follows_the_link_and_runs_the_start_notebook(browser, running_hub, student):
    t0 = time.monotonic()
    context, page = _open_course_link(browser, running_hub, student)
    landed = time.monotonic() - t0
    try:
        clone = running_hub.home(student) / FOLDER
        assert (clone / START_NOTEBOOK).is_file(), "nbgitpuller did not put the course in the home"
        assert _git("rev-parse", "HEAD", cwd=clone) == _git(
            "rev-parse", "HEAD", cwd=running_hub.upstream
        )
        # The course's JupyterLab defaults reached the student's server.
        answer = page.request.get(
            f"{running_hub.base}/user/{student}/lab/api/settings/"
            "@jupyterlab/notebook-extension:tracker"
        )
        assert answer.ok, f"no settings from {student}'s server: {answer.status}"
        windowing = answer.json()["schema"]["properties"]["windowingMode"]["default"]
        assert windowing == "none", "the course's overrides.json is not in the user environment"
        ran, seconds = run_all(page)
        saved = save_notebook(page, clone / START_NOTEBOOK)
        assert saved is not None, "the notebook could not be saved in the student's home"
        problems = ran + check_execution(page, saved) + check_errors(page, saved)
        problems += check_widgets(page, saved)
        assert not problems, f"{student}'s start notebook did not run clean:\n" + "\n".join(
            problems
        )
        print(f"{student}: landed in {landed:.0f} s, Run All Cells {seconds:.0f} s")
    finally:
        context.close()


def _append_to_cell(path: Path, index: int, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[index].source += text
    nbformat.write(nb, path)


def _cell(path: Path, index: int) -> str:
    return nbformat.read(path, as_version=4).cells[index].source


def test_second_pull_keeps_the_students_edits_and_brings_the_upstream_change(browser, running_hub):
    student, upstream = STUDENTS[0], running_hub.upstream
    context, page = _open_course_link(browser, running_hub, student)  # first pull (or again)
    context.close()
    clone = running_hub.home(student) / FOLDER
    last = len(nbformat.read(clone / EXERCISE, as_version=4).cells) - 1
    assert last >= 5, "the exercise notebook is too short to change two distant cells"
    # The student writes in the exercise's last cell and deletes a chapter by mistake.
    _append_to_cell(clone / EXERCISE, last, "\n\nMy answer: ASEAN's plan has no budget line.")
    (clone / DELETED).unlink()
    # ... and keeps notes in a new file, where the instructor then adds a file of that name.
    (clone / NOTES).write_text("My own notes.\n", encoding="utf-8")
    (upstream / NOTES).write_text("Reading list for chapter 1.\n", encoding="utf-8")
    _git("add", NOTES, cwd=upstream)
    # The instructor changes the same cell, the exercise's title cell and a chapter upstream.
    _append_to_cell(upstream / EXERCISE, last, "\n\nA hint added upstream.")
    _append_to_cell(upstream / EXERCISE, 0, "\n\n(Revised by the instructor.)")
    _append_to_cell(upstream / CHAPTER, 0, "\n\n(Revised by the instructor.)")
    _git(
        "commit",
        "--quiet",
        "-am",
        "Revise chapter 1 and its exercise, add a reading list",
        cwd=upstream,
    )

    context, page = _open_course_link(browser, running_hub, student)  # the second pull
    try:
        nbformat.validate(nbformat.read(clone / EXERCISE, as_version=4))
        # Both changed the same cell: the student's version wins.
        assert "My answer: ASEAN's plan has no budget line." in _cell(clone / EXERCISE, last)
        assert "A hint added upstream." not in _cell(clone / EXERCISE, last)
        # Elsewhere in the same notebook, and in a file the student did not touch, the
        # upstream change arrives.
        assert "(Revised by the instructor.)" in _cell(clone / EXERCISE, 0)
        assert "(Revised by the instructor.)" in _cell(clone / CHAPTER, 0)
        # A file the student deleted comes back as upstream has it.
        assert (clone / DELETED).read_bytes() == (upstream / DELETED).read_bytes()
        # The student's file of the same name as a new upstream file is kept, renamed.
        assert (clone / NOTES).read_text(encoding="utf-8") == "Reading list for chapter 1.\n"
        stem, suffix = Path(NOTES).stem, Path(NOTES).suffix
        kept = list((clone / NOTES).parent.glob(f"{stem}__*{suffix}"))
        assert [f.read_text(encoding="utf-8") for f in kept] == ["My own notes.\n"]
        # Opening the server again (the hub's default URL) pulls and opens the start notebook.
        page.goto(f"{running_hub.base}/hub/")
        _wait_for_start_notebook(page, running_hub, student)
    finally:
        context.close()
