"""How use cases write the audit log (SEC-3), in their own unit of work.

Each use case that logs someone in or out, changes consents, handles an unlock, or lets
someone other than the citizen read the citizen's personal data calls :func:`record`
with the unit of work of that change or read: both commit, or neither does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_core.privacy.audit import Actor, AuditAction, AuditEntry, AuditEvent, append_event

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from formlavoro_core.applications.model import Application
    from formlavoro_core.ids import AccountId, OfferId
    from formlavoro_core.messaging.delivery import OutboxEntry
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.principals import Principal

__all__ = ["record", "record_application_read", "record_dead_letters_read", "record_ranking_run"]


def record(
    uow: UnitOfWork,
    actor: Principal | Actor,
    action: AuditAction,
    *,
    subject: AccountId | None,
    use_case: str,
    at: dt.datetime,
    refs: tuple[str, ...] = (),
    outcome: str = "",
) -> AuditEntry:
    """Append one record to the audit log of ``uow``: ids only, never personal data."""
    event = AuditEvent(
        actor=actor if isinstance(actor, Actor) else Actor.of(actor),
        action=action,
        subject=subject,
        use_case=use_case,
        refs=refs,
        outcome=outcome,
    )
    return append_event(uow.audit, event, at=at)


def record_ranking_run(
    uow: UnitOfWork,
    actor: Principal,
    *,
    offer_id: OfferId,
    candidates: int,
    at: dt.datetime,
    use_case: str = "matching.rank_cvs",
) -> AuditEntry:
    """MA-5, SEC-3: record a company-side ranking run: who, for which offer, how many CVs.

    No CV or citizen is named: the run reads anonymised CVs (``subject`` is ``None``).
    """
    return record(
        uow,
        actor,
        AuditAction.RANKING_RUN,
        subject=None,
        use_case=use_case,
        at=at,
        refs=(offer_id, str(candidates)),
    )


def record_application_read(
    uow: UnitOfWork, actor: Principal, application: Application, use_case: str, at: dt.datetime
) -> AuditEntry:
    """SEC-3: the offer's publisher read the personal data an application carries (AP-6)."""
    return record(
        uow,
        actor,
        AuditAction.PERSONAL_DATA_READ,
        subject=application.citizen,
        use_case=use_case,
        at=at,
        refs=(application.id, application.offer),
    )


def record_dead_letters_read(
    uow: UnitOfWork, actor: Principal, entries: Sequence[OutboxEntry], *, at: dt.datetime
) -> AuditEntry:
    """SEC-3: an operator (or the portal's script) listed the mail dead letters.

    Dead letters are emails to citizens, kept with their addresses: the read is recorded
    like any operator's read of personal data, naming the letters listed by id (an
    empty listing too: someone looked). Outbox messages are kept by address, not by
    account, so the record names no subject; ``use_case`` is ``mail.dead_letters``.
    """
    return record(
        uow,
        actor,
        AuditAction.PERSONAL_DATA_READ,
        subject=None,
        use_case="mail.dead_letters",
        at=at,
        refs=tuple(entry.id for entry in entries),
    )
