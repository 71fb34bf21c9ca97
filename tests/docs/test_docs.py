"""The guide's code runs as written, and its links lead somewhere.

Each page's ``python`` blocks run in order in one namespace, ``pycon`` blocks as
doctests in that namespace, and what the page leaves open fails it; a
``python file=NAME`` block is written to ``NAME`` and run with pytest (it is a test
module, such as the storage contract example).
"""

from __future__ import annotations

import doctest
import gc
import logging
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core import Portal

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.S | re.M)


def _blocks(page: pathlib.Path) -> list[tuple[str, str, str, int]]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        words = match.group(1).split()
        if words and words[0] in {"python", "pycon"}:
            line = text[: match.start()].count("\n") + 2
            target = words[1][5:] if len(words) > 1 and words[1].startswith("file=") else ""
            found.append((words[0], target, match.group(2), line))
    return found


def _loggers() -> list[logging.Logger]:
    known = logging.Logger.manager.loggerDict.values()
    return [logging.getLogger(), *(one for one in known if isinstance(one, logging.Logger))]


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """A page may configure logging (the Logging page does): the next tests get it back."""
    saved = {
        id(one): (one.level, list(one.handlers), one.propagate, one.disabled) for one in _loggers()
    }
    yield
    for one in _loggers():
        level, handlers, propagate, disabled = saved.get(id(one), (logging.NOTSET, [], True, False))
        one.setLevel(level)
        one.handlers[:] = handlers
        one.propagate = propagate
        one.disabled = disabled


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_code_of_the_page_runs(
    page: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # bootstrap() makes formlavoro.db in the working folder
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for kind, target, code, line in _blocks(page):
        where = f"{page.name}:{line}"
        if target:
            (tmp_path / target).write_text(code, encoding="utf-8")
            completed = subprocess.run(  # noqa: S603 - pytest on the page's own test module
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                check=False,
            )
            assert completed.returncode == 0, f"{where}\n{completed.stdout}{completed.stderr}"
        elif kind == "python":
            exec(compile(code, where, "exec"), namespace)  # noqa: S102 - the guide's own code
        else:
            test = doctest.DocTestParser().get_doctest(code, namespace, where, page.name, line)
            runner = doctest.DocTestRunner(
                optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
            )
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)
            assert runner.failures == 0, f"{where}: {runner.failures} doctest failure(s)"
    # A page is part of an app, whose shutdown closes its portals (Portal.close()) and
    # the storages it made itself (SqlStorage.dispose()); the rest of what the page
    # opened, the page closes: dropping its objects must leave no unclosed database
    # (Python 3.13 warns, and the test matrix makes that warning an error).
    for value in list(namespace.values()):
        if isinstance(value, Portal):
            value.close()
        elif isinstance(value, SqlStorage):
            value.dispose()
    namespace.clear()
    gc.collect()


def _anchors(text: str) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", text), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_links_of_the_page_lead_somewhere(page: pathlib.Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"https?://", target):
            continue
        path, _, anchor = target.partition("#")
        destination = page if not path else (page.parent / path).resolve()
        missing_anchor = (
            destination.exists()
            and bool(anchor)
            and anchor not in _anchors(destination.read_text(encoding="utf-8"))
        )
        if not destination.exists() or missing_anchor:
            broken.append(target)
    assert broken == []
