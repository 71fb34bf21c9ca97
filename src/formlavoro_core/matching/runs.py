"""The record of every company-side ranking run (MA-5, SEC-3).

Who ranked, for which offer, when, and how many CVs the ranking returned: no CV, no
score, nothing personal. The record is written in the same transaction as the ranking
reads, through :class:`RankingRunRepository`, so that an audit log can fold it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

import attrs

from formlavoro_core.ids import OfferId

__all__ = ["RankingRun", "RankingRunRepository"]


@attrs.frozen(kw_only=True)
class RankingRun:
    """One ranking of CVs for an offer, as the audit keeps it."""

    id: str
    company: str
    offer: OfferId
    at: dt.datetime
    results: int
    limit: int
    version: int = 0


class RankingRunRepository(Protocol):
    """Where ranking runs are recorded."""

    def add(self, run: RankingRun, /) -> RankingRun:
        """Record ``run`` in the unit of work's transaction."""
        ...

    def for_company(self, company: str, /) -> Sequence[RankingRun]:
        """The runs of ``company``, oldest first (then by id)."""
        ...
