"""Access use cases: notices, login by any method, regional credentials, resets (ID-1 ... ID-5)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs
from returns.pipeline import is_successful
from returns.result import Failure, Result, Success

from formlavoro_core.cv.model import SHORT_TEXT
from formlavoro_core.errors import DomainError, InvalidInput, Problem
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.failures import (
    AccountExists,
    ConsentRequired,
    InvalidCredentials,
    InvalidResetToken,
    LoginThrottled,
    OutdatedNotices,
    RegionalCredentialsRetired,
    SelfRegistrationClosed,
    UsernameRejected,
)
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.method_info import MethodInfo, method_info
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import Account, ConsentReceipt, RegionalCredentials
from formlavoro_core.identity.password_policy import normalise
from formlavoro_core.identity.password_reset import PasswordReset, hash_token
from formlavoro_core.identity.throttle import account_key, source_key
from formlavoro_core.ids import AccountId
from formlavoro_core.locale import Language
from formlavoro_core.messaging import templates
from formlavoro_core.principals import CitizenPrincipal, Principal
from formlavoro_core.runtime import Dependencies
from formlavoro_core.values import EmailAddress

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["IdentityService", "NoticeVersions", "RegionalRegistration", "SignedIn"]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


@attrs.frozen(kw_only=True)
class NoticeVersions:
    """The versions of the two texts a citizen must accept now (ID-1)."""

    privacy_notice_version: str
    citizen_regulation_version: str


@attrs.frozen(kw_only=True)
class SignedIn:
    """A successful login: the principal to keep in the session, and what comes next."""

    principal: CitizenPrincipal
    method: LoginMethod
    first_login: bool
    onboarding_pending: bool


@attrs.frozen(kw_only=True)
class RegionalRegistration:
    """A request for new regional credentials (possible only before ID-3's first date)."""

    fiscal_code: FiscalCode
    given_name: str
    family_name: str
    email: EmailAddress
    username: str
    password: str = attrs.field(repr=False)

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the names and the email, with their paths."""
        for name in ("given_name", "family_name"):
            value: str = getattr(self, name)
            if not value.strip() or len(value) > SHORT_TEXT:
                yield Problem(path=name, message=f"1 to {SHORT_TEXT} characters")


def _record_login(
    uow: UnitOfWork,
    account: Account,
    method: LoginMethod,
    now: dt.datetime,
    consent: ConsentReceipt,
    *,
    first: bool,
) -> SignedIn:
    stored = uow.accounts.update(account.logged_in(method=method, at=now, receipt=consent))
    return SignedIn(
        principal=CitizenPrincipal(stored.id),
        method=method,
        first_login=first,
        onboarding_pending=not stored.onboarding.is_completed,
    )


class IdentityService:
    """``portal.identity``: who may log in, and how."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def notices(self) -> NoticeVersions:
        """The current versions of the personal-data notice and the citizens' regulation."""
        config = self._deps.config
        return NoticeVersions(
            privacy_notice_version=config.privacy_notice_version,
            citizen_regulation_version=config.citizen_regulation_version,
        )

    def accept_notices(
        self, actor: Principal, *, privacy_notice_version: str, citizen_regulation_version: str
    ) -> Result[ConsentReceipt, DomainError]:
        """ID-1: record that the person at the keyboard accepted both current texts.

        The receipt goes with the login that follows, which stores it on the account.
        """
        current = self.notices()
        if (privacy_notice_version, citizen_regulation_version) != (
            current.privacy_notice_version,
            current.citizen_regulation_version,
        ):
            return Failure(
                OutdatedNotices(
                    privacy_notice_version=current.privacy_notice_version,
                    citizen_regulation_version=current.citizen_regulation_version,
                )
            )
        return Success(
            ConsentReceipt(
                privacy_notice_version=privacy_notice_version,
                citizen_regulation_version=citizen_regulation_version,
                accepted_at=self._deps.clock.now(),
            )
        )

    def method_info(
        self, actor: Principal, method: LoginMethod, language: Language
    ) -> Result[MethodInfo, DomainError]:
        """ID-5: how to obtain the credentials of ``method``, in ``language``."""
        policy = self._deps.config.regional_credentials
        return Success(
            method_info(
                method,
                language,
                self_registration_closed_from=policy.self_registration_closed_from,
                regional_login_until=policy.login_allowed_until,
            )
        )

    def _consent_problem(self, consent: ConsentReceipt | None) -> DomainError | None:
        if consent is None:
            return ConsentRequired()
        current = self.notices()
        if (consent.privacy_notice_version, consent.citizen_regulation_version) != (
            current.privacy_notice_version,
            current.citizen_regulation_version,
        ):
            return OutdatedNotices(
                privacy_notice_version=current.privacy_notice_version,
                citizen_regulation_version=current.citizen_regulation_version,
            )
        return None

    def login(
        self,
        actor: Principal,
        assertion: IdentityAssertion,
        *,
        consent: ConsentReceipt | None,
    ) -> Result[SignedIn, DomainError]:
        """ID-2: log in with a verified SPID, CIE or CNS identity.

        The fiscal code finds the account, whatever the method; the first login creates
        it from the assertion. Without an accepted receipt of the current notices the
        login is refused (ID-1).
        """
        problem = self._consent_problem(consent)
        if problem is not None or consent is None:
            return Failure(problem or ConsentRequired())
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> SignedIn:
            account = uow.accounts.by_fiscal_code(assertion.fiscal_code)
            first = account is None
            if account is None:
                account = uow.accounts.add(
                    Account(
                        id=AccountId(self._deps.ids.new_id()),
                        fiscal_code=assertion.fiscal_code,
                        given_name=assertion.given_name,
                        family_name=assertion.family_name,
                        email=assertion.email,
                        language=self._deps.config.default_language,
                        created_at=now,
                    )
                )
            elif account.email is None and assertion.email is not None:
                account = attrs.evolve(account, email=assertion.email)
            return _record_login(uow, account, assertion.method, now, consent, first=first)

        return self._deps.run(work)

    def _regional_retired(self) -> RegionalCredentialsRetired | None:
        policy = self._deps.config.regional_credentials
        today = self._deps.config.local_date(self._deps.clock.now())
        if policy.login_allowed_on(today):
            return None
        return RegionalCredentialsRetired(last_day=policy.login_allowed_until)

    def register_regional(
        self,
        actor: Principal,
        registration: RegionalRegistration,
        *,
        consent: ConsentReceipt | None,
    ) -> Result[AccountId, DomainError]:
        """ID-3: self-registration of regional credentials, closed from the policy's date."""
        policy = self._deps.config.regional_credentials
        now = self._deps.clock.now()
        if not policy.self_registration_open_on(self._deps.config.local_date(now)):
            return Failure(SelfRegistrationClosed(closed_from=policy.self_registration_closed_from))
        problem = self._consent_problem(consent)
        if problem is not None or consent is None:
            return Failure(problem or ConsentRequired())
        checked = self._deps.codec.check(registration)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        username = registration.username.strip().lower()
        if not _USERNAME.match(username):
            return Failure(
                UsernameRejected(
                    reason="3 to 64 letters, digits, dots, dashes or underscores, "
                    "starting with a letter or digit"
                )
            )
        password_problem = self._deps.password_policy.problem(
            registration.password,
            context=(
                username,
                registration.given_name,
                registration.family_name,
                str(registration.fiscal_code),
                self._deps.config.portal_name,
            ),
        )
        if password_problem is not None:
            return Failure(password_problem)
        password_hash = self._deps.passwords.hash(normalise(registration.password))

        def work(uow: UnitOfWork) -> AccountId | DomainError:
            if uow.accounts.by_fiscal_code(registration.fiscal_code) is not None:
                return AccountExists()
            if uow.accounts.by_username(username) is not None:
                return UsernameRejected(reason="it is taken")
            account = Account(
                id=AccountId(self._deps.ids.new_id()),
                fiscal_code=registration.fiscal_code,
                given_name=registration.given_name.strip(),
                family_name=registration.family_name.strip(),
                email=registration.email,
                language=self._deps.config.default_language,
                regional=RegionalCredentials(
                    username=username, password_hash=password_hash, changed_at=now
                ),
                consents=consent.consents(),
                created_at=now,
            )
            return uow.accounts.add(account).id

        return self._deps.run(work)

    def login_regional(
        self,
        actor: Principal,
        *,
        username: str,
        password: str,
        consent: ConsentReceipt | None,
        source: str | None = None,
    ) -> Result[SignedIn, DomainError]:
        """ID-3: log in with regional username and password, while the policy allows it.

        Unknown usernames cost the same work as wrong passwords and get the same answer.
        SEC-2: failures count against the username and, when given, the ``source``
        address of the request (what the app sees as the client's address); past the
        free allowance of :class:`~formlavoro_core.identity.throttle.LoginThrottlePolicy`
        the next attempt waits, and gets ``LoginThrottled`` before any password is
        checked. A right password forgets the username's failures.
        """
        problem = self._consent_problem(consent)
        if problem is not None or consent is None:
            return Failure(problem or ConsentRequired())
        retired = self._regional_retired()
        if retired is not None:
            return Failure(retired)
        secret = normalise(password)
        now = self._deps.clock.now()
        passwords = self._deps.passwords
        policy = self._deps.config.login_throttle
        keys = [account_key(username)]
        if source is not None and source.strip():
            keys.append(source_key(source))

        def waiting(uow: UnitOfWork) -> dt.datetime | None:
            waits = [policy.waits_until(uow.login_failures.get(key), now) for key in keys]
            return max((until for until in waits if until is not None), default=None)

        match self._deps.run(waiting):
            case Success(dt.datetime() as until):
                return Failure(LoginThrottled(retry_after=until))
            case Failure(error):
                return Failure(error)

        def work(uow: UnitOfWork) -> SignedIn | DomainError:
            account = uow.accounts.by_username(username.strip().lower())
            if account is None or account.regional is None:
                passwords.verify_dummy(secret)
                return InvalidCredentials()
            if not passwords.verify(account.regional.password_hash, secret):
                return InvalidCredentials()
            if passwords.needs_rehash(account.regional.password_hash):
                account = attrs.evolve(
                    account,
                    regional=attrs.evolve(account.regional, password_hash=passwords.hash(secret)),
                )
            uow.login_failures.clear(keys[0])
            return _record_login(uow, account, LoginMethod.REGIONAL, now, consent, first=False)

        def count(uow: UnitOfWork) -> None:
            for key in keys:
                uow.login_failures.record(key, at=now, forget_before=now - policy.forget_after)

        outcome = self._deps.run(work)
        match outcome:
            case Failure(InvalidCredentials()):
                # Counted in a transaction of its own: the login's was rolled back.
                counted = self._deps.run(count)
                if not is_successful(counted):
                    return Failure(counted.failure())
        return outcome

    def request_password_reset(
        self, actor: Principal, *, email: str, username: str
    ) -> Result[None, DomainError]:
        """ID-4: email a reset link if email and username belong to one account.

        The answer is the same whether or not they do, so nobody learns which accounts
        exist. A new link invalidates the older ones.
        """
        retired = self._regional_retired()
        if retired is not None:
            return Failure(retired)
        deps = self._deps
        now = deps.clock.now()
        config = deps.config

        def work(uow: UnitOfWork) -> None:
            account = uow.accounts.by_username(username.strip().lower())
            if (
                account is None
                or account.regional is None
                or account.email is None
                or account.email.strip().lower() != email.strip().lower()
            ):
                return
            for older in uow.password_resets.for_account(account.id):
                if older.is_usable(now):
                    uow.password_resets.update(older.superseded(now))
            token = deps.tokens.new_token()
            uow.password_resets.add(
                PasswordReset(
                    token_hash=hash_token(token),
                    account_id=account.id,
                    issued_at=now,
                    expires_at=now + config.reset_token_lifetime,
                )
            )
            deps.queue_email(
                uow,
                templates.password_reset(
                    to=account.email,
                    name=account.given_name,
                    link=config.reset_url.format(token=token),
                    minutes=int(config.reset_token_lifetime.total_seconds() // 60),
                    language=account.language,
                    portal=config.portal_name,
                ),
            )

        return self._deps.run(work)

    def reset_password(
        self, actor: Principal, *, token: str, new_password: str
    ) -> Result[None, DomainError]:
        """ID-4: set a new password with a valid reset token; the citizen then logs in.

        The new password follows the rules of
        :class:`~formlavoro_core.identity.password_policy.PasswordPolicy`; the reset does
        not log the citizen in, and an email tells them their password changed.
        """
        deps = self._deps
        policy = deps.password_policy
        if (early := policy.problem(new_password, context=())) is not None:
            return Failure(early)
        now = deps.clock.now()
        token_hash = hash_token(token)

        def work(uow: UnitOfWork) -> DomainError | None:
            reset = uow.password_resets.get(token_hash)
            if reset is None or not reset.is_usable(now):
                return InvalidResetToken()
            account = uow.accounts.get(reset.account_id)
            if account is None or account.regional is None:
                return InvalidResetToken()
            problem = policy.problem(
                new_password,
                context=(
                    account.regional.username,
                    account.given_name,
                    account.family_name,
                    str(account.fiscal_code),
                    deps.config.portal_name,
                ),
            )
            if problem is not None:
                return problem
            new_hash = deps.passwords.hash(normalise(new_password))
            uow.accounts.update(
                attrs.evolve(
                    account,
                    regional=attrs.evolve(account.regional, password_hash=new_hash, changed_at=now),
                )
            )
            uow.password_resets.update(reset.used(now))
            for other in uow.password_resets.for_account(account.id):
                if other.token_hash != token_hash and other.is_usable(now):
                    uow.password_resets.update(other.superseded(now))
            if account.email is not None:
                deps.queue_email(
                    uow,
                    templates.password_changed(
                        to=account.email,
                        name=account.given_name,
                        when=now.astimezone(deps.config.timezone),
                        language=account.language,
                        portal=deps.config.portal_name,
                    ),
                )
            return None

        return self._deps.run(work)
