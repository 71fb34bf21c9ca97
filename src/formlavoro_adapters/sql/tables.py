"""The SQL schema shared by SQLite and PostgreSQL (SQLAlchemy Core).

Every aggregate is stored as its JSON document (``doc``, what the document codec
unstructures) with a ``version`` for optimistic concurrency, plus the projected columns
that lookups, filters, orders and unique keys need. The document is the truth; the
columns are rebuilt from it on every write.

The tables are defined by group, in the order of the migrations that first made them:
:mod:`~formlavoro_adapters.sql.core_tables`, :mod:`~formlavoro_adapters.sql.marketplace_tables`,
:mod:`~formlavoro_adapters.sql.identity_tables`, :mod:`~formlavoro_adapters.sql.delivery_tables`
and :mod:`~formlavoro_adapters.sql.audit_tables`, over the metadata and shared columns of
:mod:`~formlavoro_adapters.sql.schema`. This module names them all together.
"""

from __future__ import annotations

from formlavoro_adapters.sql.audit_tables import (
    AUDIT_ANCHOR,
    AUDIT_LOG,
    AUDIT_TABLES,
    OUTBOX_RECIPIENT,
)
from formlavoro_adapters.sql.core_tables import (
    ACCOUNTS,
    CORE_TABLES,
    CV_PROFESSIONS,
    CVS,
    OUTBOX,
    PASSWORD_RESETS,
    SCHEMA_VERSION,
)
from formlavoro_adapters.sql.delivery_tables import DEADLINE_MARKS, DELIVERY_TABLES, OFFERS_EXPIRY
from formlavoro_adapters.sql.identity_tables import IDENTITY_TABLES, LOGIN_THROTTLE, SAML_REQUESTS
from formlavoro_adapters.sql.marketplace_tables import (
    ALERT_LEDGERS,
    APPLICATIONS,
    COMPANIES,
    COURSES,
    EMPLOYMENT_CENTRES,
    EVENTS,
    FLAGS,
    MARKETPLACE_TABLES,
    MEMBERSHIPS,
    MESSAGES,
    OFFER_PUBLICATION_TABLES,
    OFFER_PUBLICATIONS,
    OFFERS,
    SAVED_SEARCHES,
    TRAINING_ENTITIES,
    UNLOCK_REQUESTS,
)
from formlavoro_adapters.sql.schema import ID, METADATA, Key

__all__ = [
    "ACCOUNTS",
    "ALERT_LEDGERS",
    "APPLICATIONS",
    "AUDIT_ANCHOR",
    "AUDIT_LOG",
    "AUDIT_TABLES",
    "COMPANIES",
    "CORE_TABLES",
    "COURSES",
    "CVS",
    "CV_PROFESSIONS",
    "DEADLINE_MARKS",
    "DELIVERY_TABLES",
    "EMPLOYMENT_CENTRES",
    "EVENTS",
    "FLAGS",
    "ID",
    "IDENTITY_TABLES",
    "LOGIN_THROTTLE",
    "MARKETPLACE_TABLES",
    "MEMBERSHIPS",
    "MESSAGES",
    "METADATA",
    "OFFERS",
    "OFFERS_EXPIRY",
    "OFFER_PUBLICATIONS",
    "OFFER_PUBLICATION_TABLES",
    "OUTBOX",
    "OUTBOX_RECIPIENT",
    "PASSWORD_RESETS",
    "SAML_REQUESTS",
    "SAVED_SEARCHES",
    "SCHEMA_VERSION",
    "TRAINING_ENTITIES",
    "UNLOCK_REQUESTS",
    "Key",
]
