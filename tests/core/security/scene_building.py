"""What each party of the access-control tests owns (SEC-1), and the scene built from it.

Each citizen deals with one company, one employment centre and one training entity:
a CV with an attachment, an application, messages, an event and its ticket, drafts,
courses, a saved search and an unlock request, with the markers of ``parties.MARKERS``
in their private texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

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
from tests.core.courses.builders import course_details, register_entity
from tests.support import ANNA, MARIO, OPERATOR, ROME, World, from_publishers, ok

__all__ = ["EVENT", "Scene", "build", "event_details", "pdf"]

_PEOPLE = {
    "owner": (ANNA, "Annunziata", "Rossetti", "annunziata.rossetti@example.it"),
    "other_citizen": (MARIO, "Marcello", "Bianchini", "marcello.bianchini@example.it"),
}


def pdf(marker: str) -> bytes:
    """A minimal PDF carrying ``marker`` in a comment (attachments' checks accept it)."""
    return (
        b"%PDF-1.4\n%" + marker.encode() + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def event_details(name: str, place: str) -> EventDetails:
    """A one-day recruiting event in ``place``."""
    return EventDetails(
        name=name,
        starts_at=dt.datetime(2026, 4, 15, 9, tzinfo=ROME),
        ends_at=dt.datetime(2026, 4, 15, 17, tzinfo=ROME),
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode(place),
    )


EVENT = event_details("Recruiting day", "D969")


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
    event = ok(p.events.create(cpi, event_details(f"Giornata {names['cpi']}", names["place"])))
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


def build(w: World) -> tuple[dict[str, Principal], dict[str, Any]]:
    """Every party of the scene, and what each owns, on the portal of ``w``."""
    """Every party of the scene, and what each owns, on the portal of ``w``."""
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
