"""What makes each SAML response usable once: pending requests and accepted assertions.

A login sends an AuthnRequest and remembers it as a :class:`PendingRequest`; the
response names it in ``InResponseTo`` and takes it (consume-once). The ID of every
accepted assertion is remembered until the assertion expires, so that it cannot be
replayed. The store is a port: an app with several processes uses the SQL store.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

import attrs

from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = ["InMemorySamlRequestStore", "PendingRequest", "SamlRequestStore"]


@attrs.frozen(kw_only=True)
class PendingRequest:
    """An AuthnRequest sent and not answered yet.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    >>> request = PendingRequest(id="_a1", idp_entity_id="https://idp.example",
    ...     level=AssuranceLevel.SUBSTANTIAL, acs_url="https://sp.example/acs",
    ...     relay_state="/", issued_at=at, expires_at=at + dt.timedelta(minutes=15))
    >>> request.is_expired(at + dt.timedelta(minutes=15))
    True
    """

    id: str
    idp_entity_id: str
    level: AssuranceLevel
    acs_url: str
    relay_state: str
    issued_at: dt.datetime
    expires_at: dt.datetime

    def is_expired(self, now: dt.datetime) -> bool:
        """Whether the response to this request comes too late."""
        return now >= self.expires_at


class SamlRequestStore(Protocol):
    """Pending AuthnRequests and accepted assertion IDs, shared by every process of an app."""

    def remember_request(self, request: PendingRequest) -> None:
        """Keep ``request`` until it is taken or expires."""
        ...

    def take_request(self, request_id: str, now: dt.datetime) -> PendingRequest | None:
        """Remove and return the pending request ``request_id``, atomically.

        Only one caller ever gets a given request: a second call, an unknown ID or a
        request expired at ``now`` give ``None``.
        """
        ...

    def remember_assertion(
        self, assertion_id: str, expires_at: dt.datetime, now: dt.datetime
    ) -> bool:
        """Record an accepted assertion ID until ``expires_at``.

        Returns ``False`` (and records nothing) when the ID is already recorded and not
        expired at ``now``: the assertion is a replay.
        """
        ...

    def purge(self, now: dt.datetime) -> int:
        """Forget the requests and assertion IDs expired at ``now``; return how many."""
        ...


class InMemorySamlRequestStore:
    """A thread-safe store in process memory: one process only (tests, demos).

    >>> import datetime as dt
    >>> store = InMemorySamlRequestStore()
    >>> now = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    >>> store.remember_assertion("_x", now + dt.timedelta(minutes=5), now)
    True
    >>> store.remember_assertion("_x", now + dt.timedelta(minutes=5), now)
    False
    """

    def __init__(self) -> None:
        self._requests: dict[str, PendingRequest] = {}
        self._assertions: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def remember_request(self, request: PendingRequest) -> None:
        """Keep ``request`` until it is taken or expires."""
        with self._lock:
            self._requests[request.id] = request

    def take_request(self, request_id: str, now: dt.datetime) -> PendingRequest | None:
        """Remove and return the pending request, or ``None`` (see the port)."""
        with self._lock:
            request = self._requests.pop(request_id, None)
        if request is None or request.is_expired(now):
            return None
        return request

    def remember_assertion(
        self, assertion_id: str, expires_at: dt.datetime, now: dt.datetime
    ) -> bool:
        """Record an accepted assertion ID; ``False`` for a replay (see the port)."""
        with self._lock:
            known = self._assertions.get(assertion_id)
            if known is not None and known > now:
                return False
            self._assertions[assertion_id] = expires_at
            return True

    def purge(self, now: dt.datetime) -> int:
        """Forget what expired at ``now``."""
        with self._lock:
            old_requests = [key for key, value in self._requests.items() if value.is_expired(now)]
            old_assertions = [key for key, value in self._assertions.items() if value <= now]
            for key in old_requests:
                del self._requests[key]
            for key in old_assertions:
                del self._assertions[key]
        return len(old_requests) + len(old_assertions)
