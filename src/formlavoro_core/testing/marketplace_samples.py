"""Sample marketplace data for the storage contract: fixed, readable, every field set.

Each ``sample_X(number, **changes)`` builds one fully filled aggregate; each
``sample_Xs()`` a small catalogue chosen to exercise every filter and order of the
matching repository.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import attrs

from formlavoro_core.applications.model import (
    Application,
    ApplicationStatus,
    StatusChange,
)
from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.model import (
    Address,
    AttachmentRef,
    Cv,
    CvContent,
    Entry,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.events.model import Event, EventMode, Membership
from formlavoro_core.ids import (
    AccountId,
    ApplicationId,
    AttachmentId,
    CompanyId,
    CpiId,
    CvId,
    EntryId,
    EventId,
    MessageId,
    OfferId,
    SavedSearchId,
    TrainingEntityId,
    UnlockRequestId,
)
from formlavoro_core.messaging.model import (
    Counterpart,
    CounterpartKind,
    Direction,
    Message,
    MessageKind,
)
from formlavoro_core.offers.alerts import AlertFrequency, AlertLedger, SavedSearch
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.query import (
    OfferQuery,
)
from formlavoro_core.organisations.model import (
    Company,
    Contacts,
    EmploymentCentre,
    TrainingEntity,
)
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.talent.model import UnlockChange, UnlockRequest, UnlockStatus
from formlavoro_core.testing.ids import long_id
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

__all__ = [
    "ANNA",
    "BRUNO",
    "CARLA",
    "DAY",
    "FAIR",
    "HOUR",
    "MICROSECOND",
    "OTHER_FAIR",
    "T0",
    "sample_alert_ledger",
    "sample_application",
    "sample_applications",
    "sample_company",
    "sample_cv_queries",
    "sample_employment_centre",
    "sample_event",
    "sample_events",
    "sample_membership",
    "sample_memberships",
    "sample_message",
    "sample_messages",
    "sample_offer",
    "sample_offer_queries",
    "sample_offers",
    "sample_saved_search",
    "sample_saved_searches",
    "sample_talent_cv",
    "sample_talent_cvs",
    "sample_training_entity",
    "sample_unlock_request",
    "sample_unlock_requests",
]

T = TypeVar("T")

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
MICROSECOND = dt.timedelta(microseconds=1)

ANNA = AccountId(long_id("account-1"))
BRUNO = AccountId(long_id("account-2"))
CARLA = AccountId(long_id("account-3"))
FAIR = EventId(long_id("event-1"))
OTHER_FAIR = EventId(long_id("event-2"))

_PROVINCE_OF = {"D969": "GE", "H183": "GE", "E463": "SP", "I480": "SV", "E290": "IM"}
_TRATTORIA = Publisher(
    kind=PublisherKind.COMPANY, id=long_id("company-1"), name="Trattoria da Pino"
)
_EDIL = Publisher(kind=PublisherKind.COMPANY, id=long_id("company-2"), name="Edil Liguria srl")
_CPI = Publisher(kind=PublisherKind.CPI, id=long_id("cpi-1"), name="Centro per l'Impiego di Genova")
_PUBLISHERS = (_TRATTORIA, _EDIL, _CPI)

_ALL = PageRequest(size=100)


def _until(day: dt.date) -> dict[str, Any]:
    """``expires_on`` and ``expires_at`` of an offer visible through ``day`` (UTC)."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + DAY
    return {"expires_on": day, "expires_at": midnight}


# -- organisations ---------------------------------------------------------------------


def _contacts(number: int) -> Contacts:
    return Contacts(
        email=EmailAddress(f"info{number}@example.it"),
        phone=PhoneNumber("+39 010 555 0101"),
        website=f"https://example.it/{number}",
        address="Via Garibaldi 12",
        municipality=MunicipalityCode("D969"),
    )


def sample_company(number: int = 1, **changes: Any) -> Company:
    """A company with every field set, ``company-<number>``; ``changes`` override fields."""
    company = Company(
        id=CompanyId(long_id(f"company-{number}")),
        name="Trattoria da Pino",
        contacts=_contacts(number),
        tax_code="01234567890",
        created_at=T0,
    )
    return attrs.evolve(company, **changes)


def sample_employment_centre(number: int = 1, **changes: Any) -> EmploymentCentre:
    """An employment centre with every field set, ``cpi-<number>``."""
    centre = EmploymentCentre(
        id=CpiId(long_id(f"cpi-{number}")),
        name="Centro per l'Impiego di Genova",
        contacts=_contacts(number),
        province=ProvinceCode("GE"),
        created_at=T0,
    )
    return attrs.evolve(centre, **changes)


def sample_training_entity(number: int = 1, **changes: Any) -> TrainingEntity:
    """A training entity with every field set, ``entity-<number>``."""
    entity = TrainingEntity(
        id=TrainingEntityId(long_id(f"entity-{number}")),
        name="Scuola Edile Genovese",
        contacts=_contacts(number),
        tax_code="RSSMRA85T10A562S",
        created_at=T0,
    )
    return attrs.evolve(entity, **changes)


# -- offers ----------------------------------------------------------------------------


def sample_offer(number: int = 1, **changes: Any) -> Offer:
    """An active standard offer for a cook in Genova, ``offer-<number>`` (two digits).

    It was published ``number`` hours before T0 (2026-03-01 09:00 UTC), created a day
    earlier, and is visible through 1 April. ``changes`` override fields; a changed
    ``workplace`` moves the province with it.
    """
    workplace = changes.pop("workplace", MunicipalityCode("D969"))
    published_at = changes.pop("published_at", T0 - number * HOUR)
    fields: dict[str, Any] = {
        "id": OfferId(long_id(f"offer-{number:02d}")),
        "publisher": _TRATTORIA,
        "title": "Aiuto cuoco",
        "description": "Preparazione dei piatti freddi e dei dolci.",
        "profession": ProfessionCode("5.2.2.1.0"),
        "workplace": workplace,
        "province": ProvinceCode(_PROVINCE_OF.get(workplace, "GE")),
        "contract_type": ContractType.FIXED_TERM,
        "sector": SectorCode("56.10"),
        "positions": 2,
        "working_conditions": (WorkingCondition.FULL_TIME,),
        "education_level": EducationLevel.LOWER_SECONDARY,
        "status": OfferStatus.ACTIVE,
        "created_at": (published_at or T0) - DAY,
        "published_at": published_at,
        **_until(dt.date(2026, 4, 1)),
    }
    fields.update(changes)
    return Offer(**fields)


def _offer_with_every_field() -> Offer:
    """A closed event offer whose every optional field differs from its default."""
    return sample_offer(
        1,
        positions=3,
        working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.SHIFT_WORK),
        education_level=EducationLevel.BACHELOR,
        requires_experience=True,
        income_support=True,
        motorbike_required=True,
        protected_category_art1=True,
        protected_category_art18=True,
        willing_to_travel=True,
        car_required=True,
        eures=True,
        driving_licences=(DrivingLicence.B, DrivingLicence.C1),
        event=FAIR,
        preselection=False,
        status=OfferStatus.CLOSED,
        closed_at=T0 + HOUR,
    )


def sample_offers() -> tuple[Offer, ...]:
    """Sixteen offers of three publishers that differ in every field a search reads.

    At T0 nine are open standard offers (two published at the same instant: the id
    breaks the tie); one is a draft, one closed and one expired by status, all three
    with a future expiry; one is still active but expired on 27 February; three belong
    to recruitment events. One expires on 10 March, one on 20 March, one at the end of
    June, the rest on 1 April.
    """
    return (
        sample_offer(
            1,
            published_at=T0 - 40 * HOUR,
            description="Preparazione dei piatti freddi e dei dolci: perché la brigata cresce.",
        ),
        sample_offer(
            2,
            title="Cameriere di sala",
            description="Servizio ai tavoli nel ristorante dell'Hotel Miramare.",
            profession=ProfessionCode("5.2.2.3.1"),
            workplace=MunicipalityCode("E463"),
            contract_type=ContractType.OCCASIONAL,
            working_conditions=(WorkingCondition.PART_TIME, WorkingCondition.WEEKEND_WORK),
            education_level=None,
            willing_to_travel=True,
            published_at=T0 - 36 * HOUR,
        ),
        sample_offer(
            3,
            publisher=_EDIL,
            title="Muratore",
            description="Ristrutturazioni di edifici storici, anche in quota.",
            profession=ProfessionCode("6.1.2.1.0"),
            workplace=MunicipalityCode("I480"),
            contract_type=ContractType.PERMANENT,
            education_level=EducationLevel.NONE,
            requires_experience=True,
            car_required=True,
            driving_licences=(DrivingLicence.B,),
            published_at=T0 - 32 * HOUR,
            **_until(dt.date(2026, 3, 10)),
        ),
        sample_offer(
            4,
            publisher=_EDIL,
            title="Saldatore a filo",
            description="Carpenteria metallica per cantieri navali.",
            profession=ProfessionCode("6.2.1.2.0"),
            contract_type=ContractType.PERMANENT,
            working_conditions=(WorkingCondition.SHIFT_WORK, WorkingCondition.NIGHT_WORK),
            education_level=EducationLevel.VOCATIONAL_QUALIFICATION,
            requires_experience=True,
            income_support=True,
            published_at=T0 - 30 * HOUR,
        ),
        sample_offer(
            5,
            publisher=_CPI,
            title="Impiegato amministrativo",
            description="Fatturazione e prima nota per uno studio di Rapallo.",
            profession=ProfessionCode("4.1.1.1.0"),
            workplace=MunicipalityCode("H183"),
            contract_type=ContractType.APPRENTICESHIP,
            working_conditions=(WorkingCondition.PART_TIME_HORIZONTAL,),
            education_level=EducationLevel.UPPER_SECONDARY,
            protected_category_art1=True,
            published_at=T0 - 26 * HOUR,
        ),
        sample_offer(
            6,
            publisher=_CPI,
            title="Addetto alle pulizie",
            description="Pulizia di uffici, di mattina presto.",
            profession=ProfessionCode("8.1.4.3.0"),
            workplace=MunicipalityCode("E290"),
            contract_type=ContractType.TEMPORARY_AGENCY,
            working_conditions=(WorkingCondition.PART_TIME,),
            education_level=None,
            protected_category_art18=True,
            income_support=True,
            published_at=T0 - 20 * HOUR,
            **_until(dt.date(2026, 3, 20)),
        ),
        sample_offer(
            7,
            title="Chef de partie in Francia",
            description="Stagione estiva in Costa Azzurra, alloggio compreso.",
            contract_type=ContractType.FIXED_TERM,
            working_conditions=(WorkingCondition.SEASONAL_WORK, WorkingCondition.FULL_TIME),
            education_level=EducationLevel.BACHELOR,
            eures=True,
            willing_to_travel=True,
            published_at=T0 - 12 * HOUR,
        ),
        sample_offer(
            8,
            title="Pizzaiolo",
            description="Forno a legna, consegne serali in motorino.",
            workplace=MunicipalityCode("E463"),
            contract_type=ContractType.ON_CALL,
            working_conditions=(WorkingCondition.NIGHT_WORK, WorkingCondition.WEEKEND_WORK),
            education_level=None,
            motorbike_required=True,
            driving_licences=(DrivingLicence.AM,),
            published_at=T0 - 12 * HOUR,
        ),
        sample_offer(
            9,
            publisher=_EDIL,
            title="Sviluppatore software",
            description="Python e SQL per il gestionale del cantiere.",
            profession=ProfessionCode("2.1.1.4.1"),
            contract_type=ContractType.PERMANENT,
            working_conditions=(WorkingCondition.REMOTE_WORK, WorkingCondition.HYBRID_WORK),
            education_level=EducationLevel.MASTER,
            published_at=T0 - 6 * HOUR,
            **_until(dt.date(2026, 6, 30)),
        ),
        sample_offer(
            10,
            title="Lavapiatti",
            status=OfferStatus.DRAFT,
            published_at=None,
            created_at=T0 - 5 * HOUR,
        ),
        sample_offer(
            11,
            title="Barista",
            status=OfferStatus.CLOSED,
            closed_at=T0 - 3 * HOUR,
            published_at=T0 - 24 * HOUR,
        ),
        sample_offer(
            12,
            publisher=_EDIL,
            title="Bagnino",
            status=OfferStatus.EXPIRED,
            published_at=T0 - 48 * HOUR,
        ),
        sample_offer(
            13,
            publisher=_CPI,
            title="Magazziniere",
            description="Carico e scarico merci al porto.",
            profession=ProfessionCode("4.3.1.2.0"),
            working_conditions=(WorkingCondition.SHIFT_WORK,),
            education_level=None,
            event=FAIR,
            preselection=False,
            published_at=T0 - 10 * HOUR,
        ),
        sample_offer(14, title="Cuoco di linea", event=FAIR, published_at=T0 - 8 * HOUR),
        sample_offer(
            15,
            publisher=_EDIL,
            title="Carpentiere navale",
            description="Costruzione di scafi in legno.",
            profession=ProfessionCode("6.2.1.3.0"),
            workplace=MunicipalityCode("E463"),
            contract_type=ContractType.PERMANENT,
            education_level=EducationLevel.VOCATIONAL_DIPLOMA,
            car_required=True,
            event=OTHER_FAIR,
            published_at=T0 - 4 * HOUR,
        ),
        sample_offer(
            16,
            title="Animatore turistico",
            published_at=T0 - 60 * HOUR,
            **_until(dt.date(2026, 2, 27)),
        ),
    )


def sample_offer_queries() -> tuple[OfferQuery, ...]:
    """Every OF-3 filter alone, the HM-3 profession and place filters, free text, mixes."""
    return (
        OfferQuery(),
        OfferQuery(action="42"),
        OfferQuery(requires_experience=True),
        OfferQuery(income_support=True),
        OfferQuery(motorbike_required=True),
        OfferQuery(protected_category_art1=True),
        OfferQuery(willing_to_travel=True),
        OfferQuery(protected_category_art18=True),
        OfferQuery(car_required=True),
        OfferQuery(eures=True),
        *(OfferQuery(contract_types=(kind,)) for kind in ContractType),
        OfferQuery(contract_types=(ContractType.PERMANENT, ContractType.OCCASIONAL)),
        *(OfferQuery(working_conditions=(condition,)) for condition in WorkingCondition),
        OfferQuery(working_conditions=(WorkingCondition.PART_TIME, WorkingCondition.NIGHT_WORK)),
        *(OfferQuery(education_level=level) for level in EducationLevel),
        OfferQuery(no_education_required=True),
        OfferQuery(no_education_required=True, education_level=EducationLevel.MASTER),
        *(
            OfferQuery(profession=ProfessionCode(code))
            for code in ("5", "5.2", "5.2.2", "5.2.2.1", "5.2.2.1.0", "6.2.1", "2", "9")
        ),
        *(OfferQuery(municipality=MunicipalityCode(code)) for code in (*_PROVINCE_OF, "A001")),
        *(OfferQuery(province=ProvinceCode(code)) for code in ("GE", "SP", "SV", "IM", "TO")),
        *(OfferQuery(text=text) for text in _OFFER_TEXTS),
        OfferQuery(car_required=True, province=ProvinceCode("SV")),
        OfferQuery(requires_experience=True, contract_types=(ContractType.PERMANENT,)),
        OfferQuery(text="cuoco", profession=ProfessionCode("5.2.2")),
        OfferQuery(
            contract_types=(ContractType.FIXED_TERM, ContractType.ON_CALL),
            working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.WEEKEND_WORK),
            education_level=EducationLevel.UPPER_SECONDARY,
            municipality=MunicipalityCode("E463"),
        ),
    )


_OFFER_TEXTS = (
    "cuoco",
    "CUO",
    "perche",
    "PERCHÉ",
    "hotel",
    "dell'hotel miramare",
    "pino",
    "impiego genova",
    "edil",
    "python sql",
    "saldat filo",
    "uoco",
    "zzz",
    "cuoco zzz",
    "   ",
    '"-*"',
)

_OFFER_NOWS = (
    T0,
    dt.datetime(2026, 3, 11, tzinfo=dt.UTC) - MICROSECOND,
    dt.datetime(2026, 3, 11, tzinfo=dt.UTC),
    dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC),
)
_EVENT_SCOPES: tuple[tuple[EventId, ...] | None, ...] = (
    None,
    (),
    (FAIR,),
    (FAIR, OTHER_FAIR),
    (EventId(long_id("event-9")),),
)
_PUBLISHED_AFTER = (None, T0 - 30 * HOUR, T0 - 12 * HOUR, T0 - 7 * HOUR, T0)


# -- saved searches and alerts ---------------------------------------------------------


def sample_saved_search(number: int = 1, **changes: Any) -> SavedSearch:
    """Anna's daily alert ``search-<number>`` created at T0, its query using most filters."""
    search = SavedSearch(
        id=SavedSearchId(long_id(f"search-{number}")),
        citizen=ANNA,
        name="Cuoco a Genova",
        query=OfferQuery(
            car_required=True,
            contract_types=(ContractType.PERMANENT, ContractType.FIXED_TERM),
            working_conditions=(WorkingCondition.FULL_TIME,),
            education_level=EducationLevel.UPPER_SECONDARY,
            action="7",
            profession=ProfessionCode("5.2.2"),
            province=ProvinceCode("GE"),
            text="cuoco",
        ),
        frequency=AlertFrequency.DAILY,
        created_at=T0,
        unsubscribe_token=f"unsubscribe-token-{number}",
    )
    return attrs.evolve(search, **changes)


def sample_saved_searches() -> tuple[SavedSearch, ...]:
    """Five searches of two citizens: daily and weekly, sent or not yet, one switched off."""
    return (
        sample_saved_search(1),
        sample_saved_search(
            2,
            frequency=AlertFrequency.WEEKLY,
            created_at=T0 + HOUR,
            last_sent_at=T0 + 2 * DAY,
        ),
        sample_saved_search(
            3,
            citizen=BRUNO,
            created_at=T0 + 2 * HOUR,
            last_sent_at=T0 + DAY + 2 * HOUR,
            active=False,
        ),
        sample_saved_search(4, created_at=T0 + 3 * HOUR, last_sent_at=T0 + DAY),
        sample_saved_search(
            5, citizen=BRUNO, frequency=AlertFrequency.WEEKLY, created_at=T0 - HOUR
        ),
    )


_ALERT_MOMENTS = (
    T0,
    T0 + DAY - MICROSECOND,
    T0 + DAY,
    T0 + 2 * DAY,
    T0 + 7 * DAY - HOUR,
    T0 + 9 * DAY - MICROSECOND,
    T0 + 9 * DAY,
    T0 + 30 * DAY,
)


def sample_alert_ledger(citizen: AccountId = ANNA, **changes: Any) -> AlertLedger:
    """The offers already announced to ``citizen``: two of the sample offers."""
    ledger = AlertLedger(
        citizen=citizen, announced=(OfferId(long_id("offer-01")), OfferId(long_id("offer-02")))
    )
    return attrs.evolve(ledger, **changes)


# -- applications ----------------------------------------------------------------------

_APPLICANT = CvContent(
    personal=PersonalData(
        given_name="Anna",
        family_name="Rossi",
        birth_date=dt.date(1985, 12, 10),
        email=EmailAddress("anna@example.it"),
        phone=PhoneNumber("+39 010 123456"),
        residence=Address(
            municipality=MunicipalityCode("D969"), street="Via Roma 1", postcode=Postcode("16121")
        ),
    ),
    experiences=(
        Experience(
            job_title="Cuoca",
            employer="Trattoria da Pina",
            start=dt.date(2019, 1, 1),
            end=dt.date(2021, 6, 30),
            profession=ProfessionCode("5.2.2.1.0"),
        ),
    ),
    studies=(Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero"),),
    languages=(LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),),
    skills=(Skill(category=SkillCategory.PROFESSIONAL, description="Pasta fresca"),),
    qualifications=Qualifications(driving_licences=(DrivingLicence.B,)),
    preferences=Preferences(professions=(ProfessionCode("5.2.2.1.0"),)),
)
_ATTACHMENT = AttachmentRef(
    id=AttachmentId(long_id("attachment-1")),
    filename="lettera.pdf",
    format=AttachmentFormat.PDF,
    size=2048,
    sha256="a" * 64,
    uploaded_at=T0 - DAY,
)


def sample_application(number: int = 1, **changes: Any) -> Application:
    """Anna's application ``application-<number>`` to ``offer-01``, sent at T0, viewed later.

    ``submitted_at`` moves the whole history; other ``changes`` override fields.
    """
    submitted_at = changes.pop("submitted_at", T0)
    application = Application(
        id=ApplicationId(long_id(f"application-{number}")),
        offer=OfferId(long_id("offer-01")),
        offer_title="Aiuto cuoco",
        publisher=_TRATTORIA,
        event=FAIR,
        citizen=ANNA,
        cv=CvId(long_id("cv-1")),
        applicant=_APPLICANT,
        cover_letter="Ho lavorato tre anni in una trattoria del centro.",
        attachment=_ATTACHMENT,
        history=(
            StatusChange(status=ApplicationStatus.SUBMITTED, at=submitted_at),
            StatusChange(status=ApplicationStatus.VIEWED, at=submitted_at + HOUR),
        ),
    )
    return attrs.evolve(application, **changes)


def sample_applications() -> tuple[Application, ...]:
    """Six applications of three citizens to three offers, with ties in submission time."""
    waiter, builder = OfferId(long_id("offer-02")), OfferId(long_id("offer-03"))
    return (
        sample_application(1),
        sample_application(2, offer=waiter, submitted_at=T0 + 2 * HOUR),
        sample_application(3, citizen=BRUNO, submitted_at=T0 + HOUR),
        sample_application(4, citizen=BRUNO, offer=waiter, submitted_at=T0 + 2 * HOUR),
        sample_application(5, citizen=CARLA, submitted_at=T0 + HOUR),
        sample_application(6, offer=builder, submitted_at=T0 + 2 * HOUR),
    )


# -- events and memberships ------------------------------------------------------------


def sample_event(number: int = 1, **changes: Any) -> Event:
    """``event-<number>`` by ``cpi-1`` in Genova, ten days after T0, every field set."""
    event = Event(
        id=EventId(long_id(f"event-{number}")),
        organiser=CpiId(long_id("cpi-1")),
        organiser_name="Centro per l'Impiego di Genova",
        name="Giornata del lavoro nel turismo",
        description="Colloqui con alberghi e ristoranti della riviera.",
        starts_at=T0 + 10 * DAY,
        ends_at=T0 + 10 * DAY + 8 * HOUR,
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode("D969"),
        address="Magazzini del Cotone, Porto Antico",
        online_url="https://example.it/diretta",
        registration_open=True,
        registration_closes_at=T0 + 9 * DAY,
        created_at=T0 - 20 * DAY,
    )
    return attrs.evolve(event, **changes)


def sample_events() -> tuple[Event, ...]:
    """Five events of two centres: past, ongoing at T0, and to come; two start together."""
    other = {
        "organiser": CpiId(long_id("cpi-2")),
        "organiser_name": "Centro per l'Impiego della Spezia",
    }
    online = {"mode": EventMode.ONLINE, "place": None, "address": None}
    return (
        sample_event(1),
        sample_event(2, **other, **online, starts_at=T0 + 5 * DAY, ends_at=T0 + 5 * DAY + 4 * HOUR),
        sample_event(3, starts_at=T0 + 5 * DAY, ends_at=T0 + 6 * DAY),
        sample_event(4, starts_at=T0 - 3 * DAY, ends_at=T0 - 2 * DAY, registration_open=False),
        sample_event(5, **other, starts_at=T0 - DAY, ends_at=T0 + DAY),
    )


_EVENT_MOMENTS = (
    T0 - 3 * DAY,
    T0,
    T0 + DAY - MICROSECOND,
    T0 + DAY,
    T0 + 5 * DAY + 4 * HOUR,
    T0 + 30 * DAY,
)


def sample_membership(
    event: EventId = FAIR, citizen: AccountId = ANNA, **changes: Any
) -> Membership:
    """``citizen`` joined ``event`` at T0 and was checked in on the day."""
    membership = Membership(
        event=event, citizen=citizen, joined_at=T0, checked_in_at=T0 + 10 * DAY + HOUR
    )
    return attrs.evolve(membership, **changes)


def sample_memberships() -> tuple[Membership, ...]:
    """Five memberships of three citizens in three events, each joined at its own time."""
    return (
        sample_membership(FAIR, ANNA, joined_at=T0 + HOUR),
        sample_membership(FAIR, BRUNO, joined_at=T0 + 2 * HOUR, checked_in_at=None),
        sample_membership(OTHER_FAIR, ANNA, joined_at=T0),
        sample_membership(EventId(long_id("event-3")), BRUNO, joined_at=T0 + 3 * HOUR),
        sample_membership(FAIR, CARLA, joined_at=T0 + 4 * HOUR, checked_in_at=None),
    )


# -- messages --------------------------------------------------------------------------

_TRATTORIA_DESK = Counterpart(
    kind=CounterpartKind.COMPANY, id=long_id("company-1"), name="Trattoria"
)
_EDIL_DESK = Counterpart(kind=CounterpartKind.COMPANY, id=long_id("company-2"), name="Edil Liguria")
_CPI_DESK = Counterpart(kind=CounterpartKind.CPI, id=long_id("cpi-1"), name="CPI Genova")
_SYSTEM = Counterpart(kind=CounterpartKind.SYSTEM, id=None, name="Portale Lavoro")


def sample_message(number: int = 1, **changes: Any) -> Message:
    """``message-<number>`` (two digits), unread, from the Trattoria to Anna at T0.

    It opens its own thread unless ``thread`` is changed.
    """
    message_id = MessageId(long_id(f"message-{number:02d}"))
    message = Message(
        id=message_id,
        thread=message_id,
        citizen=ANNA,
        counterpart=_TRATTORIA_DESK,
        direction=Direction.TO_CITIZEN,
        kind=MessageKind.APPLICATION_INTEREST,
        subject="La sua candidatura",
        body="Buongiorno, vorremmo conoscerla. È disponibile giovedì?",
        sent_at=T0,
    )
    return attrs.evolve(message, **changes)


def _message_with_every_field() -> Message:
    return sample_message(
        1,
        read_at=T0 + HOUR,
        offer=OfferId(long_id("offer-01")),
        application=ApplicationId(long_id("application-1")),
        unlock_request=UnlockRequestId(long_id("unlock-1")),
    )


def sample_messages() -> tuple[Message, ...]:
    """Nine messages of two citizens in five threads, both ways, read and unread.

    Two messages to Anna were sent at the same instant (the id breaks the tie).
    """
    thread_1, thread_5 = MessageId(long_id("message-01")), MessageId(long_id("message-05"))
    thread_7 = MessageId(long_id("message-07"))
    reply = {"direction": Direction.FROM_CITIZEN, "kind": MessageKind.REPLY}
    return (
        sample_message(1),
        sample_message(2, **reply, thread=thread_1, sent_at=T0 + HOUR),
        sample_message(3, thread=thread_1, sent_at=T0 + 2 * HOUR, read_at=T0 + 3 * HOUR),
        sample_message(4, counterpart=_SYSTEM, kind=MessageKind.EVENT, sent_at=T0 + 2 * HOUR),
        sample_message(5, counterpart=_CPI_DESK, sent_at=T0 + 5 * HOUR),
        sample_message(6, **reply, counterpart=_CPI_DESK, thread=thread_5, sent_at=T0 + 6 * HOUR),
        sample_message(7, citizen=BRUNO, sent_at=T0 + HOUR),
        sample_message(8, **reply, citizen=BRUNO, thread=thread_7, sent_at=T0 + 4 * HOUR),
        sample_message(9, **reply, citizen=BRUNO, counterpart=_EDIL_DESK, sent_at=T0 + 3 * HOUR),
    )


# -- unlock requests -------------------------------------------------------------------


def sample_unlock_request(number: int = 1, **changes: Any) -> UnlockRequest:
    """``unlock-<number>``: the Trattoria asked for Anna's ``cv-1`` and she said yes a day later.

    ``requested_at`` (default T0) moves the whole history.
    """
    requested_at = changes.pop("requested_at", T0)
    request = UnlockRequest(
        id=UnlockRequestId(long_id(f"unlock-{number}")),
        company=CompanyId(long_id("company-1")),
        company_name="Trattoria da Pino",
        cv=CvId(long_id("cv-1")),
        citizen=ANNA,
        history=(
            UnlockChange(status=UnlockStatus.REQUESTED, at=requested_at),
            UnlockChange(status=UnlockStatus.UNLOCKED, at=requested_at + DAY),
        ),
    )
    return attrs.evolve(request, **changes)


def sample_unlock_requests() -> tuple[UnlockRequest, ...]:
    """Four requests of two companies about three CVs, each made at its own time."""
    edil = {"company": CompanyId(long_id("company-2")), "company_name": "Edil Liguria srl"}
    return (
        sample_unlock_request(1, requested_at=T0 + HOUR),
        sample_unlock_request(2, **edil),
        sample_unlock_request(
            3, cv=CvId(long_id("cv-2")), citizen=BRUNO, requested_at=T0 + 2 * HOUR
        ),
        sample_unlock_request(
            4, **edil, cv=CvId(long_id("cv-3")), citizen=CARLA, requested_at=T0 + 3 * HOUR
        ),
    )


# -- CVs that companies search ---------------------------------------------------------


def sample_talent_cv(
    number: int,
    *,
    residence: str | None = "D969",
    professions: tuple[str, ...] = ("5.2.2.1.0",),
    worked_as: tuple[str | None, ...] = (),
    levels: tuple[EducationLevel, ...] = (EducationLevel.UPPER_SECONDARY,),
    languages: tuple[str, ...] = ("en",),
    licences: tuple[DrivingLicence, ...] = (DrivingLicence.B,),
    published_at: dt.datetime | None = T0 - 10 * DAY,
    expires_at: dt.datetime = T0 + 80 * DAY,
) -> Cv:
    """``cv-<number>`` of ``owner-<number>`` with what CV searches read (CV-12).

    ``residence`` is a municipality (the province follows), ``professions`` the desired
    ones, ``worked_as`` the professions of past experiences, ``levels`` those of studies.
    ``published_at`` ``None`` leaves the CV a draft.
    """
    publication = (
        None
        if published_at is None
        else Publication(published_at=published_at, expires_at=expires_at)
    )
    return Cv(
        id=CvId(long_id(f"cv-{number}")),
        owner=AccountId(long_id(f"owner-{number}")),
        personal=PersonalData(
            given_name="Anna",
            family_name=f"Rossi {number}",
            residence=None
            if residence is None
            else Address(municipality=MunicipalityCode(residence)),
        ),
        experiences=tuple(
            Entry(
                id=EntryId(long_id(f"e{index}")),
                value=Experience(
                    job_title="Lavoro", profession=None if code is None else ProfessionCode(code)
                ),
            )
            for index, code in enumerate(worked_as)
        ),
        studies=tuple(
            Entry(id=EntryId(long_id(f"s{index}")), value=Study(level=level))
            for index, level in enumerate(levels)
        ),
        languages=tuple(
            Entry(
                id=EntryId(long_id(f"l{index}")),
                value=LanguageSkill(language=code, level=LanguageLevel.ADVANCED),
            )
            for index, code in enumerate(languages)
        ),
        qualifications=Qualifications(driving_licences=licences),
        preferences=Preferences(professions=tuple(ProfessionCode(code) for code in professions)),
        publication=publication,
        residence_province=None if residence is None else ProvinceCode(_PROVINCE_OF[residence]),
        created_at=T0 - 200 * DAY,
        updated_at=T0 - 20 * DAY,
    )


def sample_talent_cvs() -> tuple[Cv, ...]:
    """Eight CVs: five published at T0, one expired, one a draft, one published tomorrow.

    Two were published at the same instant (the id breaks the tie); ``cv-4`` expires a
    day after T0, exactly when ``cv-8`` is published.
    """
    return (
        sample_talent_cv(1, languages=("en", "fr")),
        sample_talent_cv(
            2,
            residence="E463",
            professions=(),
            worked_as=("5.2.2.3.1", None),
            levels=(EducationLevel.BACHELOR, EducationLevel.LOWER_SECONDARY),
            licences=(DrivingLicence.B, DrivingLicence.C),
            published_at=T0 - 5 * DAY,
        ),
        sample_talent_cv(
            3,
            residence="H183",
            professions=("6.1.2.1.0",),
            levels=(EducationLevel.LOWER_SECONDARY,),
            languages=(),
            licences=(DrivingLicence.AM,),
            published_at=T0 - 5 * DAY,
        ),
        sample_talent_cv(
            4,
            residence="I480",
            professions=("2.1.1.4.1", "2.1.1.4.2"),
            worked_as=("5.2.2.1.0",),
            levels=(EducationLevel.MASTER,),
            languages=("de", "en"),
            licences=(),
            published_at=T0 - DAY,
            expires_at=T0 + DAY,
        ),
        sample_talent_cv(5, published_at=T0 - 100 * DAY, expires_at=T0 - 10 * DAY),
        sample_talent_cv(6, published_at=None),
        sample_talent_cv(7, residence=None, levels=(), published_at=T0 - 2 * DAY),
        sample_talent_cv(
            8,
            residence="E290",
            professions=("8.1.4.3.0",),
            levels=(EducationLevel.NONE,),
            published_at=T0 + DAY,
            expires_at=T0 + 91 * DAY,
        ),
    )


def sample_cv_queries() -> tuple[CvQuery, ...]:
    """Every filter of a CV search alone with several values, then combinations."""
    return (
        CvQuery(),
        *(
            CvQuery(profession=ProfessionCode(code))
            for code in ("5", "5.2.2", "5.2.2.1.0", "5.2.2.3", "2.1.1.4", "6", "9")
        ),
        *(CvQuery(municipality=MunicipalityCode(code)) for code in (*_PROVINCE_OF, "A001")),
        *(CvQuery(province=ProvinceCode(code)) for code in ("GE", "SP", "SV", "IM", "TO")),
        *(CvQuery(education_level=level) for level in EducationLevel),
        *(CvQuery(languages=codes) for codes in (("en",), ("en", "fr"), ("de",), ("es",))),
        *(
            CvQuery(driving_licences=licences)
            for licences in (
                (DrivingLicence.B,),
                (DrivingLicence.B, DrivingLicence.C),
                (DrivingLicence.AM,),
                (DrivingLicence.D,),
            )
        ),
        CvQuery(profession=ProfessionCode("5.2.2"), province=ProvinceCode("GE")),
        CvQuery(
            education_level=EducationLevel.LOWER_SECONDARY,
            languages=("en",),
            driving_licences=(DrivingLicence.B,),
        ),
    )


_CV_NOWS = (T0, T0 + DAY - MICROSECOND, T0 + DAY, T0 + 3 * DAY)
