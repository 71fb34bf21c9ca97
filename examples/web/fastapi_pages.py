"""The Italian pages of the FastAPI reference app: one route per step of the journey."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import attrs
from fastapi import FastAPI, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from returns.result import Failure, Result, Success

from examples.web import pages
from examples.web.fastapi_glue import Web
from examples.web.glue import (
    COOKIE,
    MAX_UPLOAD,
    Problem,
    answer_data,
    bearer_or_cookie,
    value,
)
from formlavoro_adapters.web import parse_offer_search as parse_offers
from formlavoro_adapters.web import (
    problem_details,
    search_query_string,
)
from formlavoro_adapters.web.texts import negotiate
from formlavoro_core import ANONYMOUS, CitizenPrincipal, DomainError, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import MessageId, OfferId
from formlavoro_core.offers.services import OfferCard
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber

__all__ = ["add_pages"]

T = TypeVar("T")


def add_pages(app: FastAPI, web: Web) -> None:  # noqa: PLR0915 - one route per step
    """Mount the pages on ``app``."""
    site, portal, tokens, clock, codec = web.site, web.portal, web.tokens, web.clock, web.codec
    signed_in, citizen, consent, with_token = (
        web.signed_in,
        web.citizen,
        web.consent,
        web.with_token,
    )
    to, refuse = web.to, web.refuse

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
        home = (
            Address(municipality=MunicipalityCode(residence.strip().upper()))
            if residence.strip()
            else None
        )
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
