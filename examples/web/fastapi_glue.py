"""What the FastAPI views share: the site, the signed cookie, redirects and refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from returns.result import Success

from examples.web.demo import Site
from examples.web.glue import (
    COOKIE,
    Problem,
    Refused,
    bearer_or_cookie,
    value,
)
from formlavoro_core import CitizenPrincipal, DomainError
from formlavoro_core.codec import Codec
from formlavoro_core.identity.model import ConsentReceipt

__all__ = ["Web"]

T = TypeVar("T")


class Web:
    """The portal of ``site`` as the FastAPI routes see it."""

    def __init__(self, site: Site, *, secure: bool = False) -> None:
        self.site = site
        self.portal = site.portal
        self.tokens = site.tokens
        self.clock = site.clock
        self.codec = Codec.for_input(site.portal.reference)
        self.secure = secure

    @staticmethod
    def token(request: Request) -> str | None:
        """The session token of ``request``: a Bearer header, else the cookie."""
        return bearer_or_cookie(request.headers.get("authorization"), request.cookies.get(COOKIE))

    def signed_in(self, request: Request) -> CitizenPrincipal | None:
        """The citizen signed in, or ``None``."""
        match self.tokens.principal(self.portal, self.token(request)):
            case Success(CitizenPrincipal() as principal):
                return principal
        return None

    def citizen(self, request: Request) -> CitizenPrincipal:
        """The citizen signed in, or :class:`Refused` (a page then sends to the login)."""
        return value(self.tokens.principal(self.portal, self.token(request)))

    def consent(self, request: Request) -> ConsentReceipt | None:
        """The consent receipt the token holds, if any."""
        held = self.tokens.read(self.token(request)).value_or(None)
        return held.consent if held is not None else None

    def with_token(self, response: Response, token: str) -> Response:
        """``response`` setting the signed cookie to ``token``."""
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="lax", secure=self.secure, path="/"
        )
        return response

    @staticmethod
    def to(path: str) -> RedirectResponse:
        """A redirect to ``path`` (303: the next request is a GET)."""
        return RedirectResponse(path, status_code=303)

    @staticmethod
    def refuse(error: DomainError, page: Callable[[Problem], str]) -> NoReturn:
        """Answer ``error`` with ``page`` showing its problem details."""
        raise Refused(error, page)
