"""Maintainer tools of the course (not shipped in the students' package).

``build`` (``python3 course.py build``) regenerates everything generated, ``exercises`` builds
the student exercise notebooks and autograders (otter assign), ``links`` writes the launch
links and learning path, ``headers`` the chapters' opening cells, ``cited`` records the outputs
the prose cites (and is the pytest plugin that checks them), ``bench`` measures speed and
memory. Run them from the repository folder, e.g. ``python -m tools.bench``.
"""
