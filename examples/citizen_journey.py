"""A citizen's first visit, from the login page to a published CV.

Run it with ``make demo``. It drives the library exactly as a web app would: one
use-case call per step, each returning a ``Result`` that the app turns into a page.
The portal keeps its data in a SQLite file, made afresh at each run
(``demo-output/citizen-journey.db``, or in the folder given as first argument), and
writes its emails as ``.eml`` files in ``demo-output/mail/citizen-journey/`` (the folder
mailer): open them with any mail client.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sys
from typing import TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters import SettableClock, Settings, bootstrap
from formlavoro_core import (
    ANONYMOUS,
    AssuranceLevel,
    CitizenPrincipal,
    DomainError,
    FiscalCode,
    IdentityAssertion,
    Language,
    LoginMethod,
    Portal,
)
from formlavoro_core.cv.model import Address, Cv, Experience, LanguageSkill, Skill, Study
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    OnboardingAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.principals import SYSTEM
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

T = TypeVar("T")
# The library's texts speak Italian; FORMLAVORO_LANGUAGE=en (fr, de) switches them.
LANGUAGE = Language(os.environ.get("FORMLAVORO_LANGUAGE", "it"))


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


def show_completion(portal: Portal, citizen: CitizenPrincipal, cv: Cv, change: str) -> None:
    completion = done(portal.cv.completion(citizen, cv.id))
    parts = ", ".join(f"{p.section.value} {int(p.score * 100)}%" for p in completion.sections)
    print(f"   {change:<42} -> {completion.percent:3d}%   ({parts})")


def log_in(portal: Portal) -> CitizenPrincipal:
    step("1. The login page: accept the personal-data notice and the citizens' regulation")
    notices = portal.identity.notices()
    receipt = done(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )
    print(
        f"   accepted notice v{receipt.privacy_notice_version} and regulation "
        f"v{receipt.citizen_regulation_version} at {receipt.accepted_at:%Y-%m-%d %H:%M} UTC"
    )
    info = done(portal.identity.method_info(ANONYMOUS, LoginMethod.SPID, LANGUAGE))
    print(f"   (i) {info.title}: {info.text.split('. ')[0]}.")

    step("2. Log in with SPID")
    # The SPID adapter verifies the identity provider's signed response and hands the
    # core this assertion; here we build it as the adapter would.
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode.parse("RSSNNA85T50D969K"),
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        level=AssuranceLevel.SUBSTANTIAL,
        issuer="https://id.example-idp.it",
    )
    signed_in = done(portal.identity.login(ANONYMOUS, assertion, consent=receipt))
    print(f"   first login: {signed_in.first_login}, onboarding: {signed_in.onboarding_pending}")
    return signed_in.principal


def onboard(portal: Portal, anna: CitizenPrincipal) -> None:
    step("3. Welcome, and the four questions")
    welcome = done(portal.onboarding.welcome(anna))
    print(f"   Welcome {welcome.given_name} {welcome.family_name} ({welcome.fiscal_code})")
    sectors = SectorsAnswer(sectors=(SectorCode("I"), SectorCode("G")))
    answers: tuple[OnboardingAnswer, ...] = (
        sectors,
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"), ProfessionCode("5.2.2.4.0"))),
        EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        WorkAnswer(
            has_worked=True,
            experience=Experience(
                job_title="Aiuto cuoca",
                employer="Trattoria da Pina",
                start=dt.date(2019, 5, 1),
                end=dt.date(2023, 9, 30),
                profession=ProfessionCode("5.2.2.1.0"),
                place=MunicipalityCode("D969"),
            ),
        ),
    )
    for number, answer in enumerate(answers, start=1):
        state = done(portal.onboarding.answer(anna, answer))
        upcoming = f"question {state.next_step.number}" if state.next_step else "completed"
        print(f"   question {number} answered; next: {upcoming}")
    for code in sectors.sectors:
        sector = portal.reference.sector(code)
        print(f"   sector {code}: {sector.title.capitalize() if sector else '?'}")


def fill_in(portal: Portal, anna: CitizenPrincipal) -> Cv:
    step("4. The CV, seeded by the answers")
    cv = done(portal.cv.mine(anna))
    print(f"   CV {cv.id}")
    show_completion(portal, anna, cv, "from onboarding")

    step("5. Filling it in, step by step")
    residence = Address(
        municipality=MunicipalityCode("D969"), street="Via Balbi 5", postcode=Postcode("16126")
    )
    personal = attrs.evolve(cv.personal, phone=PhoneNumber("+39 010 555 0101"), residence=residence)
    cv = done(portal.cv.set_personal_data(anna, cv.id, personal))
    show_completion(portal, anna, cv, "+ phone and residence")

    step("6. Publish too early")
    match portal.cv.publish(anna, cv.id):
        case Failure(error):
            print(f"   refused ({error.code}):\n   {error.message}")
        case Success(_):
            print("   published")

    step("7. A few more sections")
    diploma = Study(
        level=EducationLevel.UPPER_SECONDARY, title="Diploma di istituto alberghiero", year=2004
    )
    cv = done(portal.cv.replace_entry(anna, cv.id, cv.studies[0].id, diploma))
    show_completion(portal, anna, cv, "+ the title of the diploma")
    english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
    cv = done(portal.cv.add_entry(anna, cv.id, english))
    show_completion(portal, anna, cv, "+ English, intermediate (B2)")
    skill = Skill(category=SkillCategory.PROFESSIONAL, description="Pasta fresca e pasticceria")
    cv = done(portal.cv.add_entry(anna, cv.id, skill))
    show_completion(portal, anna, cv, "+ a professional skill")
    preferences = attrs.evolve(
        cv.preferences, available_to_travel=True, working_conditions=(WorkingCondition.FULL_TIME,)
    )
    cv = done(portal.cv.set_preferences(anna, cv.id, preferences))
    show_completion(portal, anna, cv, "+ available to travel, full time")
    licences = attrs.evolve(cv.qualifications, driving_licences=(DrivingLicence.B,))
    cv = done(portal.cv.set_qualifications(anna, cv.id, licences))
    show_completion(portal, anna, cv, "+ driving licence B")
    return cv


def publish(portal: Portal, anna: CitizenPrincipal, cv: Cv) -> None:
    step("8. Publish")
    cv = done(portal.cv.publish(anna, cv.id))
    if cv.publication is None:
        raise SystemExit("a published CV has a publication")
    zone = portal.config.timezone
    print(
        f"   published {cv.publication.published_at.astimezone(zone):%Y-%m-%d %H:%M %Z}, "
        f"active until {cv.publication.expires_at.astimezone(zone):%Y-%m-%d %H:%M %Z}"
    )
    new_phone = attrs.evolve(cv.personal, phone=PhoneNumber("+39 333 0000000"))
    match portal.cv.set_personal_data(anna, cv.id, new_phone):
        case Failure(error):
            print(f"   changing the phone now: {error.message}")
        case Success(_):
            print("   phone changed")
    preview = done(portal.cv.anonymised_preview(anna, cv.id))
    print(
        f"   companies will see {len(preview.experiences)} experience(s), "
        f"{len(preview.languages)} language(s) and residence {preview.residence_municipality};"
        "\n   no name, fiscal code, contacts, birth date, address or attachment"
    )


def months_later(
    portal: Portal, anna: CitizenPrincipal, clock: SettableClock, mail: pathlib.Path
) -> None:
    step("9. Months later: a reminder before the CV expires, a notice once it has")
    publication = done(portal.cv.mine(anna)).publication
    if publication is None:
        raise SystemExit("a published CV has a publication")
    clock.set(publication.expires_at - dt.timedelta(days=4))
    print(f"   {done(portal.jobs.run_due(SYSTEM)).cv_reminders} reminder queued")
    sent = done(portal.mail.deliver_pending(SYSTEM)).sent
    clock.set(publication.expires_at + dt.timedelta(minutes=2))
    print(f"   {done(portal.jobs.run_due(SYSTEM)).cvs_expired} expiry notice queued")
    sent += done(portal.mail.deliver_pending(SYSTEM)).sent
    print(f"   {sent} email(s) written as .eml files in {mail}:")
    for path in sorted(mail.glob("*.eml")):
        print(f"     {path.name}")


def main() -> None:
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path("demo-output")
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "citizen-journey.db"
    for leftover in folder.glob(f"{database.name}*"):
        leftover.unlink()
    mail = folder / "mail" / "citizen-journey"
    for leftover in mail.glob("*.eml"):
        leftover.unlink()
    clock = SettableClock(dt.datetime.now(dt.UTC))
    settings = Settings(
        storage=f"sqlite:///{database}",
        mail=f"folder:{mail}",
        mail_from="Regione Liguria — FormazioneLavoro <noreply@formazionelavoro.example>",
        language=LANGUAGE.value,
    )
    with bootstrap(settings, clock=clock) as portal:  # closed at the end of the block
        print(f"(data in {database})")
        anna = log_in(portal)
        onboard(portal, anna)
        cv = fill_in(portal, anna)
        publish(portal, anna, cv)
        months_later(portal, anna, clock, mail)
    print(f"\nDone. The journey's emails are in {mail}.")


if __name__ == "__main__":
    main()
