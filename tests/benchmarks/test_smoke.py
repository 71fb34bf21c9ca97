"""The benchmarks still run (tiny sizes, no timing assertions)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

BENCHMARKS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"


def test_the_citizen_journeys_benchmark_runs_and_reports_every_use_case() -> None:
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, str(BENCHMARKS / "citizen_journeys.py"), "--citizens", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "5 citizen journeys" in completed.stdout
    for use_case in ("login", "onboarding.answer", "cv.publish", "peak RSS"):
        assert use_case in completed.stdout
