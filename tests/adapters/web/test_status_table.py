"""Every failure code has its HTTP status, and the docs' table is the current one."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from formlavoro_adapters.web.status_table import failure_codes, status_page
from formlavoro_adapters.web.statuses import STATUS_BY_CODE

ROOT = pathlib.Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "web-statuses.md"


def test_every_failure_code_of_the_library_has_a_status() -> None:
    codes = failure_codes()
    missing = [row.code for row in codes if row.status is None]
    assert missing == [], f"give these failure codes a status in web/statuses.py: {missing}"
    found = {row.code for row in codes}
    # Families and base classes are in; a sample of each context too.
    for code in (
        "<entity>.not_found",
        "cv.attachment.<reason>",
        "input.invalid",
        "identity.login.throttled",
        "identity.saml.malformed",
        "identity.certificate.revoked",
        "web.session.invalid",
    ):
        assert code in found


def test_the_table_names_no_code_that_no_longer_exists() -> None:
    found = {row.code for row in failure_codes()}
    stale = sorted(set(STATUS_BY_CODE) - found)
    assert stale == [], f"remove these codes from web/statuses.py: {stale}"


def test_the_docs_page_is_the_generated_table() -> None:
    expected = status_page()
    assert PAGE.read_text(encoding="utf-8") == expected, (
        "regenerate it: python -m formlavoro_adapters.web.status_table > docs/web-statuses.md"
    )
    printed = subprocess.run(
        [sys.executable, "-m", "formlavoro_adapters.web.status_table"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout == expected
    assert "| `identity.login.throttled` | 429 |" in expected
