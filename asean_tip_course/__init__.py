"""Helpers for the course *Countering human trafficking in Southeast Asia*.

Notebooks import what they need from the modules named for each concern:
``data`` (tables), ``figures`` (chart style), ``quiz`` (check-your-understanding
questions), ``display`` (widgets with a static fallback), ``links`` (launch links).
"""

__version__ = "0.1.0"


def load(name: str):
    """Return the course table ``name`` (e.g. ``"tip_tiers"``) as a typed DataFrame."""
    from asean_tip_course.data import load as _load

    return _load(name)


def use_language(lang: str) -> None:
    """Show the course in ``lang``: ``"en"`` (English) or ``"id"`` (Bahasa Indonesia)."""
    from asean_tip_course.i18n import use_language as _use

    _use(lang)


__all__ = ["load", "use_language", "__version__"]
