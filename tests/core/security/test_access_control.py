"""SEC-1: who may run each use case of the portal, in one table.

Every use case of ``Portal`` is run by every kind of principal: the citizen who owns the
data, another citizen, the company that owns the offer, another company, the employment
centre that organises the event, a training entity, an operator, an anonymous visitor
and the system's scheduler. A refusal is ``access.forbidden`` or a ``*.not_found`` (other
people's things are not even acknowledged); a refused call changes nothing in the store.
A test also checks that the table lists every use case there is.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

import attrs
import pytest
from returns.result import Failure, Result

from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import Preferences, Qualifications, Skill
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import OnboardingStep, SectorsAnswer
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.locale import Language
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.portal import Portal
from formlavoro_core.principals import ANONYMOUS, SYSTEM, CompanyPrincipal, Principal
from formlavoro_core.reference import SkillCategory
from formlavoro_core.reference.code_types import MunicipalityCode, SectorCode
from formlavoro_core.values import EmailAddress
from tests.core.courses.builders import course_details, register_entity
from tests.core.cv.test_attachments import make_pdf
from tests.support import ANNA, MARIO, OPERATOR, ROME, World, draft_offer, ok, world

ROLES = (
    "owner",
    "other_citizen",
    "company",
    "other_company",
    "cpi",
    "entity",
    "operator",
    "anonymous",
    "system",
)
EVERYONE = frozenset(ROLES)
CITIZENS = frozenset({"owner", "other_citizen"})
PUBLISHERS = frozenset({"company", "other_company", "cpi"})
COMPANIES = frozenset({"company", "other_company"})
OWNER = frozenset({"owner"})

# Methods of the portal's services that are not use cases: plain configuration reads.
NOT_USE_CASES = frozenset({"identity.notices"})

EVENT = EventDetails(
    name="Recruiting day",
    starts_at=dt.datetime(2026, 4, 15, 9, tzinfo=ROME),
    ends_at=dt.datetime(2026, 4, 15, 17, tzinfo=ROME),
    mode=EventMode.IN_PERSON,
    place=MunicipalityCode("D969"),
)


@attrs.define
class Scene:
    """A portal where every kind of principal owns something to ask about."""

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


def scene() -> Scene:
    w = world()
    company, other_company, cpi = w.company("Alfa"), w.company("Beta"), w.cpi()
    entity = register_entity(w)
    owner, cv = w.citizen_with_published_cv(ANNA)
    other_citizen, _ = w.citizen_with_cv(MARIO)
    attachment = ok(w.portal.cv.add_attachment(owner, cv.id, filename="cv.pdf", content=make_pdf()))
    offer = w.offer(company)
    draft = w.offer(company, publish=False, title="Bozza")
    application = ok(
        w.portal.applications.apply(owner, offer.id, ApplicationRequest(attachment=attachment.id))
    )
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (message,) = ok(w.portal.messages.inbox(owner)).items
    reply = ok(w.portal.messages.reply(owner, message.id, Reply(body="Quando?")))
    event = ok(w.portal.events.create(cpi, EVENT))
    ok(w.portal.events.join(owner, event.id))
    ticket = ok(w.portal.events.ticket(owner, event.id))
    cpi_draft = w.offer(cpi, publish=False, title="Per l'evento")
    course = ok(w.portal.courses.publish(entity, course_details()))
    search = ok(
        w.portal.offers.save_search(owner, SavedSearchRequest(name="x", query=OfferQuery()))
    )
    unlock = ok(w.portal.talent.express_interest(company, cv.id))
    actors: dict[str, Principal] = {
        "owner": owner,
        "other_citizen": other_citizen,
        "company": company,
        "other_company": other_company,
        "cpi": cpi,
        "entity": entity,
        "operator": OPERATOR,
        "anonymous": ANONYMOUS,
        "system": SYSTEM,
    }
    ids = {
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
        "search": search,
        "unlock": unlock,
    }
    return Scene(w=w, actors=actors, ids=ids)


Call = Callable[[Scene, Principal], Result[Any, DomainError]]

_ORGANISATION = OrganisationDetails(
    name="Nuova", contacts=Contacts(email=EmailAddress("info@nuova.example"))
)
_SPID = IdentityAssertion(
    method=LoginMethod.SPID, fiscal_code=ANNA, given_name="Anna", family_name="Rossi"
)
_REGISTRATION = RegionalRegistration(
    fiscal_code=MARIO,
    given_name="Mario",
    family_name="Rossi",
    email=EmailAddress("mario@example.it"),
    username="mario",
    password="password lunga",
)


def _i(s: Scene, name: str) -> Any:
    return s.ids[name].id


TABLE: dict[str, tuple[AbstractSet[str], Call]] = {
    # -- identity: before login, anyone ------------------------------------------------------
    "identity.accept_notices": (
        EVERYONE,
        lambda s, a: s.portal.identity.accept_notices(
            a, privacy_notice_version="1", citizen_regulation_version="1"
        ),
    ),
    "identity.method_info": (
        EVERYONE,
        lambda s, a: s.portal.identity.method_info(a, LoginMethod.CIE, Language.FRENCH),
    ),
    "identity.login": (
        EVERYONE,
        lambda s, a: s.portal.identity.login(a, _SPID, consent=s.w.consent()),
    ),
    "identity.register_regional": (
        EVERYONE,
        lambda s, a: s.portal.identity.register_regional(a, _REGISTRATION, consent=s.w.consent()),
    ),
    "identity.login_regional": (
        EVERYONE,
        lambda s, a: s.portal.identity.login_regional(
            a, username="anna", password="x" * 8, consent=s.w.consent(), source="192.0.2.1"
        ),
    ),
    "identity.request_password_reset": (
        EVERYONE,
        lambda s, a: s.portal.identity.request_password_reset(
            a, email="a@example.it", username="anna", source="192.0.2.1"
        ),
    ),
    "identity.reset_password": (
        EVERYONE,
        lambda s, a: s.portal.identity.reset_password(a, token="t", new_password="x" * 10),
    ),
    # -- onboarding: each citizen their own ----------------------------------------------
    "onboarding.welcome": (CITIZENS, lambda s, a: s.portal.onboarding.welcome(a)),
    "onboarding.answer": (
        CITIZENS,
        lambda s, a: s.portal.onboarding.answer(a, SectorsAnswer(sectors=(SectorCode("I"),))),
    ),
    "onboarding.answer_from_data": (
        CITIZENS,
        lambda s, a: s.portal.onboarding.answer_from_data(
            a, OnboardingStep.SECTORS, {"sectors": ["I"]}
        ),
    ),
    "onboarding.complete_from_data": (
        CITIZENS,
        lambda s, a: s.portal.onboarding.complete_from_data(a, {}),
    ),
    # -- cv: the owner only (mine: every citizen has their own) ---------------------------
    "cv.mine": (CITIZENS, lambda s, a: s.portal.cv.mine(a)),
    "cv.get": (OWNER, lambda s, a: s.portal.cv.get(a, _i(s, "cv"))),
    "cv.completion": (OWNER, lambda s, a: s.portal.cv.completion(a, _i(s, "cv"))),
    "cv.anonymised_preview": (OWNER, lambda s, a: s.portal.cv.anonymised_preview(a, _i(s, "cv"))),
    "cv.set_personal_data": (
        OWNER,
        lambda s, a: s.portal.cv.set_personal_data(a, _i(s, "cv"), s.ids["cv"].personal),
    ),
    "cv.add_entry": (
        OWNER,
        lambda s, a: s.portal.cv.add_entry(
            a, _i(s, "cv"), Skill(category=SkillCategory.BASIC, description="x")
        ),
    ),
    "cv.replace_entry": (
        OWNER,
        lambda s, a: s.portal.cv.replace_entry(
            a, _i(s, "cv"), s.ids["cv"].studies[0].id, s.ids["cv"].studies[0].value
        ),
    ),
    "cv.remove_entry": (
        OWNER,
        lambda s, a: s.portal.cv.remove_entry(a, _i(s, "cv"), s.ids["cv"].languages[0].id),
    ),
    "cv.set_qualifications": (
        OWNER,
        lambda s, a: s.portal.cv.set_qualifications(a, _i(s, "cv"), Qualifications()),
    ),
    "cv.set_preferences": (
        OWNER,
        lambda s, a: s.portal.cv.set_preferences(a, _i(s, "cv"), Preferences()),
    ),
    "cv.import_content": (
        OWNER,
        lambda s, a: s.portal.cv.import_content(a, _i(s, "cv"), {"skills": []}),
    ),
    "cv.publish": (OWNER, lambda s, a: s.portal.cv.publish(a, _i(s, "cv"))),
    "cv.add_attachment": (
        OWNER,
        lambda s, a: s.portal.cv.add_attachment(
            a, _i(s, "cv"), filename="cv2.pdf", content=make_pdf()
        ),
    ),
    "cv.attachment_content": (
        OWNER,
        lambda s, a: s.portal.cv.attachment_content(a, _i(s, "cv"), _i(s, "attachment")),
    ),
    "cv.remove_attachment": (
        OWNER,
        lambda s, a: s.portal.cv.remove_attachment(a, _i(s, "cv"), _i(s, "attachment")),
    ),
    # -- home ---------------------------------------------------------------------------
    "home.summary": (CITIZENS, lambda s, a: s.portal.home.summary(a)),
    "home.latest": (CITIZENS, lambda s, a: s.portal.home.latest(a, DashboardFilter())),
    # -- organisations ---------------------------------------------------------------------
    "organisations.register_company": (
        {"operator"},
        lambda s, a: s.portal.organisations.register_company(a, _ORGANISATION),
    ),
    "organisations.register_employment_centre": (
        {"operator"},
        lambda s, a: s.portal.organisations.register_employment_centre(a, _ORGANISATION),
    ),
    "organisations.register_training_entity": (
        {"operator"},
        lambda s, a: s.portal.organisations.register_training_entity(a, _ORGANISATION),
    ),
    "organisations.company": (
        EVERYONE,
        lambda s, a: s.portal.organisations.company(a, s.ids["offer"].publisher.id),
    ),
    "organisations.employment_centre": (
        EVERYONE,
        lambda s, a: s.portal.organisations.employment_centre(a, s.ids["event"].organiser),
    ),
    "organisations.training_entity": (
        EVERYONE,
        lambda s, a: s.portal.organisations.training_entity(a, s.ids["course"].entity),
    ),
    # -- offers ---------------------------------------------------------------------------
    "offers.create": (PUBLISHERS, lambda s, a: s.portal.offers.create(a, draft_offer())),
    "offers.update": (
        {"company"},
        lambda s, a: s.portal.offers.update(a, _i(s, "draft"), draft_offer(title="Nuovo")),
    ),
    "offers.publish": ({"company"}, lambda s, a: s.portal.offers.publish(a, _i(s, "draft"))),
    "offers.close": ({"company"}, lambda s, a: s.portal.offers.close(a, _i(s, "offer"))),
    "offers.mine": (PUBLISHERS, lambda s, a: s.portal.offers.mine(a)),
    "offers.search": (EVERYONE, lambda s, a: s.portal.offers.search(a, OfferQuery())),
    "offers.card": (EVERYONE, lambda s, a: s.portal.offers.card(a, _i(s, "offer"))),
    "offers.save_search": (
        CITIZENS,
        lambda s, a: s.portal.offers.save_search(
            a, SavedSearchRequest(name="y", query=OfferQuery())
        ),
    ),
    "offers.saved_searches": (CITIZENS, lambda s, a: s.portal.offers.saved_searches(a)),
    "offers.delete_search": (
        OWNER,
        lambda s, a: s.portal.offers.delete_search(a, _i(s, "search")),
    ),
    "offers.unsubscribe": (
        EVERYONE,
        lambda s, a: s.portal.offers.unsubscribe(a, s.ids["search"].unsubscribe_token),
    ),
    # -- applications ---------------------------------------------------------------------
    "applications.apply": (CITIZENS, lambda s, a: s.portal.applications.apply(a, _i(s, "offer"))),
    "applications.mine": (CITIZENS, lambda s, a: s.portal.applications.mine(a)),
    "applications.event_applications": (
        CITIZENS,
        lambda s, a: s.portal.applications.event_applications(a),
    ),
    "applications.get": (
        {"owner", "company"},
        lambda s, a: s.portal.applications.get(a, _i(s, "application")),
    ),
    "applications.attachment": (
        {"owner", "company"},
        lambda s, a: s.portal.applications.attachment(a, _i(s, "application")),
    ),
    "applications.for_offer": (
        {"company"},
        lambda s, a: s.portal.applications.for_offer(a, _i(s, "offer")),
    ),
    "applications.review": (
        {"company"},
        lambda s, a: s.portal.applications.review(
            a, _i(s, "application"), ApplicationStatus.SELECTED
        ),
    ),
    "applications.export_csv": (CITIZENS, lambda s, a: s.portal.applications.export_csv(a)),
    "applications.export_pdf": (CITIZENS, lambda s, a: s.portal.applications.export_pdf(a)),
    # -- courses --------------------------------------------------------------------------
    "courses.publish": ({"entity"}, lambda s, a: s.portal.courses.publish(a, course_details())),
    "courses.update": (
        {"entity"},
        lambda s, a: s.portal.courses.update(a, _i(s, "course"), course_details(title="Nuovo")),
    ),
    "courses.withdraw": ({"entity"}, lambda s, a: s.portal.courses.withdraw(a, _i(s, "course"))),
    "courses.mine": ({"entity"}, lambda s, a: s.portal.courses.mine(a)),
    "courses.search": (EVERYONE, lambda s, a: s.portal.courses.search(a, CourseQuery())),
    "courses.card": (EVERYONE, lambda s, a: s.portal.courses.card(a, _i(s, "course"))),
    # -- events ----------------------------------------------------------------------------
    "events.create": ({"cpi"}, lambda s, a: s.portal.events.create(a, EVENT)),
    "events.set_registration": (
        {"cpi"},
        lambda s, a: s.portal.events.set_registration(a, _i(s, "event"), is_open=False),
    ),
    "events.attach_offer": (
        {"cpi"},
        lambda s, a: s.portal.events.attach_offer(
            a, _i(s, "event"), _i(s, "cpi_draft"), preselection=True
        ),
    ),
    "events.participants": ({"cpi"}, lambda s, a: s.portal.events.participants(a, _i(s, "event"))),
    "events.check_in": ({"cpi"}, lambda s, a: s.portal.events.check_in(a, s.ids["ticket"].code)),
    "events.listing": (EVERYONE, lambda s, a: s.portal.events.listing(a)),
    "events.join": (CITIZENS, lambda s, a: s.portal.events.join(a, _i(s, "event"))),
    "events.ticket": (CITIZENS, lambda s, a: s.portal.events.ticket(a, _i(s, "event"))),
    "events.ticket_file": (CITIZENS, lambda s, a: s.portal.events.ticket_file(a, _i(s, "event"))),
    "events.offers": (CITIZENS, lambda s, a: s.portal.events.offers(a)),
    "events.calendar_file": (
        EVERYONE,
        lambda s, a: s.portal.events.calendar_file(a, _i(s, "event")),
    ),
    # -- messages ---------------------------------------------------------------------------
    "messages.inbox": (CITIZENS, lambda s, a: s.portal.messages.inbox(a)),
    "messages.unread_count": (CITIZENS, lambda s, a: s.portal.messages.unread_count(a)),
    "messages.open": (OWNER, lambda s, a: s.portal.messages.open(a, _i(s, "message"))),
    "messages.thread": (OWNER, lambda s, a: s.portal.messages.thread(a, _i(s, "message"))),
    "messages.reply": (
        OWNER,
        lambda s, a: s.portal.messages.reply(a, _i(s, "message"), Reply(body="Grazie")),
    ),
    "messages.replies_received": (
        PUBLISHERS,
        lambda s, a: s.portal.messages.replies_received(a),
    ),
    "messages.answer": (
        {"company"},
        lambda s, a: s.portal.messages.answer(a, _i(s, "reply"), Reply(body="Alle 18.")),
    ),
    # -- company side of CVs -----------------------------------------------------------------
    "talent.browse": (COMPANIES, lambda s, a: s.portal.talent.browse(a, CvQuery())),
    "talent.view": (COMPANIES, lambda s, a: s.portal.talent.view(a, _i(s, "cv"))),
    "talent.express_interest": (
        COMPANIES,
        lambda s, a: s.portal.talent.express_interest(a, _i(s, "cv")),
    ),
    "talent.requests_sent": (COMPANIES, lambda s, a: s.portal.talent.requests_sent(a)),
    "talent.requests_received": (CITIZENS, lambda s, a: s.portal.talent.requests_received(a)),
    "talent.unlock": (OWNER, lambda s, a: s.portal.talent.unlock(a, _i(s, "unlock"))),
    "talent.refuse": (OWNER, lambda s, a: s.portal.talent.refuse(a, _i(s, "unlock"))),
    "talent.revoke": (OWNER, lambda s, a: s.portal.talent.revoke(a, _i(s, "unlock"))),
    # -- the scheduler ---------------------------------------------------------------------
    "jobs.run_due": ({"system"}, lambda s, a: s.portal.jobs.run_due(a)),
    "mail.deliver_pending": ({"system"}, lambda s, a: s.portal.mail.deliver_pending(a)),
}


def _use_cases(portal: Portal) -> set[str]:
    names = set()
    for context, service in vars(portal).items():
        if not type(service).__module__.startswith("formlavoro_core.") or context in {
            "config",
            "reference",
        }:
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                names.add(f"{context}.{name}")
    return names - NOT_USE_CASES


def _refused(result: Result[Any, DomainError]) -> bool:
    if not isinstance(result, Failure):
        return False
    code: str = result.failure().code
    return code == "access.forbidden" or code.endswith(".not_found")


def test_sec_1_the_table_covers_every_use_case_of_the_portal() -> None:
    """SEC-1: no use case escapes the access-control table."""
    assert _use_cases(scene().portal) == set(TABLE)


@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_sec_1_only_the_principals_of_the_table_may_run_the_use_case(use_case: str) -> None:
    """SEC-1: everyone else is refused, and a refusal changes nothing."""
    allowed, call = TABLE[use_case]
    refused_scene = scene()
    for role in ROLES:
        if role in allowed:
            continue
        before = refused_scene.w.storage.dump()
        result = call(refused_scene, refused_scene.actors[role])
        assert _refused(result), f"{use_case} by {role}: {result!r}"
        assert refused_scene.w.storage.dump() == before, f"{use_case} by {role} changed data"
    for role in sorted(allowed):
        allowed_scene = scene()
        result = call(allowed_scene, allowed_scene.actors[role])
        assert not _refused(result), f"{use_case} by {role} was refused: {result!r}"
