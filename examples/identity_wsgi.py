"""The WSGI application of ``examples/identity_app.py``: one request, one login use case.

:class:`IdentityApp` routes each request to the portal: the chooser page, and per SAML
scheme (SPID, CIE) the metadata, the login, the ACS and single logout (ID-7); the
regional credentials and the CNS or CIE card certificate. It takes its service
providers and card login already configured; ``examples/identity_app.py`` configures
them from the command line and serves the app.
"""

from __future__ import annotations

import html
import secrets
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from returns.result import Failure, Success

from formlavoro_adapters import SystemClock
from formlavoro_adapters.identity.certificates import ClientCertificateLogin
from formlavoro_adapters.identity.saml import Binding, SamlServiceProvider
from formlavoro_core import ANONYMOUS, SYSTEM, Portal
from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.identity.failures import LoginThrottled
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.ports import Clock

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]

LEVELS = {level.value: level for level in AssuranceLevel}


class IdentityApp:
    """The WSGI application: a chooser page and, per scheme, metadata, login and ACS."""

    def __init__(
        self,
        portal: Portal,
        providers: dict[str, SamlServiceProvider],
        certificates: ClientCertificateLogin | None = None,
        clock: Clock | None = None,
        run_id: str | None = None,
    ) -> None:
        self.portal = portal
        self.providers = providers
        self.certificates = certificates
        self.clock = clock or SystemClock()
        self.run_id = run_id
        self._consents: dict[str, ConsentReceipt] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """Route one request."""
        path = environ.get("PATH_INFO", "/")
        method = environ.get("REQUEST_METHOD", "GET")
        if path in {"", "/"}:
            return self._answer(start_response, "200 OK", self._chooser(), "text/html")
        if path == "/run-id" and self.run_id is not None:
            return self._answer(start_response, "200 OK", self.run_id)
        if path == "/regional/login" and method == "POST":
            return self._regional(start_response, self._form(environ), environ)
        if path == "/cns/login" and self.certificates is not None:
            return self._card(start_response, self.certificates, environ)
        return self._saml(start_response, environ, path, method)

    def _saml(
        self, start_response: StartResponse, environ: Environ, path: str, method: str
    ) -> list[bytes]:
        scheme, _, action = path.strip("/").partition("/")
        provider = self.providers.get(scheme)
        if provider is None:
            return self._answer(start_response, "404 Not Found", "not found")
        if action == "metadata":
            return self._answer(
                start_response, "200 OK", provider.metadata_xml(), "application/samlmetadata+xml"
            )
        if action == "login":
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            return self._login(start_response, provider, query)
        if action == "acs" and method == "POST":
            return self._acs(start_response, provider, self._form(environ))
        if action == "slo":
            raw_query = str(environ.get("QUERY_STRING", ""))
            return self._slo(start_response, provider, self._form(environ), raw_query)
        return self._answer(start_response, "404 Not Found", "not found")

    def _slo(
        self,
        start_response: StartResponse,
        provider: SamlServiceProvider,
        form: dict[str, str],
        query: str,
    ) -> list[bytes]:
        """ID-7: single logout, posted or redirected: the provider's answer to the
        LogoutRequest ``provider.logout`` sent, or its own LogoutRequest."""
        slo = provider.single_logout
        if "SAMLRequest" in form or "SAMLRequest=" in query:
            order = slo.validate_request_form(form) if form else slo.validate_request_query(query)
            for session in order.map(lambda found: found.sessions).value_or(()):
                self.portal.identity.logout(SYSTEM, session)  # ended already: nothing to do
            match order.bind(slo.answer):
                case Success(answer) if answer.binding is Binding.REDIRECT:
                    return self._answer(
                        start_response, "302 Found", "", headers=[("Location", answer.url)]
                    )
                case Success(answer):
                    return self._answer(start_response, "200 OK", answer.form_html(), "text/html")
                case Failure(error):
                    return self._answer(start_response, "403 Forbidden", f"{error.code}\n")
        done = provider.validate_logout_form(form) if form else slo.validate_response_query(query)
        match done:
            case Success(logged_out):
                return self._answer(
                    start_response, "200 OK", f"logged out: {logged_out.relay_state}"
                )
            case Failure(error):
                return self._answer(start_response, "403 Forbidden", f"{error.code}\n")
        return self._answer(start_response, "500 Internal Server Error", "unexpected")

    @staticmethod
    def _answer(
        start_response: StartResponse,
        status: str,
        body: str,
        content_type: str = "text/plain",
        headers: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        data = body.encode("utf-8")
        start_response(
            status,
            [
                ("Content-Type", f"{content_type}; charset=utf-8"),
                ("Content-Length", str(len(data))),
                *(headers or []),
            ],
        )
        return [data]

    @staticmethod
    def _form(environ: Environ) -> dict[str, str]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(min(length, 1_000_000)).decode("utf-8", "replace")
        return {key: values[0] for key, values in urllib.parse.parse_qs(body).items()}

    def _chooser(self) -> str:
        notices = self.portal.identity.notices()
        items = []
        for scheme, provider in self.providers.items():
            for entity_id, name in provider.identity_providers():
                query = urllib.parse.urlencode({"idp": entity_id})
                items.append(
                    f'<li><a href="/{scheme}/login?{html.escape(query)}">'
                    f"{scheme.upper()}: {html.escape(name)}</a></li>"
                )
        return (
            "<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'><title>Accedi</title>"
            "</head><body><h1>Accedi</h1>"
            f"<p>Accedendo accetti l'informativa privacy v{notices.privacy_notice_version} "
            f"e il regolamento v{notices.citizen_regulation_version}.</p>"
            f"<ul>{''.join(items)}</ul></body></html>"
        )

    def _receipt(self) -> ConsentReceipt | None:
        """The receipt of the notices the chooser page showed (ID-1)."""
        notices = self.portal.identity.notices()
        accepted = self.portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
        return accepted.value_or(None)

    def _regional(
        self, start_response: StartResponse, form: dict[str, str], environ: Environ
    ) -> list[bytes]:
        match self.portal.identity.login_regional(
            ANONYMOUS,
            username=form.get("username", ""),
            password=form.get("password", ""),
            consent=self._receipt(),
            source=str(environ.get("REMOTE_ADDR", "")),
        ):
            case Success(signed_in):
                return self._answer(
                    start_response, "200 OK", f"logged in: {signed_in.principal.account_id}\n"
                )
            case Failure(LoginThrottled() as error):
                wait = max(1, int((error.retry_after - self.clock.now()).total_seconds()))
                return self._answer(
                    start_response,
                    "429 Too Many Requests",
                    f"{error.code}\n{error.message}\n",
                    headers=[("Retry-After", str(wait))],
                )
            case Failure(error):
                status = (
                    "401 Unauthorized"
                    if error.code.startswith("identity.login")
                    else "403 Forbidden"
                )
                return self._answer(start_response, status, f"{error.code}\n{error.message}\n")
        return self._answer(start_response, "500 Internal Server Error", "unexpected")

    def _card(
        self, start_response: StartResponse, certificates: ClientCertificateLogin, environ: Environ
    ) -> list[bytes]:
        # WSGI gives request headers as HTTP_<NAME> with dashes turned into underscores.
        headers = {
            key[5:].replace("_", "-"): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        match certificates.authenticate_headers(headers, peer=environ.get("REMOTE_ADDR", "")):
            case Failure(error):
                return self._answer(
                    start_response, "403 Forbidden", f"{error.code}\n{error.message}\n"
                )
            case Success(identity):
                match self.portal.identity.login(ANONYMOUS, identity, consent=self._receipt()):
                    case Success(signed_in):
                        return self._answer(
                            start_response,
                            "200 OK",
                            f"logged in: {identity.fiscal_code} ({identity.method.value}); "
                            f"first login: {signed_in.first_login}\n",
                        )
                    case Failure(error):
                        return self._answer(start_response, "403 Forbidden", f"{error.code}\n")
        return self._answer(start_response, "500 Internal Server Error", "unexpected")

    def _login(
        self,
        start_response: StartResponse,
        provider: SamlServiceProvider,
        query: dict[str, list[str]],
    ) -> list[bytes]:
        notices = self.portal.identity.notices()
        accepted = self.portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
        if not isinstance(accepted, Success):
            return self._answer(start_response, "409 Conflict", "the notices changed")
        receipt = accepted.value_or(None)
        relay_state = secrets.token_urlsafe(16)
        level = LEVELS.get(query.get("level", [""])[0])
        binding = Binding.REDIRECT if query.get("binding") == ["redirect"] else Binding.POST
        match provider.login(
            query.get("idp", [""])[0], relay_state=relay_state, level=level, binding=binding
        ):
            case Success(request):
                with self._lock:
                    if receipt is not None:
                        self._consents[relay_state] = receipt
                if request.binding is Binding.REDIRECT:
                    return self._answer(
                        start_response, "302 Found", "", headers=[("Location", request.url)]
                    )
                return self._answer(start_response, "200 OK", request.form_html(), "text/html")
            case Failure(error):
                return self._answer(start_response, "400 Bad Request", f"{error.code}\n")
        return self._answer(start_response, "500 Internal Server Error", "unexpected")

    def _acs(
        self, start_response: StartResponse, provider: SamlServiceProvider, form: dict[str, str]
    ) -> list[bytes]:
        with self._lock:
            consent = self._consents.pop(form.get("RelayState", ""), None)
        response, relay_state = form.get("SAMLResponse", ""), form.get("RelayState", "")
        match provider.validate_login(response, relay_state=relay_state):
            case Failure(error):
                return self._answer(
                    start_response, "403 Forbidden", f"{error.code}\n{error.message}\n"
                )
            case Success(login):
                identity = login.identity
                match self.portal.identity.login(ANONYMOUS, identity, consent=consent):
                    case Success(signed_in):
                        # ID-7: the identity provider's LogoutRequest will name this login.
                        provider.single_logout.remember(login.session, signed_in.session)
                        return self._answer(
                            start_response,
                            "200 OK",
                            f"logged in: {identity.fiscal_code} ({identity.level}); "
                            f"first login: {signed_in.first_login}\n",
                        )
                    case Failure(error):
                        return self._answer(start_response, "403 Forbidden", f"{error.code}\n")
        return self._answer(start_response, "500 Internal Server Error", "unexpected")
