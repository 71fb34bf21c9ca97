"""Count the tests of a spid-sp-test JSON report and check them (scripts/spid_check.sh).

A run passes when the report holds at least the expected number of tests and every one
of them succeeded. The minimum guards against a run cut short: spid-sp-test that stops
early, a profile or a group of tests left out, would otherwise pass with "0 failed".

Usage: python scripts/spid_report.py REPORT.json MINIMUM [NAME]

Exit status 0 when the run passes, 1 otherwise, with one line saying why.
"""

from __future__ import annotations

import json
import pathlib
import sys
from collections.abc import Iterator
from typing import Any


def results(report: Any) -> Iterator[str]:
    """The ``result`` of every test in the report (``test`` > target > group > list)."""
    for target in report["test"].values():
        for groups in target.values():
            for tests in groups.values():
                for test in tests:
                    yield str(test["result"])


def verdict(report: Any, minimum: int) -> tuple[bool, str]:
    """Whether the report passes, and a line that says what was counted."""
    found = list(results(report))
    failed = sum(result != "success" for result in found)
    line = f"executed {len(found)} tests (at least {minimum} expected), {failed} not successful"
    return len(found) >= minimum and failed == 0 and minimum > 0, line


def main(argv: list[str]) -> int:
    """Check one report; print the verdict line."""
    if len(argv) not in {2, 3} or not argv[1].isdigit():
        sys.stderr.write("usage: spid_report.py REPORT.json MINIMUM [NAME]\n")
        return 2
    name = argv[2] if len(argv) > 2 else argv[0]  # noqa: PLR2004 - the optional NAME
    try:
        report = json.loads(pathlib.Path(argv[0]).read_text(encoding="utf-8"))
        passed, line = verdict(report, int(argv[1]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        sys.stdout.write(f"spid-check: {name}: no readable report ({type(error).__name__})\n")
        return 1
    sys.stdout.write(f"spid-check: {name}: {line}{'' if passed else ' - FAILED'}\n")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
