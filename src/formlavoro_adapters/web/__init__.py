"""The web edge, for any framework: failures as HTTP answers, sessions, query strings.

* :func:`problem_details` and :func:`status_for`: a failure as its HTTP status and an
  RFC 9457 problem-details body (``Retry-After`` for throttles);
* :class:`SessionTokens`: signed, expiring tokens for the consent receipt and the
  signed-in session, checked against logouts;
* :func:`parse_offer_search`, :func:`parse_course_search`: query strings into queries
  and pages, as a ``Result``;
* :func:`read_json`, :func:`write_json`: JSON bodies through the codec;
* :func:`negotiate`: the portal language an ``Accept-Language`` header prefers.

Framework code is the app's: see the reference apps in ``examples/web/``.
"""

from formlavoro_adapters.web.bodies import read_json, write_json
from formlavoro_adapters.web.failures import SessionExpired, SessionInvalid, SessionMissing
from formlavoro_adapters.web.problems import PROBLEM_JSON, ProblemDetails, problem_details
from formlavoro_adapters.web.queries import (
    Search,
    parse_course_search,
    parse_offer_search,
    parse_search,
    search_query_string,
)
from formlavoro_adapters.web.sessions import SessionTokens, WebSession
from formlavoro_adapters.web.statuses import status_for
from formlavoro_adapters.web.texts import failure_text, negotiate, status_title

__all__ = [
    "PROBLEM_JSON",
    "ProblemDetails",
    "Search",
    "SessionExpired",
    "SessionInvalid",
    "SessionMissing",
    "SessionTokens",
    "WebSession",
    "failure_text",
    "negotiate",
    "parse_course_search",
    "parse_offer_search",
    "parse_search",
    "problem_details",
    "read_json",
    "search_query_string",
    "status_for",
    "status_title",
    "write_json",
]
