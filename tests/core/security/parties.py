"""The parties of the access-control tests (SEC-1), on memory or on a SQLite file.

Two citizens, two companies, two employment centres and two training entities, each
owning things of the same kinds, so that every use case can be asked about another
party's record of the right kind. Each party's private data carry a marker (a name, a
text) listed in :data:`MARKERS` with the roles that may see it: the access tests read
every answer a role gets and look for markers it may not see.

On SQLite the scene is built once, in a template file, and each test works on a copy
(the file and the attachments' folder), with identifiers of its own.
"""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import pathlib
import shutil
import tempfile
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from sqlalchemy import select

from formlavoro_adapters import InMemoryStorage
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.tables import METADATA
from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.portal import Portal
from formlavoro_core.principals import (
    ANONYMOUS,
    SYSTEM,
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    Principal,
    TrainingEntityPrincipal,
)
from formlavoro_core.reference import EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.adapters.sql.workers.scene import sql_world
from tests.core.courses.builders import course_details, register_entity
from tests.support import ANNA, MARIO, OPERATOR, ROME, START, World, from_publishers, ok, world

__all__ = [
    "KIND",
    "MARKERS",
    "ROLES",
    "STORAGES",
    "Scene",
    "leaked",
    "pdf",
    "scene",
    "stored",
]

ROLES = (
    "owner",
    "other_citizen",
    "company",
    "other_company",
    "cpi",
    "other_cpi",
    "entity",
    "other_entity",
    "operator",
    "anonymous",
    "system",
)
"""The acting parties; ``owner`` is the citizen the records of the tables belong to."""

KIND = {
    "owner": "citizen",
    "other_citizen": "citizen",
    "company": "company",
    "other_company": "company",
    "cpi": "cpi",
    "other_cpi": "cpi",
    "entity": "entity",
    "other_entity": "entity",
    "operator": "operator",
    "anonymous": "anonymous",
    "system": "system",
}
"""The kind of principal each role is (SEC-1 answers by kind first, then by owner)."""

STORAGES = ("memory", "sqlite")

_PEOPLE = {
    "owner": (ANNA, "Annunziata", "Rossetti", "annunziata.rossetti@example.it"),
    "other_citizen": (MARIO, "Marcello", "Bianchini", "marcello.bianchini@example.it"),
}

MARKERS: dict[str, frozenset[str]] = {
    # The owner's personal data and private texts: hers, and the company she applied
    # to sees them on the application (AP-6).
    **{
        marker: frozenset({"owner", "company"})
        for marker in (
            str(ANNA),
            "Annunziata",
            "Rossetti",
            "annunziata.rossetti",
            "LETTERA-ANNA",
            "ALLEGATO-ANNA",
            "DOMANDA-ANNA",
        )
    },
    "RICERCA-ANNA": frozenset({"owner"}),
    # The other citizen's, mirrored with the other company.
    **{
        marker: frozenset({"other_citizen", "other_company"})
        for marker in (
            str(MARIO),
            "Marcello",
            "Bianchini",
            "marcello.bianchini",
            "LETTERA-MARIO",
            "ALLEGATO-MARIO",
            "DOMANDA-MARIO",
        )
    },
    "RICERCA-MARIO": frozenset({"other_citizen"}),
    # Drafts and withdrawn courses: their publisher's only.
    "BOZZA-ALFA": frozenset({"company"}),
    "BOZZA-BETA": frozenset({"other_company"}),
    "BOZZA-CPI-GE": frozenset({"cpi"}),
    "BOZZA-CPI-SP": frozenset({"other_cpi"}),
    "RITIRATO-SCUOLA-A": frozenset({"entity"}),
    "RITIRATO-SCUOLA-B": frozenset({"other_entity"}),
}
"""Private data of each party, and the roles that may see them."""


def pdf(marker: str) -> bytes:
    """A minimal PDF carrying ``marker`` in a comment (attachments' checks accept it)."""
    return (
        b"%PDF-1.4\n%" + marker.encode() + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _event(name: str, place: str) -> EventDetails:
    return EventDetails(
        name=name,
        starts_at=dt.datetime(2026, 4, 15, 9, tzinfo=ROME),
        ends_at=dt.datetime(2026, 4, 15, 17, tzinfo=ROME),
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode(place),
    )


EVENT = _event("Recruiting day", "D969")


@attrs.define
class Scene:
    """A portal where every party owns something to ask about.

    ``ids`` holds the owner's side under the names the tables use (``cv``,
    ``attachment``, ``offer``, ``draft``, ``application``, ``message``, ``reply``,
    ``event``, ``ticket``, ``cpi_draft``, ``course``, ``search``, ``unlock``) and the
    other parties' under ``other_*`` names.
    """

    w: World
    actors: dict[str, Principal]
    ids: dict[str, Any]

    @property
    def portal(self) -> Portal:
        return self.w.portal

    @property
    def company(self) -> CompanyPrincipal:
        """The company that owns the offer."""
        actor = self.actors["company"]
        assert isinstance(actor, CompanyPrincipal)
        return actor


def _citizen(w: World, role: str) -> CitizenPrincipal:
    """Log a citizen in, onboard them and publish a complete CV."""
    code, given, family, email = _PEOPLE[role]
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode.parse(str(code)),
        given_name=given,
        family_name=family,
        email=EmailAddress(email),
        level=AssuranceLevel.SUBSTANTIAL,
    )
    citizen = ok(w.portal.identity.login(ANONYMOUS, assertion, consent=w.consent())).principal
    cv = w.onboard(citizen)
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
    ok(w.portal.cv.publish(citizen, cv.id))
    return citizen


def _side(
    w: World,
    citizen: CitizenPrincipal,
    company: CompanyPrincipal,
    cpi: CpiPrincipal,
    entity: TrainingEntityPrincipal,
    *,
    tag: str,
    names: Mapping[str, str],
) -> dict[str, Any]:
    """One citizen's dealings with one company, CPI and training entity."""
    p = w.portal
    cv = ok(p.cv.mine(citizen))
    attachment = ok(
        p.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=pdf(f"ALLEGATO-{tag}"))
    )
    offer = w.offer(company, title=f"Offerta {names['company']}")
    draft = w.offer(company, publish=False, title=f"BOZZA-{names['draft']}")
    request = ApplicationRequest(cover_letter=f"LETTERA-{tag}", attachment=attachment.id)
    application = ok(p.applications.apply(citizen, offer.id, request))
    ok(p.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (message,) = from_publishers(ok(p.messages.inbox(citizen)).items)
    reply = ok(p.messages.reply(citizen, message.id, Reply(body=f"DOMANDA-{tag}")))
    event = ok(p.events.create(cpi, _event(f"Giornata {names['cpi']}", names["place"])))
    ok(p.events.join(citizen, event.id))
    ticket = ok(p.events.ticket(citizen, event.id))
    cpi_draft = w.offer(cpi, publish=False, title=f"BOZZA-CPI-{names['cpi']}")
    course = ok(p.courses.publish(entity, course_details(title=f"Corso {names['entity']}")))
    withdrawn = ok(p.courses.publish(entity, course_details(title=f"RITIRATO-{names['entity']}")))
    ok(p.courses.withdraw(entity, withdrawn.id))
    search = ok(
        p.offers.save_search(citizen, SavedSearchRequest(name=f"RICERCA-{tag}", query=OfferQuery()))
    )
    unlock = ok(p.talent.express_interest(company, cv.id))
    return {
        "cv": cv,
        "attachment": attachment,
        "offer": offer,
        "draft": draft,
        "application": application,
        "message": message,
        "reply": reply,
        "event": event,
        "ticket": ticket,
        "cpi_draft": cpi_draft,
        "course": course,
        "withdrawn": withdrawn,
        "search": search,
        "unlock": unlock,
    }


def _build(w: World) -> tuple[dict[str, Principal], dict[str, Any]]:
    company, other_company = w.company("Alfa"), w.company("Beta")
    cpi, other_cpi = w.cpi("CPI Genova"), w.cpi("CPI Spezia")
    entity = register_entity(w, "Scuola A", email="corsi@scuola-a.example.it")
    other_entity = register_entity(w, "Scuola B", email="corsi@scuola-b.example.it")
    owner, other_citizen = _citizen(w, "owner"), _citizen(w, "other_citizen")
    mine = _side(
        w,
        owner,
        company,
        cpi,
        entity,
        tag="ANNA",
        names={
            "company": "Alfa",
            "draft": "ALFA",
            "cpi": "GE",
            "place": "D969",
            "entity": "SCUOLA-A",
        },
    )
    theirs = _side(
        w,
        other_citizen,
        other_company,
        other_cpi,
        other_entity,
        tag="MARIO",
        names={
            "company": "Beta",
            "draft": "BETA",
            "cpi": "SP",
            "place": "E463",
            "entity": "SCUOLA-B",
        },
    )
    actors: dict[str, Principal] = {
        "owner": owner,
        "other_citizen": other_citizen,
        "company": company,
        "other_company": other_company,
        "cpi": cpi,
        "other_cpi": other_cpi,
        "entity": entity,
        "other_entity": other_entity,
        "operator": OPERATOR,
        "anonymous": ANONYMOUS,
        "system": SYSTEM,
    }
    with w.storage() as uow:  # an email that could not be delivered, for an operator
        oldest = uow.outbox.pending(limit=1, now=w.clock.now())[0]
        dead = uow.outbox.update(oldest.buried("SMTP 550 5.1.1 at RCPT", w.clock.now()))
        uow.commit()
    others = {f"other_{name}": value for name, value in theirs.items()}
    return actors, {**mine, **others, "dead_letter": dead}


@attrs.frozen
class _Template:
    folder: pathlib.Path
    actors: dict[str, Principal]
    ids: dict[str, Any]
    now: dt.datetime


_copies = itertools.count()
_template: list[_Template] = []
_folders: list[pathlib.Path] = []


@atexit.register
def _clean() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)


def _folder(prefix: str) -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    _folders.append(folder)
    return folder


def _sqlite_template() -> _Template:
    """The scene built once in a SQLite file, for every test to copy."""
    if not _template:
        folder = _folder("formlavoro-sec1-")
        storage = sqlite_storage(folder / "portal.db", synchronous="OFF")
        w = sql_world(storage, folder / "files", ids="scene")
        actors, ids = _build(w)
        storage.dispose()
        _template.append(_Template(folder=folder, actors=actors, ids=ids, now=w.clock.now()))
    return _template[0]


def _sqlite_scene() -> Scene:
    template = _sqlite_template()
    copy = _folder("formlavoro-sec1-copy-")
    for name in ("portal.db", "portal.db-wal"):
        if (template.folder / name).exists():
            shutil.copy(template.folder / name, copy / name)
    shutil.copytree(template.folder / "files", copy / "files")
    storage = sqlite_storage(copy / "portal.db", synchronous="OFF", migrate=False)
    w = sql_world(storage, copy / "files", ids=f"copy{next(_copies)}", start=template.now)
    made = Scene(w=w, actors=dict(template.actors), ids=dict(template.ids))
    # The test drops its scene when it ends: its connections close then, not at random
    # in a later test (Python 3.13 warns of an unclosed SQLite connection).
    weakref.finalize(made, storage.dispose)
    return made


def scene(storage: str = "memory") -> Scene:
    """A fresh scene on ``storage`` (``memory`` or ``sqlite``)."""
    if storage == "sqlite":
        return _sqlite_scene()
    w = world(start=START)
    actors, ids = _build(w)
    return Scene(w=w, actors=actors, ids=ids)


def stored(s: Scene) -> dict[str, Any]:
    """Everything the scene's storage holds, to compare before and after a call."""
    storage: Any = s.w.storage
    if isinstance(storage, InMemoryStorage):
        return storage.dump()
    assert isinstance(storage, SqlStorage)
    with storage.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in METADATA.sorted_tables
        }


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return repr(value)


def leaked(
    role: str, answer: object, *, ignore: Callable[[str], bool] = lambda _: False
) -> list[str]:
    """The markers in ``answer`` that ``role`` may not see (none, when access is right)."""
    text = _text(answer)
    return [
        marker
        for marker, viewers in MARKERS.items()
        if role not in viewers and not ignore(marker) and marker in text
    ]
