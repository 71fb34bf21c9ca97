"""The JSON API of the Django reference app: problem details for every failure."""

from __future__ import annotations

from typing import TypeVar

import attrs
from django.http import HttpRequest, HttpResponse

from examples.web.django_glue import (
    citizen,
    consent,
    get,
    json_answer,
    post,
    signed_in,
    site,
    with_token,
)
from examples.web.glue import (
    value,
)
from formlavoro_adapters.web import (
    parse_offer_search,
    read_json,
)
from formlavoro_core import ANONYMOUS, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.codec import Codec
from formlavoro_core.identity.services import NoticeVersions
from formlavoro_core.ids import OfferId

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Credentials:
    """The body of a regional login."""

    username: str
    password: str = attrs.field(repr=False)


def _read(request: HttpRequest, cls: type[T]) -> T:
    codec = Codec.for_input(site().portal.reference)
    return value(read_json(request.body or b"{}", cls, codec).alt(lambda error: error))


@get
def api_notices(_request: HttpRequest) -> HttpResponse:
    return json_answer(site().portal.identity.notices())


@post
def api_consent(request: HttpRequest) -> HttpResponse:
    wanted = _read(request, NoticeVersions)
    receipt = value(
        site().portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=wanted.privacy_notice_version,
            citizen_regulation_version=wanted.citizen_regulation_version,
        )
    )
    token = site().tokens.issue(consent=receipt)
    return with_token(json_answer({"token": token}), token)


@post
def api_login(request: HttpRequest) -> HttpResponse:
    credentials = _read(request, Credentials)
    done = value(
        site().portal.identity.login_regional(
            ANONYMOUS,
            username=credentials.username,
            password=credentials.password,
            consent=consent(request),
            source=request.META.get("REMOTE_ADDR") or "unknown",
        )
    )
    token = site().tokens.issue(session=done.session)
    body = {"token": token, "onboarding_pending": done.onboarding_pending}
    return with_token(json_answer(body), token)


@post
def api_onboarding(request: HttpRequest) -> HttpResponse:
    principal = citizen(request)
    data = _read(request, dict)
    state = value(site().portal.onboarding.complete_from_data(principal, data))
    return json_answer({"completed": state.next_step is None})


@get
def api_cv(request: HttpRequest) -> HttpResponse:
    return json_answer(value(site().portal.cv.mine(citizen(request))))


@get
def api_offers(request: HttpRequest) -> HttpResponse:
    actor: Principal = signed_in(request) or ANONYMOUS
    search = parse_offer_search(request.META.get("QUERY_STRING", ""))
    wanted = value(search.alt(lambda error: error))
    found = value(site().portal.offers.search(actor, wanted.query, wanted.page))
    return json_answer(
        {"items": list(found.items), "total": found.total, "next_after": found.next_after}
    )


@post
def api_apply(request: HttpRequest, offer_id: str) -> HttpResponse:
    principal = citizen(request)
    wanted = _read(request, ApplicationRequest)
    application_ = value(site().portal.applications.apply(principal, OfferId(offer_id), wanted))
    return json_answer({"id": application_.id, "status": application_.status}, status=201)


@get
def api_applications(request: HttpRequest) -> HttpResponse:
    summaries = value(site().portal.applications.mine(citizen(request)))
    return json_answer(
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
    found = value(site().portal.messages.inbox(citizen(request)))
    return json_answer({"items": list(found.items), "total": found.total})
