"""Sample events (job fairs) and their memberships.

``sample_events()`` and ``sample_memberships()`` exercise the listing orders and
the unique key of a membership.
"""

from __future__ import annotations

from typing import Any

import attrs

from formlavoro_core.events.model import Event, EventMode, Membership
from formlavoro_core.ids import AccountId, CpiId, EventId
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, HOUR, MICROSECOND, T0

__all__ = [
    "FAIR",
    "OTHER_FAIR",
    "sample_event",
    "sample_events",
    "sample_membership",
    "sample_memberships",
]

FAIR = EventId(long_id("event-1"))
OTHER_FAIR = EventId(long_id("event-2"))


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
