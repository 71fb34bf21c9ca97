"""A portal on SQL storage, and the scene the fault and concurrency tests act on.

A *target* names one database in a string that a child process can receive on its
command line: ``sqlite:/path/to/portal.db`` or ``postgresql:<schema>`` (on the test
server of :mod:`tests.postgres`).
"""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any, cast

import attrs

from formlavoro_adapters import (
    LocalFolderFileStore,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    bootstrap,
)
from formlavoro_adapters.sql import SqlStorage, postgres_storage, sqlite_storage
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.model import Address, Cv, LanguageSkill, Study
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.identity.fiscal_code import FiscalCode, compute_check_character
from formlavoro_core.ids import (
    AccountId,
    AttachmentId,
    CvId,
    EventId,
    OfferId,
    UnlockRequestId,
)
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.reference import EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber
from tests.support import ANNA, MARIO, ROME, START, World, ok, reference

__all__ = [
    "PDF",
    "Scene",
    "build_scene",
    "citizen_with_published_cv",
    "fiscal_code",
    "open_storage",
    "sql_world",
]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
"""A minimal PDF the attachment checks accept."""

DAY = EventDetails(
    name="Recruiting day turismo",
    description="Incontra le aziende del turismo della Riviera.",
    starts_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=ROME),
    ends_at=dt.datetime(2026, 4, 15, 17, 0, tzinfo=ROME),
    mode=EventMode.IN_PERSON,
    place=MunicipalityCode("D969"),
    address="Magazzini del Cotone, Porto Antico",
)


def open_storage(target: str, *, application_name: str | None = None) -> SqlStorage:
    """The storage a target names (migrated when it is a SQLite file).

    PostgreSQL sessions carry ``application_name`` when given, so that the parent can
    find them in ``pg_stat_activity``.
    """
    kind, _, where = target.partition(":")
    if kind == "sqlite":
        return sqlite_storage(pathlib.Path(where))
    if kind == "postgresql":
        from tests.postgres import dsn  # noqa: PLC0415 - only PostgreSQL targets need it

        url = dsn()
        if application_name is not None:
            url += ("&" if "?" in url else "?") + f"application_name={application_name}"
        return postgres_storage(url, schema=where)
    raise ValueError(f"not a target: {target!r}")


def sql_world(
    storage: SqlStorage, files: pathlib.Path, *, ids: str = "id", start: dt.datetime = START
) -> World:
    """A portal over ``storage`` with files in the folder ``files``.

    Everything else is repeatable: a settable clock at ``start``, identifiers
    ``<ids>-000001``, …, a fixed ticket key. The :class:`~tests.support.World` helpers
    drive it; its ``storage`` and ``files`` are the SQL storage and the folder store.
    """
    clock = SettableClock(start)
    mailer = RecordingMailer()
    store = LocalFolderFileStore(files)
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=storage,
        clock=clock,
        ids=SequentialIdGenerator(ids),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=store,
        mailer=mailer,
        reference=reference(),
        tickets=HmacTicketSigner(b"formlavoro-fault-tests-ticket-k!"),
    )
    return World(
        portal=portal,
        clock=clock,
        storage=cast("Any", storage),
        mailer=mailer,
        files=cast("Any", store),
    )


def fiscal_code(number: int) -> FiscalCode:
    """A distinct valid fiscal code for each number below 26**6."""
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(ord("A") + digit)
    body = f"{letters}85A01D969"
    return FiscalCode.parse(body + compute_check_character(body))


def _complete(w: World, citizen: CitizenPrincipal, cv: Cv) -> None:
    """Fill the CV above the publication threshold, without publishing it."""
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 555 0101"),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))
    study = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero")
    ok(w.portal.cv.replace_entry(citizen, cv.id, cv.studies[0].id, study))
    english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
    ok(w.portal.cv.add_entry(citizen, cv.id, english))


def citizen_with_published_cv(w: World, code: FiscalCode) -> tuple[CitizenPrincipal, Cv]:
    """A logged-in citizen whose CV is complete and published."""
    citizen, cv = w.citizen_with_cv(code)
    _complete(w, citizen, cv)
    return citizen, ok(w.portal.cv.publish(citizen, cv.id))


@attrs.frozen(kw_only=True)
class Scene:
    """What the use cases under test act on (every key a plain string)."""

    anna: AccountId
    """A citizen with a published CV and an attachment; applies, joins, unlocks."""
    anna_cv: CvId
    attachment: AttachmentId
    mario: AccountId
    """A citizen with a complete CV that is not published yet."""
    mario_cv: CvId
    offers: tuple[OfferId, ...]
    """Open offers of a company; nobody applied yet."""
    event: EventId
    """A recruitment day with registration open; nobody joined yet."""
    request: UnlockRequestId
    """A company's request to see Anna's personal data, not decided yet."""
    others: tuple[AccountId, ...]
    """More citizens with published CVs."""


def build_scene(w: World, *, offers: int = 1, others: int = 0) -> Scene:
    """Build the scene through the portal's own use cases."""
    anna, anna_cv = citizen_with_published_cv(w, ANNA)
    attachment = ok(w.portal.cv.add_attachment(anna, anna_cv.id, filename="cv.pdf", content=PDF))
    mario, mario_cv = w.citizen_with_cv(MARIO)
    _complete(w, mario, mario_cv)
    company = w.company("Trattoria")
    published = tuple(w.offer(company, title=f"Cuoco/a {n}").id for n in range(offers))
    event = ok(w.portal.events.create(w.cpi("CPI Genova"), DAY))
    request = ok(w.portal.talent.express_interest(company, anna_cv.id))
    more = tuple(
        citizen_with_published_cv(w, fiscal_code(number))[0].account_id
        for number in range(1, others + 1)
    )
    return Scene(
        anna=anna.account_id,
        anna_cv=anna_cv.id,
        attachment=attachment.id,
        mario=mario.account_id,
        mario_cv=mario_cv.id,
        offers=published,
        event=event.id,
        request=request.id,
        others=more,
    )
