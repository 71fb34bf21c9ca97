"""The test matrix: the core, docs and examples tiers on every supported Python.

``make test-matrix`` runs ``nox`` from the project's virtualenv; each session makes its
own virtualenv with the interpreter it names (pyenv's ``python3.11``, ``python3.12``,
``python3.13`` on ``PATH``), installs the project with every extra and the pinned
versions of ``constraints.txt``, and runs the three tiers in development mode with
``ResourceWarning`` as an error, so an unclosed database or file fails the run.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.11", "3.12", "3.13"]

# The tiers of the matrix: the rules (with the contract suites on memory), the guide's
# pages, the example scripts. The full suite runs once, on the project's own Python.
TIERS = [
    "tests/core",
    "tests/contract/test_memory_storage.py",
    "tests/docs",
    "tests/examples",
    "src/formlavoro_core",
]

nox.options.sessions = ["matrix"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True


@nox.session(python=PYTHONS)
def matrix(session: nox.Session) -> None:
    """Core, docs and examples tiers under ``-X dev -W error::ResourceWarning``."""
    session.install("-c", "constraints.txt", "-e", ".[all,dev,web]")
    session.run(
        "python",
        "-X",
        "dev",
        "-W",
        "error::ResourceWarning",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        *TIERS,
        # The walk in Chromium runs with the full suite: the browser is the same on
        # every Python, and the apps' own tests run here.
        "--ignore=tests/examples/web/test_browser.py",
        *session.posargs,
        # Example scripts and doc pages run in child processes: they inherit the mode.
        env={"PYTHONDEVMODE": "1", "PYTHONWARNINGS": "error::ResourceWarning"},
    )
