"""The tables of matching (migrations 8, 10 and 11): candidate cells, read by index.

Ranking reads small profiles, never whole documents, and finds them by indexed columns:

* ``cv_profiles``: one row per *published* CV (removed when it is withdrawn), with the
  province of residence, the publication window, the profile as compact JSON and the
  facts that bound its score (migration 10: municipality, travel, education rank,
  days of experience, facets as ``,token,token,``);
* ``cv_profile_codes``: one row per CP2021 code (at every level) that a published CV's
  desired professions or experiences lie under, keyed by code and province, so that a
  cell (a code, some provinces) is one index range per province; each row carries the
  CV's publication window and bounding facts too (migration 11), stored in key order
  (SQLite: ``WITHOUT ROWID``; PostgreSQL: in the key's index, ``INCLUDE``), so that a
  cell's bounds are read from one range without visiting the profiles;
* ``offer_profiles``: one row per *active standard* offer (removed when it closes), with
  its profession at each of the five levels, its province and expiry, the profile, and
  the facts that bound its score (migration 10).

Company-side ranking runs are recorded in the audit log (SEC-3), not here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
)

from formlavoro_adapters.sql.tables import CVS, METADATA, OFFERS, Key
from formlavoro_adapters.sql.types import Instant

__all__ = ["CELL_FACTS", "CV_PROFILES", "CV_PROFILE_CODES", "MATCHING_TABLES", "OFFER_PROFILES"]


def _window() -> list[Column[Any]]:
    """A published CV's publication window."""
    return [
        Column("published_at", Instant, nullable=False),
        Column("expires_at", Instant, nullable=False),
    ]


def _facts() -> list[Column[Any]]:
    """The facts that bound a CV's score (a column belongs to one table: new each time)."""
    return [
        Column("municipality", String(8), nullable=True),
        Column("travel", Boolean, nullable=False, server_default=false()),
        Column("education", Integer, nullable=True),
        Column("closed_days", Integer, nullable=False, server_default="0"),
        Column("open_count", Integer, nullable=False, server_default="0"),
        Column("open_since", Integer, nullable=True),
        Column("facets", Text, nullable=False, server_default=","),
    ]


CV_PROFILES = Table(
    "cv_profiles",
    METADATA,
    Column("cv_id", Key, ForeignKey(CVS.c.id, ondelete="CASCADE"), primary_key=True),
    Column("province", String(2), nullable=True),
    *_window(),
    Column("profile", Text, nullable=False),
    # What bounds a CV's score (formlavoro_core.matching.bounds.CvFacts), migration 10.
    *_facts(),
    Index("ix_cv_profiles_province", "province", "expires_at"),
)

CELL_FACTS = tuple(column.name for column in (*_window(), *_facts()))
"""The columns of ``cv_profiles`` that each of its ``cv_profile_codes`` rows repeats."""

CV_PROFILE_CODES = Table(
    "cv_profile_codes",
    METADATA,
    Column("code", String(16), nullable=False),
    Column("province", String(2), nullable=False),
    Column("cv_id", Key, ForeignKey(CV_PROFILES.c.cv_id, ondelete="CASCADE"), nullable=False),
    # The CV's window and facts (migration 11), as in cv_profiles.
    *_window(),
    *_facts(),
    PrimaryKeyConstraint(
        "code", "province", "cv_id", name="pk_cv_profile_codes", postgresql_include=CELL_FACTS
    ),
    Index("ix_cv_profile_codes_cv", "cv_id"),
    sqlite_with_rowid=False,
)
"""A CV without a province of residence is filed under the province ``""``."""

OFFER_PROFILES = Table(
    "offer_profiles",
    METADATA,
    Column("offer_id", Key, ForeignKey(OFFERS.c.id, ondelete="CASCADE"), primary_key=True),
    *(Column(f"prof_{level}", String(16), nullable=True) for level in range(1, 6)),
    Column("province", String(2), nullable=False),
    Column("expires_at", Instant, nullable=False),
    Column("profile", Text, nullable=False),
    # What bounds an offer's score (formlavoro_core.matching.offer_bounds), migration 10.
    Column("workplace", String(8), nullable=False, server_default=""),
    Column("category", String(16), nullable=True),
    Column("education", Integer, nullable=True),
    Column("languages", Integer, nullable=False, server_default="0"),
    Column("requirements", Integer, nullable=False, server_default="0"),
    Column("facets", Text, nullable=False, server_default=","),
    *(
        Index(f"ix_offer_profiles_prof_{level}", f"prof_{level}", "province", "expires_at")
        for level in range(1, 6)
    ),
    Index("ix_offer_profiles_province", "province", "expires_at"),
)

MATCHING_TABLES = (CV_PROFILES, CV_PROFILE_CODES, OFFER_PROFILES)
