"""SEC-2: failed regional logins are throttled per username and per source address."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import bootstrap
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import DomainError
from formlavoro_core.identity.failures import InvalidCredentials, LoginThrottled
from formlavoro_core.identity.services import RegionalRegistration, SignedIn
from formlavoro_core.identity.throttle import LoginThrottlePolicy
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, ROME, CountingHasher, World, failure, ok, world

START = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)
PASSWORD = "una password lunga"
SECOND = dt.timedelta(seconds=1)


def _world(policy: LoginThrottlePolicy | None = None) -> tuple[World, CountingHasher]:
    config = PortalConfig(timezone=ROME, login_throttle=policy or LoginThrottlePolicy())
    base = world(config, start=START)
    hasher = CountingHasher()
    portal = bootstrap(
        config=config,
        storage=base.storage,
        clock=base.clock,
        passwords=hasher,
        reference=base.portal.reference,
    )
    w = attrs.evolve(base, portal=portal)
    registration = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        username="anna.rossi",
        password=PASSWORD,
    )
    ok(w.portal.identity.register_regional(ANONYMOUS, registration, consent=w.consent()))
    return w, hasher


def _login(
    w: World, username: str = "anna.rossi", password: str = PASSWORD, source: str | None = None
) -> Result[SignedIn, DomainError]:
    return w.portal.identity.login_regional(
        ANONYMOUS, username=username, password=password, consent=w.consent(), source=source
    )


def _fail(w: World, times: int, **kwargs: str) -> None:
    for _ in range(times):
        assert failure(_login(w, password="sbagliata!!", **kwargs)) == InvalidCredentials()


def test_sec_2_throttling_engages_after_the_free_failures_and_releases_after_the_delay() -> None:
    w, _ = _world()
    _fail(w, 5)
    ok(_login(w))  # five failures are free: the right password still works at once
    _fail(w, 6)
    throttled = failure(_login(w))
    assert throttled == LoginThrottled(retry_after=w.clock.now() + dt.timedelta(seconds=30))
    assert throttled.code == "identity.login.throttled"
    w.clock.advance(dt.timedelta(seconds=29))
    assert isinstance(failure(_login(w)), LoginThrottled)
    w.clock.advance(SECOND)
    ok(_login(w))


def test_sec_2_the_delay_doubles_with_each_failure_up_to_the_ceiling() -> None:
    w, _ = _world(LoginThrottlePolicy(free_per_account=1, max_delay=dt.timedelta(seconds=100)))
    _fail(w, 1)
    delays = []
    for _ in range(4):
        _fail(w, 1)
        throttled = failure(_login(w))
        assert isinstance(throttled, LoginThrottled)
        delays.append(throttled.retry_after - w.clock.now())
        w.clock.advance(delays[-1])
    assert delays == [dt.timedelta(seconds=s) for s in (30, 60, 100, 100)]


def test_sec_2_a_throttled_attempt_checks_no_password_and_counts_nothing() -> None:
    w, hasher = _world()
    _fail(w, 6)
    before = hasher.verifications
    for _ in range(20):
        assert isinstance(failure(_login(w)), LoginThrottled)
    assert hasher.verifications == before
    w.clock.advance(dt.timedelta(seconds=30))
    ok(_login(w))  # twenty throttled attempts did not lengthen the wait


def test_sec_2_unknown_usernames_are_throttled_exactly_like_known_ones() -> None:
    w, _ = _world()
    _fail(w, 6)
    _fail(w, 6, username="nessuno")
    known = failure(_login(w))
    unknown = failure(_login(w, username="nessuno"))
    assert known == unknown
    assert isinstance(known, LoginThrottled)


def test_sec_2_a_right_password_forgets_the_usernames_failures() -> None:
    w, _ = _world()
    _fail(w, 5)
    ok(_login(w))
    _fail(w, 5)
    ok(_login(w))  # would be throttled had the first five still counted


def test_sec_2_failures_are_forgotten_after_a_quiet_day() -> None:
    w, _ = _world()
    _fail(w, 6)
    assert isinstance(failure(_login(w)), LoginThrottled)
    w.clock.advance(dt.timedelta(hours=24) + SECOND)
    _fail(w, 5)
    ok(_login(w))


def test_sec_2_one_source_trying_many_usernames_is_throttled() -> None:
    w, _ = _world(LoginThrottlePolicy(free_per_source=10))
    for number in range(11):
        _fail(w, 1, username=f"utente{number}", source="192.0.2.7")
    from_there = failure(_login(w, source="192.0.2.7"))
    assert isinstance(from_there, LoginThrottled)
    ok(_login(w, source="198.51.100.1"))  # the citizen from elsewhere is not locked out
    ok(_login(w))  # nor when the app passes no address


def test_sec_2_throttling_state_survives_a_new_portal_on_the_same_storage() -> None:
    w, hasher = _world()
    _fail(w, 6)
    restarted = bootstrap(
        config=w.portal.config,
        storage=w.storage,
        clock=w.clock,
        passwords=hasher,
        reference=w.portal.reference,
    )
    result = restarted.identity.login_regional(
        ANONYMOUS, username="anna.rossi", password=PASSWORD, consent=w.consent()
    )
    assert isinstance(failure(result), LoginThrottled)


@pytest.mark.parametrize(
    "changes",
    [
        {"free_per_account": 0},
        {"free_per_source": -1},
        {"first_delay": dt.timedelta(0)},
        {"max_delay": dt.timedelta(seconds=-1)},
        {"forget_after": 5},
    ],
)
def test_sec_2_a_nonsensical_policy_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        LoginThrottlePolicy(**changes)  # type: ignore[arg-type]
