r"""What the portal logs, through named loggers, with pseudonymous ids only (SEC-5).

``bootstrap`` wraps the use cases of the portal it builds so that their outcomes are
logged; the core itself only returns results. The loggers:

| logger | level | what |
|---|---|---|
| ``formlavoro.identity`` | INFO | a login: the account id and the method |
| ``formlavoro.identity`` | WARNING | a refused login: the failure's code |
| ``formlavoro.identity.throttle`` | WARNING | a login refused by the throttle |
| ``formlavoro.mail`` | INFO / WARNING / ERROR | an outbox pass: sent, to retry, dead letters |
| ``formlavoro.usecases`` | DEBUG | any other refusal: the use case and the code |
| ``formlavoro.adapters.sql.migrations`` | INFO | each schema migration applied |
| ``formlavoro.adapters.sql.slow`` | WARNING | a statement slower than the threshold |
| ``formlavoro.adapters.identity.crl`` | INFO / WARNING | revocation lists fetched, or not |
| ``formlavoro.adapters.mail`` | INFO / WARNING | each email sent, or refused |

A line names accounts by their id, never by fiscal code, name, email or certificate
subject, and carries no input. A value that comes from outside (a server's reply) goes
through :func:`one_line`, so it cannot start a line of its own.

>>> print(one_line("550 no" + chr(13) + chr(10) + "INFO forged"))
550 no\r\nINFO forged
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, Final

from returns.result import Failure, Success

from formlavoro_core.identity.sign_in import SignedIn
from formlavoro_core.messaging.delivery import DeliveryReport

__all__ = ["log_use_cases", "one_line"]

_CONTROL: Final = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {
    ord("\\"): "\\\\",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_THROTTLED: Final = "identity.login.throttled"

_identity = logging.getLogger("formlavoro.identity")
_throttle = logging.getLogger("formlavoro.identity.throttle")
_mail = logging.getLogger("formlavoro.mail")
_use_cases = logging.getLogger("formlavoro.usecases")


def one_line(value: object) -> str:
    """``str(value)`` with line breaks and other control characters escaped."""
    return str(value).translate(_CONTROL)


# The contexts of a portal whose use cases' outcomes are logged.
_CONTEXTS: Final = (
    "identity",
    "onboarding",
    "cv",
    "home",
    "organisations",
    "offers",
    "applications",
    "courses",
    "events",
    "messages",
    "talent",
    "jobs",
    "mail",
)


def log_use_cases(portal: object) -> None:
    """Log the outcome of each use case of ``portal`` (its services are changed in place)."""
    for context in _CONTEXTS:
        service = getattr(portal, context, None)
        if service is None:
            continue
        for name, method in list(vars(service).items()):
            if not name.startswith("_") and callable(method):
                setattr(service, name, _logged(f"{context}.{name}", method))


def _logged(use_case: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def logged(*args: Any, **kwargs: Any) -> Any:
        result = method(*args, **kwargs)
        _record(use_case, result)
        return result

    logged.__signature__ = inspect.signature(method)  # type: ignore[attr-defined]
    return logged


def _record(use_case: str, result: object) -> None:
    if isinstance(result, Success):
        value = result.unwrap()
        if isinstance(value, SignedIn):
            _identity.info(
                "login: account %s signed in with %s%s",
                value.principal.account_id,
                value.method.value,
                " (first login)" if value.first_login else "",
            )
        elif isinstance(value, DeliveryReport):
            _delivery(value)
    elif isinstance(result, Failure):
        code = getattr(result.failure(), "code", type(result.failure()).__name__)
        if code == _THROTTLED:
            _throttle.warning("%s refused: %s", use_case, code)
        elif use_case.startswith("identity.login"):
            _identity.warning("%s refused: %s", use_case, code)
        else:
            _use_cases.debug("%s refused: %s", use_case, code)


def _delivery(report: DeliveryReport) -> None:
    if report.dead:
        _mail.error(
            "outbox: %d sent, %d to retry, %d new dead letters",
            report.sent,
            report.failed,
            report.dead,
        )
    elif report.failed:
        _mail.warning("outbox: %d sent, %d to retry later", report.sent, report.failed)
    elif report.sent:
        _mail.info("outbox: %d sent", report.sent)
