"""Citizen accounts, consents and the login policy (ID-1 ... ID-3).

One citizen is one account, keyed by the fiscal code, whatever the login method (ID-2).
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import re

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.identity.failures import InvalidConsent
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import Onboarding
from formlavoro_core.ids import AccountId
from formlavoro_core.locale import Language
from formlavoro_core.values import EmailAddress

__all__ = [
    "KNOWN_SOURCES",
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
    """Proof that the person at the keyboard accepted the current notices (ID-1, ID-8).

    Only ``portal.identity.accept_notices`` makes a valid one: it takes the time from
    the portal's clock and seals the receipt with the portal's secret. The login use
    cases check the seal, so a receipt built by hand, or changed, is refused
    (``identity.consent.invalid``). The web app keeps it in the session, as the
    compact text of :meth:`to_token`, and reads it back with :meth:`from_token`.
    """

    privacy_notice_version: str
    citizen_regulation_version: str
    accepted_at: dt.datetime
    seal: str = attrs.field(default="", repr=False)

    @property
    def sealed_text(self) -> str:
        """The text the seal covers: a version tag, the time and both versions.

        ``c1.<microseconds since 1970 UTC>.<privacy version>.<regulation version>``,
        the versions in unpadded URL-safe base64. Only letters, digits, ``-``, ``_``
        and ``.``: safe in a cookie or a URL.
        """
        microseconds = (self.accepted_at - _EPOCH) // dt.timedelta(microseconds=1)
        return ".".join(
            (
                _FORM,
                str(microseconds),
                _b64(self.privacy_notice_version),
                _b64(self.citizen_regulation_version),
            )
        )

    def to_token(self) -> str:
        """The receipt as one compact, URL-safe text, seal included.

        >>> receipt = ConsentReceipt(
        ...     privacy_notice_version="2", citizen_regulation_version="1",
        ...     accepted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), seal="s" * 43)
        >>> token = receipt.to_token()
        >>> token.split(".")[:4]
        ['c1', '1767225600000000', 'Mg', 'MQ']
        >>> ConsentReceipt.from_token(token).unwrap() == receipt
        True
        """
        return f"{self.sealed_text}.{self.seal}"

    @classmethod
    def from_token(cls, token: object) -> Result[ConsentReceipt, InvalidConsent]:
        """The receipt written by :meth:`to_token`, or ``InvalidConsent`` if malformed.

        Only the form is checked here: the login use cases check the seal.

        >>> ConsentReceipt.from_token("c1.abc").failure().code
        'identity.consent.invalid'
        """
        parts = token.split(".") if isinstance(token, str) and len(token) <= _MAX_TOKEN else []
        if len(parts) != _TOKEN_PARTS or parts[0] != _FORM:
            return Failure(InvalidConsent())
        _, microseconds, privacy, regulation, seal = parts
        if not microseconds.isascii() or not microseconds.isdigit():
            return Failure(InvalidConsent())
        try:
            accepted_at = _EPOCH + dt.timedelta(microseconds=int(microseconds))
            versions = (_unb64(privacy), _unb64(regulation))
        except (ValueError, OverflowError):
            return Failure(InvalidConsent())
        return Success(
            cls(
                privacy_notice_version=versions[0],
                citizen_regulation_version=versions[1],
                accepted_at=accepted_at,
                seal=seal,
            )
        )

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


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_FORM = "c1"
_TOKEN_PARTS = 5
_MAX_TOKEN = 1024
_URL_SAFE = re.compile(r"[A-Za-z0-9_-]*")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _unb64(text: str) -> str:
    """The text of one unpadded URL-safe base64 part; ``ValueError`` when malformed."""
    if not _URL_SAFE.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not URL-safe base64")
    decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    if _b64(decoded) != text:
        raise ValueError("not the canonical spelling")
    return decoded


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


KNOWN_SOURCES = 10
"""How many addresses an account remembers its regional password was entered right from."""


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
    known_sources: tuple[str, ...] = ()
    methods_used: tuple[LoginMethod, ...] = ()
    onboarding: Onboarding = attrs.Factory(Onboarding)
    created_at: dt.datetime
    last_login_at: dt.datetime | None = None
    session_generation: int = 0
    """ID-7: the sessions logins start carry it; a logout moves it on, ending them all."""
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

    def with_known_source(self, digest: str) -> Account:
        """The account remembering an address its regional password was entered right from.

        ``digest`` names the address with the username (``throttle.source_digest``);
        the newest :data:`KNOWN_SOURCES` are kept. Past the throttling backstop
        (SEC-6), only these addresses may still try the password.
        """
        kept = tuple(known for known in self.known_sources if known != digest)
        return attrs.evolve(self, known_sources=(digest, *kept)[:KNOWN_SOURCES])

    def logged_out(self) -> Account:
        """Return the account after a logout: every session started so far has ended."""
        return attrs.evolve(self, session_generation=self.session_generation + 1)

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
