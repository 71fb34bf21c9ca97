"""Each documented install runs its documented snippet in a fresh virtualenv (issue 12, point 1).

The guide's Install section (``docs/index.md``) gives, for each extra set it names, a
``python install=<set>`` block: the snippet that set is enough for. Here the project is
built into a wheel once, and each set gets a new virtualenv with exactly that install
(``pip install 'formlavoro-….whl[sql]'``, pinned by ``constraints.txt``) and nothing of
this checkout on its path, and runs its snippet. Slow (real installs): marked
``install``, run by ``make test``, left out of ``make check``.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import venv

import pytest

from formlavoro_core import __version__

pytestmark = pytest.mark.install

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "index.md"
BLOCK = re.compile(r"^```python install=(\S+)\n(.*?)^```\s*$", re.S | re.M)
# The extra set each name of the guide stands for.
EXTRAS = {"core": "", "sql": "[sql]", "all": "[all]"}
# Point 9: a command that needs an extra not installed says which, in one line.
MISSING_EXTRA = {
    "core": [
        (["db", "upgrade"], "this needs the sqlalchemy module: install formlavoro[sql]"),
        (
            ["jobs", "run", "--storage", "memory"],
            "the default reference data needs the 'ateco' package: install the "
            "formlavoro[reference] extra (pip install 'formlavoro[reference]')",
        ),
    ],
    "sql": [
        (
            ["db", "version", "--storage", "postgresql://nobody@127.0.0.1:1/none"],
            "PostgreSQL storage needs formlavoro[postgres]",
        ),
    ],
}


def documented_snippets() -> dict[str, str]:
    """The guide's snippet for each documented install, by name."""
    return dict(BLOCK.findall(GUIDE.read_text(encoding="utf-8")))


def test_the_guide_documents_a_snippet_for_every_install() -> None:
    assert sorted(documented_snippets()) == sorted(EXTRAS)
    text = GUIDE.read_text(encoding="utf-8")
    for name, extra in EXTRAS.items():
        assert f"pip install 'formlavoro{extra}'" in text or (
            name == "core" and "(`pip install formlavoro`)" in text
        ), name


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """This checkout built as a wheel, as an index would serve it."""
    folder = tmp_path_factory.mktemp("wheel")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)]
    )
    (built,) = folder.glob("formlavoro-*.whl")
    return built


def _run(command: list[str], cwd: pathlib.Path | None = None) -> str:
    completed = subprocess.run(  # noqa: S603 - pip and python of a virtualenv made here
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=900
    )
    assert completed.returncode == 0, f"{' '.join(command)}\n{completed.stdout}{completed.stderr}"
    return completed.stdout


@pytest.mark.parametrize("name", sorted(EXTRAS))
def test_the_documented_snippet_runs_with_exactly_its_install(
    name: str, wheel: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    home = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(home)
    python = home / "bin" / "python"
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "constraints.txt"),
            f"{wheel}{EXTRAS[name]}",
        ]
    )
    snippet = tmp_path / "work" / "snippet.py"
    snippet.parent.mkdir()
    snippet.write_text(documented_snippets()[name], encoding="utf-8")
    # -I: the checkout's folders are not on the path, only what was installed.
    output = _run([str(python), "-I", "-X", "dev", "-W", "error", str(snippet)], cwd=snippet.parent)
    assert output.strip(), "each snippet prints what it did"
    command = home / "bin" / "formlavoro"
    assert _run([str(command), "--version"]).strip() == f"formlavoro {__version__}"
    for argv, advice in MISSING_EXTRA.get(name, ()):
        completed = subprocess.run(  # noqa: S603 - the installed console script
            [str(command), *argv], cwd=snippet.parent, capture_output=True, text=True, check=False
        )
        assert (completed.returncode, completed.stdout) == (2, ""), completed.stderr
        assert completed.stderr == f"formlavoro: {advice}\n"  # one line, no traceback
