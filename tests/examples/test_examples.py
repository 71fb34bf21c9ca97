"""Each example script runs to the end and prints its journey."""

from __future__ import annotations

import email
import email.policy
import pathlib
import subprocess
import sys
from email.message import EmailMessage

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def _run(name: str, *args: str) -> str:
    completed = subprocess.run(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def _assert_emails(folder: pathlib.Path, kinds: list[str]) -> None:
    """Point 5 of issue 11 (``make demo``): the journey's emails, as parseable .eml files."""
    files = sorted(folder.glob("*.eml"))
    assert [path.name.split("-")[1] for path in files] == kinds
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        assert message["Subject"].startswith("FormazioneLavoro")
        assert message.get_body(preferencelist=("html",)) is not None


def test_the_citizen_journey_goes_from_login_to_a_published_cv(tmp_path: pathlib.Path) -> None:
    output = _run("citizen_journey.py", str(tmp_path))
    mail = tmp_path / "mail" / "citizen-journey"
    assert (tmp_path / "citizen-journey.db").exists()
    assert "first login: True" in _run("citizen_journey.py", str(tmp_path))  # runs again
    steps = [line for line in output.splitlines() if line.startswith("== ")]
    assert len(steps) == 9
    assert "refused (cv.publish.below_threshold)" in output
    assert "completo al 60%; per pubblicarlo serve il 65%" in output  # Italian by default
    assert "-> 100%" in output
    assert "active until" in output
    assert "I dati anagrafici non si possono modificare mentre il curriculum è pubblicato" in output
    assert output.rstrip().endswith(f"Done. The journey's emails are in {mail}.")
    assert "2 email(s) written as .eml files" in output
    _assert_emails(mail, ["cv_expiry_reminder", "cv_expired"])


def test_the_company_journey_goes_from_offers_to_an_unlocked_cv_and_a_ticket(
    tmp_path: pathlib.Path,
) -> None:
    output = _run("company_journey.py", str(tmp_path))
    assert "applied; the offer now shows applied=True" in output
    assert "for 'Cuoco/a per cucina ligure', 2 anonymised CV(s), best first:" in output
    assert "Profession: the same profession (35 of 35 points)" in output
    assert "Professione: la stessa professione (35 punti su 35)" in output
    assert "+8 with English at Advanced (C2)" in output
    assert "course: Inglese per la ristorazione (Scuola di lingue Genova)" in output
    assert "application from Anna Rossi: viewed" in output
    assert "the osteria now sees Anna Rossi" in output
    assert "at the door: checked in" in output
    assert (tmp_path / "ticket.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "recruiting-day.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    mail = tmp_path / "mail" / "company-journey"
    assert output.rstrip().endswith(f"Done. The journey's emails are in {mail}.")
    _assert_emails(mail, ["application_received", "new_message", "new_message"])
