"""Show a widget with a static fallback for viewers that cannot run widgets."""

from __future__ import annotations

import html

from IPython.display import display


class WithFallback:
    """A widget that also carries plain-text and HTML versions of its first state.

    JupyterLab and Colab render the live widget; a static viewer (nbviewer, GitHub,
    an HTML export, nbval) shows the text instead of an empty box.
    """

    def __init__(self, widget, fallback_text: str):
        self.widget = widget
        self.fallback_text = fallback_text

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.fallback_text
        bundle["text/html"] = f"<pre>{html.escape(self.fallback_text)}</pre>"
        return bundle


def show(widget, fallback_text: str) -> None:
    """Display ``widget``; viewers that cannot run widgets show ``fallback_text`` instead."""
    display(WithFallback(widget, fallback_text))


class Table:
    """A DataFrame shown in full: no cut-off text, no index, left-aligned, readable."""

    def __init__(self, frame):
        self.frame = frame.astype(object).where(frame.notna(), "(missing)")

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, escape=True, border=0)
        style = (
            "<style>.course-table td, .course-table th {text-align: left !important;"
            " vertical-align: top; white-space: normal;}</style>"
        )
        return style + body.replace('class="dataframe"', 'class="dataframe course-table"', 1)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def full_table(frame) -> Table:
    """Show ``frame`` in full (long text wraps instead of being cut with an ellipsis)."""
    return Table(frame)
