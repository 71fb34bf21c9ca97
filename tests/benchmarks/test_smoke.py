"""The benchmarks still run (tiny sizes, no timing assertions)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from tests.postgres import dsn, require_server

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


def test_the_reset_timing_benchmark_runs_and_reports_every_kind_of_request() -> None:
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, str(BENCHMARKS / "reset_timing.py"), "--calls", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "5 reset requests per kind" in completed.stdout
    for kind in ("matching:", "unknown username:", "other email:"):
        assert kind in completed.stdout


def test_the_search_benchmark_runs_size_s_on_every_backend() -> None:
    require_server()
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [
            sys.executable,
            str(BENCHMARKS / "search.py"),
            "--size",
            "S",
            "--rounds",
            "5",
            "--applications",
            "20",
            "--writers",
            "2",
            "--dsn",
            dsn(),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for backend in ("memory", "sqlite", "postgres"):
        assert f"== {backend} (S: 10,000 offers)" in completed.stdout
    for figure in (
        "ingest:",
        "durable applications through Portal:",
        "/s with 1 writer",
        "/s with 2 threads",
        "/s with 2 processes",
        "this process's CPU per application",
        "1 writer's statements raw",
        "2 processes vs 1",
        "raw p50",
        "x p95",
        "against the size-L targets (sqlite)",
        "against the size-L targets (postgres)",
        "filters+text",
        "keyset next page",
        "offset page",
        "detail by id",
        "peak RSS",
    ):
        assert figure in completed.stdout


def test_the_search_benchmark_needs_no_test_tools() -> None:
    """It runs with the ``sql`` extra alone: pytest and hypothesis cannot be imported."""
    script = (
        "import runpy, sys\n"
        "sys.modules.update(pytest=None, hypothesis=None)\n"
        f"sys.argv = [{str(BENCHMARKS / 'search.py')!r}, '--size', 'S', '--backends', 'sqlite',"
        " '--rounds', '2', '--applications', '10', '--writers', '2', '--in-process']\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "== sqlite (S: 10,000 offers)" in completed.stdout
    assert "loading:" in completed.stderr


def test_the_matching_benchmark_runs_both_directions_beside_the_raw_cells() -> None:
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [
            sys.executable,
            str(BENCHMARKS / "matching.py"),
            "--count",
            "300",
            "--rounds",
            "2",
            "--backends",
            "memory,sqlite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for line in ("company top 50", "company raw cells", "citizen top 20", "citizen raw cells"):
        assert line in completed.stdout
    assert "peak RSS" in completed.stdout


def test_the_privacy_benchmark_runs_and_reports_the_export_beside_the_raw_reads() -> None:
    require_server()
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [
            sys.executable,
            str(BENCHMARKS / "privacy.py"),
            "--count",
            "300",
            "--citizens",
            "3",
            "--dsn",
            dsn(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for backend in ("sqlite", "postgres"):
        assert f"{backend}: 300 citizens with published CVs loaded" in completed.stdout
    for line in ("portal.privacy.export (JSON + PDF)", "the same reads sent raw", "p95"):
        assert line in completed.stdout
