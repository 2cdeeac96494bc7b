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
    """Apply the course's chart style to every figure drawn afterwards."""
    mpl.rcParams.update(STYLE)


def add_source(fig: plt.Figure, text: str, width: int = 130) -> None:
    """Write a source line (and its caveat) in small type under the figure.

    The line is wrapped here, once: matplotlib's own ``wrap=True`` re-measures the text at
    every draw and made each figure noticeably slower.
    """
    fig.text(
        0.01,
        -0.02,
        textwrap.fill(f"Source: {text}", width),
        ha="left",
        va="top",
        fontsize=8.5,
        color="#444444",
    )


def new_figure(title: str, xlabel: str, ylabel: str, source: str, figsize=None):
    """Return ``(fig, ax)`` with the course style, a title that states the finding, and a source line."""
    use_course_style()
    fig, ax = plt.subplots(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    add_source(fig, source)
    return fig, ax
