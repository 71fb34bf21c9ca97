"""Who is acting: every use case receives a principal and checks what it may do (SEC-1).

The embedding app authenticates people (SPID for citizens and company representatives,
its own staff login for operators) and restores the matching principal from its session.
"""

from __future__ import annotations

import attrs

from formlavoro_core.ids import AccountId, CompanyId, CpiId, OperatorId, TrainingEntityId

__all__ = [
    "ANONYMOUS",
    "SYSTEM",
    "Anonymous",
    "CitizenPrincipal",
    "CompanyPrincipal",
    "CpiPrincipal",
    "OperatorPrincipal",
    "Principal",
    "System",
    "TrainingEntityPrincipal",
]


@attrs.frozen
class Anonymous:
    """Someone who has not logged in (yet)."""


@attrs.frozen
class CitizenPrincipal:
    """A logged-in citizen."""

    account_id: AccountId


@attrs.frozen
class CompanyPrincipal:
    """Someone acting for a registered company (an employer)."""

    company_id: CompanyId


@attrs.frozen
class CpiPrincipal:
    """Someone acting for an employment centre (centro per l'impiego)."""

    cpi_id: CpiId


@attrs.frozen
class TrainingEntityPrincipal:
    """Someone acting for a training entity that publishes courses."""

    entity_id: TrainingEntityId


@attrs.frozen
class OperatorPrincipal:
    """A member of the regional staff that runs the portal."""

    operator_id: OperatorId


@attrs.frozen
class System:
    """The portal itself, as its scheduler runs time-driven jobs and the mail outbox."""


Principal = (
    Anonymous
    | CitizenPrincipal
    | CompanyPrincipal
    | CpiPrincipal
    | TrainingEntityPrincipal
    | OperatorPrincipal
    | System
)
"""Any acting principal."""

ANONYMOUS = Anonymous()
SYSTEM = System()
