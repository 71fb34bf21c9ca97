"""``Argon2PasswordHasher`` (SEC-2): Argon2id, rehash on new parameters, scrypt upgrades."""

from __future__ import annotations

import datetime as dt

import argon2
import attrs
import pytest

from formlavoro_adapters import ScryptPasswordHasher, bootstrap
from formlavoro_adapters.bootstrap import Settings
from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.passwords import Argon2PasswordHasher
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.model import RegionalCredentialsPolicy
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, ROME, SECRET_KEY, World, ok, world


def cheap(
    *, time_cost: int = 1, legacy: ScryptPasswordHasher | None = None
) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=time_cost, memory_cost=64, parallelism=1, legacy=legacy)


def test_sec_2_hashes_are_argon2id_and_verify_their_own_password_only() -> None:
    hasher = cheap()
    stored = hasher.hash("tramonto sul porto")
    assert stored.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert "tramonto" not in stored
    assert hasher.verify(stored, "tramonto sul porto")
    assert not hasher.verify(stored, "tramonto sul porto ")
    assert not hasher.verify(stored, "")
    assert hasher.hash("same") != hasher.hash("same")  # a fresh salt each time


def test_sec_2_the_defaults_are_the_librarys() -> None:
    stored = Argon2PasswordHasher().hash("x")
    params = argon2.extract_parameters(stored)
    defaults = argon2.PasswordHasher()
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        defaults.time_cost,
        defaults.memory_cost,
        defaults.parallelism,
    )
    assert params.type is argon2.Type.ID


def test_sec_2_other_parameters_or_variants_verify_and_need_a_rehash() -> None:
    old = cheap(time_cost=2).hash("secret")
    current = cheap()
    assert current.verify(old, "secret")
    assert current.needs_rehash(old)
    assert not current.needs_rehash(current.hash("secret"))
    argon2i = argon2.PasswordHasher(
        time_cost=1, memory_cost=64, parallelism=1, type=argon2.Type.I
    ).hash("secret")
    assert current.verify(argon2i, "secret")
    assert current.needs_rehash(argon2i)


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "$argon2id$",
        "plaintext",
        "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$notbase64!!",
        # A tampered hash asking for 4 TiB and a million passes matches nothing, at once.
        "$argon2id$v=19$m=4294967295,t=1000000,p=1$c2FsdHNhbHRzYWx0$"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$4$8$1$c2FsdA$AAAA",  # scrypt, without a legacy hasher
    ],
)
def test_sec_2_malformed_or_unbounded_hashes_match_nothing_and_never_raise(malformed: str) -> None:
    hasher = cheap()
    assert not hasher.verify(malformed, "secret")
    assert hasher.needs_rehash(malformed)


@pytest.mark.parametrize(
    ("time_cost", "memory_cost", "parallelism"),
    [(0, 64, 1), (65, 64, 1), (1, 64, 0), (1, 4, 1), (1, 2 * 1024 * 1024, 1)],
)
def test_sec_2_out_of_range_parameters_are_refused_when_the_hasher_is_made(
    time_cost: int, memory_cost: int, parallelism: int
) -> None:
    with pytest.raises(ValueError, match="Argon2 parameters out of range"):
        Argon2PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def test_sec_2_scrypt_hashes_of_an_earlier_deployment_verify_and_are_upgraded() -> None:
    scrypt = ScryptPasswordHasher(log2_n=4)
    hasher = cheap(legacy=scrypt)
    old = scrypt.hash("secret")
    assert hasher.verify(old, "secret")
    assert not hasher.verify(old, "wrong")
    assert hasher.needs_rehash(old)


class CountingArgon2(Argon2PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.verified: list[str] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return super().verify(password_hash, password)


def _portal_world(hasher: Argon2PasswordHasher, base: World | None = None) -> World:
    base = base or world(start=dt.datetime(2021, 2, 1, 10, tzinfo=ROME))
    portal = bootstrap(
        config=base.portal.config,
        storage=base.storage,
        clock=base.clock,
        passwords=hasher,
        reference=base.portal.reference,
        sealer=HmacSealer(SECRET_KEY),  # one portal secret, as across a restart
    )
    return attrs.evolve(base, portal=portal)


def _register(w: World) -> None:
    registration = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        username="anna.rossi",
        password="tramonto sul porto",
    )
    ok(w.portal.identity.register_regional(ANONYMOUS, registration, consent=w.consent()))


def _stored_hash(w: World) -> str:
    account = next(iter(w.storage.dump()["account"].values()))
    return str(account.regional.password_hash)


def test_sec_2_a_login_rehashes_when_the_parameters_change() -> None:
    w = _portal_world(cheap())
    _register(w)
    before = _stored_hash(w)
    stronger = _portal_world(cheap(time_cost=2), w)
    ok(
        stronger.portal.identity.login_regional(
            ANONYMOUS,
            username="anna.rossi",
            password="tramonto sul porto",
            consent=w.consent(),
            source="192.0.2.1",
        )
    )
    after = _stored_hash(w)
    assert argon2.extract_parameters(before).time_cost == 1
    assert argon2.extract_parameters(after).time_cost == 2
    assert cheap(time_cost=2).verify(after, "tramonto sul porto")


def test_sec_2_unknown_usernames_cost_one_argon2_verification_like_known_ones() -> None:
    hasher = CountingArgon2()
    w = _portal_world(hasher)
    _register(w)
    known = w.portal.identity.login_regional(
        ANONYMOUS,
        username="anna.rossi",
        password="sbagliata!!",
        consent=w.consent(),
        source="192.0.2.1",
    )
    unknown = w.portal.identity.login_regional(
        ANONYMOUS,
        username="nessuno",
        password="sbagliata!!",
        consent=w.consent(),
        source="192.0.2.1",
    )
    assert known.failure() == unknown.failure()
    assert len(hasher.verified) == 2
    assert all(h.startswith("$argon2id$v=19$m=64,t=1,p=1$") for h in hasher.verified)


def test_sec_2_bootstrap_hashes_with_argon2id_by_default_and_scrypt_on_request() -> None:
    storage = InMemoryStorage()
    open_policy = RegionalCredentialsPolicy(
        self_registration_closed_from=dt.date(2100, 1, 1), login_allowed_until=dt.date(2100, 1, 1)
    )
    default = bootstrap(
        Settings(storage="memory"),
        storage=storage,
        config=PortalConfig(timezone=ROME, regional_credentials=open_policy),
    )
    w = World(
        portal=default,
        clock=world().clock,
        storage=storage,
        mailer=world().mailer,
        files=world().files,
    )
    _register(w)
    assert _stored_hash(w).startswith("$argon2id$")
    assert Settings().passwords == "argon2"
    assert Settings.from_env({"FORMLAVORO_PASSWORDS": "scrypt"}).passwords == "scrypt"
    bootstrap(Settings(storage="memory", passwords="scrypt"))
    with pytest.raises(ConfigurationError, match=r"FORMLAVORO_PASSWORDS.*argon2 or scrypt"):
        bootstrap(Settings(storage="memory", passwords="md5"))
