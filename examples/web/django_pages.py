"""The Italian pages of the Django reference app: one view per step of the journey."""

from __future__ import annotations

from typing import Any

import attrs
from django.http import HttpRequest, HttpResponse
from returns.result import Failure, Result, Success

from examples.web import pages
from examples.web.django_glue import (
    citizen,
    consent,
    get,
    html,
    post,
    signed_in,
    site,
    to,
    token,
    with_token,
)
from examples.web.glue import (
    COOKIE,
    MAX_UPLOAD,
    Problem,
    Refused,
    answer_data,
    value,
)
from formlavoro_adapters.web import (
    parse_offer_search,
    problem_details,
    search_query_string,
)
from formlavoro_core import ANONYMOUS, CitizenPrincipal, DomainError, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import Address, LanguageSkill, Study
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.identity.sessions import Session
from formlavoro_core.identity.sign_in import SignedIn
from formlavoro_core.ids import MessageId, OfferId
from formlavoro_core.offers.services import OfferCard
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber


@get
def home(request: HttpRequest) -> HttpResponse:
    principal = signed_in(request)
    if principal is None:
        return to("/accesso")
    summary = value(site().portal.home.summary(principal))
    return to("/benvenuto") if summary.onboarding_pending else html(pages.home_page(summary))


def notices(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return accept(request)
    return html(pages.consent_page(site().portal.identity.notices()))


@post
def accept(request: HttpRequest) -> HttpResponse:
    portal, form = site().portal, request.POST
    if sorted(form.getlist("accetto")) != ["informativa", "regolamento"]:
        error = InvalidInput.at("accetto", "accetta entrambi i testi per proseguire")
        problem = problem_details(error, now=site().clock.now())
        return html(pages.consent_page(portal.identity.notices(), problem.body), 422)
    receipt = value(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=form.get("privacy_notice_version", ""),
            citizen_regulation_version=form.get("citizen_regulation_version", ""),
        )
    )
    return with_token(to("/accesso/metodi"), site().tokens.issue(consent=receipt))


def _providers() -> list[tuple[str, str, str]]:
    return [
        (scheme, entity_id, name)
        for scheme, provider in site().providers.items()
        for entity_id, name in provider.identity_providers()
    ]


@get
def methods(request: HttpRequest) -> HttpResponse:
    if consent(request) is None:
        return to("/accesso")
    return html(pages.login_page(_providers()))


def _after_login(done: SignedIn, receipt: ConsentReceipt | None) -> HttpResponse:
    target = "/benvenuto" if done.onboarding_pending else "/"
    token = site().tokens.issue(session=done.session, consent=receipt)
    return with_token(to(target), token)


@post
def regional(request: HttpRequest) -> HttpResponse:
    receipt = consent(request)
    if receipt is None:
        return to("/accesso")
    result = site().portal.identity.login_regional(
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
    provider = site().providers.get(scheme)
    if provider is None:
        return HttpResponse("not found", status=404)
    return HttpResponse(provider.metadata_xml(), content_type="application/samlmetadata+xml")


@get
def saml_login(request: HttpRequest, scheme: str) -> HttpResponse:
    provider, receipt = site().providers.get(scheme), consent(request)
    if provider is None:
        return HttpResponse("not found", status=404)
    if receipt is None:
        return to("/accesso")
    relay_state = site().keep_for_relay(receipt)
    login = value(provider.login(request.GET.get("idp", ""), relay_state=relay_state))
    return html(login.form_html())


@post
def saml_acs(request: HttpRequest, scheme: str) -> HttpResponse:
    provider = site().providers.get(scheme)
    if provider is None:
        return HttpResponse("not found", status=404)
    form = {key: str(item) for key, item in request.POST.items()}
    receipt = site().take_relayed(form.get("RelayState", ""))
    assertion = value(provider.validate_form(form))
    return _after_login(
        value(site().portal.identity.login(ANONYMOUS, assertion, consent=receipt)), receipt
    )


@get
def welcome(request: HttpRequest) -> HttpResponse:
    welcome_ = value(site().portal.onboarding.welcome(citizen(request)))
    return to("/") if welcome_.completed else html(pages.welcome_page(welcome_))


@post
def answer(request: HttpRequest, step: str) -> HttpResponse:
    principal, portal = citizen(request), site().portal
    try:
        question = OnboardingStep(step)
    except ValueError:
        return HttpResponse("not found", status=404)
    data = answer_data(question, request.POST)
    match portal.onboarding.answer_from_data(principal, question, data):
        case Success(state):
            return to("/" if state.next_step is None else "/benvenuto")
        case Failure(error):
            welcome_ = value(portal.onboarding.welcome(principal))
            raise Refused(error, lambda problem: pages.welcome_page(welcome_, problem))
    raise AssertionError(step)  # pragma: no cover


def _cv_view(
    principal: CitizenPrincipal, done: str | None = None, problem: Problem | None = None
) -> str:
    portal = site().portal
    cv = value(portal.cv.mine(principal))
    completion = value(portal.cv.completion(principal, cv.id))
    return pages.cv_page(cv, completion, done=done, error=problem)


@get
def cv(request: HttpRequest) -> HttpResponse:
    done = {"1": "Modifica salvata.", "pubblicato": "Il CV è pubblicato."}.get(
        request.GET.get("fatto", "")
    )
    return html(_cv_view(citizen(request), done))


def _cv_change(
    principal: CitizenPrincipal, result: Result[Any, DomainError], done: str = "1"
) -> HttpResponse:
    match result:
        case Failure(error):
            raise Refused(error, lambda problem: _cv_view(principal, problem=problem))
    return to(f"/cv?fatto={done}")


@post
def personal(request: HttpRequest) -> HttpResponse:
    principal, portal = citizen(request), site().portal
    current = value(portal.cv.mine(principal))
    phone = request.POST.get("phone", "").strip()
    residence = request.POST.get("residence", "").strip().upper()
    home_ = Address(municipality=MunicipalityCode(residence)) if residence else None
    changed = attrs.evolve(current.personal, phone=PhoneNumber(phone) or None, residence=home_)
    return _cv_change(principal, portal.cv.set_personal_data(principal, current.id, changed))


@post
def study(request: HttpRequest) -> HttpResponse:
    principal, portal = citizen(request), site().portal
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
    principal, portal = citizen(request), site().portal
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
    principal, portal = citizen(request), site().portal
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
    principal, portal = citizen(request), site().portal
    current = value(portal.cv.mine(principal))
    return _cv_change(principal, portal.cv.publish(principal, current.id), "pubblicato")


@get
def offers(request: HttpRequest) -> HttpResponse:
    portal = site().portal
    actor: Principal = signed_in(request) or ANONYMOUS
    values = {key: str(item) for key, item in request.GET.items()}
    known = actor != ANONYMOUS
    match parse_offer_search(request.META.get("QUERY_STRING", "")):
        case Failure(error):
            problem = problem_details(error, now=site().clock.now())
            body = pages.offers_page(values, None, None, error=problem.body, signed_in=known)
            return html(body, problem.status)
        case Success(wanted):
            found = value(portal.offers.search(actor, wanted.query, wanted.page))
            following = None
            if found.next_after is not None:
                page = PageRequest(size=wanted.page.size, after=found.next_after)
                following = f"/offerte?{search_query_string(wanted.query, page)}"
            return html(pages.offers_page(values, found, following, signed_in=known))
    raise AssertionError(values)  # pragma: no cover


def _place(card: OfferCard) -> str | None:
    found = site().portal.reference.municipality(card.offer.workplace)
    return found.name if found is not None else None


@get
def offer(request: HttpRequest, offer_id: str) -> HttpResponse:
    actor = signed_in(request)
    card = value(site().portal.offers.card(actor or ANONYMOUS, OfferId(offer_id)))
    return html(pages.offer_page(card, signed_in=actor is not None, place=_place(card)))


@post
def apply(request: HttpRequest, offer_id: str) -> HttpResponse:
    principal, portal = citizen(request), site().portal
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
    return to("/candidature")


@get
def applications(request: HttpRequest) -> HttpResponse:
    return html(pages.applications_page(value(site().portal.applications.mine(citizen(request)))))


@get
def inbox(request: HttpRequest) -> HttpResponse:
    return html(pages.inbox_page(value(site().portal.messages.inbox(citizen(request)))))


@get
def message(request: HttpRequest, message_id: str) -> HttpResponse:
    opened = site().portal.messages.open(citizen(request), MessageId(message_id))
    return html(pages.message_page(value(opened)))


@post
def logout(request: HttpRequest) -> HttpResponse:
    principal = signed_in(request)
    held = site().tokens.read(token(request)).value_or(None)
    if principal is not None and held is not None and isinstance(held.session, Session):
        value(site().portal.identity.logout(principal, held.session))
    response = to("/accesso")
    response.delete_cookie(COOKIE, path="/")
    return response
