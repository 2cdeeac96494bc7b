"""Check-your-understanding questions with instant feedback.

The logic (``check_choice``) is a plain function tested with pytest; ``MultipleChoice``
only wires radio buttons and a button to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class MultipleChoice:
    """A multiple-choice question: radio buttons, a Check button and a feedback line."""

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

    def as_text(self) -> str:
        """The question as plain text, for static viewers and print."""
        lines = [self.question] + [f"  ( ) {o}" for o in self.options]
        lines.append("Run this notebook in JupyterLab to check your answer.")
        return "\n".join(lines)

    def widget(self):
        """Build the interactive version."""
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
        box = w.VBox([w.HTML(f"<b>{self.question}</b>"), radio, button, out])
        box.add_class("course-quiz")
        return box

    def _ipython_display_(self):
        from asean_tip_course.display import show

        show(self.widget(), self.as_text())
