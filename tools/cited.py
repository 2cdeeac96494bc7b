"""Keep the numbers the prose cites honest, with notebooks committed without outputs.

Cells that print a number the prose cites carry the cell tag ``nbval-check-output`` (out of
the student's sight; a first line ``# NBVAL_CHECK_OUTPUT`` is understood too). Their expected
output is recorded in ``tests/cited_outputs.json`` (not in the notebook), and the pytest hook
below hands it to nbval, which then fails if the output changes.

    python -m tools.cited --record     # after a deliberate change of a number
                                       # (python3 course.py build does it when inputs changed)
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from asean_tip_course.manifest import course
from tools.paths import CITED_STORE, REPO

MARKER = "# NBVAL_CHECK_OUTPUT"
TAG = "nbval-check-output"
MISSING = "(no recorded output: run python3 course.py build)"


def store_path() -> Path:
    """Where the expected outputs live (``COURSE_CITED_OUTPUTS`` overrides, for tests)."""
    return Path(os.environ.get("COURSE_CITED_OUTPUTS", CITED_STORE))


def notebook_key(path: Path) -> str:
    """The store's key for a notebook: its path relative to the store's folder's parent."""
    base = store_path().resolve().parent.parent
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(path).name


def is_marked(cell) -> bool:
    """True for a code cell whose output the prose cites (its tag, or the marker comment)."""
    if cell.get("cell_type", "code") != "code":
        return False
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    tags = cell.get("metadata", {}).get("tags", [])
    return TAG in tags or any(line.strip() == MARKER for line in source.splitlines())


def marked_cells(path: Path) -> list[str]:
    """The ids of a notebook's marked cells, in order."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [c["id"] for c in nb["cells"] if is_marked(c)]


def coalesce(outputs: list[dict]) -> list[dict]:
    """Consecutive stream outputs of one stream as one (the kernel may split a print into
    several messages; nbval compares them joined, and a recording should not depend on it)."""
    merged: list[dict] = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and out.get("output_type") == last.get("output_type") == "stream"
            and out.get("name") == last.get("name")
        ):
            merged[-1] = {**last, "text": last["text"] + out["text"]}
        else:
            merged.append(dict(out))
    return merged


def _clean(output: dict) -> dict:
    keep = {k: v for k, v in output.items() if k not in {"execution_count", "metadata"}}
    if "data" in keep:
        keep["data"] = {k: v for k, v in keep["data"].items() if k in {"text/plain", "text/html"}}
    return keep


def record(paths: list[Path]) -> dict:
    """Run each notebook and store the outputs of its marked cells (other notebooks' kept)."""
    import nbformat
    from nbclient import NotebookClient

    recorded = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        recorded[notebook_key(path)] = {
            cell.id: coalesce([_clean(o) for o in cell.outputs])
            for cell in nb.cells
            if is_marked(cell)
        }
    # Read the store only now, just before writing, so a concurrent recording is not lost.
    store = json.loads(store_path().read_text()) if store_path().exists() else {}
    store.update({key: cells for key, cells in recorded.items() if cells})
    store_path().write_text(json.dumps(store, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return store


def pytest_collection_modifyitems(session, config, items) -> None:
    """Give nbval the recorded outputs of marked cells, so that it compares them."""
    import nbformat

    store = json.loads(store_path().read_text()) if store_path().exists() else {}
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not hasattr(item, "options") or not is_marked(cell):
            continue
        expected = store.get(notebook_key(Path(str(item.parent.fspath))), {}).get(cell.get("id"))
        if expected is None:
            expected = [{"output_type": "stream", "name": "stdout", "text": MISSING}]
        cell.outputs = [nbformat.from_dict(o) for o in expected]
        cell.execution_count = cell.get("execution_count") or 1  # nbval skips unrun cells


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Record the outputs the prose cites.")
    parser.add_argument("--record", action="store_true", help="run notebooks and store outputs")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or [REPO / p for p in course().notebooks]
    if not args.record:
        parser.print_help()
        return
    store = record(paths)
    print(f"Recorded {sum(len(v) for v in store.values())} cited outputs in {store_path()}")


if __name__ == "__main__":
    main()
