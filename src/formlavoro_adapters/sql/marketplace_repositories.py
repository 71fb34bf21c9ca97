"""SQL repositories of the marketplace: organisations, offers, applications, events, ...

Each aggregate's repository lives in its own module; this module names them together.
"""

from __future__ import annotations

from formlavoro_adapters.sql.alert_repositories import SqlAlertLedgers, SqlSavedSearches
from formlavoro_adapters.sql.application_repositories import SqlApplications
from formlavoro_adapters.sql.course_repositories import SqlCourses
from formlavoro_adapters.sql.event_repositories import SqlEvents, SqlMemberships
from formlavoro_adapters.sql.message_repositories import SqlMessages
from formlavoro_adapters.sql.offer_repositories import SqlOffers, offer_columns
from formlavoro_adapters.sql.organisation_repositories import (
    SqlCompanies,
    SqlEmploymentCentres,
    SqlTrainingEntities,
)
from formlavoro_adapters.sql.talent_repositories import SqlUnlockRequests

__all__ = [
    "SqlAlertLedgers",
    "SqlApplications",
    "SqlCompanies",
    "SqlCourses",
    "SqlEmploymentCentres",
    "SqlEvents",
    "SqlMemberships",
    "SqlMessages",
    "SqlOffers",
    "SqlSavedSearches",
    "SqlTrainingEntities",
    "SqlUnlockRequests",
    "offer_columns",
]
