"""The dependency rule of DESIGN.md, enforced: the core is pure.

``formlavoro_core`` (apart from its ``testing`` subpackage, which ships pytest and
hypothesis helpers) imports only the standard library, attrs, cattrs, returns and
python-dateutil; it never imports an adapter or a driver, never reads the system clock,
never opens a file and never builds a time zone (the zone arrives in ``PortalConfig``).

The static checks read every module with :mod:`ast`; the rules themselves are tested on
small snippets first, so a rule that silently stopped matching would be noticed.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import json
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from packaging.requirements import Requirement

import formlavoro_core

CORE = pathlib.Path(formlavoro_core.__file__).parent
REPO_SRC = CORE.parent

# Third-party top-level packages the core may import (DESIGN.md, "The hexagon").
ALLOWED_THIRD_PARTY = frozenset({"attrs", "attr", "cattrs", "returns", "dateutil"})
ALLOWED_DISTRIBUTIONS = ("attrs", "cattrs", "returns", "python-dateutil")

# Standard-library modules that are drivers, I/O, processes, randomness or the clock.
FORBIDDEN_STDLIB = frozenset(
    {
        "sqlite3",
        "dbm",
        "shelve",
        "smtplib",
        "imaplib",
        "poplib",
        "ftplib",
        "socket",
        "socketserver",
        "ssl",
        "select",
        "selectors",
        "asyncio",
        "urllib",
        "http",
        "xmlrpc",
        "subprocess",
        "multiprocessing",
        "os",
        "pathlib",
        "shutil",
        "tempfile",
        "glob",
        "fileinput",
        "random",
        "secrets",
        "uuid",
        "time",
        "ctypes",
    }
)

# ``io`` is allowed only for in-memory buffers: ``io.BytesIO`` (reading a ZIP attachment's
# bytes) and ``io.StringIO`` (writing CSV).
IO_ALLOWED = frozenset({"io", "io.BytesIO", "io.StringIO"})

CLOCK_READS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "time.localtime",
        "time.gmtime",
    }
)


# --- the rules ------------------------------------------------------------------------


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Map every name bound by an import to the dotted name it stands for."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The fully qualified name of ``a.b.c`` when ``a`` comes from an import."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return None
    return ".".join([aliases[node.id], *reversed(parts)])


def _imported(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """Every dotted name an import statement brings in (``from a import b`` -> ``a.b``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif node.level == 0 and node.module:
        yield node.module
        yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _import_problem(name: str, relative: str) -> str | None:
    """Why importing ``name`` in the module at ``relative`` breaks the rule, if it does."""
    top = name.partition(".")[0]
    problem: str | None = None
    if top == "formlavoro_adapters":
        problem = f"imports the adapter package ({name}); adapters depend on the core"
    elif name == "returns.unsafe" or name.startswith("returns.unsafe."):
        problem = f"imports {name}; the core never escapes IO"
    elif top == "io":
        if name not in IO_ALLOWED:
            problem = f"imports {name}; only the in-memory io.BytesIO and io.StringIO are allowed"
    elif top in FORBIDDEN_STDLIB:
        problem = f"imports {name}: a driver, I/O, randomness or clock module"
    elif not (
        top in {"formlavoro_core", "__future__"}
        or top in ALLOWED_THIRD_PARTY
        or top in sys.stdlib_module_names
    ):
        problem = (
            f"imports the third-party package {top!r} (allowed: {sorted(ALLOWED_THIRD_PARTY)})"
        )
    return problem


class Breach(NamedTuple):
    """One breach of the rule: where, which rule (``import`` or ``purity``) and what."""

    line: int
    rule: str
    what: str

    def __str__(self) -> str:
        return f"{self.line}: {self.what}"


def breaches(source: str, relative: str) -> list[Breach]:
    """Every breach of the dependency rule in one core module, in line order."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    found: set[Breach] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in _imported(node):
                problem = _import_problem(name, relative)
                if problem:
                    found.add(Breach(node.lineno, "import", problem))
        elif isinstance(node, ast.Attribute | ast.Name):
            dotted = _dotted(node, aliases)
            if dotted in CLOCK_READS:
                found.add(
                    Breach(node.lineno, "purity", f"reads the system clock ({dotted}); use Clock")
                )
            elif dotted and dotted.startswith("io.") and dotted not in IO_ALLOWED:
                found.add(
                    Breach(
                        node.lineno,
                        "import",
                        f"uses {dotted}; only the in-memory io.BytesIO and io.StringIO are allowed",
                    )
                )
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open" and "open" not in aliases:
                found.add(Breach(node.lineno, "purity", "calls the open() builtin; no I/O"))
            called = _dotted(func, aliases) or ""
            if called == "zoneinfo.ZoneInfo" or called.startswith("zoneinfo.ZoneInfo."):
                found.add(
                    Breach(
                        node.lineno, "purity", f"builds a time zone ({called}); use PortalConfig"
                    )
                )
    return sorted(found)


def violations(source: str, relative: str) -> list[str]:
    """The breaches of one module as ``line: what`` strings."""
    return [str(breach) for breach in breaches(source, relative)]


@functools.cache
def _all_breaches_in_core() -> tuple[tuple[str, Breach], ...]:
    return tuple(
        (_where(path), breach)
        for path in _core_modules()
        for breach in breaches(path.read_text(encoding="utf-8"), path.relative_to(CORE).as_posix())
    )


def _breaches_in_core(rule: str) -> list[str]:
    """The breaches of one rule across the core, as ``file:line: what``."""
    return [f"{where}:{breach}" for where, breach in _all_breaches_in_core() if breach.rule == rule]


def _core_modules(*, with_testing: bool = False) -> list[pathlib.Path]:
    modules = sorted(CORE.rglob("*.py"))
    if with_testing:
        return modules
    return [path for path in modules if path.relative_to(CORE).parts[0] != "testing"]


def _where(path: pathlib.Path) -> str:
    return path.relative_to(REPO_SRC.parent).as_posix()


# --- the rules catch what they must, and only that ------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import datetime as dt\nx = dt.datetime.now(dt.UTC)", "datetime.datetime.now"),
        ("import datetime\nx = datetime.datetime.utcnow()", "datetime.datetime.utcnow"),
        ("from datetime import datetime\nx = datetime.now()", "datetime.datetime.now"),
        ("from datetime import datetime as D\nx = D.today()", "datetime.datetime.today"),
        ("from datetime import date\nx = date.today()", "datetime.date.today"),
        ("import datetime as dt\nf = dt.date.today", "datetime.date.today"),
        ("import time\nx = time.monotonic()", "time.monotonic"),
        ("from time import perf_counter as pc\nx = pc()", "time.perf_counter"),
        ("x = open('cv.pdf', 'rb')", "open()"),
        ("import zoneinfo\nz = zoneinfo.ZoneInfo('Europe/Rome')", "zoneinfo.ZoneInfo"),
        ("from zoneinfo import ZoneInfo\nz = ZoneInfo('UTC')", "zoneinfo.ZoneInfo"),
        ("import sqlite3", "sqlite3"),
        ("import os.path", "os.path"),
        ("from urllib.request import urlopen", "urllib.request"),
        ("import secrets", "secrets"),
        ("import uuid", "uuid"),
        ("import psycopg", "psycopg"),
        ("import requests", "requests"),
        ("from formlavoro_adapters import bootstrap", "formlavoro_adapters"),
        ("from formlavoro_adapters.files import InMemoryFileStore", "formlavoro_adapters"),
        ("from returns.unsafe import unsafe_perform_io", "returns.unsafe"),
        ("from returns import unsafe", "returns.unsafe"),
        ("import io\nhandle = io.open('x')", "io.open"),
        ("from io import FileIO", "io.FileIO"),
    ],
)
def test_the_rule_catches_each_kind_of_breach(source: str, expected: str) -> None:
    found = violations(source, "somewhere.py")
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\nx = dt.datetime(2026, 3, 1, tzinfo=dt.UTC).astimezone(dt.UTC)",
        "from datetime import date\nx = date(2026, 3, 1)",
        "now = clock.now()\ntoday = config.local_date(now)",
        "import attrs\nimport cattrs\nfrom returns.result import Success\nimport dateutil",
        "from __future__ import annotations\nfrom formlavoro_core.errors import Problem",
        "from . import errors\nfrom .model import Cv",
        "import re, enum, hashlib, unicodedata, zipfile, struct, typing",
        "import datetime as dt\ndef f(zone: dt.tzinfo) -> dt.datetime: ...",
    ],
)
def test_the_rule_accepts_pure_code(source: str) -> None:
    assert violations(source, "somewhere.py") == []


def test_io_is_allowed_only_for_in_memory_buffers() -> None:
    source = "import io\nfrom io import BytesIO\nbuffer = io.BytesIO(b'')\ntext = io.StringIO()"
    assert violations(source, "cv/services.py") == []
    assert violations("import io\nx = io.open('f')", "x.py") == [
        "2: uses io.open; only the in-memory io.BytesIO and io.StringIO are allowed"
    ]
    assert violations("from io import open", "x.py") != []


def test_a_breach_names_its_line() -> None:
    source = "import attrs\n\n\ndef f():\n    import datetime\n    return datetime.datetime.now()\n"
    assert violations(source, "x.py") == [
        "6: reads the system clock (datetime.datetime.now); use Clock"
    ]


# --- the core obeys them --------------------------------------------------------------


def test_the_checks_read_every_core_module_but_the_testing_helpers() -> None:
    relative = {path.relative_to(CORE).as_posix() for path in _core_modules()}
    expected = {"__init__.py", "codec.py", "ports/__init__.py", "ports/unit_of_work.py"}
    assert expected | {"portal.py", "cv/attachments.py"} <= relative
    assert not any(name.startswith("testing/") for name in relative)


def test_the_core_imports_only_the_standard_library_attrs_cattrs_returns_and_dateutil() -> None:
    found = _breaches_in_core("import")
    assert not found, "the core breaks the dependency rule:\n" + "\n".join(found)


def test_the_core_never_reads_the_clock_opens_files_or_builds_time_zones() -> None:
    found = _breaches_in_core("purity")
    assert not found, "the core does impure things:\n" + "\n".join(found)


def test_every_core_module_has_a_docstring() -> None:
    missing = [
        f"{_where(path)}:1: no module docstring"
        for path in _core_modules(with_testing=True)
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert not missing, "\n".join(missing)


# --- and at run time ------------------------------------------------------------------

_IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
before = set(sys.modules)
import formlavoro_core
for info in pkgutil.walk_packages(formlavoro_core.__path__, "formlavoro_core."):
    if not info.name.startswith("formlavoro_core.testing"):
        importlib.import_module(info.name)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def _normalise(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _allowed_distributions() -> set[str]:
    """The core's runtime dependencies and, transitively, theirs (extras left out)."""
    allowed: set[str] = set()
    pending = list(ALLOWED_DISTRIBUTIONS)
    while pending:
        name = _normalise(pending.pop())
        if name in allowed:
            continue
        allowed.add(name)
        for line in importlib.metadata.requires(name) or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return allowed


def test_importing_the_whole_core_loads_no_other_third_party_package() -> None:
    completed = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-I", "-c", _IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    loaded: list[str] = json.loads(completed.stdout)
    assert "formlavoro_core.cv.attachments" in loaded  # the walk did reach the submodules
    adapters = [name for name in loaded if name.split(".")[0] == "formlavoro_adapters"]
    assert not adapters, f"importing the core loaded adapters: {adapters}"
    owners = importlib.metadata.packages_distributions()
    allowed = _allowed_distributions()
    foreign = sorted(
        top
        for top in {name.split(".")[0] for name in loaded}
        if top not in sys.stdlib_module_names
        and top != "formlavoro_core"
        and not {_normalise(owner) for owner in owners.get(top, [top])} <= allowed
    )
    assert not foreign, (
        f"importing the core loaded third-party packages {foreign}; "
        f"only these distributions are allowed: {sorted(allowed)}"
    )
