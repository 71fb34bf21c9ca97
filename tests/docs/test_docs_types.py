"""The guide's code type-checks under ``mypy --strict`` as an app's code would (issue 12, point 9).

Each page's ``python`` blocks become one module, each block at its own line of the page
(everything else blank), so an error names the page's line. mypy runs once over them all
with the project's settings (strict, the returns plugin), as in an app that follows the
guide and checks its code.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.S | re.M)


def _module_of(page: pathlib.Path) -> str | None:
    """The page's python blocks at their own lines, or ``None`` when it has none."""
    text = page.read_text(encoding="utf-8")
    lines = [""] * (text.count("\n") + 1)
    found = False
    for match in FENCE.finditer(text):
        words = match.group(1).split()
        if not words or words[0] != "python":
            continue
        if len(words) > 1 and words[1].startswith("file="):
            continue  # a test module of its own, type-checked like the other tests
        first = text[: match.start(2)].count("\n")
        for offset, line in enumerate(match.group(2).splitlines()):
            lines[first + offset] = line
        found = True
    return "\n".join(lines) + "\n" if found else None


def test_the_code_of_the_guide_passes_mypy_strict(tmp_path: pathlib.Path) -> None:
    written = []
    for page in PAGES:
        module = _module_of(page)
        if module is not None:
            target = tmp_path / (page.stem.replace("-", "_").lower() + "_page.py")
            target.write_text(module, encoding="utf-8")
            written.append(str(target))
    assert len(written) > 10
    completed = subprocess.run(  # noqa: S603 - mypy of this environment over files made here
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--no-error-summary",
            *written,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    problems = completed.stdout.replace(str(tmp_path) + "/", "").replace("_page.py", ".md")
    assert completed.returncode == 0, problems + completed.stderr
