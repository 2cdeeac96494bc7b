"""The instructors' example hub configuration agrees with the course's links and settings.

These read instructors/jupyterhub/jupyterhub_config.py as JupyterHub does, without starting
a hub; tests/browser/test_jupyterhub.py starts a real one with it.
"""

import os

import pytest

from asean_tip_course import hub
from tools import links

PASSWORD = "a-test-password"
FOLDER = links.owner_and_name()[1]


def _example_config(monkeypatch, **env: str):
    """The example configuration as JupyterHub reads it (with ``env`` set)."""
    from traitlets.config import Config

    monkeypatch.setenv("COURSE_HUB_PASSWORD", PASSWORD)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    code = compile(hub.CONFIG.read_text(encoding="utf-8"), str(hub.CONFIG), "exec")
    exec(code, {"get_config": lambda: config, "__file__": str(hub.CONFIG)})
    return config


def test_example_hub_opens_the_readme_link_by_default(monkeypatch):
    config = _example_config(monkeypatch)
    # The README's link, without the hub's address: the same repository, branch and notebook.
    readme_link = links.nbgitpuller_url("https://hub.example.edu")
    assert config.Spawner.default_url == readme_link.split("/hub/user-redirect", 1)[1]
    # The instructors' README gives Zero to JupyterHub the same default URL.
    guide = (hub.CONFIG.parent / "README.md").read_text(encoding="utf-8")
    assert f'defaultUrl: "{config.Spawner.default_url}"' in guide


def test_example_hub_puts_the_pulled_course_on_the_python_path(monkeypatch, tmp_path):
    config = _example_config(monkeypatch, PYTHONPATH="/elsewhere")

    class Spawner:  # what the configuration asks of a spawner
        home_dir = str(tmp_path)

    path = config.Spawner.environment["PYTHONPATH"](Spawner())
    assert path.split(os.pathsep) == [str(tmp_path / FOLDER), "/elsewhere"]


def test_example_hub_refuses_to_start_without_a_password(monkeypatch):
    with pytest.raises(SystemExit, match="COURSE_HUB_PASSWORD"):
        _example_config(monkeypatch, COURSE_HUB_PASSWORD="short")
