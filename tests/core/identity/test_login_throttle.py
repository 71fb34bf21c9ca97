"""SEC-2, SEC-6: regional logins are throttled per username and address, per address, and
per username only as a backstop that cannot keep the owner out."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import bootstrap
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import DomainError, InvalidInput
from formlavoro_core.identity.failures import InvalidCredentials, LoginThrottled
from formlavoro_core.identity.services import RegionalRegistration, SignedIn
from formlavoro_core.identity.throttle import LoginThrottlePolicy
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, ROME, SECRET_KEY, CountingHasher, World, failure, ok, world

START = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)
PASSWORD = "una password lunga"
WRONG = "sbagliata!!"
HOME = "198.51.100.20"  # the owner's own address
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
        mailer=base.mailer,
        reference=base.portal.reference,
        sealer=HmacSealer(SECRET_KEY),
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
    w: World, username: str = "anna.rossi", password: str = PASSWORD, source: str = HOME
) -> Result[SignedIn, DomainError]:
    return w.portal.identity.login_regional(
        ANONYMOUS, username=username, password=password, consent=w.consent(), source=source
    )


def _fail(w: World, times: int, **kwargs: str) -> None:
    for _ in range(times):
        assert failure(_login(w, password=WRONG, **kwargs)) == InvalidCredentials()


def test_sec_6_five_attempts_pass_at_once_then_the_next_waits_for_the_delay() -> None:
    """SEC-6: the limit counts attempts: five pass, the sixth (even right) waits 30 s."""
    w, _ = _world()
    _fail(w, 4)
    ok(_login(w))  # four failures and a right password: five attempts, and it clears them
    _fail(w, 5)
    throttled = failure(_login(w))
    assert throttled == LoginThrottled(retry_after=w.clock.now() + dt.timedelta(seconds=30))
    assert throttled.code == "identity.login.throttled"
    w.clock.advance(dt.timedelta(seconds=29))
    assert isinstance(failure(_login(w)), LoginThrottled)
    w.clock.advance(SECOND)
    ok(_login(w))


def test_sec_2_the_delay_doubles_with_each_attempt_up_to_the_ceiling() -> None:
    w, _ = _world(
        LoginThrottlePolicy(free_per_account_and_source=1, max_delay=dt.timedelta(seconds=100))
    )
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
    _fail(w, 5)
    before = hasher.verifications
    for _ in range(20):
        assert isinstance(failure(_login(w)), LoginThrottled)
    assert hasher.verifications == before
    w.clock.advance(dt.timedelta(seconds=30))
    ok(_login(w))  # twenty throttled attempts did not lengthen the wait


def test_sec_2_unknown_usernames_are_throttled_exactly_like_known_ones() -> None:
    w, hasher = _world()
    _fail(w, 5)
    _fail(w, 5, username="nessuno")
    assert hasher.verifications == 10  # a dummy verification for each unknown attempt too
    known = failure(_login(w))
    unknown = failure(_login(w, username="nessuno"))
    assert known == unknown
    assert isinstance(known, LoginThrottled)


def test_sec_2_failures_are_forgotten_after_a_quiet_day() -> None:
    w, _ = _world()
    _fail(w, 5)
    assert isinstance(failure(_login(w)), LoginThrottled)
    w.clock.advance(dt.timedelta(hours=24) + SECOND)
    _fail(w, 4)
    ok(_login(w))


def test_sec_2_one_source_trying_many_usernames_is_throttled() -> None:
    w, _ = _world(LoginThrottlePolicy(free_per_source=10))
    for number in range(10):
        _fail(w, 1, username=f"utente{number}", source="192.0.2.7")
    assert isinstance(failure(_login(w, source="192.0.2.7")), LoginThrottled)
    ok(_login(w, source="198.51.100.1"))  # the citizen from elsewhere is not locked out


def test_sec_6_an_ipv6_source_counts_by_its_64_bit_network() -> None:
    """SEC-6: one subscriber's /64 is one source, however many addresses it draws from it."""
    w, _ = _world(LoginThrottlePolicy(free_per_source=2))
    _fail(w, 1, username="utente1", source="2001:db8:0:7::1")
    _fail(w, 1, username="utente2", source="2001:db8:0:7:ffff::2")
    assert isinstance(failure(_login(w, source="2001:db8:0:7::3")), LoginThrottled)
    ok(_login(w, source="2001:db8:0:8::1"))  # the next network is another source


def test_sec_6_a_right_password_gives_the_address_its_attempt_back() -> None:
    """SEC-6: a shared address where citizens log in right is not throttled by them."""
    w, _ = _world(LoginThrottlePolicy(free_per_source=3))
    for _ in range(10):
        ok(_login(w, source="192.0.2.50"))
    _fail(w, 2, username="utente", source="192.0.2.50")
    ok(_login(w, source="192.0.2.50"))  # three attempts counted: two failures and this one


def test_sec_6_source_is_required_and_not_blank() -> None:
    """SEC-6: ``source`` is a required argument; a blank one is invalid input."""
    w, hasher = _world()
    for blank in ("", "   "):
        error = failure(_login(w, source=blank))
        assert isinstance(error, InvalidInput)
        assert [problem.path for problem in error.problems] == ["source"]
    assert hasher.verifications == 0
    with pytest.raises(TypeError, match="source"):
        w.portal.identity.login_regional(  # type: ignore[call-arg]
            ANONYMOUS, username="anna.rossi", password=PASSWORD, consent=w.consent()
        )


def test_sec_6_an_attacker_rotating_addresses_cannot_keep_the_owner_out() -> None:
    """SEC-6 / point 3: one wrong attempt every 10 minutes, each from a new address.

    Under the old per-username limit the owner's right password was refused for as
    long as the attacker kept going. Now the attacker reaches the backstop (100
    consecutive failures) and is refused from then on, while the owner, from the
    address they logged in from before, gets in every time.
    """
    w, hasher = _world()
    ok(_login(w))  # the owner's address is known from an earlier login
    attacker = 0
    for _day in range(3):
        verified_before = hasher.verifications
        refused = 0
        for _ in range(6 * 20):  # 20 hours, one attempt every 10 minutes
            attacker += 1
            w.clock.advance(dt.timedelta(minutes=10))
            answer = failure(_login(w, password=WRONG, source=f"203.0.113.{attacker % 250}"))
            refused += isinstance(answer, LoginThrottled)
        assert hasher.verifications - verified_before == 100  # the backstop: then no more
        assert refused == 20
        ok(_login(w))  # the owner, at home, with the right password
    w.clock.advance(dt.timedelta(minutes=1))
    ok(_login(w))


def test_sec_6_past_the_backstop_an_unknown_address_waits_even_with_the_right_password() -> None:
    """SEC-6: the backstop (NIST SP 800-63B §5.2.2) holds for addresses never used right."""
    w, hasher = _world(LoginThrottlePolicy(account_backstop=10))
    ok(_login(w))
    for number in range(10):
        _fail(w, 1, source=f"203.0.113.{number}")
    verified = hasher.verifications
    throttled = failure(_login(w, source="192.0.2.99"))
    assert throttled == LoginThrottled(retry_after=w.clock.now() + dt.timedelta(hours=24))
    assert hasher.verifications == verified
    ok(_login(w))  # from home it works, and it clears the backstop
    ok(_login(w, source="192.0.2.99"))


def test_sec_6_a_password_reset_lifts_the_backstop() -> None:
    """SEC-6: the owner away from home regains access through a reset link (ID-4)."""
    w, _ = _world(LoginThrottlePolicy(account_backstop=3))
    for number in range(3):
        _fail(w, 1, source=f"203.0.113.{number}")
    assert isinstance(failure(_login(w, source="192.0.2.99")), LoginThrottled)
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email="anna.rossi@example.it", username="anna.rossi", source="192.0.2.99"
        )
    )
    ok(w.portal.mail.deliver_pending(SYSTEM))
    (link,) = [m.body for m in w.mailer.sent if m.kind is EmailKind.PASSWORD_RESET]
    token = re.findall(r"token=([\w-]+)", link)[0]
    ok(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="una nuova frase"))
    ok(_login(w, password="una nuova frase", source="192.0.2.99"))


def test_sec_2_throttling_state_survives_a_new_portal_on_the_same_storage() -> None:
    w, hasher = _world()
    _fail(w, 5)
    restarted = bootstrap(
        config=w.portal.config,
        storage=w.storage,
        clock=w.clock,
        passwords=hasher,
        reference=w.portal.reference,
        sealer=HmacSealer(SECRET_KEY),
    )
    result = restarted.identity.login_regional(
        ANONYMOUS, username="anna.rossi", password=PASSWORD, consent=w.consent(), source=HOME
    )
    assert isinstance(failure(result), LoginThrottled)


@pytest.mark.parametrize(
    "changes",
    [
        {"free_per_account_and_source": 0},
        {"free_per_source": -1},
        {"account_backstop": 0},
        {"account_backstop": 101},
        {"free_resets_per_account": 0},
        {"first_delay": dt.timedelta(0)},
        {"max_delay": dt.timedelta(seconds=-1)},
        {"forget_after": 5},
    ],
)
def test_sec_2_a_nonsensical_policy_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        LoginThrottlePolicy(**changes)  # type: ignore[arg-type]
