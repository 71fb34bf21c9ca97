"""What the Django views share: the site, the signed cookie, answers and refusals."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from returns.result import Success

from examples.web import pages
from examples.web.demo import Site
from examples.web.glue import (
    COOKIE,
    LOGIN_AGAIN,
    Refused,
    bearer_or_cookie,
    value,
)
from formlavoro_adapters.web import (
    negotiate,
    problem_details,
    write_json,
)
from formlavoro_core import CitizenPrincipal
from formlavoro_core.codec import Codec
from formlavoro_core.identity.model import ConsentReceipt

__all__ = [
    "answering",
    "citizen",
    "consent",
    "get",
    "html",
    "json_answer",
    "post",
    "signed_in",
    "site",
    "to",
    "token",
    "use_site",
    "with_token",
]


T = TypeVar("T")
View = Callable[..., HttpResponse]
_state: dict[str, Site] = {}


def use_site(site_: Site) -> None:
    """Serve ``site_`` from now on."""
    _state["site"] = site_


def site() -> Site:
    """The site being served."""
    return _state["site"]


def token(request: HttpRequest) -> str | None:
    """The session token of the request."""
    return bearer_or_cookie(request.headers.get("authorization"), request.COOKIES.get(COOKIE))


def signed_in(request: HttpRequest) -> CitizenPrincipal | None:
    """The citizen signed in, or ``None``."""
    served = site()
    match served.tokens.principal(served.portal, token(request)):
        case Success(CitizenPrincipal() as principal):
            return principal
    return None


def citizen(request: HttpRequest) -> CitizenPrincipal:
    """The citizen signed in, or :class:`Refused`."""
    served = site()
    return value(served.tokens.principal(served.portal, token(request)))


def consent(request: HttpRequest) -> ConsentReceipt | None:
    """The consent receipt the token holds, if any."""
    held = site().tokens.read(token(request)).value_or(None)
    return held.consent if held is not None else None


def to(target: str) -> HttpResponse:
    """A redirect to ``target`` (303: the next request is a GET)."""
    return HttpResponseRedirect(target, status=303)


def html(content: str, status: int = 200) -> HttpResponse:
    """An HTML answer."""
    return HttpResponse(content, status=status, content_type="text/html; charset=utf-8")


def json_answer(data: object, status: int = 200) -> HttpResponse:
    """A JSON answer, written by the codec."""
    codec = Codec.for_input(site().portal.reference)
    return HttpResponse(write_json(data, codec), status=status, content_type="application/json")


def with_token(response: HttpResponse, token: str) -> HttpResponse:
    """``response`` setting the signed cookie to ``token``."""
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
                refused.error, now=site().clock.now(), language=language, instance=request.path
            )
            if request.path.startswith("/api/"):
                answer = HttpResponse(problem.json(), status=problem.status)
                for name, header in problem.headers:
                    answer[name] = header
                return answer
            if refused.error.code in LOGIN_AGAIN:
                return to("/accesso")
            known = signed_in(request) is not None
            page = refused.page or (lambda body: pages.error_page(body, signed_in=known))
            answer = html(page(problem.body), problem.status)
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
