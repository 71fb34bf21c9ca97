"""Sample saved searches and alert ledgers, and the moments their alerts fall due.

``sample_saved_searches()`` mixes daily and weekly, active and paused searches of
the three citizens.
"""

from __future__ import annotations

from typing import Any

import attrs

from formlavoro_core.ids import AccountId, OfferId, SavedSearchId
from formlavoro_core.offers.alerts import AlertFrequency, AlertLedger, SavedSearch
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import ProfessionCode, ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, DAY, HOUR, MICROSECOND, T0

__all__ = ["sample_alert_ledger", "sample_saved_search", "sample_saved_searches"]


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
