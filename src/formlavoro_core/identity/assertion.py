"""The one identity type that SPID, CIE and CNS adapters produce (ID-2, ID-6)."""

from __future__ import annotations

import enum

import attrs

from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.values import EmailAddress, check_email

__all__ = ["AssuranceLevel", "IdentityAssertion"]


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
    given_name: str
    family_name: str
    email: EmailAddress | None = attrs.field(default=None, validator=_email_or_none)
    level: AssuranceLevel | None = None
    issuer: str | None = None
