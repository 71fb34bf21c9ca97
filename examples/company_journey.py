"""Citizens and companies meet: offers, matching, an application, interest, an event.

Run it with ``make demo`` (after the citizen's journey) or on its own; pass a folder to
choose where the ticket PDF, the SQLite file and the emails (``.eml`` files, in
``mail/company-journey/``) go (``demo-output/`` by default).
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sys
import zoneinfo
from typing import TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters import SettableClock, Settings, bootstrap
from formlavoro_core import (
    ANONYMOUS,
    SYSTEM,
    CitizenPrincipal,
    DomainError,
    FiscalCode,
    IdentityAssertion,
    LoginMethod,
    Portal,
)
from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.courses.model import Certificate, CourseDetails, CourseType, TrainingSector
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    OnboardingAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.ids import OperatorId
from formlavoro_core.locale import Language
from formlavoro_core.matching.wording import explain, missing_text
from formlavoro_core.offers.model import OfferDraft, RequiredLanguage
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.principals import (
    CompanyPrincipal,
    CpiPrincipal,
    OperatorPrincipal,
    TrainingEntityPrincipal,
)
from formlavoro_core.reference import (
    ContractType,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.values import EmailAddress, PhoneNumber

T = TypeVar("T")
ROME = zoneinfo.ZoneInfo("Europe/Rome")
OPERATOR = OperatorPrincipal(OperatorId("operator"))


def step(title: str) -> None:
    print(f"\n== {title}")


def done(result: Result[T, DomainError]) -> T:
    """What a web handler does with a Result: use the value, or show the error and stop."""
    match result:
        case Success(value):
            return value  # type: ignore[no-any-return]
        case Failure(error):
            print(f"   !! {error.code}: {error.message}")
            sys.exit(1)
    raise AssertionError(result)


def organisations(portal: Portal) -> tuple[CompanyPrincipal, CpiPrincipal]:
    step("1. The region registers a restaurant and an employment centre")
    company = done(
        portal.organisations.register_company(
            OPERATOR,
            OrganisationDetails(
                name="Trattoria del Porto",
                contacts=Contacts(email=EmailAddress("lavoro@trattoriadelporto.example")),
                tax_code="01234567890",
            ),
        )
    )
    centre = done(
        portal.organisations.register_employment_centre(
            OPERATOR,
            OrganisationDetails(
                name="Centro per l'impiego di Genova",
                contacts=Contacts(email=EmailAddress("cpi.genova@regione.example")),
            ),
        )
    )
    print(f"   {company.name} and {centre.name}")
    return CompanyPrincipal(company.id), CpiPrincipal(centre.id)


def publish_offers(portal: Portal, company: CompanyPrincipal) -> None:
    step("2. The company publishes two offers")
    base = OfferDraft(
        title="Cuoco/a per cucina ligure",
        description="Primi piatti, pesce, pasta fresca. Turni serali e nel fine settimana.",
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        contract_type=ContractType.PERMANENT,
        working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.WEEKEND_WORK),
        education_level=EducationLevel.UPPER_SECONDARY,
        requires_experience=True,
        languages=(RequiredLanguage(language="en", level=LanguageLevel.ADVANCED),),
        expires_on=dt.date(2026, 6, 30),
    )
    barman = attrs.evolve(
        base,
        title="Barista stagionale",
        description="Bar sulla spiaggia, caffetteria e cocktail.",
        profession=ProfessionCode("5.2.2.4.0"),
        workplace=MunicipalityCode("I480"),
        contract_type=ContractType.FIXED_TERM,
        requires_experience=False,
        languages=(),
    )
    for draft in (base, barman):
        offer = done(portal.offers.create(company, draft))
        offer = done(portal.offers.publish(company, offer.id))
        print(f"   published {offer.title!r} in {offer.workplace} ({offer.province})")


def citizen(portal: Portal) -> CitizenPrincipal:
    step("3. Anna logs in with SPID and publishes her CV")
    notices = portal.identity.notices()
    receipt = done(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode.parse("RSSNNA85T50D969K"),
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
    )
    anna = done(portal.identity.login(ANONYMOUS, assertion, consent=receipt)).principal
    answers: tuple[OnboardingAnswer, ...] = (
        SectorsAnswer(sectors=(SectorCode("I"),)),
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
        EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        WorkAnswer(has_worked=False),
    )
    for answer in answers:
        done(portal.onboarding.answer(anna, answer))
    cv = done(portal.cv.mine(anna))
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 555 0101"),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    cv = done(portal.cv.set_personal_data(anna, cv.id, personal))
    diploma = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero")
    cv = done(portal.cv.replace_entry(anna, cv.id, cv.studies[0].id, diploma))
    english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
    cv = done(portal.cv.add_entry(anna, cv.id, english))
    preferences = attrs.evolve(
        cv.preferences, available_to_travel=True, working_conditions=(WorkingCondition.FULL_TIME,)
    )
    cv = done(portal.cv.set_preferences(anna, cv.id, preferences))
    cv = done(portal.cv.publish(anna, cv.id))
    print(f"   CV published, {done(portal.cv.completion(anna, cv.id)).percent}% complete")
    return anna


def another_cv(portal: Portal) -> None:
    """Marco, a barista in Savona, publishes his CV too (so that there is a ranking)."""
    receipt = done(
        portal.identity.accept_notices(
            ANONYMOUS, privacy_notice_version="1", citizen_regulation_version="1"
        )
    )
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode.parse("RSSMRA85T10A562S"),
        given_name="Marco",
        family_name="Bianchi",
        email=EmailAddress("marco.bianchi@example.it"),
    )
    marco = done(portal.identity.login(ANONYMOUS, assertion, consent=receipt)).principal
    answers: tuple[OnboardingAnswer, ...] = (
        SectorsAnswer(sectors=(SectorCode("I"),)),
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.4.0"),)),
        EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        WorkAnswer(has_worked=False),
    )
    for answer in answers:
        done(portal.onboarding.answer(marco, answer))
    cv = done(portal.cv.mine(marco))
    place = Address(municipality=MunicipalityCode("I480"))
    personal = attrs.evolve(cv.personal, phone=PhoneNumber("+39 019 555 0102"), residence=place)
    cv = done(portal.cv.set_personal_data(marco, cv.id, personal))
    diploma = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma turistico")
    cv = done(portal.cv.replace_entry(marco, cv.id, cv.studies[0].id, diploma))
    english = LanguageSkill(language="en", level=LanguageLevel.ADVANCED)
    cv = done(portal.cv.add_entry(marco, cv.id, english))
    preferences = attrs.evolve(
        cv.preferences, available_to_travel=True, working_conditions=(WorkingCondition.FULL_TIME,)
    )
    cv = done(portal.cv.set_preferences(marco, cv.id, preferences))
    done(portal.cv.publish(marco, cv.id))


def matching(portal: Portal, anna: CitizenPrincipal, company: CompanyPrincipal) -> None:
    step("4. Matching: the company's ranked candidates, Anna's suggested offers")
    another_cv(portal)
    entity = done(
        portal.organisations.register_training_entity(
            OPERATOR,
            OrganisationDetails(
                name="Scuola di lingue Genova",
                contacts=Contacts(email=EmailAddress("corsi@scuolalingue.example")),
            ),
        )
    )
    course = CourseDetails(
        title="Inglese per la ristorazione",
        description="Inglese per la sala e la cucina: livelli B2 e C1.",
        sector=TrainingSector.LANGUAGES,
        course_type=CourseType.FUNDED_BY_REGION,
        certificate=Certificate.ATTENDANCE,
        with_internship=False,
        hours=80,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
        enrolment_deadline=dt.date(2026, 3, 25),
        place=MunicipalityCode("D969"),
        address="Via XX Settembre 10",
        seats=20,
    )
    done(portal.courses.publish(TrainingEntityPrincipal(entity.id), course))
    cook = next(o for o in done(portal.offers.mine(company)).items if o.title.startswith("Cuoco"))
    ranking = done(portal.matching.rank_candidates(company, cook.id, limit=10))
    print(f"   for {cook.title!r}, {len(ranking.candidates)} anonymised CV(s), best first:")
    for candidate in ranking.candidates:
        place = candidate.cv.residence_municipality
        print(
            f"   - CV {candidate.cv.id} from {place}: {candidate.score.total:g}/100, no name shown"
        )
        for part in candidate.score.parts:
            print(f"       {explain(part, Language.ENGLISH)}")
    print("   (the run is recorded: company, offer, time, number of results)")
    for suggestion in done(portal.matching.suggest_offers(anna, limit=5)):
        print(f"   Anna: {suggestion.offer.title!r} {suggestion.score.total:g}/100")
        for part in suggestion.score.parts[:3]:
            print(f"       {explain(part, Language.ITALIAN)}")
        for lift in suggestion.raises:
            gap = portal.texts.render(missing_text(lift.missing), Language.ENGLISH)
            print(f"       +{lift.gain:g} with {gap}")
        for offered in suggestion.courses:
            print(f"       course: {offered.title} ({offered.entity_name})")


def apply(portal: Portal, anna: CitizenPrincipal, company: CompanyPrincipal) -> None:
    step("5. Anna searches with filters and applies")
    query = OfferQuery(text="cucina", requires_experience=True).with_location("GE")
    if query is None:
        raise SystemExit("GE is a province")
    page = done(portal.offers.search(anna, query))
    print(f"   {page.total_label} offer(s) for 'cucina' in GE needing experience:")
    for offer in page.items:
        print(f"   - {offer.title} ({offer.publisher.name})")
    offer = page.items[0]
    letter = "Buongiorno, lavoro in cucina da sei anni e conosco bene la cucina ligure."
    application = done(
        portal.applications.apply(anna, offer.id, ApplicationRequest(cover_letter=letter))
    )
    card = done(portal.offers.card(anna, offer.id))
    print(f"   applied; the offer now shows applied={card.applied}")

    step("6. The company reviews the application and shows interest")
    for received in done(portal.applications.for_offer(company, offer.id)):
        seen = done(portal.applications.get(company, received.id))
        personal = seen.applicant.personal
        print(
            f"   application from {personal.given_name} {personal.family_name}: {seen.status.value}"
        )
    done(portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    print(f"   Anna has {done(portal.messages.unread_count(anna))} unread message(s)")


def unlock(portal: Portal, anna: CitizenPrincipal) -> None:
    step("7. Another restaurant finds Anna's anonymised CV and asks to unlock it")
    other = done(
        portal.organisations.register_company(
            OPERATOR,
            OrganisationDetails(
                name="Osteria San Lorenzo",
                contacts=Contacts(email=EmailAddress("info@osteria.example")),
            ),
        )
    )
    osteria = CompanyPrincipal(other.id)
    found = done(portal.talent.browse(osteria, CvQuery(profession=ProfessionCode("5.2.2.1"))))
    print(f"   {len(found.items)} anonymised CV(s) of cooks; the osteria picks Anna's")
    annas = done(portal.cv.mine(anna)).id
    cv = next(item for item in found.items if item.id == annas)
    print(f"   found CV {cv.id}: {[s.title for s in cv.studies]}, no name shown")
    done(portal.talent.express_interest(osteria, cv.id))

    step("8. Anna reads her messages and unlocks her data for the osteria")
    for message in done(portal.messages.inbox(anna)).items:
        opened = done(portal.messages.open(anna, message.id))
        print(f"   from {opened.counterpart.name}: {opened.subject}")
    (request,) = done(portal.talent.requests_received(anna))
    done(portal.talent.unlock(anna, request.id))
    view = done(portal.talent.view(osteria, cv.id))
    if view.personal is not None:
        print(f"   the osteria now sees {view.personal.given_name} {view.personal.family_name}")
    print(f"   unread messages: {done(portal.messages.unread_count(anna))}")
    report = done(portal.mail.deliver_pending(SYSTEM))
    print(f"   {report.sent} notification email(s) sent")


def event(
    portal: Portal, anna: CitizenPrincipal, centre: CpiPrincipal, folder: pathlib.Path
) -> None:
    step("9. The employment centre organises a recruiting day; Anna joins")
    details = EventDetails(
        name="Recruiting day turismo e ristorazione",
        starts_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=ROME),
        ends_at=dt.datetime(2026, 4, 15, 17, 0, tzinfo=ROME),
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode("D969"),
        address="Magazzini del Cotone, Porto Antico",
    )
    recruiting_day = done(portal.events.create(centre, details))
    done(portal.events.join(anna, recruiting_day.id))
    listing = done(portal.events.listing(anna))
    print(f"   {[(e.event.name, 'joined' if e.joined else 'not joined') for e in listing]}")
    ticket = done(portal.events.ticket(anna, recruiting_day.id))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ticket.pdf"
    path.write_bytes(done(portal.events.ticket_file(anna, recruiting_day.id)))
    print(f"   ticket written to {path} ({path.stat().st_size} bytes), code {ticket.code[:12]}...")
    calendar = folder / "recruiting-day.ics"
    calendar.write_bytes(done(portal.events.calendar_file(anna, recruiting_day.id)))
    print(f"   calendar entry written to {calendar}")
    checked = done(portal.events.check_in(centre, ticket.code))
    print(f"   at the door: checked in at {checked.checked_in_at:%H:%M} UTC")


def main() -> None:
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path("demo-output")
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "company-journey.db"
    for leftover in folder.glob(f"{database.name}*"):
        leftover.unlink()
    mail = folder / "mail" / "company-journey"
    for leftover in mail.glob("*.eml"):
        leftover.unlink()
    settings = Settings(
        storage=f"sqlite:///{database}",
        mail=f"folder:{mail}",  # each email an .eml file: the SMTP mailer's very messages
        mail_from="Regione Liguria — FormazioneLavoro <noreply@formazionelavoro.example>",
        # The library's texts speak Italian; FORMLAVORO_LANGUAGE=en (fr, de) switches them.
        language=os.environ.get("FORMLAVORO_LANGUAGE", "it"),
        base_url="https://formazionelavoro.example",
    )
    clock = SettableClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    with bootstrap(settings, clock=clock) as portal:  # closed at the end of the block
        print(f"(data in {database})")
        company, centre = organisations(portal)
        publish_offers(portal, company)
        anna = citizen(portal)
        matching(portal, anna, company)
        apply(portal, anna, company)
        unlock(portal, anna)
        event(portal, anna, centre, folder)
        done(portal.mail.deliver_pending(SYSTEM))
    emails = sorted(mail.glob("*.eml"))
    print(f"\n{len(emails)} email(s) written as .eml files in {mail}:")
    for path in emails:
        print(f"   {path.name}")
    print(f"\nDone. The journey's emails are in {mail}.")


if __name__ == "__main__":
    main()
