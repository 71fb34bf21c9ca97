"""The tables of access and CV (migration 1), and the schema version.

Accounts and their password resets, CVs with their professions, and the email outbox.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from formlavoro_adapters.sql.schema import ID, METADATA, aggregate_table, key_column
from formlavoro_adapters.sql.types import Instant

__all__ = [
    "ACCOUNTS",
    "CORE_TABLES",
    "CVS",
    "CV_PROFESSIONS",
    "OUTBOX",
    "PASSWORD_RESETS",
    "SCHEMA_VERSION",
]

SCHEMA_VERSION = Table(
    "formlavoro_schema",
    METADATA,
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied_at", Instant, nullable=False),
)

ACCOUNTS = aggregate_table(
    "accounts",
    Column("fiscal_code", String(16), nullable=False, unique=True),
    Column("username", String(64), nullable=True, unique=True),
)

PASSWORD_RESETS = Table(
    "password_resets",
    METADATA,
    key_column("token_hash"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("account_id", String(ID), nullable=False, index=True),
    Column("issued_at", Instant, nullable=False),
)

CVS = aggregate_table(
    "cvs",
    Column("owner", String(ID), nullable=False, unique=True),
    Column("sort_time", Instant, nullable=False),
    Column("published_at", Instant, nullable=True),
    Column("expires_at", Instant, nullable=True),
    Column("reminded", Boolean, nullable=False),
    Column("municipality", String(4), nullable=True),
    Column("province", String(2), nullable=True),
    Column("education_rank", Integer, nullable=True),
    Column("languages", Text, nullable=False),
    Column("licences", Text, nullable=False),
    Index("ix_cvs_expiry", "expires_at"),
    Index("ix_cvs_published", "sort_time", "id"),
)

CV_PROFESSIONS = Table(
    "cv_professions",
    METADATA,
    Column("cv_id", String(ID), ForeignKey("cvs.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(16), primary_key=True),
    Index("ix_cv_professions_code", "code", "cv_id"),
)

OUTBOX = aggregate_table(
    "outbox",
    Column("created_at", Instant, nullable=False),
    Column("sent_at", Instant, nullable=True),
    Column("claimed_until", Instant, nullable=True),
    # Migration 6: when a dispatcher may take the message (NULL once sent or dead), and
    # when it became a dead letter.
    Column("due_at", Instant, nullable=True),
    Column("dead_at", Instant, nullable=True),
    # Migration 7 (SEC-4): the address, to find a citizen's emails for export and erasure.
    Column("recipient", String(320), nullable=True),
    Index("ix_outbox_due", "due_at", "id"),
    Index("ix_outbox_dead", "dead_at", "id"),
)

CORE_TABLES = (SCHEMA_VERSION, ACCOUNTS, PASSWORD_RESETS, CVS, CV_PROFESSIONS, OUTBOX)
