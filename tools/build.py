"""Regenerate everything generated, in order; or (``--check``) name each file that is stale.

    python3 course.py build            # regenerate
    python3 course.py build --check    # exit 1, naming each stale file, if anything is stale

Steps, in order (each reads only what the steps before it made):

1. data tables from ``../shared/reference`` (``scripts/build_data.py``; skipped, saying so,
   when the reference folder is not beside the repository);
2. the data package descriptor ``data/datapackage.json`` (``scripts/build_datapackage.py``);
3. notebooks and README from ``course.yml`` and ``pyproject.toml``: each chapter's opening
   cell (``tools/headers.py``), the Colab setup cells, the launch links and the learning path
   (``tools/links.py``); each exercise set's objective list and the instructors' objective
   map in ``exercises/README.md`` (``tools/assessment.py``);
4. the message catalogues (``tools/i18n.py``: template, each language's .po and compiled .mo)
   and the Indonesian twin of every notebook (``tools/editions.py``: code from the English
   notebook, markdown from the translator, header in Indonesian);
5. the student exercise notebooks and their public tests (``otter assign``, cached by a hash
   of the sources: ``tools/exercises.py``) and the autograder zips;
6. the outputs the prose cites (``tests/cited_outputs.json``): recorded again for a notebook
   whose code, the data or the package changed since the last recording (``tools/cited.py``);
   ``--check`` checks that every marked cell has a record and no record is orphaned; that the
   recorded values are still right is checked by nbval in the test suite, which runs the
   notebooks anyway.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from asean_tip_course.i18n import LANGUAGES
from asean_tip_course.manifest import course, edition_path
from tools import assessment, cited, editions, exercises, headers, i18n, links
from tools.paths import CACHE, DATA, PACKAGE, README, REPO, SCRIPTS

REFERENCE = (REPO / ".." / "shared" / "reference").resolve()


def _notebook_text(nb: nbformat.NotebookNode) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


@dataclass
class Build:
    """One run: writes files (or, with ``check``, only collects the stale ones)."""

    check: bool = False
    stale: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _notebooks: dict[Path, nbformat.NotebookNode] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(REPO).as_posix()
        except ValueError:
            return str(path)

    def text(self, path: Path, new: str, why: str) -> None:
        """``path`` should contain ``new``: write it, or (check) record it as stale."""
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == new:
            return
        if self.check:
            self.stale.append(f"{self.rel(path)} ({why})")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new, encoding="utf-8")
            self.written.append(self.rel(path))

    def notebook(self, path: Path) -> nbformat.NotebookNode:
        """A notebook to change in memory; written (or compared) by :meth:`flush`."""
        if path not in self._notebooks:
            self._notebooks[path] = nbformat.read(path, as_version=4)
        return self._notebooks[path]

    def flush(self, why: str) -> None:
        for path, nb in self._notebooks.items():
            self.text(path, _notebook_text(nb), why)
        self._notebooks.clear()

    def script(self, name: str, why: str, extra: list[str] | None = None) -> None:
        """Run a ``scripts/`` generator (with ``--check`` when checking)."""
        cmd = [sys.executable, str(SCRIPTS / name), *(extra or [])]
        if self.check:
            cmd.append("--check")
        # This checkout's package, whatever else is installed (scripts import asean_tip_course).
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        }
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env)
        if done.returncode == 0:
            for line in done.stdout.splitlines():  # "wrote data/x" or "table: N rows (changed)"
                if line.startswith("wrote "):
                    self.written.append(line.removeprefix("wrote ").strip())
                elif line.endswith("(changed)"):
                    self.written.append(f"data/{line.split(':')[0]}.csv")
            return
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()
        if self.check and message and message[-1].startswith("Out of date"):
            # "Out of date: members, tip_tiers" (tables) or "... : data/README.md, ..." (paths)
            for n in message[-1].split(": ", 1)[1].split(", "):
                path = REPO / n if "/" in n else DATA / (n if "." in n else f"{n}.csv")
                self.stale.append(f"{self.rel(path)} ({why})")
            return
        raise SystemExit(f"{name} failed:\n{done.stdout}\n{done.stderr}")


# --------------------------------------------------------------------------- steps


def step_data(b: Build) -> None:
    if not REFERENCE.is_dir():
        b.notes.append(f"data tables: skipped, no reference folder at {REFERENCE}")
        return
    b.script("build_data.py", "data table: run python3 course.py build")


def step_datapackage(b: Build) -> None:
    b.script("build_datapackage.py", "data package descriptor: run python3 course.py build")


def new_chapter_notebook(chapter) -> nbformat.NotebookNode:
    """A new chapter's first notebook (header and setup cell are added by the build)."""
    from asean_tip_course.grading import KERNELSPEC

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    intro = nbformat.v4.new_markdown_cell(
        "**Why this matters.** (The chapter's introduction and content note come here.)"
    )
    intro.id = f"intro-{chapter.number:02d}"
    load = nbformat.v4.new_code_cell("from asean_tip_course import load")
    load.id = f"setup-{chapter.number:02d}"
    nb.cells = [intro, load]
    return nb


def step_notebooks(b: Build) -> None:
    why = "generated from course.yml/pyproject.toml: run python3 course.py build"
    for chapter in course().chapters:
        path = REPO / chapter.notebook
        if not path.exists():  # a chapter just added to course.yml: start its notebook
            if b.check:
                b.stale.append(f"{chapter.notebook} (listed in course.yml, does not exist)")
                continue
            b._notebooks[path] = new_chapter_notebook(chapter)
        headers.apply_header(b.notebook(path), chapter)
    for path, target in links.setup_targets().items():
        if path.exists() or path in b._notebooks:
            links.apply_setup_cell(b.notebook(path), target)
    links.apply_learning_path(b.notebook(REPO / links.START))
    b.flush(why)
    b.text(README, links.readme_text(README.read_text(encoding="utf-8")), why)
    readme_id = REPO / "README.id.md"
    b.text(readme_id, links.readme_text(readme_id.read_text(encoding="utf-8"), "id"), why)


def step_catalogues(b: Build) -> None:
    """The message catalogues (tools/i18n.py): template, each language's .po and .mo."""
    why = "message catalogue: run python3 course.py build"
    if b.check:
        b.stale += [f"{path} ({why})" for path in i18n.stale_files()]
    else:
        b.written += i18n.update()
        from asean_tip_course import i18n as runtime

        runtime._translations.cache_clear()  # the twins' headers use the new catalogue
    for lang in i18n.TRANSLATED:
        if gaps := i18n.missing(lang):
            b.notes.append(
                f"{len(gaps)} message(s) not yet translated into '{lang}' "
                f"(python -m tools.i18n missing {lang}); tests/test_i18n.py fails until they are"
            )


def step_editions(b: Build) -> None:
    """Each notebook's twin in the other languages, made from the English one (tools/editions.py)."""
    why = "twin notebook differs from what its English notebook makes: run python3 course.py build"
    targets = {b.rel(path): target for path, target in links.setup_targets().items()}
    numbers = {c.notebook: c for c in course().chapters}
    for source in editions.source_notebooks():
        path = REPO / source
        if not path.exists():
            continue
        english = b.notebook(path)
        editions.apply_language_cell(english, "en")
        for lang in editions.OTHER_LANGUAGES:
            twin_path = REPO / edition_path(source, lang)
            old = nbformat.read(twin_path, as_version=4) if twin_path.exists() else None
            twin, report = editions.twin(english, old, lang)
            if source in numbers:
                headers.apply_header(twin, course().edition(lang).chapter(numbers[source].number))
            links.apply_setup_cell(twin, edition_path(targets[source], lang), lang)
            if source == links.START:
                links.apply_learning_path(twin, lang)
            b._notebooks[twin_path] = twin
            rel = b.rel(twin_path)
            if report.untranslated or report.stale:
                b.notes.append(
                    f"{rel}: {len(report.untranslated)} cell(s) untranslated, "
                    f"{len(report.stale)} stale (English changed since translated): "
                    "tests/test_editions.py fails until they are translated"
                )
            if report.dropped:
                b.notes.append(f"{rel}: dropped cells no longer in English: {report.dropped}")
    b.flush(why)


def step_objectives(b: Build) -> None:
    found = assessment.stale(write=not b.check)
    if b.check:
        b.stale += [f"{p} (objective list or map: run python3 course.py build)" for p in found]
    else:
        b.written += found


def step_exercises(b: Build) -> None:
    for lang in LANGUAGES:
        exercise_edition(b, lang)


def exercise_edition(b: Build, lang: str) -> None:
    why = "student exercise set is not what otter assign makes: run python3 course.py build"
    names = exercises.set_names()
    sources, student, _autograders, cache = exercises.folders(lang)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        made = dict(
            zip(
                names, pool.map(lambda n: exercises.assigned(n, sources, cache), names), strict=True
            )
        )
    for name, assign_dir in made.items():
        files = exercises.student_files(name, assign_dir, lang)
        folder = student / name
        for relative, text in files.items():
            b.text(folder / relative, text, why)
        extra = [
            p for p in sorted((folder / "tests").glob("*.py")) if f"tests/{p.name}" not in files
        ]
        for path in extra:
            if b.check:
                b.stale.append(f"{b.rel(path)} (no such test in the source any more)")
            else:
                path.unlink()
                b.written.append(f"{b.rel(path)} (removed)")
    if not b.check:
        exercises.build(names, lang=lang, student_root=None)  # zips from the cache: no new assign


def cited_inputs_hash(path: Path) -> str:
    """What a notebook's cited outputs depend on: its code cells, the data, the package."""
    digest = hashlib.sha256()
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            digest.update("".join(cell["source"]).encode())
    for folder, pattern in ((DATA, "*.csv"), (PACKAGE, "*.py"), (PACKAGE, "locale/*/*/*.mo")):
        for p in sorted(folder.glob(pattern)):
            digest.update(p.name.encode() + p.read_bytes())
    return digest.hexdigest()[:16]


def step_cited(b: Build) -> None:
    store = json.loads(cited.store_path().read_text()) if cited.store_path().exists() else {}
    stamps_path = CACHE / "cited.json"
    stamps = json.loads(stamps_path.read_text()) if stamps_path.exists() else {}
    to_record = []
    every = [nb for edition in course().editions() for nb in edition.notebooks]
    for nb_path in every:
        path = REPO / nb_path
        if not path.exists():  # a chapter course.yml lists but nobody made yet: named above
            continue
        key = cited.notebook_key(path)
        marked = set(cited.marked_cells(path))
        recorded = set(store.get(key, {}))
        if marked != recorded:
            if b.check:
                missing, orphaned = sorted(marked - recorded), sorted(recorded - marked)
                b.stale.append(
                    f"{b.rel(cited.store_path())} ({key}: no record for {missing}, "
                    f"records for cells no longer marked {orphaned}: run python3 course.py build)"
                )
            else:
                to_record.append(path)
        elif marked and stamps.get(key) != cited_inputs_hash(path) and not b.check:
            to_record.append(path)
    if to_record:
        print(f"Recording cited outputs of {len(to_record)} notebook(s) ...", flush=True)
        before = cited.store_path().read_text() if cited.store_path().exists() else ""
        cited.record(to_record)
        if cited.store_path().read_text() != before:
            b.written.append(b.rel(cited.store_path()))
    if not b.check:
        for nb_path in every:
            path = REPO / nb_path
            if path.exists():
                stamps[cited.notebook_key(path)] = cited_inputs_hash(path)
        stamps_path.parent.mkdir(parents=True, exist_ok=True)
        stamps_path.write_text(json.dumps(stamps, indent=1, sort_keys=True) + "\n")


STEPS = [
    ("data tables", step_data),
    ("data package", step_datapackage),
    ("notebook headers, setup cells, links, learning path", step_notebooks),
    ("exercise objective lists and the objective map", step_objectives),
    ("message catalogues", step_catalogues),
    ("Indonesian twins of the notebooks", step_editions),
    ("student exercise notebooks and autograders", step_exercises),
    ("cited outputs", step_cited),
]


def run(check: bool = False, only: list[str] | None = None) -> Build:
    b = Build(check=check)
    for name, step in STEPS:
        if only and not any(o in name for o in only):
            continue
        print(f"{'Checking' if check else 'Building'}: {name} ...", flush=True)
        step(b)
    return b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 course.py build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only name the stale files")
    parser.add_argument(
        "--only", nargs="*", help="run only the steps whose name contains one of these words"
    )
    args = parser.parse_args(argv)
    b = run(check=args.check, only=args.only)
    for note in b.notes:
        print(f"Note: {note}")
    if args.check:
        if b.stale:
            print("Stale (generated files that differ from what the build makes):")
            print("\n".join(f"  {s}" for s in b.stale))
            return 1
        print("Everything generated is current.")
        return 0
    print("Updated: " + (", ".join(b.written) if b.written else "nothing (already current)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
