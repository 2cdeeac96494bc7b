"""The README's launch path really serves the start notebook over HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from asean_tip_course.launch import REPO, START_NOTEBOOK


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port, token = _free_port(), "course-test-token"
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "asean_tip_course.launch",
            "--no-browser",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
        ],
        cwd=REPO,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited early: {proc.stderr.read()[-2000:]}")
        try:
            _get(f"{base}/api/status?token={token}")
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not answer within 90 s")
    yield base, token
    proc.terminate()
    proc.wait(timeout=30)


def test_start_notebook_page_answers(server):
    base, token = server
    status, body = _get(f"{base}/lab/tree/{START_NOTEBOOK}?token={token}")
    assert status == 200 and b"JupyterLab" in body


def test_start_notebook_is_served_from_the_course(server):
    base, token = server
    status, body = _get(f"{base}/api/contents/{START_NOTEBOOK}?token={token}")
    notebook = json.loads(body)["content"]
    assert status == 200 and notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_without_the_token_the_server_refuses(server):
    base, _ = server
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(f"{base}/api/contents/{START_NOTEBOOK}")
    assert err.value.code == 403
