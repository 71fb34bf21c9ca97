"""SEC-5 in the logs (issue 12, point 4): full journeys logged at DEBUG name no person.

The example journeys run in this process with every ``formlavoro`` logger captured;
a portal on SQLite logs every statement as slow (threshold 0) through a login and a
run of refused regional logins. No fiscal code, name or email may appear in any line,
and a value from outside cannot start a line of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import pathlib
import re
import runpy
import sys
from collections.abc import Iterator

import pytest

from formlavoro_adapters import SettableClock, Settings, bootstrap
from formlavoro_adapters.logs import one_line
from formlavoro_core import ANONYMOUS, IdentityAssertion, LoginMethod
from tests.support import ANNA, ok, reference

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
FISCAL_CODE = re.compile(
    r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
)
NAMES = ("Anna", "Rossi", "anna.rossi")


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """Every record of the ``formlavoro`` loggers, formatted as a production log would be."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("formlavoro")
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _assert_no_personal_data(text: str) -> None:
    assert FISCAL_CODE.search(text.upper()) is None
    assert "@" not in text
    for name in NAMES:
        assert name.lower() not in text.lower(), name


def _run_example(name: str, folder: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [name, str(folder)])
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")


def test_sec_5_the_example_journeys_log_no_personal_data(
    logged: io.StringIO, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run_example("citizen_journey.py", tmp_path / "citizen", monkeypatch)
    _run_example("company_journey.py", tmp_path / "company", monkeypatch)
    text = logged.getvalue()
    assert "INFO formlavoro.identity login: account " in text  # the account id, no name
    assert "INFO formlavoro.adapters.sql.migrations applied schema version 1 of" in text
    assert "INFO formlavoro.adapters.mail wrote email" in text
    assert "INFO formlavoro.mail outbox: " in text
    assert "DEBUG formlavoro.usecases cv.publish refused: cv.publish.below_threshold" in text
    _assert_no_personal_data(text)


def test_sec_5_slow_statements_and_refused_logins_log_no_personal_data(
    logged: io.StringIO, tmp_path: pathlib.Path
) -> None:
    settings = Settings(
        storage=f"sqlite:///{tmp_path / 'portal.db'}", passwords="scrypt", slow_query_ms=0
    )
    # Before regional credentials were retired, so that their logins are tried.
    clock = SettableClock(dt.datetime(2021, 1, 15, 9, 0, tzinfo=dt.UTC))
    with bootstrap(settings, reference=reference(), clock=clock) as portal:
        notices = portal.identity.notices()
        receipt = ok(
            portal.identity.accept_notices(
                ANONYMOUS,
                privacy_notice_version=notices.privacy_notice_version,
                citizen_regulation_version=notices.citizen_regulation_version,
            )
        )
        assertion = IdentityAssertion(
            method=LoginMethod.SPID,
            fiscal_code=ANNA,
            given_name="Anna",
            family_name="Rossi",
            email="anna.rossi@example.it",
        )
        ok(portal.identity.login(ANONYMOUS, assertion, consent=receipt))
        for _ in range(12):
            portal.identity.login_regional(
                ANONYMOUS,
                username=str(ANNA),
                password="anna.rossi@example.it",
                consent=receipt,
                source="192.0.2.7",
            )
    text = logged.getvalue()
    assert "WARNING formlavoro.adapters.sql.slow slow statement: " in text
    assert "WARNING formlavoro.identity identity.login_regional refused: " in text
    assert "WARNING formlavoro.identity.throttle identity.login_regional refused: " in text
    assert "192.0.2.7" not in text  # nor the address the attempts came from
    _assert_no_personal_data(text)


def test_sec_5_a_value_from_outside_cannot_forge_a_line(logged: io.StringIO) -> None:
    reply = "550 mailbox unavailable\r\nCRITICAL formlavoro.identity login: account admin"
    logging.getLogger("formlavoro.adapters.mail").warning("not sent: %s", one_line(reply))
    lines = logged.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        "550 mailbox unavailable\\r\\nCRITICAL formlavoro.identity login: account admin"
    )
