"""Figure style shared by every chart in the course: readable, colour-blind safe, sourced."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.pyplot as plt

from asean_tip_course.i18n import N_, _

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


#: The members' names as the tables give them (``name`` and ``short_name`` of
#: data/members.csv), marked for the catalogue: charts and widgets show them in the course's
#: language through :func:`shown_name`; the tables themselves keep these names.
MEMBER_NAMES = (
    N_("Brunei"),
    N_("Brunei Darussalam"),
    N_("Cambodia"),
    N_("Indonesia"),
    N_("Lao PDR"),
    N_("Lao People's Democratic Republic"),
    N_("Malaysia"),
    N_("Myanmar"),
    N_("Philippines"),
    N_("Singapore"),
    N_("Thailand"),
    N_("Timor-Leste"),
    N_("Viet Nam"),
)


#: Month abbreviations as a chart label writes them ("Oct 2025"), marked for the catalogue.
SHORT_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def short_month(month: int) -> str:
    """The abbreviated name of ``month`` (1-12) in the course's language ("Oct" -> "Okt")."""
    return _(SHORT_MONTHS[month - 1])


def shown_name(name) -> str:
    """A member's name as a chart or widget shows it, in the course's language
    (``"Philippines"`` -> ``"Filipina"`` in Indonesian); any other text stays as it is."""
    text = str(name)
    return _(text) if text in MEMBER_NAMES else text


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
        textwrap.fill(_("Source: {text}").format(text=text), width),
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
