"""What both reference apps share besides the pages: refusals, tokens, form data.

Nothing here imports a web framework.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from returns.result import Failure, Result, Success

from formlavoro_core import DomainError
from formlavoro_core.identity.onboarding import OnboardingStep

__all__ = [
    "COOKIE",
    "LOGIN_AGAIN",
    "MAX_UPLOAD",
    "Problem",
    "Refused",
    "answer_data",
    "bearer_or_cookie",
    "flag",
    "value",
]

T = TypeVar("T")
Problem = dict[str, Any]
"""The body of problem details, as the pages show it."""
COOKIE: Final = "sessione"
"""The signed cookie: the consent receipt, then the session (SameSite=Lax, HttpOnly)."""
MAX_UPLOAD: Final = 2 * 1024 * 1024 + 1
"""Read one byte more than an attachment may have: the library refuses it by size."""
LOGIN_AGAIN: Final = frozenset(
    {"web.session.missing", "web.session.expired", "web.session.invalid", "identity.session.ended"}
)
"""Failures after which a page sends the visitor to the login."""


class Refused(Exception):
    """A use case's failure on its way to the exception handler."""

    def __init__(self, error: DomainError, page: Callable[[Problem], str] | None = None) -> None:
        super().__init__(error.code)
        self.error = error
        self.page = page


def value(result: Result[T, DomainError]) -> T:
    """The value of a use case, or :class:`Refused` with its failure."""
    match result:
        case Success(found):
            return found  # type: ignore[no-any-return]
        case Failure(error):
            raise Refused(error)
    raise AssertionError(result)  # pragma: no cover


def bearer_or_cookie(authorization: str | None, cookie: str | None) -> str | None:
    """The session token of a request: an ``Authorization: Bearer`` header, else the cookie."""
    header = authorization or ""
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return cookie


def flag(raw: object) -> object:
    """A yes/no radio button as the codec expects it; anything else as it came."""
    return {"true": True, "false": False}.get(str(raw), raw)


def answer_data(step: OnboardingStep, form: Any) -> dict[str, object]:
    """The plain data of one onboarding answer, from its form."""
    if step is OnboardingStep.SECTORS:
        return {"sectors": form.getlist("sectors")}
    if step is OnboardingStep.PROFESSIONS:
        return {"professions": form.getlist("professions")}
    if step is OnboardingStep.EDUCATION:
        return {
            "in_education": flag(form.get("in_education")),
            "highest_level": form.get("highest_level"),
        }
    worked = flag(form.get("has_worked"))
    data: dict[str, object] = {"has_worked": worked}
    if worked is True:
        experience = {
            key: form.get(key) for key in ("job_title", "employer", "start") if form.get(key)
        }
        data["experience"] = experience
    return data
