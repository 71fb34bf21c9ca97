"""TX-2: the portal's messages reach each citizen in the citizen's own language."""

from __future__ import annotations

import pathlib

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from formlavoro_adapters import ScryptPasswordHasher, SequentialIdGenerator, bootstrap
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.texts import DOMAIN, GettextTranslator
from formlavoro_core.applications.model import ApplicationStatus, RejectionReason
from formlavoro_core.config import PortalConfig
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import SYSTEM, CitizenPrincipal, CompanyPrincipal
from formlavoro_core.texts import Text
from tests.support import ROME, World, failure, from_publishers, ok, reference, world

REFUSAL = '{company} did not select you for "{offer}". Reason: {reason}.'


def _refused(w: World) -> CitizenPrincipal:
    """A citizen whose application a company turned down, with a reason."""
    company: CompanyPrincipal = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(
        w.portal.applications.review(
            company,
            application.id,
            ApplicationStatus.NOT_SELECTED,
            reason=RejectionReason.LANGUAGE_SKILLS,
        )
    )
    return citizen


def _body(w: World, citizen: CitizenPrincipal) -> str:
    (message,) = from_publishers(ok(w.portal.messages.inbox(citizen)).items)
    opened = ok(w.portal.messages.open(citizen, message.id))
    (in_thread,) = ok(w.portal.messages.thread(citizen, message.id))
    assert opened.body == in_thread.body == message.body
    return message.body


def test_tx_2_a_citizen_reads_the_portals_messages_in_the_default_language() -> None:
    """TX-2: a citizen who chose no language reads Italian, the portal's default."""
    w = world()
    citizen = _refused(w)
    assert "non ti ha selezionato" in _body(w, citizen)
    assert "Motivo: Conoscenze linguistiche insufficienti." in _body(w, citizen)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (Language.GERMAN, "hat Sie für „Cuoco/a“ nicht ausgewählt. Grund: Die geforderten"),
        (Language.FRENCH, "ne vous a pas sélectionné pour « Cuoco/a ». Motif : Les compétences"),
        (Language.ENGLISH, 'did not select you for "Cuoco/a". Reason: The language skills'),
    ],
)
def test_tx_2_a_message_follows_the_language_the_citizen_chose_even_afterwards(
    language: Language, expected: str
) -> None:
    """TX-2: the inbox is rendered when read: old messages follow a later choice too."""
    w = world()
    citizen = _refused(w)
    assert ok(w.portal.identity.set_language(citizen, language)) is language
    assert expected in _body(w, citizen)


def test_tx_2_emails_go_out_in_the_citizens_language() -> None:
    """TX-2: once German is chosen, the portal's emails to that citizen are German."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    ok(w.portal.identity.set_language(citizen, Language.GERMAN))
    ok(w.portal.applications.apply(citizen, offer.id))
    ok(w.portal.mail.deliver_pending(SYSTEM))
    (received,) = [m for m in w.mailer.sent if m.kind is EmailKind.APPLICATION_RECEIVED]
    assert received.language is Language.GERMAN
    assert received.subject.endswith("Bewerbung für „Cuoco/a“ gesendet")
    assert received.body.startswith("Guten Tag ")


def test_tx_2_only_a_citizen_chooses_a_language() -> None:
    """TX-2, SEC-1: a company has no language of its own to set here."""
    w = world()
    assert failure(w.portal.identity.set_language(w.company(), Language.FRENCH)).code == (
        "access.forbidden"
    )


def test_tx_2_a_corrected_translation_reaches_messages_stored_before(
    tmp_path: pathlib.Path,
) -> None:
    """TX-2: stored as message id and parameters, an old message shows a corrected text.

    The message is written to a real SQLite file; a portal started later with a
    corrected wording (TX-3) shows the same stored message with the new words.
    """
    path = tmp_path / "portal.db"
    w = world()
    first, second = sqlite_storage(str(path)), sqlite_storage(str(path))
    try:
        _reworded(tmp_path, w, first, second)
    finally:  # the caller's storages stay the caller's to close
        first.dispose()
        second.dispose()


def _reworded(tmp_path: pathlib.Path, w: World, first: SqlStorage, second: SqlStorage) -> None:
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=first,
        clock=w.clock,
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=reference(),
        mailer=w.mailer,
    )
    stored = World(portal=portal, clock=w.clock, storage=w.storage, mailer=w.mailer, files=w.files)
    citizen = _refused(stored)
    assert "Motivo: Conoscenze linguistiche" in _body(stored, citizen)

    folder = tmp_path / "texts"
    catalogue = Catalog(locale="it")
    catalogue.add(REFUSAL, "{company} ha scelto altri candidati per «{offer}» ({reason}).")
    (folder / "it" / "LC_MESSAGES").mkdir(parents=True)
    with (folder / "it" / "LC_MESSAGES" / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    corrected = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=second,
        clock=w.clock,
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=reference(),
        translator=GettextTranslator(overrides=folder),
    )
    (message,) = from_publishers(ok(corrected.messages.inbox(citizen)).items)
    assert message.body == (
        "Trattoria ha scelto altri candidati per «Cuoco/a» (Conoscenze linguistiche insufficienti)."
    )
    assert message.body_text == Text(
        message=REFUSAL,
        params={
            "company": "Trattoria",
            "offer": "Cuoco/a",
            "reason": RejectionReason.LANGUAGE_SKILLS.label,
        },
    )
