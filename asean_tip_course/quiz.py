"""Check-your-understanding questions with instant feedback.

The logic (``check_choice``) is a plain function tested with pytest; ``MultipleChoice``
only wires radio buttons and a button to it. The questions themselves are data
(``quizzes.yml``): a notebook cell shows one with ``quiz("ch1_child_rule")``.
"""

from __future__ import annotations

import hashlib
import html
import random
import string
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from asean_tip_course.display import CourseWidget
from asean_tip_course.i18n import N_, _


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer and the message a student reads."""

    correct: bool
    message: str


def check_choice(choice, options: list[str], answer: str, explanations: dict[str, str]) -> Feedback:
    """Judge ``choice`` against ``answer``; explain why, whatever was picked."""
    if choice is None or (isinstance(choice, str) and not choice.strip()):
        return Feedback(False, _("Pick one of the options first, then press Check."))
    if not isinstance(choice, str):
        return Feedback(
            False,
            _("The answer should be one of the options as text, not {kind}.").format(
                kind=type(choice).__name__
            ),
        )
    if choice not in options:
        return Feedback(False, _("That is not one of the options. Pick one from the list."))
    why = explanations.get(choice, "")
    if choice == answer:
        return Feedback(True, _("Correct. {why}").format(why=why).strip())
    return Feedback(False, _("Not quite. {why}").format(why=why).strip())


ABOUT = N_("Pick an answer and press Check: the feedback says whether it is right and why.")


@dataclass(eq=False, repr=False)
class MultipleChoice(CourseWidget):
    """A multiple-choice question: radio buttons, a Check button and a feedback line.

    Like every course widget it displays itself (see ``display.CourseWidget``); the
    widget is built the first time it is needed.
    """

    question: str
    options: list[str]
    answer: str
    explanations: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.answer not in self.options:
            raise ValueError(f"The answer {self.answer!r} is not among the options.")

    def check(self, choice) -> Feedback:
        """Return the feedback for ``choice``."""
        return check_choice(choice, self.options, self.answer, self.explanations)

    @property
    def about(self) -> str:
        return _(ABOUT)

    def as_text(self) -> str:
        """The question as plain text, for static viewers and print."""
        return "\n".join([self.question] + [f"  ( ) {o}" for o in self.options])

    @property
    def fallback_text(self) -> str:
        return self.as_text()

    @property
    def fallback_html(self) -> str:
        options = "".join(f"<li>{html.escape(o)}</li>" for o in self.options)
        return f"<p><b>{html.escape(self.question)}</b></p><ul>{options}</ul>"

    @cached_property
    def widget(self):
        """The interactive version (radio buttons, Check button, feedback line)."""
        import ipywidgets as w

        radio = w.RadioButtons(options=self.options, value=None, layout=w.Layout(width="auto"))
        button = w.Button(description=_("Check"), button_style="primary", icon="check")
        first = html.escape(_("Choose an answer, then press Check."))
        out = w.HTML(value=f"<i>{first}</i>")

        def on_click(_button):
            fb = self.check(radio.value)
            mark = "✔ " if fb.correct else "✘ "
            colour = "#006400" if fb.correct else "#8B0000"
            out.value = f"<b style='color:{colour}'>{mark}{fb.message}</b>"

        button.on_click(on_click)
        box = w.VBox([w.HTML(f"<b>{html.escape(self.question)}</b>"), radio, button, out])
        box.add_class("course-quiz")
        return box


BANK = Path(__file__).with_name("quizzes.yml")
# Fixed once for the whole course; tests/test_quiz.py checks that with it the right options
# are spread over the positions (and the exercises' answer letters too).
ORDER_SALT = "asean-tip-course:options:11"


def seeded_order(key: str, n: int) -> list[int]:
    """A fixed shuffle of ``range(n)`` for question ``key``: the same on every machine and run."""
    digest = hashlib.sha256(f"{ORDER_SALT}:{key}".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


@lru_cache(maxsize=1)
def quiz_bank() -> dict[str, dict]:
    """Every quiz question of the course, by key, as written in ``quizzes.yml``."""
    import yaml

    return yaml.safe_load(BANK.read_text(encoding="utf-8"))


def _fill(text: str, values: Mapping) -> str:
    """Fill ``{name[key]}`` fields of ``text``; a key a table does not have counts as 0."""
    return string.Formatter().vformat(text, (), values)


def quiz(key: str, **values) -> MultipleChoice:
    """The quiz question ``key`` from ``quizzes.yml``, its options in their fixed order.

    ``values`` fill the fields in its text, e.g. ``counts=table["n"]`` for ``{counts[8.7]}``.
    """
    bank = quiz_bank()
    if key not in bank:
        raise KeyError(f"No quiz question {key!r} in {BANK.name}.")
    filled = {
        name: defaultdict(int, dict(value)) if hasattr(value, "items") else value
        for name, value in values.items()
    }
    entry = bank[key]
    written = [entry["right"], *entry["wrong"]]
    # Each text in the language of the notebook (quizzes.yml's texts are in the catalogue):
    # the template is translated first, then its fields are filled.
    options = [_fill(_(o["text"]), filled) for o in written]
    explanations = {
        text: _fill(_(o["why"]) if o.get("why") else "", filled)
        for text, o in zip(options, written, strict=True)
    }
    shown = [options[i] for i in seeded_order(key, len(options))]
    return MultipleChoice(_fill(_(entry["question"]), filled), shown, options[0], explanations)
