"""Release hygiene (issue 12, point 9): the version, and what each extra imports."""

from __future__ import annotations

import ast
import importlib.metadata
import pathlib
import re
import sys

import pytest

import formlavoro_adapters
import formlavoro_core
from formlavoro_adapters.cli import main
from formlavoro_adapters.extras import (
    CORE_IMPORTS,
    EXTRA_IMPORTS,
    extra_for,
    missing_extra_advice,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src"
# Which extra each folder or module of the adapters needs (the rest needs none).
NEEDS = {
    "formlavoro_adapters/sql": {"sql", "postgres"},
    "formlavoro_adapters/identity/saml/sql_store.py": {"sql"},
    "formlavoro_adapters/identity/saml": {"spid"},
    "formlavoro_adapters/identity": {"identity", "spid"},
    "formlavoro_adapters/passwords.py": {"identity"},
    "formlavoro_adapters/documents": {"documents"},
    "formlavoro_adapters/reference": {"reference"},
    "formlavoro_adapters/cli.py": {"sql"},
    "formlavoro_core/testing": {"dev"},
}


def _imports(path: pathlib.Path) -> set[str]:
    """The top-level modules ``path`` imports, besides the standard library and ours."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.partition(".")[0] for name in names}
    return {
        name
        for name in found
        if name not in sys.stdlib_module_names and not name.startswith("formlavoro")
    }


def _needs(path: pathlib.Path) -> set[str]:
    relative = path.relative_to(SOURCE).as_posix()
    for prefix, extras in NEEDS.items():  # the most specific first
        if relative == prefix or relative.startswith(prefix + "/"):
            return extras
    return set()


def test_the_version_is_the_installed_distributions() -> None:
    assert formlavoro_core.__version__ == importlib.metadata.version("formlavoro")
    assert formlavoro_adapters.__version__ == formlavoro_core.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+|rc\d+)?", formlavoro_core.__version__)


def test_the_command_prints_its_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"formlavoro {formlavoro_core.__version__}\n"


@pytest.mark.parametrize(
    "path", sorted(SOURCE.rglob("*.py")), ids=lambda path: path.relative_to(SOURCE).as_posix()
)
def test_every_import_of_the_library_is_declared_by_the_extra_it_needs(
    path: pathlib.Path,
) -> None:
    allowed = set(CORE_IMPORTS)
    for extra in _needs(path):
        allowed |= EXTRA_IMPORTS[extra]
    assert _imports(path) - allowed == set()


def _sources(folder: str) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in (SOURCE / folder).rglob("*.py"))


def test_every_declared_import_is_used_somewhere() -> None:
    used = set().union(*(_imports(path) for path in SOURCE.rglob("*.py")))
    # psycopg is loaded by SQLAlchemy's PostgreSQL dialect; the reference data load
    # their packages by name, to name the extra when one is missing.
    loaded = set(
        re.findall(r'require_module\("(\w+)"\)', _sources("formlavoro_adapters/reference"))
    )
    assert loaded == {"ateco", "codicefiscale"}
    assert set().union(*EXTRA_IMPORTS.values()) - used == {"psycopg"} | loaded
    assert used >= CORE_IMPORTS


def _requirements(extra: str) -> set[str]:
    """The distributions ``pyproject.toml`` lists for ``extra``, as installed metadata says."""
    wanted = re.compile(rf"""extra\s*==\s*["']{extra}["']""")
    names = set()
    for requirement in importlib.metadata.requires("formlavoro") or []:
        spec, _, marker = requirement.partition(";")
        if (extra == "" and not marker) or wanted.search(marker):
            names.add(re.split(r"[\s\[<>=!~;]", spec.strip(), maxsplit=1)[0].lower())
    return names


@pytest.mark.parametrize("extra", ["", *EXTRA_IMPORTS])
def test_each_extra_installs_the_distributions_of_the_modules_it_declares(extra: str) -> None:
    providers = importlib.metadata.packages_distributions()
    modules = CORE_IMPORTS if extra == "" else EXTRA_IMPORTS[extra]
    listed = _requirements(extra)
    for module in modules:
        distributions = {name.lower() for name in providers.get(module, [])}
        assert distributions & listed, f"{module} of [{extra}] comes from none of {listed}"


def test_a_missing_module_is_advised_with_its_extra() -> None:
    assert extra_for("psycopg.pq") == "postgres"
    assert extra_for("saml2.client") == "spid"
    assert extra_for("cryptography.x509") == "identity"
    missing = ModuleNotFoundError("No module named 'argon2'", name="argon2")
    assert (
        missing_extra_advice(missing)
        == "this needs the argon2 module: install formlavoro[identity]"
    )
    assert missing_extra_advice(ModuleNotFoundError("gone", name="nothing_of_ours")) is None
