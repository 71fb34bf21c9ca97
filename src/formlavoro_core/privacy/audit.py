"""SEC-3: the audit log, a hash chain of who did what with whose data.

Every record says who acted (a pseudonymous actor: kind and id), what they did, whose
data it was (the citizen's account id), when, through which use case, and the ids of
the records involved; never a name, a fiscal code, an email or a text. Records are
appended in the transaction of what they record, so a change and its record commit
together or not at all.

Each record carries the SHA-256 of its own fields and of the record before it: altering
a stored record, or removing one from the middle, breaks the chain at that place, and
:func:`verify_chain` says where. Old records are pruned after the retention the portal
configures; the pruning itself is a record, and an :class:`AuditAnchor` keeps the hash
where the kept chain starts, so the rest still verifies.

>>> at = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
>>> first = chained(None, AuditEvent(
...     actor=Actor.system(), action=AuditAction.LOGIN, subject=None, use_case="identity.login"
... ), at=at)
>>> first.sequence, first.previous_hash == GENESIS, first.is_sound()
(1, True, True)
>>> attrs.evolve(first, use_case="identity.logout").is_sound()
False
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.ids import AccountId
from formlavoro_core.principals import (
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    OperatorPrincipal,
    Principal,
    System,
    TrainingEntityPrincipal,
)

if TYPE_CHECKING:
    from formlavoro_core.privacy.repository import AuditLogRepository

__all__ = [
    "GENESIS",
    "Actor",
    "AuditAction",
    "AuditAnchor",
    "AuditEntry",
    "AuditEvent",
    "ChainBreak",
    "append_event",
    "chained",
    "verify_chain",
]

GENESIS = "0" * 64
"""The hash the first record of a log follows."""


class AuditAction(enum.Enum):
    """What an audit record records (SEC-3)."""

    LOGIN = "login"
    LOGIN_REFUSED = "login.refused"
    LOGOUT = "logout"
    PASSWORD_RESET_REQUESTED = "password_reset.requested"  # noqa: S105 - an action
    PASSWORD_RESET = "password_reset.completed"  # noqa: S105 - an action
    CONSENT_CHANGED = "consent.changed"
    UNLOCK_REQUESTED = "unlock.requested"
    UNLOCK_DECIDED = "unlock.decided"
    PERSONAL_DATA_READ = "personal_data.read"
    RANKING_RUN = "ranking.run"
    EXPORT = "privacy.export"
    ERASURE = "privacy.erasure"
    PRUNED = "audit.pruned"


@attrs.frozen(kw_only=True)
class Actor:
    """Who acted, pseudonymously: the principal's kind and its id (empty for none)."""

    kind: str
    id: str = ""

    @classmethod
    def of(cls, principal: Principal) -> Actor:  # noqa: PLR0911 - one case per principal
        """The actor of ``principal``.

        >>> Actor.of(CitizenPrincipal(AccountId("a-1")))
        Actor(kind='citizen', id='a-1')
        """
        match principal:
            case CitizenPrincipal(account_id=account_id):
                return cls(kind="citizen", id=account_id)
            case CompanyPrincipal(company_id=company_id):
                return cls(kind="company", id=company_id)
            case CpiPrincipal(cpi_id=cpi_id):
                return cls(kind="cpi", id=cpi_id)
            case TrainingEntityPrincipal(entity_id=entity_id):
                return cls(kind="training_entity", id=entity_id)
            case OperatorPrincipal(operator_id=operator_id):
                return cls(kind="operator", id=operator_id)
            case System():
                return cls.system()
            case _:
                return cls(kind="anonymous")

    @classmethod
    def system(cls) -> Actor:
        """The portal itself (its scheduler, its retention job)."""
        return cls(kind="system")


@attrs.frozen(kw_only=True)
class AuditEvent:
    """What a use case asks the log to record.

    Attributes:
        actor: who acted.
        action: what they did.
        subject: whose personal data it concerned (an account id), if anyone's.
        use_case: the use case, as ``context.method`` (``applications.view``).
        refs: ids of the records involved (an offer, an application, a CV), never
            their content.
        outcome: for a refusal, the failure's code; empty otherwise.
    """

    actor: Actor
    action: AuditAction
    subject: AccountId | None
    use_case: str
    refs: tuple[str, ...] = ()
    outcome: str = ""


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One record of the log: an event, its place in the chain, and its hash."""

    sequence: int
    at: dt.datetime
    actor: Actor
    action: AuditAction
    subject: AccountId | None
    use_case: str
    refs: tuple[str, ...] = ()
    outcome: str = ""
    previous_hash: str
    hash: str

    def computed_hash(self) -> str:
        """The hash the fields and the previous hash give (what :attr:`hash` must be)."""
        fields = {
            "sequence": self.sequence,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": [self.actor.kind, self.actor.id],
            "action": self.action.value,
            "subject": self.subject,
            "use_case": self.use_case,
            "refs": list(self.refs),
            "outcome": self.outcome,
        }
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(f"{self.previous_hash}\n{canonical}".encode()).hexdigest()

    def is_sound(self) -> bool:
        """Whether the stored hash is the one the fields give."""
        return self.hash == self.computed_hash()


@attrs.frozen(kw_only=True)
class AuditAnchor:
    """Where the kept chain starts once older records are pruned.

    Attributes:
        sequence: the last pruned record's sequence; the kept chain starts after it.
        hash: that record's hash, which the first kept record follows.
        version: for optimistic concurrency.
    """

    sequence: int
    hash: str
    version: int = 0


@attrs.frozen(kw_only=True)
class ChainBreak:
    """Where the chain is broken, and how.

    Attributes:
        sequence: the first record (by sequence) that does not follow.
        reason: ``altered`` (its hash is not its fields'), ``missing`` (records before it
            are gone), ``unlinked`` (it does not follow the hash before it), or
            ``anchor`` (no pruning recorded sets the anchor found).
    """

    sequence: int
    reason: str


def chained(
    previous: AuditEntry | AuditAnchor | None, event: AuditEvent, *, at: dt.datetime
) -> AuditEntry:
    """The record of ``event`` that follows ``previous`` (the head, or the anchor)."""
    sequence = 1 if previous is None else previous.sequence + 1
    previous_hash = GENESIS if previous is None else previous.hash
    unsealed = AuditEntry(
        sequence=sequence,
        at=at,
        actor=event.actor,
        action=event.action,
        subject=event.subject,
        use_case=event.use_case,
        refs=event.refs,
        outcome=event.outcome,
        previous_hash=previous_hash,
        hash="",
    )
    return attrs.evolve(unsealed, hash=unsealed.computed_hash())


def append_event(log: AuditLogRepository, event: AuditEvent, *, at: dt.datetime) -> AuditEntry:
    """Append the record of ``event`` to ``log`` (in the caller's unit of work); return it."""
    entry = chained(log.head() or log.anchor(), event, at=at)
    log.append(entry)
    return entry


class _Walk:
    """The state of a verification walking the chain in order."""

    def __init__(self, anchor: AuditAnchor | None) -> None:
        self.sequence = 0 if anchor is None else anchor.sequence
        self.hash = GENESIS if anchor is None else anchor.hash
        self.claimed_anchor: tuple[str, ...] | None = None
        self.checked = 0

    def step(self, entry: AuditEntry) -> ChainBreak | None:
        if entry.sequence != self.sequence + 1:
            return ChainBreak(sequence=self.sequence + 1, reason="missing")
        if not entry.is_sound():
            return ChainBreak(sequence=entry.sequence, reason="altered")
        if entry.previous_hash != self.hash:
            return ChainBreak(sequence=entry.sequence, reason="unlinked")
        if entry.action is AuditAction.PRUNED:
            self.claimed_anchor = entry.refs
        self.sequence, self.hash = entry.sequence, entry.hash
        self.checked += 1
        return None


def verify_chain(
    entries: Iterable[AuditEntry], anchor: AuditAnchor | None = None
) -> ChainBreak | int:
    """Check records given in sequence order; the first break, or how many were checked.

    ``anchor`` is where the kept chain starts (``None`` when nothing was pruned). Each
    pruning is itself a record naming the anchor it set, and it is kept (it comes after
    what it pruned): the last one kept must name ``anchor``, so an anchor moved to hide
    removed records shows too. Records removed from the end leave no trace in a chain:
    keep the head's hash elsewhere (``portal.privacy.verify_audit`` answers it).
    """
    walk = _Walk(anchor)
    for entry in entries:
        broken = walk.step(entry)
        if broken is not None:
            return broken
    if anchor is not None and walk.claimed_anchor != (str(anchor.sequence), anchor.hash):
        return ChainBreak(sequence=anchor.sequence + 1, reason="anchor")
    return walk.checked
