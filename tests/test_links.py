"""Every launch link is generated from the one repository setting and points at a notebook."""

import json
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from asean_tip_course.manifest import course
from tools import links
from tools.paths import REPO


def test_readme_links_are_up_to_date():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert links.readme_block() in readme, (
        "README launch links are stale: run python3 course.py build"
    )


def test_every_course_notebook_has_binder_and_colab_links():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    paths = links.course_notebooks()
    assert paths == course().all_notebooks and len(paths) >= 3
    for path in paths:
        assert links.binder_url(path) in readme
        assert links.colab_url(path) in readme


def _target_of(url: str) -> str:
    parsed = urlparse(url)
    if parsed.netloc == "mybinder.org":
        return unquote(parse_qs(parsed.query)["urlpath"][0]).removeprefix("lab/tree/")
    if parsed.netloc == "colab.research.google.com":
        return parsed.path.split(f"/blob/{links.BRANCH}/", 1)[1]
    if "git-pull" in parsed.path:
        name = links.owner_and_name()[1]
        return parse_qs(parsed.query)["urlpath"][0].removeprefix(f"lab/tree/{name}/")
    raise AssertionError(f"unknown link kind: {url}")


def _readme_urls() -> list[str]:
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(
        r"https://(?:mybinder\.org/v2|colab\.research\.google\.com|hub\.example\.edu/hub)[^\s)\]`]+",
        readme,
    )


def test_every_link_in_readme_resolves_to_an_existing_notebook():
    urls = _readme_urls()
    assert len(urls) >= 2 * len(links.course_notebooks()) + 1
    for url in urls:
        target = _target_of(url)
        assert (REPO / target).is_file(), f"{url} points at {target}, which does not exist"


def test_links_follow_the_repository_setting():
    owner, name = links.owner_and_name()
    assert links.binder_url().startswith(f"https://mybinder.org/v2/gh/{owner}/{name}/main?urlpath=")
    assert links.binder_url().endswith(f"lab/tree/{course().start.notebook}")
    assert f"github/{owner}/{name}/blob/main/" in links.colab_url(course().start.notebook)


def test_a_bad_repository_setting_is_reported():
    with pytest.raises(ValueError, match="Expected https://github.com"):
        links.owner_and_name("https://gitlab.com/only-one-part")


@pytest.mark.parametrize("notebook,path", list(links.setup_targets().items()), ids=str)
def test_setup_cell_is_current(notebook, path):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    setup = [c for c in cells if links.SETUP_TAG in c.get("metadata", {}).get("tags", [])]
    assert len(setup) == 1, f"{notebook.name}: needs exactly one Colab setup cell"
    assert "".join(setup[0]["source"]) == links.setup_cell_source(path), (
        f"{notebook.name}: setup cell is stale: run python3 course.py build"
    )


def test_setup_cell_does_nothing_outside_colab():
    namespace: dict = {}
    exec(links.setup_cell_source(course().start.notebook), namespace)
    assert "run" not in namespace and "os" not in namespace


def test_learning_path_in_readme_and_start_notebook_matches_the_chapters():
    block = links.learning_path_block()
    assert block in (REPO / "README.md").read_text(encoding="utf-8"), (
        "README learning path is stale: run python3 course.py build"
    )
    start = json.loads((REPO / links.START).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in start["cells"])
    assert links.learning_path_block("notebooks") in text, (
        "start notebook's course map is stale: run python3 course.py build"
    )
    for line in links.learning_path_block("notebooks").splitlines()[3:-1]:
        target = line.split("](")[1].split(")")[0]
        assert (REPO / "notebooks" / target).is_file(), f"start notebook links to missing {target}"
