"""The tables of the identity adapters (migration 3): login throttling and SAML requests."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from formlavoro_adapters.sql.schema import METADATA
from formlavoro_adapters.sql.types import Instant

__all__ = ["IDENTITY_TABLES", "LOGIN_THROTTLE", "SAML_REQUESTS"]

LOGIN_THROTTLE = Table(
    "login_throttle",
    METADATA,
    # "account:<username>" or "source:<address>": one row per key that failed lately.
    Column("key", String(320), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", Instant, nullable=False),
    Index("ix_login_throttle_age", "last_failure_at"),
)
"""Recent failed logins per account and per source address (SEC-2)."""

SAML_REQUESTS = Table(
    "saml_requests",
    METADATA,
    # The ID of a pending AuthnRequest (consumed by its response), or of an assertion
    # already accepted (kept until it expires, so that it cannot be replayed).
    Column("id", String(256), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("doc", Text, nullable=False),
    Column("created_at", Instant, nullable=False),
    Column("expires_at", Instant, nullable=False),
    Index("ix_saml_requests_expiry", "expires_at"),
)
"""SAML request and assertion IDs: what makes each response usable once."""

IDENTITY_TABLES = (LOGIN_THROTTLE, SAML_REQUESTS)
