"""The HTTP status of every failure code, in one table.

Each stable failure code of the library (and of its adapters) has its status here, by
code: an app answers the same status for the same failure whatever the framework. Two
families of codes carry a part that varies (``<entity>.not_found``,
``cv.attachment.<reason>``); they are matched by their failure's class. A failure this
table does not know (an app's own ``DomainError``) gets the status of its closest base
class, else 400.

The table of the docs (``docs/web-statuses.md``) is generated from this one by
``python -m formlavoro_adapters.web.statuses``; a test keeps both complete and current.

>>> from formlavoro_core.errors import NotFound
>>> status_for(NotFound(entity="offer", key="o-1"))
404
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from formlavoro_core.cv.attachments import AttachmentRejected
from formlavoro_core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound

__all__ = ["FAMILIES", "STATUS_BY_CODE", "status_for"]

_BAD_REQUEST: Final = 400
_UNAUTHORIZED: Final = 401
_FORBIDDEN: Final = 403
_NOT_FOUND: Final = 404
_CONFLICT: Final = 409
_UNPROCESSABLE: Final = 422
_TOO_MANY: Final = 429
_UNAVAILABLE: Final = 503

_CERTIFICATE_CODES: Final = (
    "expired",
    "fiscal_code",
    "incomplete_chain",
    "invalid_chain",
    "key_type",
    "key_usage",
    "missing",
    "names",
    "proxy_rejected",
    "refused",
    "revoked",
    "untrusted_proxy",
    "untrusted_root",
    "weak_ec_key",
    "weak_rsa_key",
    "wrong_policy",
)
_SAML_UNAUTHORIZED: Final = (
    "authentication_failed",
    "cancelled",
    "consent_denied",
    "identity_suspended",
    "idp_certificate_expired",
    "insufficient_level",
    "invalid_fiscal_number",
    "invalid_signature",
    "logout_failed",
    "missing_attributes",
    "no_credentials_for_level",
    "refused",
    "replayed",
    "replayed_logout_request",
    "stale",
    "timeout",
    "unknown_request",
    "weak_digest_algorithm",
    "weak_signature_algorithm",
    "wrong_audience",
    "wrong_destination",
    "wrong_issuer",
)

STATUS_BY_CODE: Final[Mapping[str, int]] = MappingProxyType(
    {
        # Input that cannot be accepted as it is.
        "input.invalid": _UNPROCESSABLE,
        "fiscal_code.invalid": _UNPROCESSABLE,
        "cv.personal_data.fiscal_code_fixed": _UNPROCESSABLE,
        "event.ticket.invalid": _UNPROCESSABLE,
        "identity.password.rejected": _UNPROCESSABLE,
        "identity.register.username_rejected": _UNPROCESSABLE,
        "offer.expiry_passed": _UNPROCESSABLE,
        # Who may do what (SEC-1) and what must come first.
        "access.forbidden": _FORBIDDEN,
        "application.event_membership_required": _FORBIDDEN,
        "event.not_joined": _FORBIDDEN,
        "onboarding.required": _FORBIDDEN,
        "identity.login.consent_required": _FORBIDDEN,
        "identity.consent.invalid": _FORBIDDEN,
        "identity.consent.outdated": _FORBIDDEN,
        "identity.regional.registration_closed": _FORBIDDEN,
        "identity.regional.retired": _FORBIDDEN,
        # Rules refused in the current state of things.
        "storage.conflict": _CONFLICT,
        "application.already_applied": _CONFLICT,
        "application.cv_not_published": _CONFLICT,
        "application.no_preselection": _CONFLICT,
        "application.status_cannot_change": _CONFLICT,
        "course.enrolment_closed": _CONFLICT,
        "course.withdrawn": _CONFLICT,
        "cv.attachment.too_many": _CONFLICT,
        "cv.personal_data.locked": _CONFLICT,
        "cv.publish.below_threshold": _CONFLICT,
        "cv.publish.still_active": _CONFLICT,
        "cv.section.full": _CONFLICT,
        "event.already_joined": _CONFLICT,
        "event.no_ticket_online": _CONFLICT,
        "event.over": _CONFLICT,
        "event.registration_closed": _CONFLICT,
        "event.ticket.already_used": _CONFLICT,
        "identity.register.account_exists": _CONFLICT,
        "identity.saml.slo_unsupported": _CONFLICT,
        "mail.requeue.erased": _CONFLICT,
        "message.reply.no_recipient": _CONFLICT,
        "offer.job_posting.not_active": _CONFLICT,
        "offer.not_a_draft": _CONFLICT,
        "offer.not_open": _CONFLICT,
        "offer.saved_search.too_many": _CONFLICT,
        "onboarding.already_completed": _CONFLICT,
        "onboarding.step_out_of_order": _CONFLICT,
        "privacy.audit.chain_broken": _CONFLICT,
        "talent.interest.already_expressed": _CONFLICT,
        "talent.unlock.not_possible": _CONFLICT,
        # Who is at the keyboard: logins, sessions, certificates, SAML responses.
        "identity.login.invalid_credentials": _UNAUTHORIZED,
        "identity.session.ended": _UNAUTHORIZED,
        "identity.reset.invalid_token": _BAD_REQUEST,
        "web.session.missing": _UNAUTHORIZED,
        "web.session.invalid": _UNAUTHORIZED,
        "web.session.expired": _UNAUTHORIZED,
        "identity.certificate.malformed": _BAD_REQUEST,
        "identity.certificate.revocation_unknown": _UNAVAILABLE,
        **{f"identity.certificate.{name}": _UNAUTHORIZED for name in _CERTIFICATE_CODES},
        "identity.saml.malformed": _BAD_REQUEST,
        "identity.saml.relay_state_mismatch": _BAD_REQUEST,
        "identity.saml.unknown_idp": _BAD_REQUEST,
        **{f"identity.saml.{name}": _UNAUTHORIZED for name in _SAML_UNAUTHORIZED},
        # Wait and try again (Retry-After from the failure's ``retry_after``).
        "identity.login.throttled": _TOO_MANY,
        "identity.reset.throttled": _TOO_MANY,
        "identity.saml.too_many_attempts": _TOO_MANY,
    }
)
"""The status of each fixed failure code."""

FAMILIES: Final[tuple[tuple[type[DomainError], str, int], ...]] = (
    (NotFound, "<entity>.not_found", _NOT_FOUND),
    (AttachmentRejected, "cv.attachment.<reason>", _UNPROCESSABLE),
)
"""Failures whose code has a varying part: their class, the code's form, the status."""

_BY_BASE: Final[tuple[tuple[type[DomainError], int], ...]] = (
    (InvalidInput, _UNPROCESSABLE),
    (Forbidden, _FORBIDDEN),
    (Conflict, _CONFLICT),
)


def status_for(error: DomainError) -> int:
    """The HTTP status to answer ``error`` with.

    >>> from formlavoro_core.errors import InvalidInput
    >>> status_for(InvalidInput.at("size", "must be 1 to 100"))
    422
    """
    status = STATUS_BY_CODE.get(error.code)
    if status is not None:
        return status
    for family, _form, family_status in FAMILIES:
        if isinstance(error, family):
            return family_status
    for base, base_status in _BY_BASE:
        if isinstance(error, base):
            return base_status
    return _BAD_REQUEST
