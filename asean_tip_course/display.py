"""How the course's widgets and tables display themselves, in every place a student reads.

Every widget builder returns a :class:`CourseWidget`. A notebook cell ends with the builder
call and the object displays itself: JupyterLab, Colab and Binder draw the live widget;
a static viewer (the website, GitHub, nbviewer, an HTML or PDF export, nbval) shows its
first state as text or a table, with one sentence on what the live widget does.

It works the same on ipywidgets 7.7 (Colab) and 8.x, and on IPython 7.34 to 9.x, because
it publishes the widget-view bundle itself instead of relying on either library's
display hooks (ipywidgets 7 widgets have no ``_repr_mimebundle_``; ipywidgets 8 widgets
have no ``_ipython_display_``).
"""

from __future__ import annotations

import html
import sys

from IPython.display import display

from asean_tip_course.i18n import N_, _

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NEEDS_KERNEL = N_(
    "It is interactive in a running notebook (JupyterLab, Colab or Binder); "
    "here you see its first state."
)
MISSING = N_("(missing)")


def widget_view(widget) -> dict:
    """The ``application/vnd.jupyter.widget-view+json`` data for ``widget`` (spec version 2,
    which ipywidgets 7 and 8 front ends both read)."""
    return {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}


def on_colab() -> bool:
    """Whether this kernel is a Colab runtime (its ``google.colab`` package is loaded)."""
    return "google.colab" in sys.modules


class CourseWidget:
    """A live widget together with its static fallback; displays itself anywhere.

    ``widget`` is the ipywidgets widget; ``fallback_text`` (and optionally
    ``fallback_html``) its first state; ``about`` one sentence on what the live widget does.
    Subclasses may compute these attributes as properties (see ``quiz.MultipleChoice``).
    """

    def __init__(self, widget, fallback_text: str, about: str, fallback_html: str | None = None):
        self.widget = widget
        self.fallback_text = fallback_text
        self.about = about
        self.fallback_html = fallback_html

    def static_text(self) -> str:
        """What a viewer without widgets shows as plain text."""
        return f"{self.fallback_text}\n\n({self.about} {_(NEEDS_KERNEL)})"

    def static_html(self) -> str:
        """What a viewer without widgets shows as HTML (the website, an HTML export)."""
        body = self.fallback_html
        if body is None:
            body = f"<pre>{html.escape(self.fallback_text)}</pre>"
        note = html.escape(f"{self.about} {_(NEEDS_KERNEL)}")
        return (
            '<div class="course-widget-fallback">'
            f'<p class="course-widget-note"><i>{note}</i></p>{body}</div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {
            WIDGET_VIEW: widget_view(self.widget),
            "text/plain": self.static_text(),
            "text/html": self.static_html(),
        }
        if on_colab():
            # Colab's front end is only known to draw the bundle ipywidgets 7 publishes
            # itself (the view and text/plain); a student there never needs the HTML.
            del bundle["text/html"]
        return bundle

    def _ipython_display_(self) -> None:
        # One display_data output, as ipywidgets 7 itself publishes it (Colab draws that).
        display(self._repr_mimebundle_(), raw=True)
        displayed = getattr(self.widget, "_handle_displayed", None)
        if displayed is not None:
            displayed()

    def __repr__(self) -> str:
        return self.static_text()


class Table:
    """A DataFrame shown in full: no cut-off text, no index, left-aligned, readable."""

    def __init__(self, frame):
        self.frame = frame.astype(object).where(frame.notna(), _(MISSING))

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
