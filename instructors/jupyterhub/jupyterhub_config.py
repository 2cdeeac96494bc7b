"""JupyterHub configuration for a class taking this course: an example for instructors.

Part 1 is what the course needs on any hub; copy it into your hub's configuration.
Part 2 makes a trial hub on one machine (three made-up students, one shared password),
to see the course work before the university's hub is set up. It is NOT for a real class:
anyone with the password can log in as any student. README.md beside this file explains
both, and what a Kubernetes hub (Zero to JupyterHub) needs instead.

The course's test (tests/browser/test_jupyterhub.py) starts a hub with this very file.
"""

import os
from urllib.parse import urlencode

c = get_config()  # noqa: F821 (JupyterHub provides get_config when it reads this file)

# --------------------------------------------------------------------------------------
# Part 1. What the course needs on any hub
# --------------------------------------------------------------------------------------

# The course's public repository: the same as [project.urls] Repository in pyproject.toml
# (a test checks that they agree). For a fork, put its address here or set
# COURSE_REPOSITORY (the test sets it to a local clone: a path or file:// URL works too).
REPOSITORY = os.environ.get(
    "COURSE_REPOSITORY", "https://github.com/asean-tip-course/asean-tip-course"
)
BRANCH = "main"
# nbgitpuller puts the course into this folder of each student's home.
FOLDER = REPOSITORY.rstrip("/").rsplit("/", 1)[-1]
START_NOTEBOOK = f"lab/tree/{FOLDER}/notebooks/00_start_here.ipynb"

# A student who opens their server (not only one who follows the course link) gets the
# latest course files and lands on the start notebook. nbgitpuller keeps what the student
# changed: on a conflict the student's version wins, and a deleted file comes back.
c.Spawner.default_url = "/git-pull?" + urlencode(
    {"repo": REPOSITORY, "branch": BRANCH, "urlpath": START_NOTEBOOK}
)


def course_folder(spawner) -> str:
    """The pulled course in the student's home (the trial spawner knows the home itself)."""
    home = getattr(spawner, "home_dir", None) or os.path.expanduser(f"~{spawner.user.name}")
    return os.path.join(home, FOLDER)


def python_path(spawner) -> str:
    """The course's helpers (``asean_tip_course``) come with the pulled notebooks."""
    return os.pathsep.join(p for p in (course_folder(spawner), os.environ.get("PYTHONPATH")) if p)


c.Spawner.environment = {"PYTHONPATH": python_path}

# The user environment (where the students' servers run) needs, besides JupyterHub of the
# same major version as the hub: the course's packages and nbgitpuller
# (`python -m asean_tip_course.hub requirements` prints the list), and the course's
# JupyterLab defaults, asean_tip_course/lab_settings/overrides.json, copied to
# {sys.prefix}/share/jupyter/lab/settings/overrides.json.

# --------------------------------------------------------------------------------------
# Part 2. A trial hub on this machine (replace all of it for a real class)
# --------------------------------------------------------------------------------------

# Loopback only: nobody else on the network can reach the trial hub.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:8081"

# One password for every student (at least 8 characters), from the environment so that it
# is not written in this file. A real class uses the university's login instead.
PASSWORD = os.environ.get("COURSE_HUB_PASSWORD", "")
if len(PASSWORD) < 8:
    raise SystemExit(
        "Set COURSE_HUB_PASSWORD to the students' password (8 characters or more), "
        "e.g. COURSE_HUB_PASSWORD=choose-one jupyterhub -f jupyterhub_config.py"
    )
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allowed_users = set(os.environ.get("COURSE_HUB_STUDENTS", "ayu budi citra").split())

# Servers run as the user who started the hub, each in a home folder of its own under
# ./homes (no system accounts needed, and no isolation between students).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(os.getcwd(), "homes", "{username}")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # Containers and CI often run as root, and then so does every student's server.
    c.Spawner.args = ["--allow-root"]

# Servers start within a minute even on a busy laptop; give up (and say so) after two.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
