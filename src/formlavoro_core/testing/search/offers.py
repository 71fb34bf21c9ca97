"""Hypothesis strategies for offer catalogues, the words in them and offer queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, Final

from hypothesis import strategies as st

from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import ContractType, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode, SectorCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.search.vocabulary import (
    _CODES,
    _LEVELS,
    _LICENCES,
    _MOMENTS,
    _MUNICIPALITIES,
    _PLACE,
    _PROVINCES,
    LIGURIAN_PLACES,
    SEARCH_WORDS,
    _catalogues,
    _phrase,
    _some_filters,
    _text_words,
    _unique_tuples,
    search_texts,
)

__all__ = ["SEARCH_EVENTS", "offer_catalogues", "offer_queries", "offer_words", "offers"]


_PUBLISHERS: Final = (
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-1"), name="Trattoria da Pino"),
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-2"), name="Caffè della Società srl"),
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-10"), name="L'Étoile de Gênes"),
    Publisher(kind=PublisherKind.CPI, id=long_id("cpi-1"), name="Centro per l'Impiego di Genova"),
)
SEARCH_EVENTS: Final = (EventId(long_id("event-1")), EventId(long_id("event-2")))
"""The recruitment events that event offers of the catalogues belong to."""

_FLAGS: Final = st.tuples(*(st.booleans() for _ in range(8)))
_CONTRACTS: Final = st.sampled_from(ContractType) | st.sampled_from(
    (ContractType.FIXED_TERM, ContractType.PERMANENT)
)
_CONDITIONS: Final = st.sampled_from(WorkingCondition) | st.sampled_from(
    (WorkingCondition.FULL_TIME, WorkingCondition.PART_TIME, WorkingCondition.SHIFT_WORK)
)


def _offer_parts(words: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    """Every field of an offer but the id and the time-dependent ones."""
    return st.fixed_dictionaries(
        {
            "publisher": st.sampled_from(_PUBLISHERS),
            "title": _phrase(words),
            "description": _phrase(words, max_size=5),
            "profession": _CODES,
            "workplace": _PLACE,
            "contract_type": _CONTRACTS,
            "sector": st.none() | st.just(SectorCode("56.10")),
            "positions": st.integers(1, 5),
            "working_conditions": _unique_tuples(_CONDITIONS, 3),
            "education_level": st.none() | _LEVELS,
            "flags": _FLAGS,
            "driving_licences": _unique_tuples(_LICENCES, 2),
            "event": st.sampled_from((None, None, None, None, None, None, *SEARCH_EVENTS)),
            "preselection": st.booleans(),
            "status": st.sampled_from((*OfferStatus, *[OfferStatus.ACTIVE] * 6)),
            "moment": _MOMENTS,
            "created_hours_before": st.sampled_from((0, 0, 5, 30)),
            "expiry": _MOMENTS,
            "expiry_days_later": st.sampled_from((0, 1, 30, 30, 30)),
        }
    )


_OFFER_FLAGS: Final = (
    "requires_experience",
    "income_support",
    "motorbike_required",
    "protected_category_art1",
    "protected_category_art18",
    "willing_to_travel",
    "car_required",
    "eures",
)


def _offer(offer_id: str, parts: dict[str, Any]) -> Offer:
    status: OfferStatus = parts["status"]
    moment: datetime.datetime = parts["moment"]
    created = moment - datetime.timedelta(hours=parts["created_hours_before"])
    expires_at = parts["expiry"] + datetime.timedelta(days=parts["expiry_days_later"])
    workplace: str = parts["workplace"]
    event = parts["event"]
    return Offer(
        id=OfferId(offer_id),
        publisher=parts["publisher"],
        title=parts["title"],
        description=parts["description"],
        profession=parts["profession"],
        workplace=MunicipalityCode(workplace),
        province=ProvinceCode(LIGURIAN_PLACES[workplace]),
        contract_type=parts["contract_type"],
        sector=parts["sector"],
        positions=parts["positions"],
        working_conditions=parts["working_conditions"],
        education_level=parts["education_level"],
        **dict(zip(_OFFER_FLAGS, parts["flags"], strict=True)),
        driving_licences=parts["driving_licences"],
        event=event,
        preselection=True if event is None else parts["preselection"],
        status=status,
        created_at=created,
        published_at=None if status is OfferStatus.DRAFT else moment,
        expires_on=(expires_at - datetime.timedelta(days=1)).date(),
        expires_at=expires_at,
        closed_at=moment if status is OfferStatus.CLOSED else None,
    )


def offers(
    *, offer_id: str | None = None, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Offer]:
    """An offer of the search catalogues, in any status, with every searched field drawn.

    Args:
        offer_id: its id; by default ``offer-<n>`` (ids of different lengths, so the
            byte order of ids matters when times tie).
        words: random words mixed into titles and descriptions with
            :data:`SEARCH_WORDS`; by default :func:`search_words`.

    Returns:
        A strategy of new offers (version 0).
    """
    ids = (
        st.just(offer_id) if offer_id else st.integers(0, 300).map(lambda n: long_id(f"offer-{n}"))
    )
    return st.builds(_offer, ids, _offer_parts(_text_words(words)))


def offer_catalogues(
    *, max_size: int = 40, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[tuple[Offer, ...]]:
    """From 0 to ``max_size`` offers with distinct ids (see :func:`offers`)."""
    return _catalogues(offers(words=words), max_size)


def offer_words(catalogue: Iterable[Offer]) -> tuple[str, ...]:
    """The words as written in the titles, descriptions and publishers of ``catalogue``."""
    found = {
        word
        for offer in catalogue
        for field in (offer.title, offer.description, offer.publisher.name)
        for word in field.split()
    }
    return tuple(sorted(found)) or SEARCH_WORDS


_SET: Final = st.just(True)  # noqa: FBT003 - the value of a yes/no filter that is set


def offer_queries(
    written: Sequence[str] = SEARCH_WORDS, *, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[OfferQuery]:
    """Valid offer queries with up to three filters set, besides ``action`` and free text.

    Args:
        written: words of the catalogue searched (see :func:`search_texts`).
        words: other words for the free text.

    Returns:
        A strategy of queries that :meth:`OfferQuery.problems` accepts.
    """
    filters: dict[str, st.SearchStrategy[Any]] = {
        "requires_experience": _SET,
        "income_support": _SET,
        "motorbike_required": _SET,
        "protected_category_art1": _SET,
        "willing_to_travel": _SET,
        "protected_category_art18": _SET,
        "car_required": _SET,
        "contract_types": _unique_tuples(_CONTRACTS, 3, min_size=1),
        "working_conditions": _unique_tuples(_CONDITIONS, 3, min_size=1),
        "education_level": _LEVELS,
        "no_education_required": _SET,
        "eures": _SET,
        "profession": _CODES,
        "municipality": _MUNICIPALITIES,
        "province": _PROVINCES,
    }
    always = {
        "action": st.none() | st.sampled_from(("42", "cerca", "")),
        "text": st.none() | search_texts(written, words=words),
    }
    return _some_filters(filters, always=always).map(lambda found: OfferQuery(**found))
