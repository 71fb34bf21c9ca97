"""The citizen journey in Django: the same Italian pages and JSON API as the FastAPI app.

A single-module Django project (settings, URLs and views in this file). Run the demo
(the regional account ``anna.rossi`` / ``Pesto-alla-genovese-2026``)::

    python -m examples.web.django_app runserver 127.0.0.1:8000 --noreload
    # or, on a free port written to a file (what the tests do), with wsgiref:
    python -m examples.web.django_app --port 0 --port-file port.txt

and open http://127.0.0.1:8000/. ``--idp-metadata idp.xml`` mounts SPID and CIE.

Every view returns a Django response or raises :class:`~examples.web.glue.Refused`;
:func:`answering` turns a refusal into problem details (``/api``) or an Italian page.
The session is the signed cookie ``sessione`` (SameSite=Lax, HttpOnly), as in the
FastAPI app; the pages' forms post only to this site, which the SameSite cookie holds
to (a portal adds Django's CSRF middleware and tokens in its own templates).
"""

from __future__ import annotations

import argparse
import functools
import os
import pathlib
import sys
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, make_server

import attrs
import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from returns.result import Failure, Result, Success

from examples.web import pages
from examples.web.demo import Site, demo_site
from examples.web.glue import (
    COOKIE,
    LOGIN_AGAIN,
    MAX_UPLOAD,
    Problem,
    Refused,
    answer_data,
    bearer_or_cookie,
    value,
)
from formlavoro_adapters.web import (
    negotiate,
    parse_offer_search,
    problem_details,
    read_json,
    search_query_string,
    write_json,
)
from formlavoro_core import ANONYMOUS, CitizenPrincipal, DomainError, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.identity.services import NoticeVersions
from formlavoro_core.identity.sessions import Session
from formlavoro_core.identity.sign_in import SignedIn
from formlavoro_core.ids import MessageId, OfferId
from formlavoro_core.offers.services import OfferCard
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber

__all__ = ["application", "configure", "main", "urlpatterns"]

T = TypeVar("T")
View = Callable[..., HttpResponse]
_state: dict[str, Site] = {}


def configure(site: Site, *, secret_key: str | None = None) -> None:
    """Serve ``site``: set up Django's settings (once) and the portal the views use."""
    _state["site"] = site
    if not settings.configured:
        settings.configure(
            DEBUG=False,
            ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
            ROOT_URLCONF=__name__,
            SECRET_KEY=secret_key or os.urandom(32).hex(),
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            DATABASES={},
            USE_TZ=True,
            DATA_UPLOAD_MAX_MEMORY_SIZE=MAX_UPLOAD * 2,
            FILE_UPLOAD_MAX_MEMORY_SIZE=MAX_UPLOAD * 2,
        )
        django.setup()


def _site() -> Site:
    return _state["site"]


def _token(request: HttpRequest) -> str | None:
    return bearer_or_cookie(request.headers.get("authorization"), request.COOKIES.get(COOKIE))


def _signed_in(request: HttpRequest) -> CitizenPrincipal | None:
    site = _site()
    match site.tokens.principal(site.portal, _token(request)):
        case Success(CitizenPrincipal() as principal):
            return principal
    return None


def _citizen(request: HttpRequest) -> CitizenPrincipal:
    site = _site()
    return value(site.tokens.principal(site.portal, _token(request)))


def _consent(request: HttpRequest) -> ConsentReceipt | None:
    held = _site().tokens.read(_token(request)).value_or(None)
    return held.consent if held is not None else None


def _to(target: str) -> HttpResponse:
    return HttpResponseRedirect(target, status=303)


def _html(content: str, status: int = 200) -> HttpResponse:
    return HttpResponse(content, status=status, content_type="text/html; charset=utf-8")


def _json(data: object, status: int = 200) -> HttpResponse:
    codec = Codec.for_input(_site().portal.reference)
    return HttpResponse(write_json(data, codec), status=status, content_type="application/json")


def _with_token(response: HttpResponse, token: str) -> HttpResponse:
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", path="/")
    return response


def answering(view: View) -> View:
    """Answer a :class:`Refused` as problem details (``/api``) or as an Italian page."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            language = negotiate(request.headers.get("accept-language"))
            problem = problem_details(
                refused.error, now=_site().clock.now(), language=language, instance=request.path
            )
            if request.path.startswith("/api/"):
                answer = HttpResponse(problem.json(), status=problem.status)
                for name, header in problem.headers:
                    answer[name] = header
                return answer
            if refused.error.code in LOGIN_AGAIN:
                return _to("/accesso")
            signed_in = _signed_in(request) is not None
            page = refused.page or (lambda body: pages.error_page(body, signed_in=signed_in))
            answer = _html(page(problem.body), problem.status)
            for name, header in problem.headers:
                if name != "Content-Type":
                    answer[name] = header
            return answer

    return wrapped


def _methods(allowed: str, view: View) -> View:
    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in allowed.split():
            return HttpResponse(status=405, headers={"Allow": allowed.replace(" ", ", ")})
        return view(request, *args, **kwargs)

    return answering(checked)


def get(view: View) -> View:
    """A view answering GET only."""
    return _methods("GET", view)


def post(view: View) -> View:
    """A view answering POST only."""
    return _methods("POST", view)


# ---- Pages -------------------------------------------------------------------------------


@get
def home(request: HttpRequest) -> HttpResponse:
    principal = _signed_in(request)
    if principal is None:
        return _to("/accesso")
    summary = value(_site().portal.home.summary(principal))
    return _to("/benvenuto") if summary.onboarding_pending else _html(pages.home_page(summary))


def notices(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return accept(request)
    return _html(pages.consent_page(_site().portal.identity.notices()))


@post
def accept(request: HttpRequest) -> HttpResponse:
    portal, form = _site().portal, request.POST
    if sorted(form.getlist("accetto")) != ["informativa", "regolamento"]:
        error = InvalidInput.at("accetto", "accetta entrambi i testi per proseguire")
        problem = problem_details(error, now=_site().clock.now())
        return _html(pages.consent_page(portal.identity.notices(), problem.body), 422)
    receipt = value(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=form.get("privacy_notice_version", ""),
            citizen_regulation_version=form.get("citizen_regulation_version", ""),
        )
    )
    return _with_token(_to("/accesso/metodi"), _site().tokens.issue(consent=receipt))


def _providers() -> list[tuple[str, str, str]]:
    return [
        (scheme, entity_id, name)
        for scheme, provider in _site().providers.items()
        for entity_id, name in provider.identity_providers()
    ]


@get
def methods(request: HttpRequest) -> HttpResponse:
    if _consent(request) is None:
        return _to("/accesso")
    return _html(pages.login_page(_providers()))


def _after_login(signed_in: SignedIn, receipt: ConsentReceipt | None) -> HttpResponse:
    target = "/benvenuto" if signed_in.onboarding_pending else "/"
    token = _site().tokens.issue(session=signed_in.session, consent=receipt)
    return _with_token(_to(target), token)


@post
def regional(request: HttpRequest) -> HttpResponse:
    receipt = _consent(request)
    if receipt is None:
        return _to("/accesso")
    result = _site().portal.identity.login_regional(
        ANONYMOUS,
        username=request.POST.get("username", ""),
        password=request.POST.get("password", ""),
        consent=receipt,
        source=request.META.get("REMOTE_ADDR") or "unknown",
    )
    match result:
        case Success(done):
            return _after_login(done, receipt)
        case Failure(error):
            raise Refused(error, lambda problem: pages.login_page(_providers(), problem))
    raise AssertionError(result)  # pragma: no cover


@get
def saml_metadata(_request: HttpRequest, scheme: str) -> HttpResponse:
    provider = _site().providers.get(scheme)
    if provider is None:
        return HttpResponse("not found", status=404)
    return HttpResponse(provider.metadata_xml(), content_type="application/samlmetadata+xml")


@get
def saml_login(request: HttpRequest, scheme: str) -> HttpResponse:
    provider, receipt = _site().providers.get(scheme), _consent(request)
    if provider is None:
        return HttpResponse("not found", status=404)
    if receipt is None:
        return _to("/accesso")
    relay_state = _site().keep_for_relay(receipt)
    login = value(provider.login(request.GET.get("idp", ""), relay_state=relay_state))
    return _html(login.form_html())


@post
def saml_acs(request: HttpRequest, scheme: str) -> HttpResponse:
    provider = _site().providers.get(scheme)
    if provider is None:
        return HttpResponse("not found", status=404)
    form = {key: str(item) for key, item in request.POST.items()}
    receipt = _site().take_relayed(form.get("RelayState", ""))
    assertion = value(provider.validate_form(form))
    return _after_login(
        value(_site().portal.identity.login(ANONYMOUS, assertion, consent=receipt)), receipt
    )


@get
def welcome(request: HttpRequest) -> HttpResponse:
    welcome_ = value(_site().portal.onboarding.welcome(_citizen(request)))
    return _to("/") if welcome_.completed else _html(pages.welcome_page(welcome_))


@post
def answer(request: HttpRequest, step: str) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    try:
        question = OnboardingStep(step)
    except ValueError:
        return HttpResponse("not found", status=404)
    data = answer_data(question, request.POST)
    match portal.onboarding.answer_from_data(principal, question, data):
        case Success(state):
            return _to("/" if state.next_step is None else "/benvenuto")
        case Failure(error):
            welcome_ = value(portal.onboarding.welcome(principal))
            raise Refused(error, lambda problem: pages.welcome_page(welcome_, problem))
    raise AssertionError(step)  # pragma: no cover


def _cv_view(
    principal: CitizenPrincipal, done: str | None = None, problem: Problem | None = None
) -> str:
    portal = _site().portal
    cv = value(portal.cv.mine(principal))
    completion = value(portal.cv.completion(principal, cv.id))
    return pages.cv_page(cv, completion, done=done, error=problem)


@get
def cv(request: HttpRequest) -> HttpResponse:
    done = {"1": "Modifica salvata.", "pubblicato": "Il CV è pubblicato."}.get(
        request.GET.get("fatto", "")
    )
    return _html(_cv_view(_citizen(request), done))


def _cv_change(
    principal: CitizenPrincipal, result: Result[Any, DomainError], done: str = "1"
) -> HttpResponse:
    match result:
        case Failure(error):
            raise Refused(error, lambda problem: _cv_view(principal, problem=problem))
    return _to(f"/cv?fatto={done}")


@post
def personal(request: HttpRequest) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    current = value(portal.cv.mine(principal))
    phone = request.POST.get("phone", "").strip()
    residence = request.POST.get("residence", "").strip().upper()
    home_ = Address(municipality=MunicipalityCode(residence)) if residence else None
    changed = attrs.evolve(current.personal, phone=PhoneNumber(phone) or None, residence=home_)
    return _cv_change(principal, portal.cv.set_personal_data(principal, current.id, changed))


@post
def study(request: HttpRequest) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    current = value(portal.cv.mine(principal))
    title = request.POST.get("title", "").strip() or None
    if current.studies:
        first = current.studies[0]
        changed = attrs.evolve(first.value, title=title)
        return _cv_change(
            principal, portal.cv.replace_entry(principal, current.id, first.id, changed)
        )
    new = Study(level=EducationLevel.UPPER_SECONDARY, title=title)
    return _cv_change(principal, portal.cv.add_entry(principal, current.id, new))


@post
def language(request: HttpRequest) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    current = value(portal.cv.mine(principal))
    data = {
        "language": request.POST.get("language", "").strip().lower(),
        "level": request.POST.get("level", ""),
    }
    match Codec.for_input(portal.reference).structure(data, LanguageSkill):
        case Success(skill):
            return _cv_change(principal, portal.cv.add_entry(principal, current.id, skill))
        case Failure(error):
            return _cv_change(principal, Failure(error))
    raise AssertionError(data)  # pragma: no cover


@post
def attach(request: HttpRequest) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    current = value(portal.cv.mine(principal))
    upload = request.FILES.get("file")
    if upload is None:
        raise Refused(
            InvalidInput.at("file", "scegli un file"),
            lambda problem: _cv_view(principal, problem=problem),
        )
    content = upload.read(MAX_UPLOAD)
    result = portal.cv.add_attachment(
        principal, current.id, filename=upload.name or "allegato", content=content
    )
    return _cv_change(principal, result)


@post
def publish(request: HttpRequest) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    current = value(portal.cv.mine(principal))
    return _cv_change(principal, portal.cv.publish(principal, current.id), "pubblicato")


@get
def offers(request: HttpRequest) -> HttpResponse:
    portal = _site().portal
    actor: Principal = _signed_in(request) or ANONYMOUS
    values = {key: str(item) for key, item in request.GET.items()}
    signed_in = actor != ANONYMOUS
    match parse_offer_search(request.META.get("QUERY_STRING", "")):
        case Failure(error):
            problem = problem_details(error, now=_site().clock.now())
            body = pages.offers_page(values, None, None, error=problem.body, signed_in=signed_in)
            return _html(body, problem.status)
        case Success(wanted):
            found = value(portal.offers.search(actor, wanted.query, wanted.page))
            following = None
            if found.next_after is not None:
                page = PageRequest(size=wanted.page.size, after=found.next_after)
                following = f"/offerte?{search_query_string(wanted.query, page)}"
            return _html(pages.offers_page(values, found, following, signed_in=signed_in))
    raise AssertionError(values)  # pragma: no cover


def _place(card: OfferCard) -> str | None:
    found = _site().portal.reference.municipality(card.offer.workplace)
    return found.name if found is not None else None


@get
def offer(request: HttpRequest, offer_id: str) -> HttpResponse:
    actor = _signed_in(request)
    card = value(_site().portal.offers.card(actor or ANONYMOUS, OfferId(offer_id)))
    return _html(pages.offer_page(card, signed_in=actor is not None, place=_place(card)))


@post
def apply(request: HttpRequest, offer_id: str) -> HttpResponse:
    principal, portal = _citizen(request), _site().portal
    letter = request.POST.get("cover_letter", "").strip() or None
    match portal.applications.apply(
        principal, OfferId(offer_id), ApplicationRequest(cover_letter=letter)
    ):
        case Failure(error):
            card = value(portal.offers.card(principal, OfferId(offer_id)))
            raise Refused(
                error,
                lambda problem: pages.offer_page(
                    card, signed_in=True, place=_place(card), error=problem
                ),
            )
    return _to("/candidature")


@get
def applications(request: HttpRequest) -> HttpResponse:
    return _html(
        pages.applications_page(value(_site().portal.applications.mine(_citizen(request))))
    )


@get
def inbox(request: HttpRequest) -> HttpResponse:
    return _html(pages.inbox_page(value(_site().portal.messages.inbox(_citizen(request)))))


@get
def message(request: HttpRequest, message_id: str) -> HttpResponse:
    opened = _site().portal.messages.open(_citizen(request), MessageId(message_id))
    return _html(pages.message_page(value(opened)))


@post
def logout(request: HttpRequest) -> HttpResponse:
    principal = _signed_in(request)
    held = _site().tokens.read(_token(request)).value_or(None)
    if principal is not None and held is not None and isinstance(held.session, Session):
        value(_site().portal.identity.logout(principal, held.session))
    response = _to("/accesso")
    response.delete_cookie(COOKIE, path="/")
    return response


# ---- JSON API ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Credentials:
    """The body of a regional login."""

    username: str
    password: str = attrs.field(repr=False)


def _read(request: HttpRequest, cls: type[T]) -> T:
    codec = Codec.for_input(_site().portal.reference)
    return value(read_json(request.body or b"{}", cls, codec).alt(lambda error: error))


@get
def api_notices(_request: HttpRequest) -> HttpResponse:
    return _json(_site().portal.identity.notices())


@post
def api_consent(request: HttpRequest) -> HttpResponse:
    wanted = _read(request, NoticeVersions)
    receipt = value(
        _site().portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=wanted.privacy_notice_version,
            citizen_regulation_version=wanted.citizen_regulation_version,
        )
    )
    token = _site().tokens.issue(consent=receipt)
    return _with_token(_json({"token": token}), token)


@post
def api_login(request: HttpRequest) -> HttpResponse:
    credentials = _read(request, Credentials)
    done = value(
        _site().portal.identity.login_regional(
            ANONYMOUS,
            username=credentials.username,
            password=credentials.password,
            consent=_consent(request),
            source=request.META.get("REMOTE_ADDR") or "unknown",
        )
    )
    token = _site().tokens.issue(session=done.session)
    body = {"token": token, "onboarding_pending": done.onboarding_pending}
    return _with_token(_json(body), token)


@post
def api_onboarding(request: HttpRequest) -> HttpResponse:
    principal = _citizen(request)
    data = _read(request, dict)
    state = value(_site().portal.onboarding.complete_from_data(principal, data))
    return _json({"completed": state.next_step is None})


@get
def api_cv(request: HttpRequest) -> HttpResponse:
    return _json(value(_site().portal.cv.mine(_citizen(request))))


@get
def api_offers(request: HttpRequest) -> HttpResponse:
    actor: Principal = _signed_in(request) or ANONYMOUS
    search = parse_offer_search(request.META.get("QUERY_STRING", ""))
    wanted = value(search.alt(lambda error: error))
    found = value(_site().portal.offers.search(actor, wanted.query, wanted.page))
    return _json({"items": list(found.items), "total": found.total, "next_after": found.next_after})


@post
def api_apply(request: HttpRequest, offer_id: str) -> HttpResponse:
    principal = _citizen(request)
    wanted = _read(request, ApplicationRequest)
    application_ = value(_site().portal.applications.apply(principal, OfferId(offer_id), wanted))
    return _json({"id": application_.id, "status": application_.status}, status=201)


@get
def api_applications(request: HttpRequest) -> HttpResponse:
    summaries = value(_site().portal.applications.mine(_citizen(request)))
    return _json(
        [
            {
                "id": s.application.id,
                "offer": s.application.offer,
                "offer_title": s.application.offer_title,
                "status": s.status,
                "offer_status": s.offer_status,
            }
            for s in summaries
        ]
    )


@get
def api_messages(request: HttpRequest) -> HttpResponse:
    found = value(_site().portal.messages.inbox(_citizen(request)))
    return _json({"items": list(found.items), "total": found.total})


urlpatterns = [
    path("", home),
    path("accesso", answering(notices)),
    path("accesso/metodi", methods),
    path("accesso/regionale", regional),
    path("<str:scheme>/metadata", saml_metadata),
    path("<str:scheme>/login", saml_login),
    path("<str:scheme>/acs", saml_acs),
    path("benvenuto", welcome),
    path("benvenuto/<str:step>", answer),
    path("cv", cv),
    path("cv/dati-personali", personal),
    path("cv/studio", study),
    path("cv/lingue", language),
    path("cv/allegati", attach),
    path("cv/pubblica", publish),
    path("offerte", offers),
    path("offerte/<str:offer_id>", offer),
    path("offerte/<str:offer_id>/candidatura", apply),
    path("candidature", applications),
    path("messaggi", inbox),
    path("messaggi/<str:message_id>", message),
    path("esci", logout),
    path("api/notices", api_notices),
    path("api/consent", api_consent),
    path("api/login/regional", api_login),
    path("api/onboarding", api_onboarding),
    path("api/cv", api_cv),
    path("api/offers", api_offers),
    path("api/offers/<str:offer_id>/applications", api_apply),
    path("api/applications", api_applications),
    path("api/messages", api_messages),
]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
    """The WSGI application (after :func:`configure`)."""
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415 - after the settings

    return get_wsgi_application()(environ, start_response)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet: one line per request on stderr."""
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _demo(base_url: str, idp_metadata: pathlib.Path | None) -> Site:
    metadata = [idp_metadata.read_text(encoding="utf-8")] if idp_metadata else []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="formlavoro-sp-")) if metadata else None
    return demo_site(
        base_url=base_url,
        idp_metadata=metadata,
        folder=folder,
        secret_key=os.environ.get("FORMLAVORO_SECRET_KEY"),
    )


def main(argv: list[str] | None = None) -> int:
    """``runserver`` and Django's other commands, or a wsgiref server (``--port 0``)."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and not arguments[0].startswith("-"):
        from django.core.management import execute_from_command_line  # noqa: PLC0415

        address = next((a for a in arguments[1:] if not a.startswith("-")), "127.0.0.1:8000")
        configure(_demo(f"http://{address}", None))
        execute_from_command_line([sys.argv[0], *arguments])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--port-file", type=pathlib.Path, help="where to write the port")
    parser.add_argument("--idp-metadata", type=pathlib.Path, help="SAML metadata of an IdP")
    args = parser.parse_args(arguments)
    with make_server(args.host, args.port, application, handler_class=_QuietHandler) as server:
        port = server.server_port
        configure(_demo(f"http://{args.host}:{port}", args.idp_metadata))
        if args.port_file is not None:
            partial = args.port_file.with_name(args.port_file.name + ".partial")
            partial.write_text(f"{port}\n", encoding="ascii")
            partial.replace(args.port_file)
        print(f"serving on http://{args.host}:{port}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
