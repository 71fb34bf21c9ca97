"""The SAML request store on SQLAlchemy Core: SQLite or PostgreSQL, shared by processes.

Rows of ``saml_requests`` hold a pending request (``kind = "request"``, the request as
JSON in ``doc``) or an accepted assertion ID (``kind = "assertion"``). Taking a request
is one ``DELETE … RETURNING``: of two processes receiving the same response, only one
gets the row. Recording an assertion ID is an ``INSERT`` on the primary key: the second
one fails, and that is the replay refused. A link of single logout (ID-7) is a row of
``kind = "session"`` under its :func:`~formlavoro_adapters.identity.saml.store.session_key`;
a LogoutRequest takes the links of its ``NameID`` with one ``DELETE … RETURNING``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import Engine, and_, delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from formlavoro_adapters.identity.saml.store import PendingRequest, SessionLink, session_key
from formlavoro_adapters.sql.tables import SAML_REQUESTS
from formlavoro_core.errors import StorageError
from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import AccountId

__all__ = ["SqlSamlRequestStore"]

_REQUEST = "request"
_ASSERTION = "assertion"
_SESSION = "session"


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


def _link_doc(link: SessionLink) -> str:
    session = link.session
    return json.dumps(
        {
            "idp_entity_id": link.idp_entity_id,
            "name_id": link.name_id,
            "session_index": link.session_index,
            "account_id": session.account_id,
            "generation": session.generation,
            "method": session.method.value,
            "started_at": session.started_at.isoformat(),
        },
        sort_keys=True,
    )


def _link(doc: str, expires_at: dt.datetime) -> SessionLink:
    data = json.loads(doc)
    return SessionLink(
        idp_entity_id=data["idp_entity_id"],
        name_id=data["name_id"],
        session_index=data["session_index"],
        session=Session(
            account_id=AccountId(data["account_id"]),
            generation=data["generation"],
            method=LoginMethod(data["method"]),
            started_at=dt.datetime.fromisoformat(data["started_at"]),
        ),
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

    def remember_session(self, link: SessionLink) -> None:
        """Keep ``link`` until it expires or is taken (replacing one of the same key)."""
        key = link.key
        try:
            with self._engine.begin() as connection:
                connection.execute(delete(SAML_REQUESTS).where(SAML_REQUESTS.c.id == key))
                connection.execute(
                    insert(SAML_REQUESTS).values(
                        id=key,
                        kind=_SESSION,
                        doc=_link_doc(link),
                        created_at=link.session.started_at,
                        expires_at=link.expires_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise StorageError(f"saml session link: {type(exc).__name__}") from exc

    def take_sessions(
        self, idp_entity_id: str, name_id: str, session_indexes: Sequence[str], now: dt.datetime
    ) -> list[SessionLink]:
        """Remove and return the links of ``name_id`` (see the port)."""
        prefix = session_key(idp_entity_id, name_id)
        table = SAML_REQUESTS
        try:
            with self._engine.begin() as connection:
                rows = connection.execute(
                    select(table.c.id, table.c.doc, table.c.expires_at).where(
                        and_(table.c.kind == _SESSION, table.c.id.startswith(prefix))
                    )
                ).all()
                chosen = [
                    row.id
                    for row in rows
                    if _link(row.doc, row.expires_at).named_by(session_indexes)
                ]
                if not chosen:
                    return []
                taken = connection.execute(
                    delete(table)
                    .where(and_(table.c.kind == _SESSION, table.c.id.in_(chosen)))
                    .returning(table.c.doc, table.c.expires_at)
                ).all()
        except SQLAlchemyError as exc:
            raise StorageError(f"saml session links: {type(exc).__name__}") from exc
        links = [_link(row.doc, row.expires_at) for row in taken]
        return [link for link in links if link.expires_at > now]

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
