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
