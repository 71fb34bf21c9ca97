"""Sample marketplace data for the storage contract: fixed, readable, every field set.

Each ``sample_X(number, **changes)`` builds one fully filled aggregate; each
``sample_Xs()`` a small catalogue chosen to exercise every filter and order of the
matching repository. They live in :mod:`formlavoro_core.testing.samples`, one module per
aggregate family; this module gathers them under one name.
"""

from __future__ import annotations

from formlavoro_core.testing.samples.alerts import (
    sample_alert_ledger,
    sample_saved_search,
    sample_saved_searches,
)
from formlavoro_core.testing.samples.applications import sample_application, sample_applications
from formlavoro_core.testing.samples.events import (
    FAIR,
    OTHER_FAIR,
    sample_event,
    sample_events,
    sample_membership,
    sample_memberships,
)
from formlavoro_core.testing.samples.messages import sample_message, sample_messages
from formlavoro_core.testing.samples.offers import sample_offer, sample_offer_queries, sample_offers
from formlavoro_core.testing.samples.organisations import (
    sample_company,
    sample_employment_centre,
    sample_training_entity,
)
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, HOUR, MICROSECOND, T0
from formlavoro_core.testing.samples.talent import (
    sample_cv_queries,
    sample_talent_cv,
    sample_talent_cvs,
    sample_unlock_request,
    sample_unlock_requests,
)

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
