"""SEC-1: who may run each use case of the portal, in one table (issue 9, points 12, 16).

Every use case of ``Portal`` is run by every party of :mod:`tests.core.security.parties`:
the citizen who owns the data and another citizen, the company that owns the offer and
another company, the employment centre that organises the event and another one, the
training entity that owns the course and another one, an operator, an anonymous visitor
and the system's scheduler. One rule decides the refusals (point 12):

* the wrong **kind** of principal gets ``access.forbidden``;
* the right kind asking about another party's record gets ``<entity>.not_found``, as
  if it did not exist (``check_in`` answers ``event.ticket.invalid`` to another centre's
  ticket), so that an identifier reveals nothing;
* a refused call changes nothing in the store.

Allowed calls are checked too (point 16): no answer, whether a value or a failure,
carries another party's private data (see :data:`~tests.core.security.parties.MARKERS`).
Everything runs on memory and on a SQLite file. A test also checks that the table lists
every use case there is.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

import attrs
import pytest
from returns.result import Failure, Result, Success

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import Preferences, Qualifications, Skill
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError
from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import OnboardingStep, SectorsAnswer
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.identity.sessions import Session
from formlavoro_core.locale import Language
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.portal import Portal
from formlavoro_core.principals import CitizenPrincipal, Principal
from formlavoro_core.reference import SkillCategory
from formlavoro_core.reference.code_types import SectorCode
from formlavoro_core.values import EmailAddress
from tests.adapters.sql.workers.scene import fiscal_code
from tests.core.courses.builders import course_details
from tests.core.security.parties import (
    EVENT,
    KIND,
    ROLES,
    STORAGES,
    Scene,
    leaked,
    pdf,
    scene,
    stored,
)
from tests.support import draft_offer

__all__ = ["TABLE", "Rule", "Scene", "scene"]

EVERYONE = frozenset(ROLES)
CITIZENS = frozenset({"owner", "other_citizen"})
COMPANIES = frozenset({"company", "other_company"})
CPIS = frozenset({"cpi", "other_cpi"})
PUBLISHERS = COMPANIES | CPIS
ENTITIES = frozenset({"entity", "other_entity"})
OWNER = frozenset({"owner"})

ANY_KIND = frozenset(KIND.values())
CITIZEN = frozenset({"citizen"})
PUBLISHER = frozenset({"company", "cpi"})

# Methods of the portal's services that are not use cases: plain configuration reads.
NOT_USE_CASES = frozenset({"identity.notices"})

Call = Callable[[Scene, Principal], Result[Any, DomainError]]


@attrs.frozen
class Rule:
    """Who may run a use case.

    Attributes:
        kinds: the kinds of principal it is for; any other kind is ``access.forbidden``.
        allowed: the roles it answers; the others of the right kinds ask about another
            party's record and get ``refusal`` (a ``*.not_found`` by default).
        call: the call, with the owner's records.
        refusal: the code for the right kind asking about another party's record.
        bearer: the call carries a credential of the owner (an unsubscribe link's
            token): its answer may show what the owner sees, whoever sends it.
    """

    kinds: AbstractSet[str]
    allowed: AbstractSet[str]
    call: Call
    refusal: str = ".not_found"
    bearer: bool = False


_ORGANISATION = OrganisationDetails(
    name="Nuova", contacts=Contacts(email=EmailAddress("info@nuova.example"))
)
_NEWCOMER = fiscal_code(7)
_SPID = IdentityAssertion(
    method=LoginMethod.SPID, fiscal_code=_NEWCOMER, given_name="Nuovo", family_name="Arrivato"
)
_REGISTRATION = RegionalRegistration(
    fiscal_code=fiscal_code(8),
    given_name="Nuova",
    family_name="Iscritta",
    email=EmailAddress("nuova@example.it"),
    username="nuova",
    password="password lunga",
)


def _i(s: Scene, name: str) -> Any:
    return s.ids[name].id


def _owner_session(s: Scene) -> Session:
    """The session of the owner's login (generation 0: nobody logged out yet)."""
    owner = s.actors["owner"]
    assert isinstance(owner, CitizenPrincipal)
    return Session(
        account_id=owner.account_id,
        generation=0,
        method=LoginMethod.SPID,
        started_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )


def _anyone(call: Call) -> Rule:
    return Rule(ANY_KIND, EVERYONE, call)


def _citizens(call: Call) -> Rule:
    return Rule(CITIZEN, CITIZENS, call)


def _owner(call: Call) -> Rule:
    return Rule(CITIZEN, OWNER, call)


TABLE: dict[str, Rule] = {
    # -- identity: before login, anyone ------------------------------------------------------
    "identity.accept_notices": _anyone(
        lambda s, a: s.portal.identity.accept_notices(
            a, privacy_notice_version="1", citizen_regulation_version="1"
        )
    ),
    "identity.method_info": _anyone(
        lambda s, a: s.portal.identity.method_info(a, LoginMethod.CIE, Language.FRENCH)
    ),
    "identity.login": _anyone(
        lambda s, a: s.portal.identity.login(a, _SPID, consent=s.w.consent())
    ),
    "identity.register_regional": _anyone(
        lambda s, a: s.portal.identity.register_regional(a, _REGISTRATION, consent=s.w.consent())
    ),
    "identity.login_regional": _anyone(
        lambda s, a: s.portal.identity.login_regional(
            a, username="anna", password="x" * 8, consent=s.w.consent(), source="192.0.2.1"
        )
    ),
    "identity.request_password_reset": _anyone(
        lambda s, a: s.portal.identity.request_password_reset(
            a, email="a@example.it", username="anna", source="192.0.2.1"
        )
    ),
    "identity.reset_password": _anyone(
        lambda s, a: s.portal.identity.reset_password(a, token="t", new_password="x" * 10)
    ),
    # ID-7: the owner ends their own session, and the portal ends it for the identity
    # provider's single logout; another citizen's attempt finds it ended.
    "identity.logout": Rule(
        frozenset({"citizen", "system"}),
        frozenset({"owner", "system"}),
        lambda s, a: s.portal.identity.logout(a, _owner_session(s)),
        refusal=".session.ended",
    ),
    "identity.set_language": _citizens(
        lambda s, a: s.portal.identity.set_language(a, Language.GERMAN)
    ),
    # The session is the owner's credential: whoever holds it sees its principal.
    "identity.check_session": Rule(
        ANY_KIND,
        EVERYONE,
        lambda s, a: s.portal.identity.check_session(a, _owner_session(s)),
        bearer=True,
    ),
    # -- onboarding: each citizen their own ----------------------------------------------
    "onboarding.welcome": _citizens(lambda s, a: s.portal.onboarding.welcome(a)),
    "onboarding.answer": _citizens(
        lambda s, a: s.portal.onboarding.answer(a, SectorsAnswer(sectors=(SectorCode("I"),)))
    ),
    "onboarding.answer_from_data": _citizens(
        lambda s, a: s.portal.onboarding.answer_from_data(
            a, OnboardingStep.SECTORS, {"sectors": ["I"]}
        )
    ),
    "onboarding.complete_from_data": _citizens(
        lambda s, a: s.portal.onboarding.complete_from_data(a, {})
    ),
    # -- cv: the owner only (mine: every citizen has their own) ---------------------------
    "cv.mine": _citizens(lambda s, a: s.portal.cv.mine(a)),
    "cv.get": _owner(lambda s, a: s.portal.cv.get(a, _i(s, "cv"))),
    "cv.completion": _owner(lambda s, a: s.portal.cv.completion(a, _i(s, "cv"))),
    "cv.publication_status": _owner(lambda s, a: s.portal.cv.publication_status(a, _i(s, "cv"))),
    "cv.anonymised_preview": _owner(lambda s, a: s.portal.cv.anonymised_preview(a, _i(s, "cv"))),
    "cv.set_personal_data": _owner(
        lambda s, a: s.portal.cv.set_personal_data(a, _i(s, "cv"), s.ids["cv"].personal)
    ),
    "cv.add_entry": _owner(
        lambda s, a: s.portal.cv.add_entry(
            a, _i(s, "cv"), Skill(category=SkillCategory.BASIC, description="x")
        )
    ),
    "cv.replace_entry": _owner(
        lambda s, a: s.portal.cv.replace_entry(
            a, _i(s, "cv"), s.ids["cv"].studies[0].id, s.ids["cv"].studies[0].value
        )
    ),
    "cv.remove_entry": _owner(
        lambda s, a: s.portal.cv.remove_entry(a, _i(s, "cv"), s.ids["cv"].languages[0].id)
    ),
    "cv.set_qualifications": _owner(
        lambda s, a: s.portal.cv.set_qualifications(a, _i(s, "cv"), Qualifications())
    ),
    "cv.set_preferences": _owner(
        lambda s, a: s.portal.cv.set_preferences(a, _i(s, "cv"), Preferences())
    ),
    "cv.import_content": _owner(
        lambda s, a: s.portal.cv.import_content(a, _i(s, "cv"), {"skills": []})
    ),
    "cv.publish": _owner(lambda s, a: s.portal.cv.publish(a, _i(s, "cv"))),
    "cv.export_json_resume": _owner(lambda s, a: s.portal.cv.export_json_resume(a, _i(s, "cv"))),
    "cv.export_europass": _owner(lambda s, a: s.portal.cv.export_europass(a, _i(s, "cv"))),
    "cv.import_json_resume": _owner(
        lambda s, a: s.portal.cv.import_json_resume(a, _i(s, "cv"), {"skills": []})
    ),
    "cv.add_attachment": _owner(
        lambda s, a: s.portal.cv.add_attachment(
            a, _i(s, "cv"), filename="cv2.pdf", content=pdf("second")
        )
    ),
    "cv.attachment_content": _owner(
        lambda s, a: s.portal.cv.attachment_content(a, _i(s, "cv"), _i(s, "attachment"))
    ),
    "cv.remove_attachment": _owner(
        lambda s, a: s.portal.cv.remove_attachment(a, _i(s, "cv"), _i(s, "attachment"))
    ),
    # -- home ---------------------------------------------------------------------------
    "home.summary": _citizens(lambda s, a: s.portal.home.summary(a)),
    "home.latest": _citizens(lambda s, a: s.portal.home.latest(a, DashboardFilter())),
    # -- organisations ---------------------------------------------------------------------
    "organisations.register_company": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_company(a, _ORGANISATION),
    ),
    "organisations.register_employment_centre": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_employment_centre(a, _ORGANISATION),
    ),
    "organisations.register_training_entity": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_training_entity(a, _ORGANISATION),
    ),
    "organisations.company": _anyone(
        lambda s, a: s.portal.organisations.company(a, s.ids["offer"].publisher.id)
    ),
    "organisations.employment_centre": _anyone(
        lambda s, a: s.portal.organisations.employment_centre(a, s.ids["event"].organiser)
    ),
    "organisations.training_entity": _anyone(
        lambda s, a: s.portal.organisations.training_entity(a, s.ids["course"].entity)
    ),
    # -- offers ---------------------------------------------------------------------------
    "offers.create": Rule(
        PUBLISHER, PUBLISHERS, lambda s, a: s.portal.offers.create(a, draft_offer())
    ),
    "offers.update": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.offers.update(a, _i(s, "draft"), draft_offer(title="Nuovo")),
    ),
    "offers.publish": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.offers.publish(a, _i(s, "draft"))
    ),
    "offers.close": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.offers.close(a, _i(s, "offer"))
    ),
    "offers.mine": Rule(PUBLISHER, PUBLISHERS, lambda s, a: s.portal.offers.mine(a)),
    "offers.search": _anyone(lambda s, a: s.portal.offers.search(a, OfferQuery())),
    "offers.card": _anyone(lambda s, a: s.portal.offers.card(a, _i(s, "offer"))),
    "offers.job_posting": _anyone(lambda s, a: s.portal.offers.job_posting(a, _i(s, "offer"))),
    "offers.save_search": _citizens(
        lambda s, a: s.portal.offers.save_search(
            a, SavedSearchRequest(name="y", query=OfferQuery())
        )
    ),
    "offers.saved_searches": _citizens(lambda s, a: s.portal.offers.saved_searches(a)),
    "offers.delete_search": _owner(lambda s, a: s.portal.offers.delete_search(a, _i(s, "search"))),
    "offers.unsubscribe": Rule(
        ANY_KIND,
        EVERYONE,
        lambda s, a: s.portal.offers.unsubscribe(a, s.ids["search"].unsubscribe_token),
        bearer=True,
    ),
    # -- applications ---------------------------------------------------------------------
    "applications.apply": _citizens(lambda s, a: s.portal.applications.apply(a, _i(s, "offer"))),
    "applications.mine": _citizens(lambda s, a: s.portal.applications.mine(a)),
    "applications.event_applications": _citizens(
        lambda s, a: s.portal.applications.event_applications(a)
    ),
    "applications.get": Rule(
        CITIZEN | PUBLISHER,
        {"owner", "company"},
        lambda s, a: s.portal.applications.get(a, _i(s, "application")),
    ),
    "applications.attachment": Rule(
        CITIZEN | PUBLISHER,
        {"owner", "company"},
        lambda s, a: s.portal.applications.attachment(a, _i(s, "application")),
    ),
    "applications.for_offer": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.applications.for_offer(a, _i(s, "offer"))
    ),
    "applications.review": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.applications.review(
            a, _i(s, "application"), ApplicationStatus.SELECTED
        ),
    ),
    "applications.export_csv": _citizens(lambda s, a: s.portal.applications.export_csv(a)),
    "applications.export_pdf": _citizens(lambda s, a: s.portal.applications.export_pdf(a)),
    # -- courses --------------------------------------------------------------------------
    "courses.publish": Rule(
        {"entity"}, ENTITIES, lambda s, a: s.portal.courses.publish(a, course_details())
    ),
    "courses.update": Rule(
        {"entity"},
        {"entity"},
        lambda s, a: s.portal.courses.update(a, _i(s, "course"), course_details(title="Nuovo")),
    ),
    "courses.withdraw": Rule(
        {"entity"}, {"entity"}, lambda s, a: s.portal.courses.withdraw(a, _i(s, "course"))
    ),
    "courses.mine": Rule({"entity"}, ENTITIES, lambda s, a: s.portal.courses.mine(a)),
    "courses.search": _anyone(lambda s, a: s.portal.courses.search(a, CourseQuery())),
    "courses.card": _anyone(lambda s, a: s.portal.courses.card(a, _i(s, "course"))),
    # -- events ----------------------------------------------------------------------------
    "events.create": Rule({"cpi"}, CPIS, lambda s, a: s.portal.events.create(a, EVENT)),
    "events.set_registration": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.set_registration(a, _i(s, "event"), is_open=False),
    ),
    "events.attach_offer": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.attach_offer(
            a, _i(s, "event"), _i(s, "cpi_draft"), preselection=True
        ),
    ),
    "events.participants": Rule(
        {"cpi"}, {"cpi"}, lambda s, a: s.portal.events.participants(a, _i(s, "event"))
    ),
    "events.check_in": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.check_in(a, s.ids["ticket"].code),
        refusal="event.ticket.invalid",
    ),
    "events.listing": _anyone(lambda s, a: s.portal.events.listing(a)),
    "events.join": _citizens(lambda s, a: s.portal.events.join(a, _i(s, "event"))),
    "events.ticket": _citizens(lambda s, a: s.portal.events.ticket(a, _i(s, "event"))),
    "events.ticket_file": _citizens(lambda s, a: s.portal.events.ticket_file(a, _i(s, "event"))),
    "events.offers": _citizens(lambda s, a: s.portal.events.offers(a)),
    "events.calendar_file": _anyone(lambda s, a: s.portal.events.calendar_file(a, _i(s, "event"))),
    # -- messages ---------------------------------------------------------------------------
    "messages.inbox": _citizens(lambda s, a: s.portal.messages.inbox(a)),
    "messages.unread_count": _citizens(lambda s, a: s.portal.messages.unread_count(a)),
    "messages.open": _owner(lambda s, a: s.portal.messages.open(a, _i(s, "message"))),
    "messages.thread": _owner(lambda s, a: s.portal.messages.thread(a, _i(s, "message"))),
    "messages.reply": _owner(
        lambda s, a: s.portal.messages.reply(a, _i(s, "message"), Reply(body="Grazie"))
    ),
    "messages.replies_received": Rule(
        PUBLISHER, PUBLISHERS, lambda s, a: s.portal.messages.replies_received(a)
    ),
    "messages.answer": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.messages.answer(a, _i(s, "reply"), Reply(body="Alle 18.")),
    ),
    # -- company side of CVs -----------------------------------------------------------------
    "talent.browse": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.browse(a, CvQuery())
    ),
    "talent.view": Rule({"company"}, COMPANIES, lambda s, a: s.portal.talent.view(a, _i(s, "cv"))),
    "talent.express_interest": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.express_interest(a, _i(s, "cv"))
    ),
    "talent.requests_sent": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.requests_sent(a)
    ),
    "matching.rank_candidates": Rule(
        {"company"}, {"company"}, lambda s, a: s.portal.matching.rank_candidates(a, _i(s, "offer"))
    ),
    "matching.suggest_offers": _citizens(lambda s, a: s.portal.matching.suggest_offers(a)),
    "talent.requests_received": _citizens(lambda s, a: s.portal.talent.requests_received(a)),
    "talent.unlock": _owner(lambda s, a: s.portal.talent.unlock(a, _i(s, "unlock"))),
    "talent.refuse": _owner(lambda s, a: s.portal.talent.refuse(a, _i(s, "unlock"))),
    "talent.revoke": _owner(lambda s, a: s.portal.talent.revoke(a, _i(s, "unlock"))),
    # -- data rights (SEC-3, SEC-4): each citizen their own; operators name the account -----
    "privacy.access_log": _citizens(lambda s, a: s.portal.privacy.access_log(a)),
    "privacy.export": _citizens(lambda s, a: s.portal.privacy.export(a)),
    "privacy.erase": _citizens(lambda s, a: s.portal.privacy.erase(a)),
    "privacy.verify_audit": Rule(
        {"operator", "system"},
        {"operator", "system"},
        lambda s, a: s.portal.privacy.verify_audit(a),
    ),
    "privacy.prune_audit": Rule(
        {"system"}, {"system"}, lambda s, a: s.portal.privacy.prune_audit(a)
    ),
    # -- the scheduler ---------------------------------------------------------------------
    "jobs.run_due": Rule({"system"}, {"system"}, lambda s, a: s.portal.jobs.run_due(a)),
    "mail.dead_letters": Rule(
        {"operator", "system"}, {"operator", "system"}, lambda s, a: s.portal.mail.dead_letters(a)
    ),
    "mail.requeue": Rule(
        {"operator", "system"},
        {"operator", "system"},
        lambda s, a: s.portal.mail.requeue(a, _i(s, "dead_letter")),
    ),
    "mail.deliver_pending": Rule(
        {"system"}, {"system"}, lambda s, a: s.portal.mail.deliver_pending(a)
    ),
}


def _use_cases(portal: Portal) -> set[str]:
    names = set()
    for context, service in vars(portal).items():
        if not type(service).__module__.startswith("formlavoro_core.") or context in {
            "config",
            "reference",
            "texts",
        }:
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                names.add(f"{context}.{name}")
    return names - NOT_USE_CASES


def _code(result: Result[Any, DomainError]) -> str | None:
    return result.failure().code if isinstance(result, Failure) else None


def _answer(result: Result[Any, DomainError]) -> object:
    return result.unwrap() if isinstance(result, Success) else result.failure().to_dict()


def test_sec_1_the_table_covers_every_use_case_of_the_portal() -> None:
    """SEC-1: no use case escapes the access-control table."""
    assert _use_cases(scene().portal) == set(TABLE)


def test_sec_1_the_rule_of_each_row_is_consistent() -> None:
    """SEC-1 / point 12: the roles a row allows are of the kinds it is for."""
    for use_case, rule in TABLE.items():
        assert {KIND[role] for role in rule.allowed} <= rule.kinds, use_case


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_sec_1_the_wrong_kind_is_forbidden_another_partys_record_is_not_found(
    use_case: str, storage: str
) -> None:
    """SEC-1 / points 12, 16: refusals by kind, then by owner, and they change nothing.

    The answer to a refused call carries no private data of anyone the caller may not
    see either.
    """
    rule = TABLE[use_case]
    s = scene(storage)
    for role in ROLES:
        if role in rule.allowed:
            continue
        before = stored(s)
        result = rule.call(s, s.actors[role])
        code = _code(result)
        if KIND[role] not in rule.kinds:
            assert code == "access.forbidden", f"{use_case} by {role}: {result!r}"
        else:
            assert code is not None, f"{use_case} by {role} answered {result!r}"
            assert code.endswith(rule.refusal), f"{use_case} by {role}: {result!r}"
        assert stored(s) == before, f"{use_case} by {role} changed data"
        assert leaked(role, _answer(result)) == [], f"{use_case} by {role}: {result!r}"


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_sec_1_allowed_calls_answer_and_show_nobody_elses_data(use_case: str, storage: str) -> None:
    """SEC-1 / point 16: the roles of the table are served, with their own data only."""
    rule = TABLE[use_case]
    s = scene(storage)
    for role in sorted(rule.allowed):
        before = stored(s)
        result = rule.call(s, s.actors[role])
        code = _code(result)
        assert code != "access.forbidden", f"{use_case} by {role} was refused: {result!r}"
        assert code is None or not code.endswith(".not_found"), f"{use_case} by {role}: {code}"
        viewer = "owner" if rule.bearer else role
        assert leaked(viewer, _answer(result)) == [], f"{use_case} by {role}: {result!r}"
        if stored(s) != before:  # the next role starts from the scene as built
            s = scene(storage)


@pytest.mark.parametrize("storage", STORAGES)
def test_sec_1_the_private_markers_are_where_the_leak_check_looks(storage: str) -> None:
    """Point 16: the check can fail: the owner's application shows her markers.

    Her company sees them (AP-6); read by anyone else, the same answer would be a leak.
    """
    s = scene(storage)
    answer = _answer(TABLE["applications.get"].call(s, s.actors["company"]))
    assert leaked("company", answer) == []
    assert {"Annunziata", "LETTERA-ANNA", "RSSNNA85T50D969K"} <= set(
        leaked("other_company", answer)
    )
    attachment = _answer(TABLE["applications.attachment"].call(s, s.actors["company"]))
    assert leaked("cpi", attachment) == ["ALLEGATO-ANNA"]
