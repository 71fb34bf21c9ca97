"""``portal.privacy``: data rights (SEC-3, SEC-4): the access log, export, erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Failure, Result

from formlavoro_core.errors import DomainError, Forbidden
from formlavoro_core.principals import OperatorPrincipal, Principal, System
from formlavoro_core.privacy import audit_services
from formlavoro_core.privacy.audit import AuditEntry
from formlavoro_core.privacy.audit_services import AuditVerified
from formlavoro_core.runtime import Dependencies, require_citizen, require_system

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["AuditVerified", "PrivacyService"]


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
