"""SAML single logout at our ``slo_url`` (ID-7), both ways and by both bindings.

:class:`SingleLogout` is what ``SamlServiceProvider.single_logout`` answers:

* **Started by the portal** (``provider.logout``): the provider's ``LogoutResponse``
  comes back posted (``provider.validate_logout_form``) or redirected
  (:meth:`SingleLogout.validate_response_query`).
* **Started by the identity provider**: its ``LogoutRequest`` comes posted
  (:meth:`SingleLogout.validate_request_form`) or redirected
  (:meth:`SingleLogout.validate_request_query`). The answer, a :class:`LogoutOrder`,
  names the portal's sessions the request ends, found through the links the app kept
  at login (:meth:`SingleLogout.remember`). The app ends each with
  ``portal.identity.logout(SYSTEM, session)`` (audited, SEC-3), then sends the browser
  :meth:`SingleLogout.answer`, our signed ``LogoutResponse``.

Every method takes plain data (form fields, the raw query string) and never raises on
bad input: a refusal is a ``Failure`` of
:class:`~formlavoro_adapters.identity.saml.failures.SamlFailure` whose message holds no
value of the message (SEC-5).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from typing import Any
from xml.etree.ElementTree import Element

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.authn import Binding, LoginRequest
from formlavoro_adapters.identity.saml.elements import Refused, Window
from formlavoro_adapters.identity.saml.idp_logout import (
    build_logout_response,
    check_logout_request,
    parse_logout_request,
    request_issuer,
    xml_request_signature,
)
from formlavoro_adapters.identity.saml.logout import (
    LoggedOut,
    SamlSession,
    build_logout_request,
    check_logout_response,
    match_pending,
    parse_logout_response,
)
from formlavoro_adapters.identity.saml.redirect import RedirectMessage, read_redirect
from formlavoro_adapters.identity.saml.registry import IdentityProvider, IdentityProviderRegistry
from formlavoro_adapters.identity.saml.settings import (
    ExpiredCertificatePolicy,
    ServiceProviderSettings,
)
from formlavoro_adapters.identity.saml.store import PendingRequest, SamlRequestStore, SessionLink
from formlavoro_adapters.identity.saml.xmlsign import Signer
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ports import Clock

__all__ = ["LogoutOrder", "SingleLogout"]

_MAX_MESSAGE = 256 * 1024
_NO_REQUEST = dt.timedelta(days=3650)
DEFAULT_LINK_LIFETIME = dt.timedelta(hours=12)
"""How long :meth:`SingleLogout.remember` keeps a link by default (a long working day)."""


@attrs.frozen(kw_only=True)
class LogoutOrder:
    """A verified LogoutRequest of an identity provider: the sessions to end, how to answer.

    Attributes:
        request_id: the request's ``ID`` (what the answer names in ``InResponseTo``).
        idp_entity_id: the identity provider that asked.
        sessions: the portal's sessions the request names (none when the links expired
            or the citizen already logged out); end each, then send :meth:`answer`.
        binding: how the request came, and how the answer goes when the provider
            offers it.
        relay_state: what the provider sent, given back with the answer.
    """

    request_id: str
    idp_entity_id: str
    sessions: tuple[Session, ...]
    binding: Binding
    relay_state: str


def _replay_key(idp_entity_id: str, request_id: str) -> str:
    digest = hashlib.sha256(f"{idp_entity_id}\0{request_id}".encode()).hexdigest()
    return f"logout-request:{digest}"


def _decoded(message: str) -> bytes:
    if not message or len(message) > _MAX_MESSAGE:
        raise Refused(f.MalformedResponse(reason="the SAML message is missing or too long"))
    try:
        return base64.b64decode("".join(message.split()), validate=True)
    except binascii.Error as exc:
        raise Refused(f.MalformedResponse(reason="the SAML message is not base64")) from exc


class SingleLogout:
    """Single logout of one service provider (built by ``SamlServiceProvider``)."""

    def __init__(
        self,
        settings: ServiceProviderSettings,
        registry: IdentityProviderRegistry,
        store: SamlRequestStore,
        *,
        clock: Clock,
        signer: Signer,
        certificate_b64: str,
        context: Any,
        new_id: Callable[[], str],
    ) -> None:
        self._settings = settings
        self._registry = registry
        self._store = store
        self._clock = clock
        self._signer = signer
        self._certificate_b64 = certificate_b64
        self._context = context
        self._new_id = new_id

    def _now(self) -> dt.datetime:
        return self._clock.now().astimezone(dt.UTC).replace(microsecond=0)

    def remember(
        self, saml: SamlSession, session: Session, *, lifetime: dt.timedelta = DEFAULT_LINK_LIFETIME
    ) -> None:
        """Link the provider's session of a login to the portal's, for its LogoutRequest.

        Call it after ``portal.identity.login`` with ``login.session`` of
        ``validate_login`` and ``signed_in.session``; keep ``lifetime`` at least as long
        as the app's session tokens.
        """
        self._store.remember_session(
            SessionLink(
                idp_entity_id=saml.idp_entity_id,
                name_id=saml.name_id,
                session_index=saml.session_index,
                session=session,
                expires_at=self._now() + lifetime,
            )
        )

    # -- started by the portal --------------------------------------------------------

    def request(
        self, session: SamlSession, *, relay_state: str, binding: Binding
    ) -> Result[LoginRequest, f.SamlFailure]:
        """A signed LogoutRequest ending ``session`` at its provider (``provider.logout``)."""
        now = self._now()
        idp = self._registry.get(session.idp_entity_id)
        if idp is None:
            return Failure(f.UnknownIdentityProvider())
        post, redirect = idp.slo_post_url, idp.slo_redirect_url
        destination = post if binding is Binding.POST else redirect
        if destination is None:
            destination, binding = (post, Binding.POST) if post else (redirect, Binding.REDIRECT)
        if destination is None:
            return Failure(f.SingleLogoutUnsupported())
        request_id = self._new_id()
        request = build_logout_request(
            self._settings,
            signer=self._signer,
            certificate_b64=self._certificate_b64,
            request_id=request_id,
            destination=destination,
            session=session,
            issued_at=now,
            relay_state=relay_state,
            binding=binding,
        )
        # The answer must name our SLO URL: it is the pending request's endpoint, which
        # also keeps a login response from ever matching a logout request.
        self._store.remember_request(
            PendingRequest(
                id=request_id,
                idp_entity_id=idp.entity_id,
                level=self._settings.level,
                acs_url=self._settings.slo_url,
                relay_state=relay_state,
                issued_at=now,
                expires_at=now + self._settings.request_lifetime,
            )
        )
        return Success(request)

    def validate_response_query(self, query: str) -> Result[LoggedOut, f.SamlFailure]:
        """The provider's ``LogoutResponse`` redirected to ``slo_url`` (HTTP-Redirect).

        ``query`` is the raw query string (after ``?``, still URL-encoded): the
        signature covers it as it came.
        """
        try:
            message = read_redirect(query, "SAMLResponse")
            root = parse_logout_response(message.xml.encode("utf-8"))
            now = self._clock.now().astimezone(dt.UTC)
            pending, window = match_pending(
                self._store, self._settings, root, message.relay_state, now
            )
            verify = self._query_signature(message, pending.idp_entity_id)
            return Success(check_logout_response(root, message.xml, pending, window, verify))
        except Refused as refused:
            return Failure(refused.failure)

    # -- started by the identity provider ---------------------------------------------

    def validate_request_form(
        self, fields: Mapping[str, str]
    ) -> Result[LogoutOrder, f.SamlFailure]:
        """The provider's ``LogoutRequest`` posted to ``slo_url`` (HTTP-POST)."""
        try:
            raw = _decoded(fields.get("SAMLRequest", ""))
            root = parse_logout_request(raw)
            verify = xml_request_signature(self._context)
            xml = raw.decode("utf-8")
            relay_state = fields.get("RelayState", "")
            return Success(self._order(root, xml, verify, Binding.POST, relay_state))
        except (Refused, UnicodeDecodeError) as problem:
            return Failure(_failure(problem))

    def validate_request_query(self, query: str) -> Result[LogoutOrder, f.SamlFailure]:
        """The provider's ``LogoutRequest`` redirected to ``slo_url`` (HTTP-Redirect).

        ``query`` is the raw query string (after ``?``, still URL-encoded).
        """
        try:
            message = read_redirect(query, "SAMLRequest")
            root = parse_logout_request(message.xml.encode("utf-8"))
            verify = self._query_signature(message, request_issuer(root))
            order = self._order(root, message.xml, verify, Binding.REDIRECT, message.relay_state)
            return Success(order)
        except Refused as refused:
            return Failure(refused.failure)

    def answer(self, order: LogoutOrder) -> Result[LoginRequest, f.SamlFailure]:
        """Our signed ``LogoutResponse`` to ``order``, for the browser to carry back.

        It goes by the binding the request came by when the provider's metadata offers
        it, else by the other; ``identity.saml.slo_unsupported`` when it offers none.
        """
        idp = self._registry.get(order.idp_entity_id)
        if idp is None:
            return Failure(f.UnknownIdentityProvider())
        post, redirect = idp.slo_post_url, idp.slo_redirect_url
        binding = order.binding
        destination = post if binding is Binding.POST else redirect
        if destination is None:
            destination, binding = (post, Binding.POST) if post else (redirect, Binding.REDIRECT)
        if destination is None:
            return Failure(f.SingleLogoutUnsupported())
        return Success(
            build_logout_response(
                self._settings,
                signer=self._signer,
                certificate_b64=self._certificate_b64,
                response_id=self._new_id(),
                in_response_to=order.request_id,
                destination=destination,
                issued_at=self._now(),
                relay_state=order.relay_state,
                binding=binding,
            )
        )

    def _known(self, entity_id: str, now: dt.datetime) -> IdentityProvider:
        idp = self._registry.get(entity_id)
        if idp is None:
            raise Refused(f.UnknownIdentityProvider())
        refuse = self._settings.expired_idp_certificates is ExpiredCertificatePolicy.REFUSE
        if refuse and not idp.has_valid_certificate(now):
            raise Refused(f.IdpCertificateExpired(entity_id=entity_id))
        return idp

    def _query_signature(
        self, message: RedirectMessage, entity_id: str
    ) -> Callable[[Element, str], None]:
        """The signature check of HTTP-Redirect: a key of ``entity_id``'s metadata."""
        idp = self._known(entity_id, self._clock.now().astimezone(dt.UTC))

        def verify(_root: Element, _xml: str) -> None:
            keys = (certificate.public_key() for certificate in idp.signing_certificates)
            if not any(message.verifies(key) for key in keys):
                raise Refused(f.InvalidSignature(reason="not_verified"))

        return verify

    def _order(
        self,
        root: Element,
        xml: str,
        verify: Callable[[Element, str], None],
        binding: Binding,
        relay_state: str,
    ) -> LogoutOrder:
        now = self._clock.now().astimezone(dt.UTC)
        idp = self._known(request_issuer(root), now)
        settings = self._settings
        window = Window(
            now=now,
            requested_at=now - _NO_REQUEST,  # nothing of ours precedes it
            skew=settings.clock_skew,
            max_age=settings.max_response_age,
        )
        received = check_logout_request(
            root, xml, idp_entity_id=idp.entity_id, settings=settings, window=window, verify=verify
        )
        if not self._store.remember_assertion(
            _replay_key(idp.entity_id, received.id), received.expires_at, now
        ):
            raise Refused(f.ReplayedLogoutRequest())
        links = self._store.take_sessions(
            idp.entity_id, received.name_id, received.session_indexes, now
        )
        return LogoutOrder(
            request_id=received.id,
            idp_entity_id=idp.entity_id,
            sessions=tuple(link.session for link in links),
            binding=binding,
            relay_state=relay_state,
        )


def _failure(problem: Refused | UnicodeDecodeError) -> f.SamlFailure:
    if isinstance(problem, Refused):
        return problem.failure
    return f.MalformedResponse(reason="the SAML message is not UTF-8")
