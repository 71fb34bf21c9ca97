"""A portal on which everything exists, owned by principals of every kind (point 10).

The bad-input property test calls every use case of this portal; the ids, texts and
values here are its realistic arguments, from which the wrong ones are derived.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs

from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.courses.model import CourseDetails
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import (
    Address,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import (
    AccountId,
    ApplicationId,
    AttachmentId,
    CompanyId,
    CourseId,
    CpiId,
    CvId,
    EntryId,
    EventId,
    MessageId,
    OfferId,
    OutboxMessageId,
    SavedSearchId,
    TrainingEntityId,
    UnlockRequestId,
)
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.model import OfferDraft
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.paging import Cursor, PageRequest
from formlavoro_core.principals import (
    ANONYMOUS,
    SYSTEM,
    Principal,
)
from formlavoro_core.reference import EducationLevel, LanguageLevel, SkillCategory
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.values import EmailAddress
from tests.core.courses.builders import course_details, register_entity
from tests.core.cv.minimal_files import make_pdf
from tests.support import (
    ANNA,
    MARIO,
    OPERATOR,
    ROME,
    World,
    draft_offer,
    from_publishers,
    ok,
)

EVENT = EventDetails(
    name="Recruiting day",
    starts_at=dt.datetime(2026, 4, 15, 9, tzinfo=ROME),
    ends_at=dt.datetime(2026, 4, 15, 17, tzinfo=ROME),
    mode=EventMode.IN_PERSON,
    place=MunicipalityCode("D969"),
)


@attrs.frozen(eq=False)
class Seeded:
    """The portal, its actors, and real ids of every kind with real values."""

    kind: str
    w: World
    principals: tuple[Principal, ...]
    ids: dict[object, tuple[str, ...]]
    texts: dict[str, tuple[str, ...]]
    cursors: tuple[str, ...]


def seed(kind: str, w: World) -> Seeded:
    """Everything a use case can ask about, owned by principals of every kind."""
    company, cpi = w.company("Alfa"), w.cpi()
    entity = register_entity(w)
    owner, cv = w.citizen_with_published_cv(ANNA)
    other, other_cv = w.citizen_with_cv(MARIO)
    attachment = ok(w.portal.cv.add_attachment(owner, cv.id, filename="cv.pdf", content=make_pdf()))
    offers = [w.offer(company, title=f"Cuoco {n}") for n in range(3)]
    draft = w.offer(company, publish=False, title="Bozza")
    application = ok(
        w.portal.applications.apply(
            owner, offers[0].id, ApplicationRequest(attachment=attachment.id)
        )
    )
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (message,) = from_publishers(ok(w.portal.messages.inbox(owner)).items)
    reply = ok(w.portal.messages.reply(owner, message.id, Reply(body="Quando?")))
    event = ok(w.portal.events.create(cpi, EVENT))
    ok(w.portal.events.join(owner, event.id))
    ticket = ok(w.portal.events.ticket(owner, event.id))
    course = ok(w.portal.courses.publish(entity, course_details()))
    search = ok(
        w.portal.offers.save_search(owner, SavedSearchRequest(name="x", query=OfferQuery()))
    )
    unlock = ok(w.portal.talent.express_interest(company, cv.id))
    page = ok(w.portal.offers.search(owner, OfferQuery(), PageRequest(size=1)))
    assert page.next_after is not None
    notices = w.portal.identity.notices()
    with w.storage() as uow:  # one email a dead letter, one pending (mail.requeue)
        dead, waiting = uow.outbox.pending(limit=2, now=w.clock.now())
        uow.outbox.update(dead.buried("SMTP 550 5.1.1 at RCPT", w.clock.now()))
        uow.commit()
    ids: dict[object, tuple[str, ...]] = {
        AccountId: (owner.account_id, other.account_id),
        CvId: (cv.id, other_cv.id),
        EntryId: (cv.experiences[0].id, cv.studies[0].id, cv.languages[0].id),
        AttachmentId: (attachment.id,),
        OfferId: (*(offer.id for offer in offers), draft.id),
        ApplicationId: (application.id,),
        MessageId: (message.id, reply.id),
        OutboxMessageId: (dead.id, waiting.id),
        EventId: (event.id,),
        CourseId: (course.id,),
        SavedSearchId: (search.id,),
        UnlockRequestId: (unlock.id,),
        CompanyId: (company.company_id,),
        CpiId: (cpi.cpi_id,),
        TrainingEntityId: (entity.entity_id,),
    }
    texts = {
        "privacy_notice_version": (notices.privacy_notice_version,),
        "citizen_regulation_version": (notices.citizen_regulation_version,),
        "username": ("anna.rossi", "mario"),
        "password": ("password lunga e sicura",),
        "new_password": ("un'altra password lunga",),
        "email": ("anna.rossi@example.it",),
        "token": (search.unsubscribe_token, "token-inventato"),
        "code": (ticket.code,),
        "filename": ("cv.pdf", "lettera.docx"),
        "source": ("192.0.2.1", "2001:db8::1"),
    }
    principals = (owner, other, company, cpi, entity, OPERATOR, ANONYMOUS, SYSTEM)
    foreign = Cursor(at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), id=message.id).encode()
    return Seeded(
        kind=kind,
        w=w,
        principals=principals,
        ids=ids,
        texts=texts,
        cursors=(page.next_after, foreign),
    )


# -- wrong and out-of-range values ----------------------------------------------------------


@functools.cache
def good_values(s: Seeded) -> dict[type[Any], tuple[object, ...]]:
    """Valid values of each class a use case takes (the corruptions start from them)."""
    notices = s.w.portal.identity.notices()
    spid = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        level=AssuranceLevel.SUBSTANTIAL,
    )
    session = ok(s.w.portal.identity.login(ANONYMOUS, spid, consent=s.w.consent())).session
    return {
        IdentityAssertion: (spid, attrs.evolve(spid, fiscal_code=MARIO, email=None)),
        Session: (session, attrs.evolve(session, generation=session.generation + 7)),
        ConsentReceipt: (
            s.w.consent(),
            ConsentReceipt(
                privacy_notice_version=notices.privacy_notice_version,
                citizen_regulation_version=notices.citizen_regulation_version,
                accepted_at=dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC),
            ),
        ),
        RegionalRegistration: (
            RegionalRegistration(
                fiscal_code=MARIO,
                given_name="Mario",
                family_name="Rossi",
                email=EmailAddress("mario@example.it"),
                username="mario",
                password="password lunga e sicura",
            ),
        ),
        SectorsAnswer: (SectorsAnswer(sectors=(SectorCode("I"),)),),
        ProfessionsAnswer: (ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),),
        EducationAnswer: (
            EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        ),
        WorkAnswer: (
            WorkAnswer(has_worked=False),
            WorkAnswer(has_worked=True, experience=Experience(job_title="Cuoca")),
        ),
        PersonalData: (
            PersonalData(
                given_name="Anna",
                family_name="Rossi",
                fiscal_code=ANNA,
                residence=Address(municipality=MunicipalityCode("D969")),
            ),
        ),
        Experience: (Experience(job_title="Cuoca", start=dt.date(2019, 5, 1)),),
        Study: (Study(level=EducationLevel.BACHELOR, title="Scienze gastronomiche"),),
        LanguageSkill: (
            LanguageSkill(language="de", level=LanguageLevel.ELEMENTARY),
            LanguageSkill(language="en", level=LanguageLevel.ADVANCED),
        ),
        Skill: (Skill(category=SkillCategory.IT, description="Fogli di calcolo"),),
        Qualifications: (Qualifications(associations=("Slow Food",)),),
        Preferences: (Preferences(professions=(ProfessionCode("5.2.2.1.0"),), notes="Genova"),),
        OrganisationDetails: (
            OrganisationDetails(
                name="Nuova", contacts=Contacts(email=EmailAddress("info@nuova.example"))
            ),
        ),
        OfferDraft: (draft_offer(), draft_offer(event=s.ids[EventId][0])),
        OfferQuery: (OfferQuery(), OfferQuery(text="cuoco", province="GE")),
        SavedSearchRequest: (SavedSearchRequest(name="Cuoco", query=OfferQuery(text="cuoco")),),
        ApplicationRequest: (
            ApplicationRequest(),
            ApplicationRequest(
                cover_letter="Buongiorno", attachment=AttachmentId(s.ids[AttachmentId][0])
            ),
        ),
        CourseQuery: (CourseQuery(), CourseQuery(name="cuoco")),
        CourseDetails: (course_details(),),
        EventDetails: (EVENT,),
        Reply: (Reply(body="Grazie"),),
        CvQuery: (CvQuery(), CvQuery(profession=ProfessionCode("5.2.2.1.0"))),
        DashboardFilter: (DashboardFilter(), DashboardFilter(province="GE")),
        PageRequest: (PageRequest(), PageRequest(size=1), PageRequest(size=100, offset=10_000)),
    }
