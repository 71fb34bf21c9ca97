"""The documents adapters are optional: nothing imports them, and missing packages are named."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_importing_the_adapters_loads_no_document_package() -> None:
    result = run(
        """
        import sys
        import formlavoro_adapters
        loaded = {"fpdf", "segno", "icalendar", "formlavoro_adapters.documents"} & set(sys.modules)
        print(sorted(loaded))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("blocked", "build"),
    [
        ("fpdf", "PdfTicketRenderer()"),
        ("segno", "PdfTicketRenderer()"),
        ("fpdf", "PdfApplicationsReportRenderer()"),
        ("icalendar", "ICalendarEventCalendar()"),
    ],
)
def test_a_missing_package_is_a_configuration_error_naming_the_extra(
    blocked: str, build: str
) -> None:
    result = run(
        f"""
        import sys
        sys.modules[{blocked!r}] = None  # makes "import {blocked}" fail
        from formlavoro_core.errors import ConfigurationError
        from formlavoro_adapters.documents import (
            ICalendarEventCalendar, PdfApplicationsReportRenderer, PdfTicketRenderer,
        )
        try:
            {build}
        except ConfigurationError as error:
            print(error)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "install formlavoro[documents]" in result.stdout
