"""The notebooks run with the network blocked: prove the block is real."""

import importlib.util
import socket
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

GUARD = Path(__file__).parent / "netguard" / "sitecustomize.py"


@pytest.fixture
def guard(monkeypatch):
    """Load the guard in this process, restoring the real socket functions afterwards."""
    monkeypatch.setattr(socket.socket, "connect", socket.socket.connect)
    monkeypatch.setattr(socket.socket, "connect_ex", socket.socket.connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", socket.getaddrinfo)
    spec = importlib.util.spec_from_file_location("course_netguard", GUARD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_guard_refuses_other_hosts_before_any_packet(guard, monkeypatch):
    calls = []
    monkeypatch.setattr(guard, "_connect", lambda self, addr: calls.append(addr))
    monkeypatch.setattr(guard, "_getaddrinfo", lambda *a, **k: calls.append(a))
    with socket.socket() as s, pytest.raises(OSError, match="blocked by the course tests"):
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: documentation address
    with pytest.raises(OSError, match="blocked by the course tests"):
        socket.getaddrinfo("example.org", 443)
    assert calls == [], "the real connect/getaddrinfo must never be reached"


def test_guard_lets_loopback_through(guard, monkeypatch):
    calls = []
    monkeypatch.setattr(guard, "_connect", lambda self, addr: calls.append(addr))
    with socket.socket() as s:
        s.connect(("127.0.0.1", 9))
        s.connect(("localhost", 9))
    assert calls == [("127.0.0.1", 9), ("localhost", 9)]


def test_notebook_kernels_run_with_the_guard():
    """A kernel started the way nbval starts one has the guard installed."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import socket\n"
            "print(getattr(socket.socket.connect, '__course_netguard__', False),"
            " getattr(socket.getaddrinfo, '__course_netguard__', False))"
        )
    )
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert text.split() == ["True", "True"], (
        f"kernel without the network guard: {text!r} ({sys.executable})"
    )
