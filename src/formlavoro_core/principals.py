"""Who is acting: every use case receives a principal and checks what it may do (SEC-1)."""

from __future__ import annotations

import attrs

from formlavoro_core.ids import AccountId

__all__ = ["ANONYMOUS", "SYSTEM", "Anonymous", "CitizenPrincipal", "Principal", "System"]


@attrs.frozen
class Anonymous:
    """Someone who has not logged in (yet)."""


@attrs.frozen
class CitizenPrincipal:
    """A logged-in citizen, as the embedding app restores it from its session."""

    account_id: AccountId


@attrs.frozen
class System:
    """The portal itself, as its scheduler runs time-driven jobs and the mail outbox."""


Principal = Anonymous | CitizenPrincipal | System
"""Any acting principal."""

ANONYMOUS = Anonymous()
SYSTEM = System()
