"""Check-your-understanding questions with instant feedback.

The logic (``check_choice``) is a plain function tested with pytest; ``MultipleChoice``
only wires radio buttons and a button to it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cached_property

from asean_tip_course.display import CourseWidget


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer and the message a student reads."""

    correct: bool
    message: str


def check_choice(choice, options: list[str], answer: str, explanations: dict[str, str]) -> Feedback:
    """Judge ``choice`` against ``answer``; explain why, whatever was picked."""
    if choice is None or (isinstance(choice, str) and not choice.strip()):
        return Feedback(False, "Pick one of the options first, then press Check.")
    if not isinstance(choice, str):
        return Feedback(
            False, f"The answer should be one of the options as text, not {type(choice).__name__}."
        )
    if choice not in options:
        return Feedback(False, "That is not one of the options. Pick one from the list.")
    why = explanations.get(choice, "")
    if choice == answer:
        return Feedback(True, f"Correct. {why}".strip())
    return Feedback(False, f"Not quite. {why}".strip())


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

    about = "Pick an answer and press Check: the feedback says whether it is right and why."

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
        button = w.Button(description="Check", button_style="primary", icon="check")
        out = w.HTML(value="<i>Choose an answer, then press Check.</i>")

        def on_click(_):
            fb = self.check(radio.value)
            mark = "✔ " if fb.correct else "✘ "
            colour = "#006400" if fb.correct else "#8B0000"
            out.value = f"<b style='color:{colour}'>{mark}{fb.message}</b>"

        button.on_click(on_click)
        box = w.VBox([w.HTML(f"<b>{html.escape(self.question)}</b>"), radio, button, out])
        box.add_class("course-quiz")
        return box
