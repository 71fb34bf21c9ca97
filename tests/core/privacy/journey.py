"""A citizen with something in every repository that holds personal data (SEC-4 tests).

Each of Zenobia's values is unique to her, so that finding one anywhere after her
erasure is a leak; Marcello's stay, and show that the erasure took only hers.
"""

from __future__ import annotations

from typing import Any

import attrs

from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal
from formlavoro_core.reference import EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.core.security.parties import EVENT, pdf
from tests.support import World, from_publishers, ok

ZENOBIA = {
    "given_name": "Zenobia",
    "family_name": "Quaglierini",
    "fiscal_code": "QGLZNB91L43D969U",
    "email": "zenobia.quaglierini@example.it",
    "phone": "+39 010 777 4242",
    "cover_letter": "Lavoro volentieri nei turni serali ZQ7731",
    "reply": "Posso venire giovedi ZQ5512",
    "search": "Cucine di Genova ZQ9031",
    "attachment": "ALLEGATO-ZQ4417",
}
"""Zenobia's values: name, fiscal code, email and the texts she wrote."""

MARCELLO = {
    "given_name": "Marcello",
    "family_name": "Bianchetti",
    "fiscal_code": "RSSMRA85T10A562S",
    "email": "marcello.bianchetti@example.it",
    "cover_letter": "Ho esperienza in pasticceria MB2210",
}


def _citizen(w: World, who: dict[str, str]) -> CitizenPrincipal:
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode.parse(who["fiscal_code"]),
        given_name=who["given_name"],
        family_name=who["family_name"],
        email=EmailAddress(who["email"]),
        level=AssuranceLevel.SUBSTANTIAL,
    )
    citizen = ok(w.portal.identity.login(ANONYMOUS, assertion, consent=w.consent())).principal
    cv = w.onboard(citizen)
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber(who.get("phone", "+39 010 555 0101")),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))
    study = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero")
    ok(w.portal.cv.replace_entry(citizen, cv.id, cv.studies[0].id, study))
    english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
    ok(w.portal.cv.add_entry(citizen, cv.id, english))
    ok(w.portal.cv.publish(citizen, cv.id))
    return citizen


def journey(w: World) -> dict[str, Any]:
    """Zenobia and Marcello apply, reply, join an event, save searches; Zenobia unlocks."""
    p = w.portal
    company, cpi = w.company("Trattoria del Porto"), w.cpi("CPI Genova")
    offer = w.offer(company, title="Cuoco/a di linea")
    event = ok(p.events.create(cpi, EVENT))
    ids: dict[str, Any] = {"company": company, "cpi": cpi, "offer": offer, "event": event}
    for name, who in (("zenobia", ZENOBIA), ("marcello", MARCELLO)):
        citizen = _citizen(w, who)
        cv = ok(p.cv.mine(citizen))
        marker = who.get("attachment", "ALLEGATO-MB")
        attachment = ok(p.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=pdf(marker)))
        request = ApplicationRequest(cover_letter=who["cover_letter"], attachment=attachment.id)
        application = ok(p.applications.apply(citizen, offer.id, request))
        ok(p.applications.review(company, application.id, ApplicationStatus.INTERESTED))
        (message,) = from_publishers(ok(p.messages.inbox(citizen)).items)
        ok(p.messages.reply(citizen, message.id, Reply(body=who.get("reply", "Grazie MB"))))
        ok(p.events.join(citizen, event.id))
        search = SavedSearchRequest(name=who.get("search", "Ricerca MB"), query=OfferQuery())
        ok(p.offers.save_search(citizen, search))
        unlock = ok(p.talent.express_interest(company, cv.id))
        ok(p.talent.unlock(citizen, unlock.id))
        ok(p.applications.get(company, application.id))
        ids[name] = citizen
        ids[f"{name}_cv"] = cv
        ids[f"{name}_application"] = application
        ids[f"{name}_attachment"] = attachment
    return ids
