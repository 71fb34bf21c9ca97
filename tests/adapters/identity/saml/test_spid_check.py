"""Issue 9 point 7: ``make spid-check`` tests the app it started, and every test it expects.

spid-sp-test itself runs in ``make spid-check`` (minutes); these tests check its two
guards cheaply: the report counting of ``scripts/spid_report.py`` and the example app
that listens on a free port and serves the run's value.
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.adapters.identity.saml.idp import FakeIdentityProvider

ROOT = pathlib.Path(__file__).resolve().parents[4]
REPORT_SCRIPT = ROOT / "scripts" / "spid_report.py"
CHECK_SCRIPT = ROOT / "scripts" / "spid_check.sh"


def report(path: pathlib.Path, results: list[str]) -> pathlib.Path:
    """A report shaped as spid-sp-test writes it (``-rf json``), with these results."""
    tests = [{"test_id": str(i), "test": "a check", "result": r} for i, r in enumerate(results)]
    half = len(tests) // 2
    path.write_text(
        json.dumps(
            {
                "test": {
                    "sp": {
                        "metadata_extra": {"SpidSpMetadataCheckExtra": tests[:half]},
                        "response": {"SpidSpResponseCheck": tests[half:]},
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    return path


def check(path: pathlib.Path, minimum: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own script on a file of this test
        [sys.executable, str(REPORT_SCRIPT), str(path), str(minimum), "spid-post"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_point7_a_run_with_every_expected_test_successful_passes(tmp_path: pathlib.Path) -> None:
    done = check(report(tmp_path / "r.json", ["success"] * 263), 263)

    assert done.returncode == 0, done.stdout
    assert "executed 263 tests (at least 263 expected), 0 not successful" in done.stdout


def test_point7_a_run_short_of_its_expected_count_fails(tmp_path: pathlib.Path) -> None:
    """Issue 9 point 7: "0 failed" over fewer tests than expected is a failure."""
    done = check(report(tmp_path / "r.json", ["success"] * 262), 263)

    assert done.returncode == 1
    assert "executed 262 tests (at least 263 expected)" in done.stdout
    assert "FAILED" in done.stdout


def test_point7_a_run_with_an_unsuccessful_test_fails(tmp_path: pathlib.Path) -> None:
    done = check(report(tmp_path / "r.json", ["success"] * 262 + ["failure"]), 263)

    assert done.returncode == 1
    assert "1 not successful" in done.stdout


@pytest.mark.parametrize("content", [None, "", "{}", '{"test": {"sp": []}}', "not json"])
def test_point7_a_missing_or_unreadable_report_fails(
    tmp_path: pathlib.Path, content: str | None
) -> None:
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    done = check(path, 263)

    assert done.returncode == 1
    assert "no readable report" in done.stdout


def test_point7_the_script_expects_the_counts_of_a_complete_run() -> None:
    """The minimums recorded in spid_check.sh: 269 / 262 / 247 tests (spid-sp-test 1.2.18)."""
    script = CHECK_SCRIPT.read_text(encoding="utf-8")
    expected = dict(re.findall(r"^(EXPECTED_\w+)=(\d+)$", script, re.M))

    assert expected == {
        "EXPECTED_SPID_POST": "269",
        "EXPECTED_SPID_REDIRECT": "262",
        "EXPECTED_CIE_POST": "247",
    }
    for name in expected:
        assert f'"${name}"' in script
    assert "--port-file" in script
    assert "--run-id" in script


@pytest.fixture
def started_app(
    tmp_path: pathlib.Path, idp: FakeIdentityProvider
) -> Iterator[tuple[subprocess.Popen[str], pathlib.Path]]:
    metadata = tmp_path / "idp.xml"
    metadata.write_text(idp.metadata, encoding="utf-8")
    port_file = tmp_path / "app.port"
    command = [
        sys.executable,
        str(ROOT / "examples" / "identity_app.py"),
        "--port",
        "0",
        "--port-file",
        str(port_file),
        "--run-id",
        "run-4f2a",
        "--folder",
        str(tmp_path / "keys"),
        "--idp-metadata",
        str(metadata),
    ]
    app = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
    try:
        yield app, port_file
    finally:
        app.terminate()
        app.communicate()


def test_point7_the_app_listens_on_a_free_port_and_serves_its_run_id(
    started_app: tuple[subprocess.Popen[str], pathlib.Path],
) -> None:
    """Issue 9 point 7: the harness finds the port and knows the server is its own."""
    app, port_file = started_app
    for _ in range(600):  # wait for start-up, not a timing assertion
        if port_file.exists() or app.poll() is not None:
            break
        time.sleep(0.05)
    assert app.poll() is None, app.communicate()[0]
    port = int(port_file.read_text(encoding="ascii"))

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/run-id") as answer:
        run_id = answer.read().decode()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/spid/metadata") as answer:
        metadata = answer.read().decode()

    assert port != 0
    assert run_id == "run-4f2a"
    assert f'entityID="http://127.0.0.1:{port}/spid/metadata"' in metadata
