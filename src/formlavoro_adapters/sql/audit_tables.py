"""The tables of the audit log, and the outbox's index by address (migration 7)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from formlavoro_adapters.sql.core_tables import OUTBOX
from formlavoro_adapters.sql.schema import ID, METADATA, key_column
from formlavoro_adapters.sql.types import Instant

__all__ = ["AUDIT_ANCHOR", "AUDIT_LOG", "AUDIT_TABLES", "OUTBOX_RECIPIENT"]

AUDIT_LOG = Table(
    "audit_log",
    METADATA,
    # Appended in sequence, never updated: the key refuses a sequence taken twice, so
    # two transactions appending at once cannot both follow the same head.
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("at", Instant, nullable=False),
    Column("subject", String(ID), nullable=True),
    Column("doc", Text, nullable=False),
    Index("ix_audit_log_subject", "subject", "sequence"),
    Index("ix_audit_log_at", "at", "sequence"),
)
"""SEC-3: the audit records, each the JSON of an ``AuditEntry`` (ids only, no personal data)."""

AUDIT_ANCHOR = Table(
    "audit_anchor",
    METADATA,
    key_column(),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)
"""Where the kept audit chain starts once older records are pruned (one row)."""

AUDIT_TABLES = (AUDIT_LOG, AUDIT_ANCHOR)

OUTBOX_RECIPIENT = Index("ix_outbox_recipient", OUTBOX.c.recipient)
"""The outbox by address (SEC-4): a citizen's emails, for export and erasure."""
