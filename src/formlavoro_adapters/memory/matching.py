"""In-memory record of ranking runs (MA-5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from formlavoro_adapters.memory.tables import Repository, Schema

if TYPE_CHECKING:
    from formlavoro_core.matching.runs import RankingRun

__all__ = ["RANKING_RUNS", "SCHEMAS", "InMemoryRankingRuns"]

RANKING_RUNS = Schema("ranking_run", lambda r: r.id, {})
SCHEMAS = (RANKING_RUNS,)


class InMemoryRankingRuns(Repository["RankingRun"]):
    def for_company(self, company: str) -> Sequence[RankingRun]:
        runs = [run for run in self._all() if run.company == company]
        return sorted(runs, key=lambda run: (run.at, run.id))
