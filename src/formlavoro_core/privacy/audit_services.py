"""SEC-3 use cases: a citizen's access log, the chain's verification, retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.privacy.audit import (
    Actor,
    AuditAction,
    AuditAnchor,
    AuditEntry,
    AuditEvent,
    ChainBreak,
    append_event,
    verify_chain,
)
from formlavoro_core.privacy.failures import AuditChainBroken

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["AuditVerified", "prune", "verify"]

_BATCH = 1000


@attrs.frozen(kw_only=True)
class AuditVerified:
    """An intact audit log: how many records were checked, and the head's hash.

    Keep ``head_hash`` outside the database (a report, a ticket): records removed from
    the end of a chain leave no trace in it, but the head seen earlier then no longer
    appears.
    """

    records: int
    head_sequence: int
    head_hash: str


def _walk(uow: UnitOfWork, start: int) -> Iterator[AuditEntry]:
    after = start
    while True:
        batch = uow.audit.entries(after=after, limit=_BATCH)
        yield from batch
        if len(batch) < _BATCH:
            return
        after = batch[-1].sequence


def verify(uow: UnitOfWork) -> AuditVerified | AuditChainBroken:
    """Walk the whole kept chain, in batches, from its anchor."""
    anchor = uow.audit.anchor()
    outcome = verify_chain(_walk(uow, 0), anchor)
    if isinstance(outcome, ChainBreak):
        return AuditChainBroken(sequence=outcome.sequence, reason=outcome.reason)
    head = uow.audit.head()
    return AuditVerified(
        records=outcome,
        head_sequence=0 if head is None else head.sequence,
        head_hash="" if head is None else head.hash,
    )


def prune(uow: UnitOfWork, *, now: dt.datetime, retention: dt.timedelta) -> int:
    """Remove the records older than ``retention``; return how many.

    The pruning is recorded first, naming the anchor it sets, so the kept chain still
    verifies and an anchor moved by hand shows.
    """
    last = uow.audit.last_before(now - retention)
    current = uow.audit.anchor()
    if last is None or (current is not None and last.sequence <= current.sequence):
        return 0
    append_event(
        uow.audit,
        AuditEvent(
            actor=Actor.system(),
            action=AuditAction.PRUNED,
            subject=None,
            use_case="privacy.prune_audit",
            refs=(str(last.sequence), last.hash),
        ),
        at=now,
    )
    version = 0 if current is None else current.version
    return uow.audit.prune(AuditAnchor(sequence=last.sequence, hash=last.hash, version=version))
