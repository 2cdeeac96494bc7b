"""Figure style shared by every chart in the course: readable, colour-blind safe, sourced."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]

STYLE = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "legend.frameon": False,
}


def use_course_style() -> None:
    """Apply the course's chart style to every figure drawn afterwards.

    In a notebook it also asks the inline backend to save figures as laid out, without
    ``bbox_inches="tight"``: that option draws every figure twice. The constrained layout
    of :func:`new_figure` already keeps titles, legends and the source line inside.
    """
    mpl.rcParams.update(STYLE)
    _inline_without_tight_bbox()


def _inline_without_tight_bbox() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure
        return
    if get_ipython() is None or "inline" not in mpl.get_backend():
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png", bbox_inches=None)


def add_source(fig: plt.Figure, text: str, width: int = 130) -> None:
    """Write a source line (and its caveat) in small type under the figure.

    It is the figure's bottom label, so the constrained layout makes room for it. The line
    is wrapped here, once: matplotlib's ``wrap=True`` re-measures the text at every draw.
    """
    fig.supxlabel(
        textwrap.fill(f"Source: {text}", width),
        x=0.01,
        ha="left",
        fontsize=8.5,
        color="#444444",
    )


def figure_title(fig_or_ax) -> str:
    """The title :func:`new_figure` gave a figure (pass the figure or one of its axes)."""
    fig = getattr(fig_or_ax, "figure", None) or fig_or_ax
    title = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    return title.replace("\n", " ")


def new_figure(title: str, xlabel: str, ylabel: str, source: str, figsize=None):
    """Return ``(fig, ax)`` with the course style, a title that states the finding, and a source line."""
    use_course_style()
    fig, ax = plt.subplots(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
    # The title starts at the figure's left edge (not the axes'), and a long one wraps, so
    # it never runs off the picture; the constrained layout makes room for it.
    width = (figsize or STYLE["figure.figsize"])[0]
    fig.suptitle(
        textwrap.fill(title, int(width * 9)), x=0.01, ha="left", fontsize=13, fontweight="bold"
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    add_source(fig, source)
    return fig, ax
