"""Test-wide setup: block the network for notebook kernels; never collect fixture notebooks."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
NETGUARD = HERE / "tests" / "netguard"

# Kernels started by nbval, nbclient and otter inherit this environment, so they import
# tests/netguard/sitecustomize.py and cannot reach any host but this one.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(NETGUARD), os.environ.get("PYTHONPATH", "")) if p
)

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


def pytest_collection_modifyitems(config, items):
    """Notebook cells run by nbval are slow: ``course.py test --fast`` leaves them out."""
    import pytest

    for item in items:
        if type(item).__name__ == "IPyNbCell":
            item.add_marker(pytest.mark.slow)
