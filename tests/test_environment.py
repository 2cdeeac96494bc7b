"""environment.yml (Binder, conda) and pyproject.toml (pip) ask for the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _split(spec: str) -> tuple[str, str]:
    name, ranges = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec).groups()
    return name.lower().replace("_", "-"), ranges.replace(" ", "")


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(_split(s) for s in project["dependencies"])


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    # packages conda-forge does not carry come from PyPI, in the file's `pip:` list
    specs += [s for d in env["dependencies"] if isinstance(d, dict) for s in d.get("pip", [])]
    return dict(
        _split(s.replace("=", "==", 1) if re.match(r"^[\w\-]+=[^=<>]", s) else s) for s in specs
    )


def test_same_packages_and_ranges():
    conda = conda_requirements()
    for name, ranges in pip_requirements().items():
        assert name in conda, f"{name} is in pyproject.toml but not in environment.yml"
        assert conda[name] == ranges, (
            f"{name}: pyproject.toml says {ranges!r}, environment.yml {conda[name]!r}"
        )
    tools = {n: r for n, r in conda.items() if n in _test_requirements()}
    for name, ranges in tools.items():
        assert ranges == _test_requirements()[name], f"{name}: range differs from the test extra"
    extra = set(conda) - set(pip_requirements()) - set(tools) - {"python", "pip"}
    assert not extra, f"environment.yml asks for packages pyproject.toml does not: {sorted(extra)}"


def test_conda_users_can_check_the_notebooks():
    assert {"nbval", "pytest"} <= set(conda_requirements())


def test_conda_forge_and_python_pin():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    python = conda_requirements()["python"]
    assert python.startswith("==3."), f"environment.yml should pin Python, has {python!r}"
    minimum = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert version_tuple(python.removeprefix("==")) >= version_tuple(minimum.removeprefix(">=")), (
        f"Python pin {python} is below requires-python {minimum}"
    )


def version_tuple(text: str) -> tuple[int, ...]:
    """``"3.11"`` -> ``(3, 11)``: versions compare as numbers, not as text."""
    return tuple(int(part) for part in text.strip().split("."))


def test_versions_compare_as_numbers():
    """As text, "3.9" >= "3.11" would be true; as numbers it is not."""
    assert version_tuple("3.9") < version_tuple("3.11")
    assert version_tuple("3.11") >= version_tuple("3.11")
    assert version_tuple("3.12.1") > version_tuple("3.12")


#: Ranges that span two major versions on purpose: Colab's older majors and the newest.
TWO_MAJORS = {"pandas": "2.2.3 on Colab, 3.x locally", "ipywidgets": "7.7.1 on Colab, 8.x locally"}


def test_ranges_have_upper_bounds_below_next_major():
    for name, ranges in {**pip_requirements(), **_test_requirements()}.items():
        low = re.search(r">=(\d+)", ranges)
        high = re.search(r"<(\d+)(?:,|$)", ranges)
        assert low and high, f"{name}: needs a lower and an upper bound, has {ranges!r}"
        majors = 2 if name in TWO_MAJORS else 1
        assert int(high.group(1)) == int(low.group(1)) + majors or ranges.endswith("<1"), (
            f"{name}: upper bound should be below the next major version, has {ranges!r}"
        )


def _runtime_pins() -> dict[str, str]:
    from asean_tip_course.colab import runtime

    return dict(runtime()[1])


def test_lower_bounds_are_what_the_colab_job_tests():
    """Each range's lower bound is the version Colab has (the Colab-like job tests it)."""
    pins = _runtime_pins()
    for name in ("pandas", "matplotlib", "ipywidgets"):
        low = re.search(r">=([\d.]+)", pip_requirements()[name]).group(1)
        assert pins[name].startswith(low + ".") or pins[name] == low, (
            f"{name}: lower bound {low} but the Colab-like job tests {pins[name]}"
        )


def test_python_versions_are_the_tested_ones():
    from asean_tip_course.colab import runtime as colab_runtime

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    tested = {"3.11", colab_runtime()[0]}  # the course's own environment, and Colab's
    classified = {c.rsplit(" ", 1)[-1] for c in project["classifiers"] if ":: 3." in c}
    assert tested <= classified and min(classified) == "3.11"
    assert project["requires-python"] == ">=3.11"


def test_readme_states_the_tested_runtimes_from_the_one_file():
    try:  # the maintainer tools move to tools/ (issue 15)
        from tools import links
    except ImportError:
        from asean_tip_course import links

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert links.runtimes_block() in readme, "regenerate the README with the links writer (--write)"
    for name, version in _runtime_pins().items():
        assert f"{name} {version}" in links.runtimes_block()


def test_binder_installs_the_course_package():
    """postBuild installs this folder's package (editable, so Binder reads course.yml and
    data/ from the repository), as a command that is not commented out."""
    commands = [
        line.strip()
        for line in (REPO / "postBuild").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert any(re.search(r"\bpip install\b.*(?:-e|--editable) +\.(?:\s|$)", c) for c in commands), (
        commands
    )


def _test_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(_split(s) for s in project["optional-dependencies"]["test"])
