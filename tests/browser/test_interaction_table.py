"""The browser checks know how to use every widget course.yml lists (no browser needed)."""

from interactions import BY_WIDGET, NOT_INTERACTED, TABLE

from asean_tip_course.manifest import course


def test_every_listed_widget_has_an_interaction_and_no_other():
    assert set(BY_WIDGET) | NOT_INTERACTED == set(course().widgets)


def test_each_notebook_gets_the_interactions_of_its_widgets():
    for nb in (course().start, *course().chapters):
        expected = [w for w in nb.widgets if w not in NOT_INTERACTED]
        assert [it.name for it in TABLE[nb.stem]] == [BY_WIDGET[w].name for w in expected], nb.stem
