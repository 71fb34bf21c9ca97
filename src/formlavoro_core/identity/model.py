"""Citizen accounts, consents and the login policy (ID-1 ... ID-3).

One citizen is one account, keyed by the fiscal code, whatever the login method (ID-2).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import Onboarding
from formlavoro_core.ids import AccountId
from formlavoro_core.locale import Language
from formlavoro_core.values import EmailAddress

__all__ = [
    "Account",
    "AccountId",
    "Consent",
    "ConsentReceipt",
    "Notice",
    "RegionalCredentials",
    "RegionalCredentialsPolicy",
]


class Notice(enum.Enum):
    """The two texts a citizen accepts before any login method is offered (ID-1)."""

    PRIVACY_NOTICE = "privacy_notice"
    CITIZEN_REGULATION = "citizen_regulation"


@attrs.frozen(kw_only=True)
class Consent:
    """The acceptance of one version of one notice, at one time."""

    notice: Notice
    version: str
    accepted_at: dt.datetime


@attrs.frozen(kw_only=True)
class ConsentReceipt:
    """Proof that the person at the keyboard accepted the current notices (ID-1).

    Returned by ``portal.identity.accept_notices`` before login; the web app keeps it in
    the session and hands it to the login use case, which records it on the account.
    """

    privacy_notice_version: str
    citizen_regulation_version: str
    accepted_at: dt.datetime

    def consents(self) -> tuple[Consent, Consent]:
        """Return the two consents this receipt stands for."""
        return (
            Consent(
                notice=Notice.PRIVACY_NOTICE,
                version=self.privacy_notice_version,
                accepted_at=self.accepted_at,
            ),
            Consent(
                notice=Notice.CITIZEN_REGULATION,
                version=self.citizen_regulation_version,
                accepted_at=self.accepted_at,
            ),
        )


@attrs.frozen(kw_only=True)
class RegionalCredentialsPolicy:
    """ID-3: when regional username-and-password credentials stop working.

    The defaults come from DL 16 July 2020 n. 76: self-registration is closed from
    28 February 2021, and existing credentials log in up to and including 30 September
    2021. Dates are calendar days in the portal's time zone (Europe/Rome).

    >>> policy = RegionalCredentialsPolicy()
    >>> policy.login_allowed_on(dt.date(2021, 9, 30)), policy.login_allowed_on(dt.date(2021, 10, 1))
    (True, False)
    """

    self_registration_closed_from: dt.date = dt.date(2021, 2, 28)
    login_allowed_until: dt.date = dt.date(2021, 9, 30)

    def self_registration_open_on(self, day: dt.date) -> bool:
        """Whether new regional credentials may be created on ``day``."""
        return day < self.self_registration_closed_from

    def login_allowed_on(self, day: dt.date) -> bool:
        """Whether existing regional credentials may log in on ``day``."""
        return day <= self.login_allowed_until


@attrs.frozen(kw_only=True)
class RegionalCredentials:
    """A regional username (stored in lower case) and the hash of its password."""

    username: str
    password_hash: str
    changed_at: dt.datetime


@attrs.frozen(kw_only=True)
class Account:
    """A citizen's account."""

    id: AccountId
    fiscal_code: FiscalCode
    given_name: str
    family_name: str
    email: EmailAddress | None = None
    language: Language = Language.ITALIAN
    regional: RegionalCredentials | None = None
    consents: tuple[Consent, ...] = ()
    methods_used: tuple[LoginMethod, ...] = ()
    onboarding: Onboarding = attrs.Factory(Onboarding)
    created_at: dt.datetime
    last_login_at: dt.datetime | None = None
    version: int = 0

    @property
    def full_name(self) -> str:
        """Given name and family name, as shown on the home page (HM-1)."""
        return f"{self.given_name} {self.family_name}"

    @property
    def display_username(self) -> str:
        """The regional username, or the fiscal code for citizens who never had one."""
        return self.regional.username if self.regional else str(self.fiscal_code)

    def has_accepted(self, privacy_notice_version: str, citizen_regulation_version: str) -> bool:
        """Whether the account holds an acceptance of both versions."""
        accepted = {(consent.notice, consent.version) for consent in self.consents}
        return {
            (Notice.PRIVACY_NOTICE, privacy_notice_version),
            (Notice.CITIZEN_REGULATION, citizen_regulation_version),
        } <= accepted

    def logged_in(
        self, *, method: LoginMethod, at: dt.datetime, receipt: ConsentReceipt
    ) -> Account:
        """Return the account after a successful login with ``method`` at ``at``."""
        known = {(consent.notice, consent.version) for consent in self.consents}
        new_consents = tuple(
            consent
            for consent in receipt.consents()
            if (consent.notice, consent.version) not in known
        )
        methods = self.methods_used
        if method not in methods:
            methods = (*methods, method)
        return attrs.evolve(
            self,
            consents=self.consents + new_consents,
            methods_used=methods,
            last_login_at=at,
        )
