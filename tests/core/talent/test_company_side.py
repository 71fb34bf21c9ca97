"""The company side of CVs: anonymised browsing, interest, unlock (CV-12, AP-6)."""

from __future__ import annotations

from formlavoro_core.codec import Codec
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.messaging.model import MessageKind
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import ProfessionCode, ProvinceCode
from formlavoro_core.talent.failures import InterestAlreadyExpressed, UnlockDecisionNotPossible
from formlavoro_core.talent.model import UnlockStatus
from tests.support import ANNA, MARIO, failure, ok, strings_in, world


def test_cv_12_companies_browse_published_cvs_without_personal_data() -> None:
    """CV-12: no name, fiscal code, contacts, birth date or address in what companies see."""
    w = world()
    _, cv = w.citizen_with_published_cv()
    w.citizen_with_cv(MARIO)  # not published: not listed
    company = w.company()
    page = ok(w.portal.talent.browse(company, CvQuery()))
    assert [item.id for item in page.items] == [cv.id]
    texts = set(strings_in(Codec.for_documents().unstructure(page)))
    assert texts.isdisjoint(
        {"Anna", "Rossi", str(ANNA), "anna.rossi@example.it", "+39 010 555 0101"}
    )


def test_cv_12_browsing_filters_by_profession_place_and_education() -> None:
    """CV-12: companies narrow the published CVs."""
    w = world()
    _, cv = w.citizen_with_published_cv()
    company = w.company()
    for query, found in (
        (CvQuery(profession=ProfessionCode("5.2")), [cv.id]),
        (CvQuery(profession=ProfessionCode("2")), []),
        (CvQuery(province=ProvinceCode("GE")), [cv.id]),
        (CvQuery(province=ProvinceCode("SV")), []),
        (CvQuery(education_level=EducationLevel.BACHELOR), []),
        (CvQuery(languages=("en",)), [cv.id]),
    ):
        assert [i.id for i in ok(w.portal.talent.browse(company, query)).items] == found, query


def test_cv_12_interest_asks_the_citizen_to_unlock_by_message_and_email() -> None:
    """CV-12: the citizen gets an internal message and an email, then unlocks."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    company = w.company("Ristorante Il Porto")
    assert ok(w.portal.talent.view(company, cv.id)).personal is None
    request = ok(w.portal.talent.express_interest(company, cv.id))
    assert isinstance(
        failure(w.portal.talent.express_interest(company, cv.id)), InterestAlreadyExpressed
    )
    (message,) = ok(w.portal.messages.inbox(citizen)).items
    assert (message.kind, message.unlock_request) == (MessageKind.UNLOCK_REQUEST, request.id)
    ok(w.portal.mail.deliver_pending(SYSTEM))
    assert len(w.mailer.sent) == 1
    (received,) = ok(w.portal.talent.requests_received(citizen))
    assert received.company_name == "Ristorante Il Porto"
    ok(w.portal.talent.unlock(citizen, request.id))
    view = ok(w.portal.talent.view(company, cv.id))
    assert view.personal == cv.personal
    assert view.unlock is UnlockStatus.UNLOCKED
    assert ok(w.portal.talent.view(w.company("Altra"), cv.id)).personal is None


def test_cv_12_the_citizen_may_refuse_and_may_revoke_an_unlock() -> None:
    """CV-12 (decided): unlocking is per company and can be revoked."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    first, second = w.company("Prima"), w.company("Seconda")
    refused = ok(w.portal.talent.express_interest(first, cv.id))
    unlocked = ok(w.portal.talent.express_interest(second, cv.id))
    ok(w.portal.talent.refuse(citizen, refused.id))
    ok(w.portal.talent.unlock(citizen, unlocked.id))
    assert ok(w.portal.talent.view(first, cv.id)).personal is None
    assert ok(w.portal.talent.view(second, cv.id)).personal is not None
    revoked = ok(w.portal.talent.revoke(citizen, unlocked.id))
    assert revoked.status is UnlockStatus.REVOKED
    assert [c.status for c in revoked.history] == [
        UnlockStatus.REQUESTED,
        UnlockStatus.UNLOCKED,
        UnlockStatus.REVOKED,
    ]
    assert ok(w.portal.talent.view(second, cv.id)).personal is None
    assert failure(w.portal.talent.unlock(citizen, refused.id)) == UnlockDecisionNotPossible(
        status=UnlockStatus.REFUSED
    )


def test_ap_6_applying_shows_the_data_sent_not_the_current_cv() -> None:
    """AP-6: the company sees the data sent with the application; the CV view says so."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    company = w.company()
    offer = w.offer(company)
    application = ok(w.portal.applications.apply(citizen, offer.id))
    view = ok(w.portal.talent.view(company, cv.id))
    assert (view.applied_to_you, view.personal) == (True, None)
    received = ok(w.portal.applications.get(company, application.id))
    assert received.applicant.personal == cv.personal


def test_cv_12_only_companies_browse_and_only_the_citizen_decides() -> None:
    """CV-12, SEC-1: the wrong principal is refused."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    company = w.company()
    request = ok(w.portal.talent.express_interest(company, cv.id))
    for not_a_company in (citizen, ANONYMOUS, w.cpi()):
        assert failure(w.portal.talent.browse(not_a_company, CvQuery())).code == "access.forbidden"
    other = w.login(MARIO)
    assert failure(w.portal.talent.unlock(other, request.id)).code == "unlock_request.not_found"
    assert failure(w.portal.talent.unlock(company, request.id)).code == "access.forbidden"


def test_cv_12_unpublished_or_expired_cvs_are_not_visible_to_companies() -> None:
    """CV-12: only published CVs."""
    w = world()
    _, cv = w.citizen_with_published_cv()
    company = w.company()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at)
    assert failure(w.portal.talent.view(company, cv.id)).code == "cv.not_found"
    assert ok(w.portal.talent.browse(company, CvQuery())).items == ()
