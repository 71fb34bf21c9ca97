"""The citizen journey in FastAPI: Italian pages and a JSON API over one portal.

Run the demo (a portal in memory with three offers and the regional account
``anna.rossi`` / ``Pesto-alla-genovese-2026``)::

    python -m examples.web.fastapi_app --port 8000
    # or: uvicorn --factory examples.web.fastapi_app:demo_app

and open http://127.0.0.1:8000/. With ``--idp-metadata idp.xml`` (SAML metadata of an
identity provider, the SPID test IdP for instance) the login page offers SPID and CIE.

The glue is the library's :mod:`formlavoro_adapters.web`: every use case's ``Result``
goes through :func:`value`, which raises :class:`Refused` with the failure; one
exception handler answers it as problem details (``/api``) or as an Italian page. The
signed cookie ``sessione`` (SameSite=Lax, HttpOnly) holds the consent receipt, then
the session; API clients send the same token as ``Authorization: Bearer``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import socket
import sys
import tempfile
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, TypeVar

import attrs
import uvicorn
from fastapi import FastAPI, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
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
from formlavoro_adapters.web import parse_offer_search as parse_offers
from formlavoro_adapters.web import (
    problem_details,
    read_json,
    search_query_string,
    write_json,
)
from formlavoro_adapters.web.texts import negotiate
from formlavoro_core import ANONYMOUS, CitizenPrincipal, DomainError, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.identity.services import NoticeVersions
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import MessageId, OfferId
from formlavoro_core.offers.services import OfferCard
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import EducationLevel
from formlavoro_core.values import PhoneNumber

__all__ = ["create_app", "demo_app", "main"]

T = TypeVar("T")


def create_app(site: Site) -> FastAPI:  # noqa: PLR0915 - one route per step of the journey
    """The app over ``site``'s portal."""
    portal, tokens, clock = site.portal, site.tokens, site.clock
    codec = Codec.for_input(portal.reference)
    app = FastAPI(
        title="Portale lavoro e formazione", docs_url="/api/docs", openapi_url="/api/openapi.json"
    )
    secure = False

    def signed_in(request: Request) -> CitizenPrincipal | None:
        match tokens.principal(
            portal,
            bearer_or_cookie(request.headers.get("authorization"), request.cookies.get(COOKIE)),
        ):
            case Success(CitizenPrincipal() as principal):
                return principal
        return None

    def citizen(request: Request) -> CitizenPrincipal:
        return value(
            tokens.principal(
                portal,
                bearer_or_cookie(request.headers.get("authorization"), request.cookies.get(COOKIE)),
            )
        )

    def consent(request: Request) -> ConsentReceipt | None:
        held = tokens.read(
            bearer_or_cookie(request.headers.get("authorization"), request.cookies.get(COOKIE))
        ).value_or(None)
        return held.consent if held is not None else None

    def with_token(response: Response, token: str) -> Response:
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=secure, path="/")
        return response

    def to(path: str) -> RedirectResponse:
        return RedirectResponse(path, status_code=303)

    def refuse(error: DomainError, page: Callable[[Problem], str]) -> NoReturn:
        raise Refused(error, page)

    @app.exception_handler(Refused)
    async def answer_refusal(request: Request, exc: Refused) -> Response:
        language = negotiate(request.headers.get("accept-language"))
        problem = problem_details(
            exc.error, now=clock.now(), language=language, instance=request.url.path
        )
        headers = dict(problem.headers)
        if request.url.path.startswith("/api/"):
            return Response(problem.json(), status_code=problem.status, headers=headers)
        if exc.error.code in LOGIN_AGAIN:
            return to("/accesso")
        headers.pop("Content-Type")
        if exc.page is not None:
            content = exc.page(problem.body)
        else:
            content = pages.error_page(problem.body, signed_in=signed_in(request) is not None)
        return HTMLResponse(content, status_code=problem.status, headers=headers)

    # ---- Pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        principal = signed_in(request)
        if principal is None:
            return to("/accesso")
        summary = value(portal.home.summary(principal))
        if summary.onboarding_pending:
            return to("/benvenuto")
        return HTMLResponse(pages.home_page(summary))

    @app.get("/accesso", response_class=HTMLResponse)
    def notices_page() -> str:
        return pages.consent_page(portal.identity.notices())

    @app.post("/accesso")
    async def accept(request: Request) -> Response:
        form = await request.form()
        notices = portal.identity.notices()
        if sorted(str(item) for item in form.getlist("accetto")) != ["informativa", "regolamento"]:
            error = InvalidInput.at("accetto", "accetta entrambi i testi per proseguire")
            problem = problem_details(error, now=clock.now(), language=negotiate("it"))
            return HTMLResponse(pages.consent_page(notices, problem.body), status_code=422)
        receipt = value(
            portal.identity.accept_notices(
                ANONYMOUS,
                privacy_notice_version=str(form.get("privacy_notice_version", "")),
                citizen_regulation_version=str(form.get("citizen_regulation_version", "")),
            )
        )
        return with_token(to("/accesso/metodi"), tokens.issue(consent=receipt))

    def providers() -> list[tuple[str, str, str]]:
        return [
            (scheme, entity_id, name)
            for scheme, provider in site.providers.items()
            for entity_id, name in provider.identity_providers()
        ]

    @app.get("/accesso/metodi", response_class=HTMLResponse)
    def methods(request: Request) -> Response:
        if consent(request) is None:
            return to("/accesso")
        return HTMLResponse(pages.login_page(providers()))

    def after_login(signed_in_: Any, receipt: ConsentReceipt | None) -> Response:
        target = "/benvenuto" if signed_in_.onboarding_pending else "/"
        return with_token(to(target), tokens.issue(session=signed_in_.session, consent=receipt))

    @app.post("/accesso/regionale")
    def regional(
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
    ) -> Response:
        receipt = consent(request)
        if receipt is None:
            return to("/accesso")
        result = portal.identity.login_regional(
            ANONYMOUS,
            username=username,
            password=password,
            consent=receipt,
            source=request.client.host if request.client else "unknown",
        )
        match result:
            case Success(done):
                return after_login(done, receipt)
            case Failure(error):
                refuse(error, lambda problem: pages.login_page(providers(), problem))
        raise AssertionError(result)  # pragma: no cover

    @app.get("/{scheme}/metadata")
    def metadata(scheme: str) -> Response:
        provider = site.providers.get(scheme)
        if provider is None:
            return Response("not found", status_code=404)
        return Response(provider.metadata_xml(), media_type="application/samlmetadata+xml")

    @app.get("/{scheme}/login", response_class=HTMLResponse)
    def saml_login(request: Request, scheme: str, idp: str = "") -> Response:
        provider = site.providers.get(scheme)
        receipt = consent(request)
        if provider is None:
            return Response("not found", status_code=404)
        if receipt is None:
            return to("/accesso")
        relay_state = site.keep_for_relay(receipt)
        login = value(provider.login(idp, relay_state=relay_state))
        return HTMLResponse(login.form_html())

    @app.post("/{scheme}/acs")
    async def saml_acs(request: Request, scheme: str) -> Response:
        provider = site.providers.get(scheme)
        if provider is None:
            return Response("not found", status_code=404)
        form = {key: str(item) for key, item in (await request.form()).items()}
        receipt = site.take_relayed(form.get("RelayState", ""))
        assertion = value(provider.validate_form(form))
        return after_login(
            value(portal.identity.login(ANONYMOUS, assertion, consent=receipt)), receipt
        )

    @app.get("/benvenuto", response_class=HTMLResponse)
    def welcome(request: Request) -> Response:
        welcome_ = value(portal.onboarding.welcome(citizen(request)))
        if welcome_.completed:
            return to("/")
        return HTMLResponse(pages.welcome_page(welcome_))

    @app.post("/benvenuto/{step}")
    async def answer(request: Request, step: str) -> Response:
        principal = citizen(request)
        try:
            question = OnboardingStep(step)
        except ValueError:
            return Response("not found", status_code=404)
        data = answer_data(question, await request.form())
        match portal.onboarding.answer_from_data(principal, question, data):
            case Success(state):
                return to("/" if state.next_step is None else "/benvenuto")
            case Failure(error):
                welcome_ = value(portal.onboarding.welcome(principal))
                refuse(error, lambda problem: pages.welcome_page(welcome_, problem))
        raise AssertionError(step)  # pragma: no cover

    def cv_view(
        principal: CitizenPrincipal, done: str | None = None, problem: Problem | None = None
    ) -> str:
        cv = value(portal.cv.mine(principal))
        completion = value(portal.cv.completion(principal, cv.id))
        return pages.cv_page(cv, completion, done=done, error=problem)

    @app.get("/cv", response_class=HTMLResponse)
    def cv_page(request: Request, fatto: str | None = None) -> str:
        done = {"1": "Modifica salvata.", "pubblicato": "Il CV è pubblicato."}.get(fatto or "")
        return cv_view(citizen(request), done)

    def cv_change(principal: CitizenPrincipal, result: Result[Any, DomainError]) -> Response:
        match result:
            case Failure(error):
                refuse(error, lambda problem: cv_view(principal, problem=problem))
        return to("/cv?fatto=1")

    def parsed(data: dict[str, object], cls: type[T]) -> Result[T, DomainError]:
        return codec.structure(data, cls).alt(lambda error: error)

    @app.post("/cv/dati-personali")
    def personal(
        request: Request, phone: Annotated[str, Form()] = "", residence: Annotated[str, Form()] = ""
    ) -> Response:
        principal = citizen(request)
        cv = value(portal.cv.mine(principal))
        home = Address(municipality=residence.strip().upper()) if residence.strip() else None  # type: ignore[arg-type]
        changed = attrs.evolve(
            cv.personal, phone=PhoneNumber(phone.strip()) or None, residence=home
        )
        return cv_change(principal, portal.cv.set_personal_data(principal, cv.id, changed))

    @app.post("/cv/studio")
    def study(request: Request, title: Annotated[str, Form()] = "") -> Response:
        principal = citizen(request)
        cv = value(portal.cv.mine(principal))
        if cv.studies:
            first = cv.studies[0]
            changed = attrs.evolve(first.value, title=title.strip() or None)
            return cv_change(
                principal, portal.cv.replace_entry(principal, cv.id, first.id, changed)
            )
        new = Study(level=EducationLevel.UPPER_SECONDARY, title=title.strip() or None)
        return cv_change(principal, portal.cv.add_entry(principal, cv.id, new))

    @app.post("/cv/lingue")
    def language(
        request: Request, language: Annotated[str, Form()] = "", level: Annotated[str, Form()] = ""
    ) -> Response:
        principal = citizen(request)
        cv = value(portal.cv.mine(principal))
        result = parsed({"language": language.strip().lower(), "level": level}, LanguageSkill).bind(
            lambda skill: portal.cv.add_entry(principal, cv.id, skill)
        )
        return cv_change(principal, result)

    @app.post("/cv/allegati")
    async def attach(request: Request, file: UploadFile) -> Response:
        principal = citizen(request)
        cv = value(portal.cv.mine(principal))
        content = await file.read(MAX_UPLOAD)
        result = portal.cv.add_attachment(
            principal, cv.id, filename=file.filename or "allegato", content=content
        )
        return cv_change(principal, result)

    @app.post("/cv/pubblica")
    def publish(request: Request) -> Response:
        principal = citizen(request)
        cv = value(portal.cv.mine(principal))
        cv_change(principal, portal.cv.publish(principal, cv.id))
        return to("/cv?fatto=pubblicato")

    @app.get("/offerte", response_class=HTMLResponse)
    def offers(request: Request) -> Response:
        actor: Principal = signed_in(request) or ANONYMOUS
        values = {key: str(item) for key, item in request.query_params.items()}
        search = parse_offers(request.url.query)
        if isinstance(search, Failure):
            problem = problem_details(search.failure(), now=clock.now(), language=negotiate("it"))
            body = pages.offers_page(
                values, None, None, error=problem.body, signed_in=actor != ANONYMOUS
            )
            return HTMLResponse(body, status_code=problem.status)
        wanted = search.unwrap()
        found = value(portal.offers.search(actor, wanted.query, wanted.page))
        following = None
        if found.next_after is not None:
            page = PageRequest(size=wanted.page.size, after=found.next_after)
            following = f"/offerte?{search_query_string(wanted.query, page)}"
        return HTMLResponse(
            pages.offers_page(values, found, following, signed_in=actor != ANONYMOUS)
        )

    def place_of(card: OfferCard) -> str | None:
        found = portal.reference.municipality(card.offer.workplace)
        return found.name if found is not None else None

    @app.get("/offerte/{offer_id}", response_class=HTMLResponse)
    def offer(request: Request, offer_id: str) -> str:
        actor = signed_in(request)
        card = value(portal.offers.card(actor or ANONYMOUS, OfferId(offer_id)))
        return pages.offer_page(card, signed_in=actor is not None, place=place_of(card))

    @app.post("/offerte/{offer_id}/candidatura")
    def apply(
        request: Request, offer_id: str, cover_letter: Annotated[str, Form()] = ""
    ) -> Response:
        principal = citizen(request)
        application = ApplicationRequest(cover_letter=cover_letter.strip() or None)
        match portal.applications.apply(principal, OfferId(offer_id), application):
            case Failure(error):
                card = value(portal.offers.card(principal, OfferId(offer_id)))
                refuse(
                    error,
                    lambda problem: pages.offer_page(
                        card, signed_in=True, place=place_of(card), error=problem
                    ),
                )
        return to("/candidature")

    @app.get("/candidature", response_class=HTMLResponse)
    def applications(request: Request) -> str:
        return pages.applications_page(value(portal.applications.mine(citizen(request))))

    @app.get("/messaggi", response_class=HTMLResponse)
    def inbox(request: Request) -> str:
        return pages.inbox_page(value(portal.messages.inbox(citizen(request))))

    @app.get("/messaggi/{message_id}", response_class=HTMLResponse)
    def message(request: Request, message_id: str) -> str:
        return pages.message_page(
            value(portal.messages.open(citizen(request), MessageId(message_id)))
        )

    @app.post("/esci")
    def logout(request: Request) -> Response:
        principal = signed_in(request)
        held = tokens.read(
            bearer_or_cookie(request.headers.get("authorization"), request.cookies.get(COOKIE))
        ).value_or(None)
        if principal is not None and held is not None and isinstance(held.session, Session):
            value(portal.identity.logout(principal, held.session))
        response = to("/accesso")
        response.delete_cookie(COOKIE, path="/")
        return response

    # ---- JSON API ----------------------------------------------------------------------

    def json_of(data: object, status: int = 200) -> Response:
        return Response(write_json(data, codec), status_code=status, media_type="application/json")

    @app.get("/api/notices")
    def api_notices() -> Response:
        return json_of(portal.identity.notices())

    @app.post("/api/consent")
    async def api_consent(request: Request) -> Response:
        notices = value(read_json(await request.body(), NoticeVersions, codec))
        receipt = value(
            portal.identity.accept_notices(
                ANONYMOUS,
                privacy_notice_version=notices.privacy_notice_version,
                citizen_regulation_version=notices.citizen_regulation_version,
            )
        )
        token = tokens.issue(consent=receipt)
        return with_token(JSONResponse({"token": token}), token)

    @attrs.frozen(kw_only=True)
    class Credentials:
        username: str
        password: str = attrs.field(repr=False)

    @app.post("/api/login/regional")
    async def api_login(request: Request) -> Response:
        credentials = value(read_json(await request.body(), Credentials, codec))
        done = value(
            portal.identity.login_regional(
                ANONYMOUS,
                username=credentials.username,
                password=credentials.password,
                consent=consent(request),
                source=request.client.host if request.client else "unknown",
            )
        )
        token = tokens.issue(session=done.session)
        body = {"token": token, "onboarding_pending": done.onboarding_pending}
        return with_token(JSONResponse(body), token)

    @app.post("/api/onboarding")
    async def api_onboarding(request: Request) -> Response:
        principal = citizen(request)
        data = value(read_json(await request.body(), dict, codec))
        state = value(portal.onboarding.complete_from_data(principal, data))
        return json_of({"completed": state.next_step is None})

    @app.get("/api/cv")
    def api_cv(request: Request) -> Response:
        return json_of(value(portal.cv.mine(citizen(request))))

    @app.get("/api/offers")
    def api_offers(request: Request) -> Response:
        actor: Principal = signed_in(request) or ANONYMOUS
        wanted = value(parse_offers(request.url.query).alt(lambda error: error))
        found = value(portal.offers.search(actor, wanted.query, wanted.page))
        return json_of(
            {"items": list(found.items), "total": found.total, "next_after": found.next_after}
        )

    @app.post("/api/offers/{offer_id}/applications")
    async def api_apply(request: Request, offer_id: str) -> Response:
        principal = citizen(request)
        body = await request.body()
        wanted = value(read_json(body or b"{}", ApplicationRequest, codec))
        application = value(portal.applications.apply(principal, OfferId(offer_id), wanted))
        return json_of({"id": application.id, "status": application.status}, status=201)

    @app.get("/api/applications")
    def api_applications(request: Request) -> Response:
        summaries = value(portal.applications.mine(citizen(request)))
        return json_of(
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

    @app.get("/api/messages")
    def api_messages(request: Request) -> Response:
        found = value(portal.messages.inbox(citizen(request)))
        return json_of({"items": list(found.items), "total": found.total})

    return app


def demo_app() -> FastAPI:
    """The demo (for ``uvicorn --factory``): ``FORMLAVORO_DEMO_BASE_URL`` and
    ``FORMLAVORO_DEMO_IDP_METADATA`` (a metadata file) configure it."""
    base_url = os.environ.get("FORMLAVORO_DEMO_BASE_URL", "http://127.0.0.1:8000")
    metadata_file = os.environ.get("FORMLAVORO_DEMO_IDP_METADATA")
    metadata = [pathlib.Path(metadata_file).read_text(encoding="utf-8")] if metadata_file else []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="formlavoro-sp-")) if metadata else None
    site = demo_site(
        base_url=base_url,
        idp_metadata=metadata,
        folder=folder,
        secret_key=os.environ.get("FORMLAVORO_SECRET_KEY"),
    )
    return create_app(site)


def main(argv: list[str] | None = None) -> int:
    """Serve the demo with Uvicorn until interrupted.

    ``--port 0`` takes a free port; ``--port-file`` names a file where the port is
    written once the socket listens (for test harnesses).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--port-file", type=pathlib.Path, help="where to write the port")
    parser.add_argument("--idp-metadata", type=pathlib.Path, help="SAML metadata of an IdP")
    args = parser.parse_args(argv)
    listening = socket.create_server((args.host, args.port))
    port = listening.getsockname()[1]
    os.environ["FORMLAVORO_DEMO_BASE_URL"] = f"http://{args.host}:{port}"
    if args.idp_metadata is not None:
        os.environ["FORMLAVORO_DEMO_IDP_METADATA"] = str(args.idp_metadata)
    server = uvicorn.Server(uvicorn.Config(demo_app(), log_level="warning"))
    if args.port_file is not None:
        partial = args.port_file.with_name(args.port_file.name + ".partial")
        partial.write_text(f"{port}\n", encoding="ascii")
        partial.replace(args.port_file)
    print(f"serving on http://{args.host}:{port}/", flush=True)
    server.run(sockets=[listening])
    return 0


if __name__ == "__main__":
    sys.exit(main())
