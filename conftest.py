"""Test-wide setup: block the network for notebook kernels; never collect fixture notebooks."""

import os
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NETGUARD = HERE / "tests" / "netguard"

# Kernels started by nbval, nbclient and otter inherit this environment, so they import
# tests/netguard/sitecustomize.py and cannot reach any host but this one.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(NETGUARD), os.environ.get("PYTHONPATH", "")) if p
)


def _nbval_kernel_start_retried_once() -> None:
    """nbval's kernel start, tried a second time when the kernel dies before its first reply.

    A kernel is given ports that were free a moment before it binds them; with the test
    workers, JupyterLab and Chromium all opening connections, another process now and then
    takes one first ("Kernel died before replying to kernel_info", a known race of parallel
    runs). A kernel that truly cannot start fails the second time too, and every cell of its
    notebook reports it."""
    from nbval import kernel

    first_try = kernel.start_new_kernel

    def start_new_kernel(*args, **kwargs):
        try:
            return first_try(*args, **kwargs)
        except RuntimeError:
            return first_try(*args, **kwargs)

    kernel.start_new_kernel = start_new_kernel


_nbval_kernel_start_retried_once()

collect_ignore_glob = [
    "tests/fixtures/*",
    "tests/netguard/*",
    "exercises/source/*",
    "exercises/_build/*",
    "**/.ipynb_checkpoints/*",
]

# Cells tagged "nbval-check-output" (or marked "# NBVAL_CHECK_OUTPUT") are compared with
# tests/cited_outputs.json.
pytest_plugins = ["tools.cited"]


def pytest_itemcollected(item):
    """Cells run by nbval, the website build and the trial hub are ``slow``:
    ``course.py test --fast`` leaves them out. A test that uses headless Chromium (the site's
    ``chromium`` fixture) is a ``browser`` test, as the JupyterLab ones are."""
    website = item.nodeid.startswith("tests/site/")  # tests/site/conftest.py marks them "site"
    if type(item).__name__ == "IPyNbCell" or website or item.get_closest_marker("hub"):
        item.add_marker(pytest.mark.slow)
    if "chromium" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)


_EXERCISE_SET = re.compile(r"\[(ex\d\d_\w+)\]$")
_ONE_BY_ONE = (
    "tests/browser/test_notebooks_in_browser.py::",
    "tests/browser/test_browser_negative.py::",
)


def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist (``-n``, on in pyproject.toml): the tests of one module, or the cells
    of one notebook (they share a kernel), run on one worker, as with ``--dist loadscope``;
    except that the exercise tests of each set (``...[ex04_evidence]``) form a scope of their
    own, so that the sets' otter builds and gradings spread over the workers, and each
    notebook's browser test (and each deliberately broken one) is a scope of its own: they
    share only session fixtures (one JupyterLab and one Chromium per worker)."""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            found = _EXERCISE_SET.search(nodeid)
            if found and nodeid.startswith("tests/test_exercises.py::"):
                return f"exercise-set-{found.group(1)}"
            if nodeid.startswith(_ONE_BY_ONE):
                return nodeid
            return super()._split_scope(nodeid)

    return CourseScheduling(config, log)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process, shared by the browser, hub and site tests:
    its sync API refuses to start a second driver while one runs (as when pytest-xdist puts
    the site tests and the browser tests on the same worker)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
