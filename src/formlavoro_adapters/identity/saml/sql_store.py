"""The SAML request store on SQLAlchemy Core: SQLite or PostgreSQL, shared by processes.

Rows of ``saml_requests`` hold a pending request (``kind = "request"``, the request as
JSON in ``doc``) or an accepted assertion ID (``kind = "assertion"``). Taking a request
is one ``DELETE … RETURNING``: of two processes receiving the same response, only one
gets the row. Recording an assertion ID is an ``INSERT`` on the primary key: the second
one fails, and that is the replay refused.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, and_, delete, insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from formlavoro_adapters.identity.saml.store import PendingRequest
from formlavoro_adapters.sql.tables import SAML_REQUESTS
from formlavoro_core.errors import StorageError
from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = ["SqlSamlRequestStore"]

_REQUEST = "request"
_ASSERTION = "assertion"


def _to_doc(request: PendingRequest) -> str:
    return json.dumps(
        {
            "idp_entity_id": request.idp_entity_id,
            "level": request.level.value,
            "acs_url": request.acs_url,
            "relay_state": request.relay_state,
            "issued_at": request.issued_at.isoformat(),
        },
        sort_keys=True,
    )


def _from_doc(request_id: str, doc: str, expires_at: dt.datetime) -> PendingRequest:
    data = json.loads(doc)
    return PendingRequest(
        id=request_id,
        idp_entity_id=data["idp_entity_id"],
        level=AssuranceLevel(data["level"]),
        acs_url=data["acs_url"],
        relay_state=data["relay_state"],
        issued_at=dt.datetime.fromisoformat(data["issued_at"]),
        expires_at=expires_at,
    )


class SqlSamlRequestStore:
    """:class:`~formlavoro_adapters.identity.saml.store.SamlRequestStore` in SQL.

    The engine's schema must be migrated (``formlavoro_adapters.sql.upgrade``).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def remember_request(self, request: PendingRequest) -> None:
        """Keep ``request`` until it is taken or expires."""
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    insert(SAML_REQUESTS).values(
                        id=request.id,
                        kind=_REQUEST,
                        doc=_to_doc(request),
                        created_at=request.issued_at,
                        expires_at=request.expires_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"saml request {request.id!r}: {exc}") from exc

    def take_request(self, request_id: str, now: dt.datetime) -> PendingRequest | None:
        """Remove and return the pending request, or ``None`` (see the port)."""
        statement = (
            delete(SAML_REQUESTS)
            .where(and_(SAML_REQUESTS.c.id == request_id, SAML_REQUESTS.c.kind == _REQUEST))
            .returning(SAML_REQUESTS.c.doc, SAML_REQUESTS.c.expires_at)
        )
        try:
            with self._engine.begin() as connection:
                row = connection.execute(statement).first()
        except SQLAlchemyError as exc:
            raise StorageError(f"saml request {request_id!r}: {exc}") from exc
        if row is None:
            return None
        request = _from_doc(request_id, row.doc, row.expires_at)
        return None if request.is_expired(now) else request

    def remember_assertion(
        self, assertion_id: str, expires_at: dt.datetime, now: dt.datetime
    ) -> bool:
        """Record an accepted assertion ID; ``False`` for a replay (see the port)."""
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    delete(SAML_REQUESTS).where(
                        and_(
                            SAML_REQUESTS.c.id == assertion_id,
                            SAML_REQUESTS.c.kind == _ASSERTION,
                            SAML_REQUESTS.c.expires_at <= now,
                        )
                    )
                )
                connection.execute(
                    insert(SAML_REQUESTS).values(
                        id=assertion_id,
                        kind=_ASSERTION,
                        doc="{}",
                        created_at=now,
                        expires_at=expires_at,
                    )
                )
        except IntegrityError:
            return False
        except SQLAlchemyError as exc:
            raise StorageError(f"saml assertion {assertion_id!r}: {exc}") from exc
        return True

    def purge(self, now: dt.datetime) -> int:
        """Forget what expired at ``now``."""
        try:
            with self._engine.begin() as connection:
                result = connection.execute(
                    delete(SAML_REQUESTS).where(SAML_REQUESTS.c.expires_at <= now)
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"saml requests purge: {exc}") from exc
        return int(result.rowcount)
