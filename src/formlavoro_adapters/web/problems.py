"""A failure as an HTTP answer: its status and RFC 9457 problem details.

:func:`problem_details` gives the status, the headers and the JSON body of the answer
to a failure, the same in any framework:

* ``type``: a URI per failure code (``<type_base><code>``);
* ``title``: a short phrase for the status, in the request's language;
* ``detail``: the failure's text, in that language too when given ``portal.texts``;
* ``status``, ``code`` (what an app branches on) and ``data``, the failure's own
  fields (``retry_after``, ``problems``, ...) as ``DomainError.to_dict`` gives them,
  which hold no personal data (SEC-5);
* ``Retry-After`` (seconds) when the failure says when to try again, as throttles do.

>>> import datetime as dt
>>> from formlavoro_core.identity.failures import LoginThrottled
>>> now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
>>> answer = problem_details(LoginThrottled(retry_after=now + dt.timedelta(seconds=90)), now=now)
>>> answer.status, answer.headers
(429, (('Content-Type', 'application/problem+json'), ('Retry-After', '90')))
>>> answer.body["type"], answer.body["title"]
('urn:formlavoro:problem:identity.login.throttled', 'Troppi tentativi')
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any, Final

import attrs

from formlavoro_adapters.web.statuses import status_for
from formlavoro_adapters.web.texts import FailureTexts, failure_text, status_title
from formlavoro_core.errors import DomainError
from formlavoro_core.locale import Language

__all__ = ["PROBLEM_JSON", "TYPE_BASE", "ProblemDetails", "problem_details"]

PROBLEM_JSON: Final = "application/problem+json"
TYPE_BASE: Final = "urn:formlavoro:problem:"
"""Where problem types are named by default: a name, not a page. Give your own base
(``https://portal.example.it/problems/``) to point them at your documentation."""


@attrs.frozen(kw_only=True)
class ProblemDetails:
    """The HTTP answer to a failure: status, headers and the problem-details body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: dict[str, Any]

    def json(self) -> bytes:
        """The body as UTF-8 JSON."""
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _retry_after(error: DomainError, now: dt.datetime) -> str | None:
    when = getattr(error, "retry_after", None)
    if not isinstance(when, dt.datetime):
        return None
    return str(max(1, math.ceil((when - now).total_seconds())))


def problem_details(
    error: DomainError,
    *,
    now: dt.datetime,
    language: Language = Language.ITALIAN,
    texts: FailureTexts | None = None,
    type_base: str = TYPE_BASE,
    instance: str | None = None,
) -> ProblemDetails:
    """The answer to ``error`` for a request in ``language`` at ``now`` (the portal's clock).

    Give ``texts=portal.texts`` for a ``detail`` in ``language`` (TX-2); without them
    it is the failure's message. ``instance``, when given, names this occurrence (the
    request's path, an id of the request in your logs); never put the request's query
    or body in it.
    """
    status = status_for(error)
    data = error.to_dict()
    del data["code"], data["message"]
    body: dict[str, Any] = {
        "type": f"{type_base}{error.code}",
        "title": status_title(status, language, texts),
        "status": status,
        "detail": failure_text(error, language, texts),
        "code": error.code,
        "data": data,
    }
    if instance is not None:
        body["instance"] = instance
    headers = [("Content-Type", PROBLEM_JSON)]
    wait = _retry_after(error, now)
    if wait is not None:
        headers.append(("Retry-After", wait))
    return ProblemDetails(status=status, headers=tuple(headers), body=body)
