"""Consent receipts: issued sealed by the portal, checked by every login (ID-1, ID-8).

``accept_notices`` issues a :class:`~formlavoro_core.identity.model.ConsentReceipt`
with the time of the portal's clock and seals it through the
:class:`~formlavoro_core.ports.Sealer` port (HMAC-SHA256 with the portal's secret, in
the default adapter). The login use cases accept a receipt only when

1. its seal is the portal's own for exactly its versions and time (a receipt built by
   hand, or changed after issue, has none);
2. it is not older than ``PortalConfig.consent_receipt_lifetime`` nor dated in the
   future beyond :data:`CLOCK_SKEW` (a receipt from another process of the portal,
   whose clock may run slightly ahead);
3. its versions are the current ones (else ``identity.consent.outdated``).

The first two refusals answer ``identity.consent.invalid``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.errors import DomainError, InvalidInput, Problem
from formlavoro_core.identity.failures import ConsentRequired, InvalidConsent, OutdatedNotices
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.ports import Sealer

__all__ = ["CLOCK_SKEW", "RECEIPT_PURPOSE", "issue_receipt", "receipt_problem"]

RECEIPT_PURPOSE = "consent-receipt"
"""What the seal of a consent receipt is for: its seal verifies for nothing else."""

CLOCK_SKEW = dt.timedelta(minutes=1)
"""How far in the future a receipt may be dated (clocks of two processes differ a little)."""


def issue_receipt(
    sealer: Sealer, *, privacy_notice_version: str, citizen_regulation_version: str, at: dt.datetime
) -> ConsentReceipt:
    """A receipt of both versions accepted ``at`` (kept in UTC), sealed by the portal."""
    unsealed = ConsentReceipt(
        privacy_notice_version=privacy_notice_version,
        citizen_regulation_version=citizen_regulation_version,
        accepted_at=at.astimezone(dt.UTC),
    )
    return attrs.evolve(unsealed, seal=sealer.seal(RECEIPT_PURPOSE, unsealed.sealed_text))


def _malformed(receipt: ConsentReceipt) -> InvalidInput | None:
    """Fields of the wrong type (a receipt built by hand); lengths are the seal's business."""
    problems = [
        Problem(path=f"consent.{name}", message=_("text"))
        for name in ("privacy_notice_version", "citizen_regulation_version")
        if not isinstance(getattr(receipt, name), str)
    ]
    accepted_at = receipt.accepted_at
    if not isinstance(accepted_at, dt.datetime) or accepted_at.utcoffset() is None:
        problems.append(Problem(path="consent.accepted_at", message=_("an aware datetime")))
    seal: object = receipt.seal
    if not isinstance(seal, str):
        problems.append(Problem(path="consent.seal", message=_("text")))
    return InvalidInput(problems=tuple(problems)) if problems else None


def _unsealed(
    receipt: ConsentReceipt, sealer: Sealer, now: dt.datetime, lifetime: dt.timedelta
) -> InvalidConsent | None:
    """ID-8: a receipt the portal did not seal, or sealed too long ago (or ahead of time)."""
    if not sealer.verify(RECEIPT_PURPOSE, receipt.sealed_text, receipt.seal):
        return InvalidConsent()
    if receipt.accepted_at > now + CLOCK_SKEW or receipt.accepted_at < now - lifetime:
        return InvalidConsent()
    return None


def receipt_problem(
    receipt: object,
    *,
    sealer: Sealer,
    current: tuple[str, str],
    now: dt.datetime,
    lifetime: dt.timedelta,
) -> DomainError | None:
    """Why ``receipt`` cannot open a login at ``now``, or ``None`` when it can.

    ``current`` holds the current versions of the personal-data notice and of the
    citizens' regulation.
    """
    if receipt is None:
        return ConsentRequired()
    if not isinstance(receipt, ConsentReceipt):
        return InvalidInput.at("consent", _("a ConsentReceipt issued by accept_notices"))
    refusal = _malformed(receipt) or _unsealed(receipt, sealer, now, lifetime)
    if refusal is not None:
        return refusal
    if (receipt.privacy_notice_version, receipt.citizen_regulation_version) != current:
        return OutdatedNotices(
            privacy_notice_version=current[0], citizen_regulation_version=current[1]
        )
    return None
