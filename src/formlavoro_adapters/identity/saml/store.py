"""What makes each SAML response usable once: pending requests and accepted assertions.

A login sends an AuthnRequest and remembers it as a :class:`PendingRequest`; the
response names it in ``InResponseTo`` and takes it (consume-once). The ID of every
accepted assertion is remembered until the assertion expires, so that it cannot be
replayed. The store is a port: an app with several processes uses the SQL store.

For single logout started by the identity provider (ID-7), the store also links the
provider's session of a login (its ``NameID`` and ``SessionIndex``) to the portal's
:class:`~formlavoro_core.identity.sessions.Session` as a :class:`SessionLink`, until the
link expires or a LogoutRequest takes it. A link holds ids only: the ``NameID`` of SPID
and CIE is transient, made for one login.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Sequence
from typing import Protocol

import attrs

from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.identity.sessions import Session

__all__ = [
    "InMemorySamlRequestStore",
    "PendingRequest",
    "SamlRequestStore",
    "SessionLink",
    "session_key",
]


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


def session_key(idp_entity_id: str, name_id: str, session_index: str | None = None) -> str:
    """The key of a link: a hash of the provider and the ``NameID``, then of the index.

    Every link of one ``NameID`` starts with ``session_key(idp, name_id)``.

    >>> key = session_key("https://idp.example", "_t1", "_s1")
    >>> key.startswith(session_key("https://idp.example", "_t1")), len(key)
    (True, 89)
    """

    def digest(text: str, size: int) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]

    prefix = f"session:{digest(idp_entity_id + chr(0) + name_id, 64)}:"
    return prefix if session_index is None else prefix + digest(session_index, 16)


@attrs.frozen(kw_only=True)
class SessionLink:
    """The portal's session of a SAML login, found by the provider's ``NameID`` (ID-7)."""

    idp_entity_id: str
    name_id: str
    session_index: str | None
    session: Session
    expires_at: dt.datetime

    def named_by(self, session_indexes: Sequence[str]) -> bool:
        """Whether a LogoutRequest naming ``session_indexes`` ends this session.

        A request without ``SessionIndex`` ends every session of its ``NameID``; one with
        indexes, the sessions of those (and a session whose login named no index).
        """
        return not session_indexes or self.session_index in (None, *session_indexes)

    @property
    def key(self) -> str:
        """Its key in the store (see :func:`session_key`)."""
        return session_key(self.idp_entity_id, self.name_id, self.session_index or "")


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

    def remember_session(self, link: SessionLink) -> None:
        """Keep ``link`` until it expires or is taken (a link of the same key is replaced)."""
        ...

    def take_sessions(
        self, idp_entity_id: str, name_id: str, session_indexes: Sequence[str], now: dt.datetime
    ) -> list[SessionLink]:
        """Remove and return the unexpired links of ``name_id`` at ``idp_entity_id``.

        Only those :meth:`SessionLink.named_by` ``session_indexes``.
        """
        ...

    def purge(self, now: dt.datetime) -> int:
        """Forget the requests, assertion IDs and links expired at ``now``; return how many."""
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
        self._sessions: dict[str, SessionLink] = {}
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

    def remember_session(self, link: SessionLink) -> None:
        """Keep ``link`` (see the port)."""
        with self._lock:
            self._sessions[link.key] = link

    def take_sessions(
        self, idp_entity_id: str, name_id: str, session_indexes: Sequence[str], now: dt.datetime
    ) -> list[SessionLink]:
        """Remove and return the links of ``name_id`` (see the port)."""
        prefix = session_key(idp_entity_id, name_id)
        with self._lock:
            chosen = [
                key
                for key, link in self._sessions.items()
                if key.startswith(prefix) and link.named_by(session_indexes)
            ]
            taken = [self._sessions.pop(key) for key in chosen]
        return [link for link in taken if link.expires_at > now]

    def purge(self, now: dt.datetime) -> int:
        """Forget what expired at ``now``."""
        with self._lock:
            old_requests = [key for key, value in self._requests.items() if value.is_expired(now)]
            old_assertions = [key for key, value in self._assertions.items() if value <= now]
            old_sessions = [key for key, link in self._sessions.items() if link.expires_at <= now]
            for key in old_requests:
                del self._requests[key]
            for key in old_assertions:
                del self._assertions[key]
            for key in old_sessions:
                del self._sessions[key]
        return len(old_requests) + len(old_assertions) + len(old_sessions)
