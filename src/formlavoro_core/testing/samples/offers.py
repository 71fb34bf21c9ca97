"""Sample offers, and the offer catalogue and queries the offer search is checked on.

``sample_offer(number, **changes)`` builds one offer with every field set;
``sample_offers()`` a catalogue chosen to exercise every filter and order of the offer
search, and ``sample_offer_queries()`` the queries asked of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import ContractType, DrivingLicence, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.events import FAIR, OTHER_FAIR
from formlavoro_core.testing.samples.scene import _PROVINCE_OF, DAY, HOUR, MICROSECOND, T0

__all__ = ["sample_offer", "sample_offer_queries", "sample_offers"]

_TRATTORIA = Publisher(
    kind=PublisherKind.COMPANY, id=long_id("company-1"), name="Trattoria da Pino"
)
_EDIL = Publisher(kind=PublisherKind.COMPANY, id=long_id("company-2"), name="Edil Liguria srl")
_CPI = Publisher(kind=PublisherKind.CPI, id=long_id("cpi-1"), name="Centro per l'Impiego di Genova")
_PUBLISHERS = (_TRATTORIA, _EDIL, _CPI)


def _until(day: dt.date) -> dict[str, Any]:
    """``expires_on`` and ``expires_at`` of an offer visible through ``day`` (UTC)."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + DAY
    return {"expires_on": day, "expires_at": midnight}


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
        *_FILTERED_TEXTS,
        OfferQuery(
            contract_types=(ContractType.FIXED_TERM, ContractType.ON_CALL),
            working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.WEEKEND_WORK),
            education_level=EducationLevel.UPPER_SECONDARY,
            municipality=MunicipalityCode("E463"),
        ),
    )


_FILTERED_TEXTS = (
    # free text with each filter PostgreSQL's words' index holds too
    OfferQuery(text="cuo", province=ProvinceCode("GE")),
    OfferQuery(text="cuo", province=ProvinceCode("SV")),
    OfferQuery(text="hotel", municipality=MunicipalityCode("E463")),
    OfferQuery(text="cuo", contract_types=(ContractType.FIXED_TERM,)),
    OfferQuery(text="s", contract_types=(ContractType.PERMANENT, ContractType.OCCASIONAL)),
    *(
        OfferQuery(text="cuoco", profession=ProfessionCode(code))
        for code in ("5", "5.2", "5.2.2.1", "5.2.2.1.0", "6.1")
    ),
    OfferQuery(
        text="aiuto",
        province=ProvinceCode("GE"),
        municipality=MunicipalityCode("D969"),
        contract_types=(ContractType.FIXED_TERM, ContractType.PERMANENT),
        profession=ProfessionCode("5.2"),
    ),
)
"""Free text with filters: on PostgreSQL the total is counted from the words' index,
which holds the place, contract type and profession too."""

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
