"""Access use cases: notices, login by any method, regional credentials, resets (ID-1 ... ID-5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.cv.model import SHORT_TEXT
from formlavoro_core.errors import DomainError, InvalidInput, Problem
from formlavoro_core.identity import password_reset_services
from formlavoro_core.identity.arguments import text_problems
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.consent import issue_receipt, receipt_problem
from formlavoro_core.identity.failures import (
    AccountExists,
    InvalidConsent,
    OutdatedNotices,
    RegionalCredentialsRetired,
    SelfRegistrationClosed,
    SessionEnded,
    UsernameRejected,
)
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.language import LanguagePreference
from formlavoro_core.identity.method_info import MethodInfo, method_info
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import Account, ConsentReceipt, RegionalCredentials
from formlavoro_core.identity.password_policy import MAX_PASSWORD, normalise
from formlavoro_core.identity.regional_login import RegionalAttempt
from formlavoro_core.identity.sessions import Session, SignedOut, record_logout, session_problem
from formlavoro_core.identity.sign_in import SignedIn, record_login
from formlavoro_core.ids import AccountId
from formlavoro_core.locale import Language
from formlavoro_core.principals import CitizenPrincipal, Principal, System
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import _
from formlavoro_core.values import EmailAddress

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = [
    "IdentityService",
    "NoticeVersions",
    "RegionalRegistration",
    "Session",
    "SignedIn",
    "SignedOut",
]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
LOGIN_LIMITS = {"username": 300, "password": 4 * MAX_PASSWORD, "source": 300}
"""The longest username, password (before normalisation) and source a login takes."""


@attrs.frozen(kw_only=True)
class NoticeVersions:
    """The versions of the two texts a citizen must accept now (ID-1)."""

    privacy_notice_version: str
    citizen_regulation_version: str


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
                yield Problem(path=name, message=_("1 to {maximum} characters", maximum=SHORT_TEXT))


class IdentityService(LanguagePreference):
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
        """ID-1, ID-8: issue the receipt of the person at the keyboard accepting both texts.

        The receipt carries the portal clock's time and the portal's seal; the login
        that follows checks both and stores the consents on the account. Keep it in the
        session (``receipt.to_token()``) and hand it to the login.
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
            issue_receipt(
                self._deps.sealer,
                privacy_notice_version=privacy_notice_version,
                citizen_regulation_version=citizen_regulation_version,
                at=self._deps.clock.now(),
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
                translator=self._deps.translator,
            )
        )

    def _consent_problem(self, consent: object) -> DomainError | None:
        """ID-1, ID-8: why ``consent`` cannot open a login now, if it cannot."""
        current = self.notices()
        return receipt_problem(
            consent,
            sealer=self._deps.sealer,
            current=(current.privacy_notice_version, current.citizen_regulation_version),
            now=self._deps.clock.now(),
            lifetime=self._deps.config.consent_receipt_lifetime,
        )

    def login(
        self,
        actor: Principal,
        assertion: IdentityAssertion,
        *,
        consent: ConsentReceipt | None,
    ) -> Result[SignedIn, DomainError]:
        """ID-2: log in with a verified SPID, CIE or CNS identity.

        The fiscal code finds the account, whatever the method; the first login creates
        it from the assertion. Without a receipt of the current notices issued by this
        portal (``accept_notices``) the login is refused (ID-1, ID-8).
        """
        problem = self._consent_problem(consent)
        if problem is not None or not isinstance(consent, ConsentReceipt):
            return Failure(problem or InvalidConsent())
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
            return record_login(uow, account, assertion.method, now, consent, first=first)

        return self._deps.run(work)

    def logout(self, actor: Principal, session: Session) -> Result[SignedOut, DomainError]:
        """ID-7: end what login started: this session and every other one of the account.

        The acting citizen must own ``session``; a session already ended answers
        ``identity.session.ended``. The answer is the record of the logout that the
        audit log keeps (SEC-3). For SPID and CIE, the app then asks the identity
        provider to end its own session (SAML single logout, see the SPID adapter).
        When the identity provider asks first (its verified ``LogoutRequest``), the app
        calls this as ``SYSTEM`` with the session the request names: recorded with the
        use case ``identity.provider_logout``.
        """
        citizen = actor if isinstance(actor, System) else require_citizen(actor, "log out")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        now = self._deps.clock.now()
        owner = session.account_id if isinstance(citizen, System) else citizen.account_id

        def work(uow: UnitOfWork) -> SignedOut | DomainError:
            account = uow.accounts.get(owner)
            problem = session_problem(account, session)
            if problem is not None or account is None:
                return problem or SessionEnded()
            return record_logout(uow, account, session, now, by=citizen)

        return self._deps.run(work)

    def check_session(
        self, actor: Principal, session: Session
    ) -> Result[CitizenPrincipal, DomainError]:
        """ID-7: the principal of ``session`` while it is open, else ``identity.session.ended``.

        One read of the account by its key: what a signed session token is checked
        with on each request, so that a logout ends it at once. Any actor may ask (the
        session is the proof being checked).
        """

        def work(uow: UnitOfWork) -> CitizenPrincipal | DomainError:
            account = uow.accounts.get(session.account_id)
            problem = session_problem(account, session)
            return problem or CitizenPrincipal(session.account_id)

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
        """ID-3: self-registration of regional credentials, closed from the policy's date.

        It needs a receipt of the current notices issued by this portal (ID-1, ID-8).
        """
        policy = self._deps.config.regional_credentials
        now = self._deps.clock.now()
        if not policy.self_registration_open_on(self._deps.config.local_date(now)):
            return Failure(SelfRegistrationClosed(closed_from=policy.self_registration_closed_from))
        problem = self._consent_problem(consent)
        if problem is not None or not isinstance(consent, ConsentReceipt):
            return Failure(problem or InvalidConsent())
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
        source: str,
    ) -> Result[SignedIn, DomainError]:
        """ID-3: log in with regional username and password, while the policy allows it.

        ``source`` is the client's address as the app sees it (behind a reverse proxy,
        the address the proxy reports); it is required and may not be blank. Unknown
        usernames cost the same work as wrong passwords and get the same answer.

        SEC-2, SEC-6: the attempt is counted before any password is checked, on the
        username from this address, on the address, and on the username's backstop
        (:mod:`formlavoro_core.identity.throttle`); past a limit the answer is
        ``LoginThrottled``, without checking the password. A right password clears the
        username's counts and gives the address its attempt back.
        """
        problem = text_problems(
            LOGIN_LIMITS,
            {"username": username, "password": password, "source": source},
            not_blank=("source",),
        )
        if problem is not None:
            return Failure(problem)
        retired = self._regional_retired()
        if retired is not None:
            return Failure(retired)
        consent_problem = self._consent_problem(consent)
        if consent_problem is not None or not isinstance(consent, ConsentReceipt):
            return Failure(consent_problem or InvalidConsent())
        attempt = RegionalAttempt(
            username=username,
            password=password,
            source=source,
            consent=consent,
            now=self._deps.clock.now(),
        )
        return attempt.run(self._deps)

    def request_password_reset(
        self, actor: Principal, *, email: str, username: str, source: str
    ) -> Result[None, DomainError]:
        """ID-4: email a reset link if email and username belong to one account.

        The answer, and the work done, are the same whether or not they do, so nobody
        learns which accounts exist (see
        :mod:`formlavoro_core.identity.password_reset_services`). A new link
        invalidates the older ones. Requests are counted per username and per
        ``source`` address (the client's, required), known accounts or not; past the
        allowance of :class:`~formlavoro_core.identity.throttle.LoginThrottlePolicy`
        the answer is ``ResetThrottled``.
        """
        retired = self._regional_retired()
        if retired is not None:
            return Failure(retired)
        return password_reset_services.request_reset(
            self._deps, email=email, username=username, source=source
        )

    def reset_password(
        self, actor: Principal, *, token: str, new_password: str
    ) -> Result[None, DomainError]:
        """ID-4: set a new password with a valid reset token; the citizen then logs in.

        The new password follows the rules of
        :class:`~formlavoro_core.identity.password_policy.PasswordPolicy`; the reset does
        not log the citizen in, and an email tells them their password changed. It also
        clears the username's throttling backstop (SEC-6) and ends every open session of
        the account, recorded as a logout (ID-7, SEC-3).
        """
        return password_reset_services.reset_password(
            self._deps, token=token, new_password=new_password
        )
