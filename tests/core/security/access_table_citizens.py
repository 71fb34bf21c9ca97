"""SEC-1: the access-control table's rows for the citizen's account and data.

Identity (before login, anyone; logout and the session's check), onboarding, the CV,
the home page, and the data rights of SEC-3 and SEC-4 with the audit log's upkeep.
"""

from __future__ import annotations

import datetime as dt

from formlavoro_core.cv.model import Preferences, Qualifications, Skill
from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import OnboardingStep, SectorsAnswer
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.identity.sessions import Session
from formlavoro_core.locale import Language
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.reference import SkillCategory
from formlavoro_core.reference.code_types import SectorCode
from formlavoro_core.values import EmailAddress
from tests.adapters.sql.workers.scene import fiscal_code
from tests.core.security.access_rules import (
    ANY_KIND,
    EVERYONE,
    Rule,
    anyone,
    citizens,
    id_of,
    owner,
)
from tests.core.security.parties import Scene, pdf

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


def _owner_session(s: Scene) -> Session:
    """The session of the owner's login (generation 0: nobody logged out yet)."""
    citizen = s.actors["owner"]
    assert isinstance(citizen, CitizenPrincipal)
    return Session(
        account_id=citizen.account_id,
        generation=0,
        method=LoginMethod.SPID,
        started_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
    )


CITIZENS_TABLE: dict[str, Rule] = {
    # -- identity: before login, anyone ------------------------------------------------------
    "identity.accept_notices": anyone(
        lambda s, a: s.portal.identity.accept_notices(
            a, privacy_notice_version="1", citizen_regulation_version="1"
        )
    ),
    "identity.method_info": anyone(
        lambda s, a: s.portal.identity.method_info(a, LoginMethod.CIE, Language.FRENCH)
    ),
    "identity.login": anyone(lambda s, a: s.portal.identity.login(a, _SPID, consent=s.w.consent())),
    "identity.register_regional": anyone(
        lambda s, a: s.portal.identity.register_regional(a, _REGISTRATION, consent=s.w.consent())
    ),
    "identity.login_regional": anyone(
        lambda s, a: s.portal.identity.login_regional(
            a, username="anna", password="x" * 8, consent=s.w.consent(), source="192.0.2.1"
        )
    ),
    "identity.request_password_reset": anyone(
        lambda s, a: s.portal.identity.request_password_reset(
            a, email="a@example.it", username="anna", source="192.0.2.1"
        )
    ),
    "identity.reset_password": anyone(
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
    "identity.set_language": citizens(
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
    "onboarding.welcome": citizens(lambda s, a: s.portal.onboarding.welcome(a)),
    "onboarding.answer": citizens(
        lambda s, a: s.portal.onboarding.answer(a, SectorsAnswer(sectors=(SectorCode("I"),)))
    ),
    "onboarding.answer_from_data": citizens(
        lambda s, a: s.portal.onboarding.answer_from_data(
            a, OnboardingStep.SECTORS, {"sectors": ["I"]}
        )
    ),
    "onboarding.complete_from_data": citizens(
        lambda s, a: s.portal.onboarding.complete_from_data(a, {})
    ),
    # -- cv: the owner only (mine: every citizen has their own) ---------------------------
    "cv.mine": citizens(lambda s, a: s.portal.cv.mine(a)),
    "cv.get": owner(lambda s, a: s.portal.cv.get(a, id_of(s, "cv"))),
    "cv.completion": owner(lambda s, a: s.portal.cv.completion(a, id_of(s, "cv"))),
    "cv.publication_status": owner(lambda s, a: s.portal.cv.publication_status(a, id_of(s, "cv"))),
    "cv.anonymised_preview": owner(lambda s, a: s.portal.cv.anonymised_preview(a, id_of(s, "cv"))),
    "cv.set_personal_data": owner(
        lambda s, a: s.portal.cv.set_personal_data(a, id_of(s, "cv"), s.ids["cv"].personal)
    ),
    "cv.add_entry": owner(
        lambda s, a: s.portal.cv.add_entry(
            a, id_of(s, "cv"), Skill(category=SkillCategory.BASIC, description="x")
        )
    ),
    "cv.replace_entry": owner(
        lambda s, a: s.portal.cv.replace_entry(
            a, id_of(s, "cv"), s.ids["cv"].studies[0].id, s.ids["cv"].studies[0].value
        )
    ),
    "cv.remove_entry": owner(
        lambda s, a: s.portal.cv.remove_entry(a, id_of(s, "cv"), s.ids["cv"].languages[0].id)
    ),
    "cv.set_qualifications": owner(
        lambda s, a: s.portal.cv.set_qualifications(a, id_of(s, "cv"), Qualifications())
    ),
    "cv.set_preferences": owner(
        lambda s, a: s.portal.cv.set_preferences(a, id_of(s, "cv"), Preferences())
    ),
    "cv.import_content": owner(
        lambda s, a: s.portal.cv.import_content(a, id_of(s, "cv"), {"skills": []})
    ),
    "cv.publish": owner(lambda s, a: s.portal.cv.publish(a, id_of(s, "cv"))),
    "cv.export_json_resume": owner(lambda s, a: s.portal.cv.export_json_resume(a, id_of(s, "cv"))),
    "cv.export_europass": owner(lambda s, a: s.portal.cv.export_europass(a, id_of(s, "cv"))),
    "cv.import_json_resume": owner(
        lambda s, a: s.portal.cv.import_json_resume(a, id_of(s, "cv"), {"skills": []})
    ),
    "cv.add_attachment": owner(
        lambda s, a: s.portal.cv.add_attachment(
            a, id_of(s, "cv"), filename="cv2.pdf", content=pdf("second")
        )
    ),
    "cv.attachment_content": owner(
        lambda s, a: s.portal.cv.attachment_content(a, id_of(s, "cv"), id_of(s, "attachment"))
    ),
    "cv.remove_attachment": owner(
        lambda s, a: s.portal.cv.remove_attachment(a, id_of(s, "cv"), id_of(s, "attachment"))
    ),
    # -- home ---------------------------------------------------------------------------
    "home.summary": citizens(lambda s, a: s.portal.home.summary(a)),
    "home.latest": citizens(lambda s, a: s.portal.home.latest(a, DashboardFilter())),
    # -- data rights (SEC-3, SEC-4): each citizen their own; operators name the account -----
    "privacy.access_log": citizens(lambda s, a: s.portal.privacy.access_log(a)),
    "privacy.export": citizens(lambda s, a: s.portal.privacy.export(a)),
    "privacy.erase": citizens(lambda s, a: s.portal.privacy.erase(a)),
    "privacy.verify_audit": Rule(
        {"operator", "system"},
        {"operator", "system"},
        lambda s, a: s.portal.privacy.verify_audit(a),
    ),
    "privacy.prune_audit": Rule(
        {"system"}, {"system"}, lambda s, a: s.portal.privacy.prune_audit(a)
    ),
}
