"""Ship the course manifest and the tables inside the package when a wheel is built.

Everything else is declared in pyproject.toml. In a checkout (``pip install -e .``) the package
reads ``course.yml`` and ``data/`` from the repository; a wheel carries copies of them in
``asean_tip_course/_course/`` so that a normal install works too (``asean_tip_course/paths.py``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class build_py_with_course_files(build_py):  # noqa: N801 (setuptools' naming)
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the repository itself
            return
        target = Path(self.build_lib) / "asean_tip_course" / "_course"
        (target / "data").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / "course.yml", target / "course.yml")
        for path in sorted((HERE / "data").iterdir()):
            if path.is_file() and path.suffix in {".csv", ".json", ".md"}:
                shutil.copyfile(path, target / "data" / path.name)


setup(cmdclass={"build_py": build_py_with_course_files})
