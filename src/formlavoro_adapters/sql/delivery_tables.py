"""The tables and indexes of mail delivery and deadlines (migration 6)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text

from formlavoro_adapters.sql.marketplace_tables import OFFERS
from formlavoro_adapters.sql.schema import METADATA, key_column

__all__ = ["DEADLINE_MARKS", "DELIVERY_TABLES", "OFFERS_EXPIRY"]

OFFERS_EXPIRY = Index("ix_offers_expiry", OFFERS.c.expires_at, OFFERS.c.id)
"""The offers by expiry, for the job that closes the applications of expired ones (AP-12)."""

DEADLINE_MARKS = Table(
    "deadline_marks",
    METADATA,
    key_column("job"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)
"""How far each time-driven job has handled its deadlines (CV-11, AP-12, EV-1)."""

DELIVERY_TABLES = (DEADLINE_MARKS,)
