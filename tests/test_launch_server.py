"""The README's launch path really serves the start notebook over HTTP.

The server is started exactly as ``python3 course.py start --no-browser`` starts it (Jupyter
makes the token), and the tests use the URL it prints, as a student copying it would.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from asean_tip_course.launch import LAB_LOCALES, REPO, TRANSLATION_PLUGIN, start_notebook
from asean_tip_course.manifest import edition_of

PRINTED_URL = re.compile(r"http://127\.0\.0\.1:\d+/\S*\?token=[0-9a-f]+")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def _browse(url: str) -> tuple[str, bytes]:
    """Open ``url`` like a browser (cookies kept, redirects followed): final URL and page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(url, timeout=10) as response:
        assert response.status == 200
        return response.url, response.read()


def _tree_path(page: bytes) -> str:
    """The file JupyterLab's page opens (its page config's ``treePath``; "" = the launcher)."""
    match = re.search(rb'"treePath":\s*"([^"]*)"', page)
    assert match, "the page is not a JupyterLab page (no treePath in its page config)"
    return match.group(1).decode()


@pytest.fixture(scope="module", params=["en", "id"])
def server(request, tmp_path_factory):
    """JupyterLab as ``course.py start`` starts it: English, and ``--lang id``."""
    global START_NOTEBOOK
    lang = request.param
    START_NOTEBOOK = start_notebook(lang)
    port = _free_port()
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    log = runtime / "jupyterlab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "asean_tip_course.launch",
                "--no-browser",
                f"--ServerApp.port={port}",
                *(["--lang", lang] if lang != "en" else []),
            ],
            cwd=REPO,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    printed = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited early: {log.read_text()[-2000:]}")
        found = PRINTED_URL.findall(log.read_text(errors="replace"))
        if found:
            printed = found[-1]
            try:
                _get(f"{base}/api/status?{urllib.parse.urlsplit(printed).query}")
                break
            except OSError:
                pass
        time.sleep(0.5)
    else:
        proc.terminate()
        proc.wait(timeout=30)
        pytest.fail(
            f"JupyterLab did not print its URL and answer within 90 s: {log.read_text()[-2000:]}"
        )
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(printed).query)["token"][0]
    yield base, token, printed
    proc.terminate()
    proc.wait(timeout=30)


def test_printed_url_opens_the_start_notebook(server):
    base, token, printed = server
    assert urllib.parse.urlsplit(printed).path == f"/lab/tree/{START_NOTEBOOK}"
    final, page = _browse(printed)
    assert urllib.parse.urlsplit(final).path == f"/lab/tree/{START_NOTEBOOK}"
    assert _tree_path(page) == START_NOTEBOOK


def test_server_root_leads_to_the_start_notebook_not_the_launcher(server):
    base, token, _ = server
    final, page = _browse(f"{base}/?token={token}")
    assert urllib.parse.urlsplit(final).path == f"/lab/tree/{START_NOTEBOOK}"
    assert _tree_path(page) == START_NOTEBOOK
    # The launcher's own address is still there, and is recognisably different.
    _, launcher = _browse(f"{base}/lab?token={token}")
    assert _tree_path(launcher) == ""


def test_start_notebook_is_served_from_the_course(server):
    base, token, _ = server
    status, body = _get(f"{base}/api/contents/{START_NOTEBOOK}?token={token}")
    notebook = json.loads(body)["content"]
    assert status == 200 and notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_the_interface_speaks_the_editions_language(server):
    """``--lang id``: JupyterLab's menus in Bahasa Indonesia (the language pack is installed
    and the course's settings pick it); English otherwise."""
    base, token, printed = server
    lang = edition_of(urllib.parse.urlsplit(printed).path.removeprefix("/lab/tree/"))
    _, body = _get(f"{base}/lab/api/settings/{TRANSLATION_PLUGIN}?token={token}")
    reply = json.loads(body)  # the course's overrides become the schema's defaults
    default = reply["schema"]["properties"]["locale"]["default"]
    locale = reply["settings"].get("locale", default)
    if lang == "en":
        assert locale in {"default", "en"}
        return
    assert locale == LAB_LOCALES["id"]
    _, body = _get(f"{base}/lab/api/translations/{LAB_LOCALES['id']}?token={token}")
    pack = json.loads(body)["data"]
    assert pack, "the Indonesian language pack is not installed"
    assert "Berkas" in json.dumps(pack) or "File" in json.dumps(pack)


def test_without_the_token_the_server_refuses(server):
    base, _, _ = server
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(f"{base}/api/contents/{START_NOTEBOOK}")
    assert err.value.code == 403
