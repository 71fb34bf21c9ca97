"""The JSON API of the FastAPI reference app: problem details for every failure."""

from __future__ import annotations

import attrs
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from examples.web.fastapi_glue import Web
from examples.web.glue import (
    value,
)
from formlavoro_adapters.web import parse_offer_search as parse_offers
from formlavoro_adapters.web import (
    read_json,
    write_json,
)
from formlavoro_core import ANONYMOUS, Principal
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.identity.services import NoticeVersions
from formlavoro_core.ids import OfferId

__all__ = ["add_api"]


def add_api(app: FastAPI, web: Web) -> None:
    """Mount the JSON API under ``/api`` on ``app``."""
    portal, tokens, codec = web.portal, web.tokens, web.codec
    signed_in, citizen, consent, with_token = (
        web.signed_in,
        web.citizen,
        web.consent,
        web.with_token,
    )

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
