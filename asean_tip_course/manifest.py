"""The course manifest (``course.yml``): the one list of notebooks, chapters, objectives,
exercise sets and widgets. Every tool and test that needs to know "which chapters are there"
calls :func:`course`; nothing else lists or globs them.

    from asean_tip_course.manifest import course
    for chapter in course().chapters: ...
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from asean_tip_course.paths import MANIFEST


def edition_path(path: str, lang: str) -> str:
    """Where the ``lang`` edition of a course notebook is: an ``id/`` folder inside the
    notebook's collection (``notebooks/id/01_background.ipynb``,
    ``exercises/source/id/ex01_background/ex01_background.ipynb``). English is the source."""
    if lang == "en":
        return path
    parts = path.split("/")
    depth = 2 if parts[0] == "exercises" else 1
    return "/".join([*parts[:depth], lang, *parts[depth:]])


def edition_of(path: str) -> str:
    """The edition a course notebook path belongs to (the inverse of :func:`edition_path`)."""
    from asean_tip_course.i18n import LANGUAGES

    parts = path.strip("/").split("/")
    depth = 2 if parts[0] == "exercises" else 1
    folder = parts[depth] if len(parts) > depth + 1 else ""
    return folder if folder in LANGUAGES[1:] else "en"


class ManifestError(ValueError):
    """``course.yml`` is malformed: says which entry and what is wrong."""


@dataclass(frozen=True)
class Objective:
    """A learning objective, e.g. ``Objective("4.3", "Read a tier history ...")``."""

    id: str
    text: str


@dataclass(frozen=True)
class Notebook:
    """A notebook of the course (the start notebook or a chapter)."""

    notebook: str
    title: str
    widgets: tuple[str, ...] = ()
    #: The edition: "en" (the source) or a twin's language (paths under an ``id/`` folder).
    lang: str = "en"

    @property
    def stem(self) -> str:
        """The file name without ``.ipynb``, e.g. ``"04_evidence"``."""
        return Path(self.notebook).stem


@dataclass(frozen=True)
class Chapter(Notebook):
    """One chapter: its notebook, exercise set, time, questions and objectives."""

    number: int = 0
    exercise: str | None = None
    minutes: int = 0
    minutes_detail: str | None = None
    questions: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def exercise_name(self) -> str | None:
        """The exercise set's name, e.g. ``"ex04_evidence"`` (its source file's stem)."""
        return Path(self.exercise).stem if self.exercise else None

    @property
    def student_notebook(self) -> str | None:
        """Where ``otter assign`` puts the student version of the exercise set."""
        name = self.exercise_name
        return edition_path(f"exercises/student/{name}/{name}.ipynb", self.lang) if name else None


@dataclass(frozen=True)
class Course:
    """Everything ``course.yml`` says, in order."""

    title: str
    start: Notebook
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)

    @property
    def notebooks(self) -> list[str]:
        """Start notebook and chapter notebooks, in course order (paths from the repository)."""
        return [self.start.notebook, *(c.notebook for c in self.chapters)]

    @property
    def exercise_sources(self) -> list[str]:
        """The exercise sets' source notebooks (with solutions), in chapter order."""
        return [c.exercise for c in self.chapters if c.exercise]

    @property
    def exercise_names(self) -> list[str]:
        """The exercise sets' names, e.g. ``["ex01_background", ...]``."""
        return [c.exercise_name for c in self.chapters if c.exercise_name]

    @property
    def student_notebooks(self) -> list[str]:
        """The student exercise notebooks ``otter assign`` writes, in chapter order."""
        return [c.student_notebook for c in self.chapters if c.student_notebook]

    @property
    def all_notebooks(self) -> list[str]:
        """Every notebook a student opens: start, chapters, then student exercise notebooks."""
        return [*self.notebooks, *self.student_notebooks]

    @property
    def widgets(self) -> list[str]:
        """Every widget the notebooks show (``module.function``), each once, in course order."""
        found: list[str] = []
        for nb in (self.start, *self.chapters):
            found += [w for w in nb.widgets if w not in found]
        return found

    @property
    def lang(self) -> str:
        return self.start.lang

    def edition(self, lang: str) -> Course:
        """The same course in edition ``lang``: every notebook path is its twin's path
        (``notebooks/id/...``). Titles stay the English message ids: translate where shown."""
        if lang == self.lang:
            return self
        if self.lang != "en":
            return self.edition("en").edition(lang)

        def moved(nb):
            changes = {"notebook": edition_path(nb.notebook, lang), "lang": lang}
            if isinstance(nb, Chapter) and nb.exercise:
                changes["exercise"] = edition_path(nb.exercise, lang)
            return replace(nb, **changes)

        return replace(
            self, start=moved(self.start), chapters=tuple(moved(c) for c in self.chapters)
        )

    def editions(self) -> list[Course]:
        """The course in each language, the source (English) first."""
        from asean_tip_course.i18n import LANGUAGES

        return [self.edition(lang) for lang in LANGUAGES]

    def chapter(self, number: int) -> Chapter:
        """The chapter with this number; a clear error if there is none."""
        for c in self.chapters:
            if c.number == number:
                return c
        raise KeyError(f"No chapter {number} in course.yml (it has {[c.number for c in self]})")

    def by_notebook(self, path: str) -> Notebook:
        """The start notebook or chapter whose notebook is ``path`` (or whose stem it is)."""
        for nb in (self.start, *self.chapters):
            if path in (nb.notebook, nb.stem):
                return nb
        lang = edition_of(path)  # a twin's path finds the twin edition's entry
        if lang != self.lang:
            return self.edition(lang).by_notebook(path)
        raise KeyError(f"{path} is not a notebook listed in course.yml")

    def objective(self, objective_id: str) -> Objective:
        """The objective with id ``"4.3"``; a clear error if there is none."""
        for c in self.chapters:
            for o in c.objectives:
                if o.id == objective_id:
                    return o
        raise KeyError(f"No objective {objective_id!r} in course.yml")

    def __iter__(self):
        return iter(self.chapters)


def _need(entry: dict, key: str, where: str, kind: type = str):
    if key not in entry:
        raise ManifestError(f"{where}: '{key}' is missing")
    value = entry[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ManifestError(f"{where}: '{key}' should be {kind.__name__}, is {value!r}")
    return value


def _strings(entry: dict, key: str, where: str) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise ManifestError(f"{where}: '{key}' should be a list of texts, is {values!r}")
    return tuple(values)


def parse(data: dict) -> Course:
    """Check and convert the YAML mapping of ``course.yml``."""
    if not isinstance(data, dict):
        raise ManifestError("course.yml should be a mapping with title, start and chapters")
    start = _need(data, "start", "course.yml", dict)
    course_ = Course(
        title=_need(data, "title", "course.yml"),
        start=Notebook(
            notebook=_need(start, "notebook", "start"),
            title=_need(start, "title", "start"),
            widgets=_strings(start, "widgets", "start"),
        ),
        chapters=tuple(
            _chapter(entry, i)
            for i, entry in enumerate(_need(data, "chapters", "course.yml", list))
        ),
    )
    numbers = [c.number for c in course_.chapters]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ManifestError(f"chapters should be numbered 1, 2, 3 ... in order, are {numbers}")
    paths = course_.all_notebooks + course_.exercise_sources
    if len(set(paths)) != len(paths):
        raise ManifestError("a notebook is listed twice in course.yml")
    return course_


def _chapter(entry: dict, index: int) -> Chapter:
    where = f"chapters[{index}]"
    if not isinstance(entry, dict):
        raise ManifestError(f"{where} should be a mapping, is {entry!r}")
    number = _need(entry, "number", where, int)
    where = f"chapter {number}"
    objectives = []
    for i, o in enumerate(entry.get("objectives") or []):
        if not isinstance(o, dict):
            raise ManifestError(f"{where}: objective {i + 1} should have an id and a text")
        oid, text = str(_need(o, "id", f"{where} objective {i + 1}")), _need(o, "text", where)
        if oid != f"{number}.{i + 1}":
            raise ManifestError(f"{where}: objective {i + 1} should have id '{number}.{i + 1}'")
        objectives.append(Objective(oid, text))
    minutes = _need(entry, "minutes", where, int)
    if not 1 <= minutes <= 600:
        raise ManifestError(f"{where}: minutes should be between 1 and 600, is {minutes}")
    return Chapter(
        notebook=_need(entry, "notebook", where),
        title=_need(entry, "title", where),
        widgets=_strings(entry, "widgets", where),
        number=number,
        exercise=entry.get("exercise"),
        minutes=minutes,
        minutes_detail=entry.get("minutes_detail"),
        questions=_strings(entry, "questions", where),
        objectives=tuple(objectives),
    )


def read(path: Path | str = MANIFEST) -> Course:
    """Read and check a manifest file (``course.yml`` by default)."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"The course manifest {path} is missing.") from None
    except yaml.YAMLError as error:
        raise ManifestError(f"{path} is not valid YAML: {error}") from None
    return parse(data)


@cache
def course() -> Course:
    """The course as ``course.yml`` describes it (read once per process)."""
    return read(MANIFEST)
