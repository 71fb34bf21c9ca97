"""The one identity type that SPID, CIE and CNS adapters produce (ID-2, ID-6)."""

from __future__ import annotations

import enum

import attrs

from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.values import EmailAddress, check_email

__all__ = ["MAX_NAME", "AssuranceLevel", "IdentityAssertion"]

MAX_NAME = 200


class AssuranceLevel(enum.Enum):
    """The level of assurance an identity provider vouched for (SPID levels 1-3)."""

    LOW = "L1"
    SUBSTANTIAL = "L2"
    HIGH = "L3"


def _delivers_fiscal_code(
    _instance: IdentityAssertion, _attribute: attrs.Attribute[LoginMethod], value: LoginMethod
) -> None:
    if not value.delivers_fiscal_code:
        raise ValueError(f"{value.value} credentials are not an identity assertion")


def _email_or_none(
    _instance: IdentityAssertion,
    _attribute: attrs.Attribute[EmailAddress | None],
    value: EmailAddress | None,
) -> None:
    if value is not None:
        check_email(value)


def _optional_email(value: str | None) -> EmailAddress | None:
    """Let callers pass a plain ``str`` (typed as such); the validator checks it."""
    return None if value is None else EmailAddress(value)


def _name(_instance: IdentityAssertion, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip() or len(value) > MAX_NAME:
        raise ValueError(f"{attribute.name} must have 1 to {MAX_NAME} characters")


@attrs.frozen(kw_only=True)
class IdentityAssertion:
    """A citizen's identity as verified by an adapter (SPID, CIE or CNS).

    The core trusts it: building one is the adapter's statement that the protocol
    response was verified (signature, audience, freshness, replay).

    >>> from formlavoro_core.identity.fiscal_code import FiscalCode
    >>> IdentityAssertion(method=LoginMethod.SPID, fiscal_code=FiscalCode.parse("RSSMRA85T10A562S"),
    ...                   given_name="Mario", family_name="Rossi").method.value
    'spid'
    """

    method: LoginMethod = attrs.field(validator=_delivers_fiscal_code)
    fiscal_code: FiscalCode
    given_name: str = attrs.field(validator=_name)
    family_name: str = attrs.field(validator=_name)
    email: EmailAddress | None = attrs.field(
        default=None, converter=_optional_email, validator=_email_or_none
    )
    level: AssuranceLevel | None = None
    issuer: str | None = None
