"""``portal.privacy``: data rights (SEC-3, SEC-4): the access log, export, erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Failure, Result, Success

from formlavoro_core.errors import DomainError, Forbidden, NotFound
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import CitizenPrincipal, OperatorPrincipal, Principal, System
from formlavoro_core.privacy import audit_services
from formlavoro_core.privacy.audit import AuditAction, AuditEntry
from formlavoro_core.privacy.audit_services import AuditVerified
from formlavoro_core.privacy.erasure import Erased, erase_everywhere
from formlavoro_core.privacy.export import Collected, DataExport, collect
from formlavoro_core.privacy.recording import record
from formlavoro_core.runtime import Dependencies, require_citizen, require_system

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["AuditVerified", "DataExport", "Erased", "PrivacyService"]


def _whose(actor: Principal, account_id: AccountId | None, action: str) -> AccountId | Forbidden:
    """The account a data-rights request is about: the citizen's own, or one an operator names."""
    if isinstance(actor, CitizenPrincipal) and account_id in (None, actor.account_id):
        return actor.account_id
    if isinstance(actor, OperatorPrincipal) and account_id is not None:
        return account_id
    return Forbidden(action=action)


class PrivacyService:
    """``portal.privacy``: what a citizen may ask about their data, and the audit log."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def access_log(self, actor: Principal) -> Result[tuple[AuditEntry, ...], DomainError]:
        """SEC-3: every audit record about the acting citizen, oldest first.

        Who acted (``entry.actor``: a company, an operator, the citizen), what they did,
        when and through which use case: the citizen sees who read their data.
        """
        citizen = require_citizen(actor, "read an access log")
        if isinstance(citizen, DomainError):
            return Failure(citizen)

        def work(uow: UnitOfWork) -> tuple[AuditEntry, ...]:
            return tuple(uow.audit.about(citizen.account_id))

        return self._deps.run(work)

    def verify_audit(self, actor: Principal) -> Result[AuditVerified, DomainError]:
        """SEC-3: check the audit log's hash chain from its start (an operator or the portal).

        ``privacy.audit.chain_broken`` names the first record altered or removed.
        """
        if not isinstance(actor, OperatorPrincipal | System):
            return Failure(Forbidden(action="verify the audit log"))
        return self._deps.run(audit_services.verify)

    def prune_audit(self, actor: Principal) -> Result[int, DomainError]:
        """SEC-3: remove the audit records older than the configured retention.

        Run by the portal's scheduler (``SYSTEM``); answers how many records went. The
        chain still verifies afterwards (the pruning is itself recorded).
        """
        system = require_system(actor, "prune the audit log")
        if isinstance(system, DomainError):
            return Failure(system)
        now = self._deps.clock.now()
        retention = self._deps.config.audit_retention
        return self._deps.run(lambda uow: audit_services.prune(uow, now=now, retention=retention))

    def export(
        self, actor: Principal, account_id: AccountId | None = None
    ) -> Result[DataExport, DomainError]:
        """SEC-4, GDPR arts. 15 and 20: everything the portal holds about a citizen.

        The citizen asks for their own (no ``account_id``); an operator answering a
        request made another way names the account. The answer holds ``data.json``
        (every record, machine-readable), the attachments and a readable PDF summary
        in the citizen's language (``export.archive()`` zips them). The export is
        recorded in the audit log.
        """
        whose = _whose(actor, account_id, "export a citizen's data")
        if isinstance(whose, DomainError):
            return Failure(whose)
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> Collected | DomainError:
            account = uow.accounts.get(whose)
            if account is None:
                return NotFound(entity="account", key=whose)
            collected = collect(
                uow,
                account,
                now=now,
                timezone=deps.config.timezone,
                portal_name=deps.config.portal_name,
            )
            record(
                uow,
                actor,
                AuditAction.EXPORT,
                subject=account.id,
                use_case="privacy.export",
                at=now,
            )
            return collected

        match deps.run(work):
            case Success(Collected() as gathered):
                pass
            case failed:
                return Failure(failed.failure())
        files = {}
        for path, key in gathered.file_keys:
            content = deps.files.get(key)
            if content is not None:
                files[path] = content
        renderer = deps.privacy_summary
        return Success(
            DataExport(
                data=gathered.data,
                files=files,
                summary=gathered.summary,
                pdf=renderer.render(gathered.summary) if renderer is not None else None,
            )
        )

    def erase(
        self, actor: Principal, account_id: AccountId | None = None
    ) -> Result[Erased, DomainError]:
        """SEC-4, GDPR art. 17: remove the citizen's personal data; statistics stay.

        The citizen asks for their own (no ``account_id``); an operator answering a
        request names the account. Everything goes in one transaction (see
        :mod:`formlavoro_core.privacy.erasure`), the attachments' files after it
        commits. The erasure is recorded in the audit log, by account id.
        """
        whose = _whose(actor, account_id, "erase a citizen's data")
        if isinstance(whose, DomainError):
            return Failure(whose)
        deps = self._deps
        now = deps.clock.now()
        tombstone = deps.ids.new_id()

        def work(uow: UnitOfWork) -> Erased | DomainError:
            account = uow.accounts.get(whose)
            if account is None:
                return NotFound(entity="account", key=whose)
            erased = erase_everywhere(uow, account, tombstone=tombstone)
            record(
                uow,
                actor,
                AuditAction.ERASURE,
                subject=account.id,
                use_case="privacy.erase",
                at=now,
            )
            return erased

        result = deps.run(work)
        match result:
            case Success(Erased(files=files)):
                for key in files:
                    deps.files.delete(key)
        return result
