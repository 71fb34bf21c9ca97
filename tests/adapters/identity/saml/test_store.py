"""The SAML request store contract, run on memory, a SQLite file and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import pathlib
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from formlavoro_adapters.identity.saml import InMemorySamlRequestStore, PendingRequest
from formlavoro_adapters.identity.saml.sql_store import SqlSamlRequestStore
from formlavoro_adapters.identity.saml.store import SamlRequestStore, SessionLink
from formlavoro_adapters.sql import SqlStorage, sqlite_engine, upgrade
from formlavoro_adapters.sql.tables import SAML_REQUESTS
from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.sessions import Session
from formlavoro_core.ids import AccountId

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def request(
    request_id: str = "_r1", *, lifetime: dt.timedelta = dt.timedelta(minutes=15)
) -> PendingRequest:
    return PendingRequest(
        id=request_id,
        idp_entity_id="https://idp.example",
        level=AssuranceLevel.SUBSTANTIAL,
        acs_url="https://sp.example/acs",
        relay_state="/home",
        issued_at=NOW,
        expires_at=NOW + lifetime,
    )


IDP = "https://idp.example"
LINK_LIFETIME = dt.timedelta(hours=8)


def link(name_id: str, session_index: str | None) -> SessionLink:
    return SessionLink(
        idp_entity_id=IDP,
        name_id=name_id,
        session_index=session_index,
        session=Session(
            account_id=AccountId("account-1"),
            generation=3,
            method=LoginMethod.SPID,
            started_at=NOW,
        ),
        expires_at=NOW + LINK_LIFETIME,
    )


class StoreContract:
    """What every SamlRequestStore does; subclasses provide ``store``."""

    concurrent = True

    @pytest.fixture
    def store(self) -> SamlRequestStore:
        raise NotImplementedError

    def test_a_pending_request_is_taken_once(self, store: SamlRequestStore) -> None:
        store.remember_request(request())
        assert store.take_request("_r1", NOW) == request()
        assert store.take_request("_r1", NOW) is None

    def test_an_unknown_request_is_none(self, store: SamlRequestStore) -> None:
        assert store.take_request("_nobody", NOW) is None

    def test_an_expired_request_is_none_and_gone(self, store: SamlRequestStore) -> None:
        store.remember_request(request())
        assert store.take_request("_r1", NOW + dt.timedelta(minutes=15)) is None
        assert store.take_request("_r1", NOW) is None

    def test_an_assertion_id_is_accepted_once_until_it_expires(
        self, store: SamlRequestStore
    ) -> None:
        until = NOW + dt.timedelta(minutes=5)
        assert store.remember_assertion("_a1", until, NOW)
        assert not store.remember_assertion("_a1", until, NOW + dt.timedelta(minutes=4))
        assert store.remember_assertion("_a1", until + dt.timedelta(minutes=5), until)

    def test_purge_forgets_what_expired(self, store: SamlRequestStore) -> None:
        store.remember_request(request("_old", lifetime=dt.timedelta(minutes=1)))
        store.remember_request(request("_new"))
        store.remember_assertion("_a_old", NOW + dt.timedelta(minutes=1), NOW)
        assert store.purge(NOW + dt.timedelta(minutes=2)) == 2
        assert store.take_request("_new", NOW) is not None

    def test_id_7_session_links_are_taken_once_by_name_id_and_session_index(
        self, store: SamlRequestStore
    ) -> None:
        """ID-7: a LogoutRequest takes the links of its NameID (of its SessionIndex if any)."""
        first, second = link("_t1", "_s1"), link("_t1", "_s2")
        other = link("_t2", "_s1")
        for each in (first, second, other):
            store.remember_session(each)
        assert store.take_sessions(IDP, "_t1", ("_s2",), NOW) == [second]
        assert store.take_sessions(IDP, "_t1", ("_s2",), NOW) == []
        assert store.take_sessions("https://other.example", "_t1", (), NOW) == []
        assert store.take_sessions(IDP, "_t1", (), NOW) == [first]
        assert store.take_sessions(IDP, "_t2", ("_s1", "_s9"), NOW) == [other]

    def test_id_7_a_link_without_session_index_ends_with_any_index_of_its_name_id(
        self, store: SamlRequestStore
    ) -> None:
        store.remember_session(link("_t3", None))
        assert store.take_sessions(IDP, "_t3", ("_s7",), NOW) == [link("_t3", None)]

    def test_id_7_an_expired_link_ends_nothing_and_is_purged(self, store: SamlRequestStore) -> None:
        store.remember_session(link("_t4", "_s1"))
        store.remember_session(link("_t5", "_s1"))
        assert store.take_sessions(IDP, "_t4", (), NOW + LINK_LIFETIME) == []
        assert store.purge(NOW + LINK_LIFETIME) == 1
        assert store.take_sessions(IDP, "_t5", (), NOW) == []

    def test_of_many_threads_taking_one_request_exactly_one_gets_it(
        self, store: SamlRequestStore
    ) -> None:
        store.remember_request(request("_race"))
        results: list[PendingRequest | None] = []
        barrier = threading.Barrier(8)

        def take() -> None:
            barrier.wait()
            results.append(store.take_request("_race", NOW))

        threads = [threading.Thread(target=take) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(result is not None for result in results) == 1

    def test_of_many_threads_accepting_one_assertion_exactly_one_succeeds(
        self, store: SamlRequestStore
    ) -> None:
        results: list[bool] = []
        barrier = threading.Barrier(8)

        def accept() -> None:
            barrier.wait()
            results.append(store.remember_assertion("_same", NOW + dt.timedelta(minutes=5), NOW))

        threads = [threading.Thread(target=accept) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results.count(True) == 1


class TestInMemoryStore(StoreContract):
    @pytest.fixture
    def store(self) -> SamlRequestStore:
        return InMemorySamlRequestStore()


class TestSqliteStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path: pathlib.Path) -> Iterator[SamlRequestStore]:
        engine = sqlite_engine(tmp_path / "saml.db")
        upgrade(engine)
        yield SqlSamlRequestStore(engine)
        engine.dispose()

    def test_a_second_process_sees_the_request_taken(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "shared.db"
        first_engine = sqlite_engine(path)
        upgrade(first_engine)
        second_engine = sqlite_engine(path)
        first, second = SqlSamlRequestStore(first_engine), SqlSamlRequestStore(second_engine)
        first.remember_request(request())
        assert second.take_request("_r1", NOW) == request()
        assert first.take_request("_r1", NOW) is None
        first_engine.dispose()
        second_engine.dispose()


class TestPostgresStore(StoreContract):
    @pytest.fixture
    def store(self, postgres_storage: SqlStorage) -> SamlRequestStore:
        with postgres_storage.engine.begin() as connection:
            connection.execute(delete(SAML_REQUESTS))
        return SqlSamlRequestStore(postgres_storage.engine)
