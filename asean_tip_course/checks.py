"""The answer checker of the exercise sets: Otter's checks, shown in plain words.

An exercise notebook starts with ``grader = Checks("ex04_evidence.ipynb")`` and each
question has a ``grader.check("q1")`` cell under it. Otter runs the question's public test;
this class only changes what the student reads: the course's hint (or "not answered yet"),
never Otter's "Error at line N in test qN" or a raw ``AssertionError``. Grading is
untouched: ``otter run`` records each check's result as before.
"""

from __future__ import annotations

import html
import inspect
import os
from dataclasses import dataclass

import otter

from asean_tip_course.i18n import N_, _

NOT_THE_GRADE = N_(
    "These checks only help you: passing one is not your grade. Your instructor grades with "
    "further (hidden) checks and reads your written answers."
)
CANNOT_READ = N_(
    "The check could not read your answer. Look at the form the question asks for "
    '(for example one letter in quotes, "B"), correct it, run that cell and check again.'
)


def _plain(message: str) -> str:
    """The course's sentence from Otter's failure text (which adds a line of the test file).

    The sentence is already in the notebook's language (``answers`` translates it)."""
    marker = "AssertionError: "
    if marker in message:
        return message.rsplit(marker, 1)[1].strip()
    return _(CANNOT_READ)


@dataclass(frozen=True)
class CheckResult:
    """What one ``grader.check("qN")`` says: right, or the hint, in one or two sentences."""

    question: str
    passed: bool
    message: str

    @classmethod
    def from_test_file(cls, question: str, result) -> CheckResult:
        """Read the public test cases of an Otter result (hidden ones never reach a student)."""
        cases = [r for r in result.test_case_results if not r.test_case.hidden]
        failed = [r for r in cases if not r.passed]
        if failed:
            return cls(question, False, _plain(failed[0].message or ""))
        # Each test's success message is in the catalogue (the exercise sources' tests).
        said = [_(r.test_case.success_message) for r in cases if r.test_case.success_message]
        return cls(question, True, " ".join(said) or _("Right."))

    def __repr__(self) -> str:
        mark = "✔" if self.passed else "✘"
        return f"{self.question}: {mark} {self.message}"

    def _repr_html_(self) -> str:
        colour, mark = ("#006400", "✔") if self.passed else ("#8B0000", "✘")
        return (
            f'<p class="course-check"><b style="color:{colour}">{self.question}: {mark}</b> '
            f"{html.escape(self.message)}</p>"
        )


@dataclass(frozen=True)
class CheckSummary:
    """Every check of a notebook at once (``grader.check_all()``), with the reminder."""

    results: tuple[CheckResult, ...]

    def __repr__(self) -> str:
        return "\n".join([*map(repr, self.results), "", _(NOT_THE_GRADE)])

    def _repr_html_(self) -> str:
        body = "".join(r._repr_html_() for r in self.results)
        return f"{body}<p><i>{html.escape(_(NOT_THE_GRADE))}</i></p>"


class Checks(otter.Notebook):
    """Otter's notebook checker, with feedback a student can read."""

    def check(self, question: str, global_env: dict | None = None) -> CheckResult:
        """Run the public test of ``question`` on the notebook's answers; say what it found."""
        if global_env is None:
            global_env = inspect.currentframe().f_back.f_globals
        result = super().check(question, global_env)
        return CheckResult.from_test_file(question, result)

    def check_all(self) -> CheckSummary:
        """Run every question's check, in order."""
        env = inspect.currentframe().f_back.f_globals
        names = sorted(
            (f[:-3] for f in os.listdir(self._tests_dir) if f.endswith(".py")),
            key=lambda n: (len(n), n),
        )
        return CheckSummary(tuple(self.check(n, env) for n in names if n != "__init__"))
