"""SEC-3: an operator's read of the mail dead letters is recorded like other operator reads."""

from __future__ import annotations

from formlavoro_core.codec import Codec
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.privacy.audit import Actor, AuditAction, AuditEntry
from tests.core.identity.test_password_reset import EMAIL, _registered, _request
from tests.support import OPERATOR, World, failure, ok, strings_in


def _audit(w: World) -> list[AuditEntry]:
    with w.storage() as uow:
        return list(uow.audit.entries(after=0, limit=1000))


def _reads(w: World) -> list[AuditEntry]:
    return [entry for entry in _audit(w) if entry.use_case == "mail.dead_letters"]


def _dead_reset_email(w: World) -> None:
    """Anna's reset email cannot be delivered: it becomes a dead letter holding her address."""
    _request(w)
    w.mailer.refuse(EMAIL)
    ok(w.portal.mail.deliver_pending(SYSTEM))


def test_sec3_an_operators_read_of_dead_letters_is_recorded_naming_the_letters() -> None:
    """SEC-3: who read the dead letters, when, and which ones: ids, never the address."""
    w = _registered()
    _dead_reset_email(w)
    letters = ok(w.portal.mail.dead_letters(OPERATOR))
    assert len(letters) == 1
    (read,) = _reads(w)
    assert (read.actor, read.action, read.subject) == (
        Actor(kind="operator", id=OPERATOR.operator_id),
        AuditAction.PERSONAL_DATA_READ,
        None,
    )
    assert read.refs == tuple(letter.id for letter in letters)
    assert read.at == w.clock.now()
    texts = set(strings_in(Codec.for_documents().unstructure(_audit(w))))
    assert not any("anna" in text.lower() or "@" in text for text in texts)
    assert ok(w.portal.privacy.verify_audit(OPERATOR)).records == len(_audit(w))


def test_sec3_every_read_is_recorded_and_the_scripts_reads_as_the_system() -> None:
    """SEC-3: each listing is one record, an empty one too; the CLI reads as the system."""
    w = _registered()
    ok(w.portal.mail.dead_letters(OPERATOR))
    _dead_reset_email(w)
    ok(w.portal.mail.dead_letters(SYSTEM, limit=1))
    first, second = _reads(w)
    assert (first.actor.kind, first.refs) == ("operator", ())
    assert second.actor == Actor.system()
    assert len(second.refs) == 1


def test_sec3_a_refused_read_of_dead_letters_records_nothing() -> None:
    """SEC-3: a forbidden or invalid listing reads nothing, and nothing is recorded."""
    w = _registered()
    _dead_reset_email(w)
    assert failure(w.portal.mail.dead_letters(ANONYMOUS)).code == "access.forbidden"
    assert failure(w.portal.mail.dead_letters(OPERATOR, limit=0)).code == "input.invalid"
    assert _reads(w) == []
