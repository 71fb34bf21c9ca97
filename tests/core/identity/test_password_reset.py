"""Password reset of regional credentials (ID-4)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections import Counter
from typing import Any

import attrs
import pytest

from formlavoro_adapters import bootstrap
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.failures import InvalidResetToken, ResetThrottled
from formlavoro_core.identity.password_reset import hash_token
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.values import EmailAddress
from tests.support import (
    ANNA,
    ROME,
    SECRET_KEY,
    CountingHasher,
    CountingStorage,
    CountingTokens,
    World,
    failure,
    ok,
    strings_in,
    world,
)

START = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)
EMAIL = EmailAddress("anna.rossi@example.it")
SOURCE = "192.0.2.10"


def _registered() -> World:
    w = world(start=START)
    registration = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EMAIL,
        username="anna.rossi",
        password="vecchia password",
    )
    ok(w.portal.identity.register_regional(ANONYMOUS, registration, consent=w.consent()))
    return w


def _request(w: World, email: str = EMAIL, username: str = "anna.rossi") -> None:
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=email, username=username, source=SOURCE
        )
    )


def _delivered_tokens(w: World) -> list[str]:
    ok(w.portal.mail.deliver_pending(SYSTEM))
    links = [m.body for m in w.mailer.sent if m.kind is EmailKind.PASSWORD_RESET]
    return [match for body in links for match in re.findall(r"token=([\w-]+)", body)]


def _login(w: World, password: str) -> bool:
    result = w.portal.identity.login_regional(
        ANONYMOUS, username="anna.rossi", password=password, consent=w.consent(), source=SOURCE
    )
    return bool(result.value_or(None))


def test_id_4_a_reset_link_is_emailed_when_email_and_username_match() -> None:
    """ID-4: a reset link is emailed when email and username match."""
    w = _registered()
    _request(w, email="  ANNA.Rossi@example.it ")
    (token,) = _delivered_tokens(w)
    # bootstrap's default tokens: 256 bits from `secrets`, in URL-safe base64.
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    (email,) = w.mailer.sent
    assert email.to == EMAIL
    assert "30" in email.body


def test_id_4_the_answer_never_reveals_whether_the_account_exists() -> None:
    """ID-4: the answer never reveals whether the account exists."""
    w = _registered()
    answers = {
        repr(
            w.portal.identity.request_password_reset(
                ANONYMOUS, email=email, username=username, source=SOURCE
            )
        )
        for email, username in [
            (EMAIL, "anna.rossi"),
            (EMAIL, "someone.else"),
            ("other@example.it", "anna.rossi"),
            ("nobody@example.it", "nobody"),
        ]
    }
    assert answers == {"<Success: None>"}
    assert len(_delivered_tokens(w)) == 1


def test_id_4_only_the_hash_of_the_token_is_kept_once_the_link_is_delivered() -> None:
    """ID-4: only the hash of the token is kept once the link is delivered."""
    w = _registered()
    _request(w)
    (token,) = _delivered_tokens(w)
    assert len(w.storage.dump()["password_reset"]) == 1
    everything = list(strings_in(Codec.for_documents().unstructure(w.storage.dump())))
    assert any(hash_token(token) in text for text in everything)
    assert all(token not in text for text in everything)


def test_id_4_a_token_resets_once_and_the_citizen_then_logs_in() -> None:
    """ID-4: a token resets once and the citizen then logs in."""
    w = _registered()
    _request(w)
    (token,) = _delivered_tokens(w)
    assert (
        ok(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="nuova password"))
        is None
    )
    assert (
        failure(
            w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="ancora un'altra")
        )
        == InvalidResetToken()
    )
    assert _login(w, "nuova password")
    assert not _login(w, "vecchia password")
    ok(w.portal.mail.deliver_pending(SYSTEM))
    assert [m.kind for m in w.mailer.sent] == [EmailKind.PASSWORD_RESET, EmailKind.PASSWORD_CHANGED]


def test_id_4_a_token_expires_after_30_minutes() -> None:
    """ID-4: a token expires after 30 minutes."""
    w = _registered()
    _request(w)
    (token,) = _delivered_tokens(w)
    w.clock.advance(dt.timedelta(minutes=30))
    error = failure(
        w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="nuova password")
    )
    assert error.code == "identity.reset.invalid_token"
    assert _login(w, "vecchia password")


def test_id_4_a_token_still_works_a_second_before_expiry() -> None:
    """ID-4: a token still works a second before expiry."""
    w = _registered()
    _request(w)
    (token,) = _delivered_tokens(w)
    w.clock.advance(dt.timedelta(minutes=30) - dt.timedelta(seconds=1))
    ok(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="nuova password"))


def test_id_4_a_newer_token_invalidates_the_older_ones() -> None:
    """ID-4: a newer token invalidates the older ones."""
    w = _registered()
    _request(w)
    w.clock.advance(dt.timedelta(minutes=1))
    _request(w)
    older, newer = _delivered_tokens(w)
    assert (
        failure(
            w.portal.identity.reset_password(ANONYMOUS, token=older, new_password="nuova password")
        )
        == InvalidResetToken()
    )
    ok(w.portal.identity.reset_password(ANONYMOUS, token=newer, new_password="nuova password"))


def test_id_4_an_unknown_token_is_refused_and_changes_nothing() -> None:
    """ID-4: an unknown token is refused and changes nothing."""
    w = _registered()
    before = w.storage.dump()
    error = failure(
        w.portal.identity.reset_password(ANONYMOUS, token="made-up", new_password="nuova password")
    )
    assert error == InvalidResetToken()
    assert w.storage.dump() == before


def test_id_4_a_weak_new_password_keeps_the_token_usable() -> None:
    """ID-4: a weak new password keeps the token usable."""
    w = _registered()
    _request(w)
    (token,) = _delivered_tokens(w)
    error = failure(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="corta"))
    assert error.code == "identity.password.rejected"
    ok(w.portal.identity.reset_password(ANONYMOUS, token=token, new_password="finalmente lunga"))


def test_id_4_no_resets_once_regional_credentials_are_retired() -> None:
    """ID-4: no resets once regional credentials are retired."""
    w = _registered()
    w.clock.set(dt.datetime(2021, 10, 1, 9, tzinfo=ROME))
    error = failure(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source=SOURCE
        )
    )
    assert error.code == "identity.regional.retired"


@attrs.frozen
class _Counted:
    """A portal whose storage, tokens and hasher count what they do."""

    world: World
    storage: CountingStorage
    tokens: CountingTokens
    hasher: CountingHasher

    def snapshot(self) -> Counter[str]:
        return Counter(
            {
                "tokens drawn": self.tokens.drawn,
                "password hashes": self.hasher.hashes,
                "password verifications": self.hasher.verifications,
                "commits": self.storage.commits,
                "throttle rows written": self.storage.writes["login_failures"],
                "reset rows written": self.storage.writes["password_reset"],
                "outbox rows written": self.storage.writes["outbox_message"],
            }
        )

    def work_of(self, email: str, username: str) -> dict[str, int]:
        """What one reset request did: every counter's change."""
        before = self.snapshot()
        _request(self.world, email=email, username=username)
        after = self.snapshot()
        return {name: after[name] - before[name] for name in after}


def _counted() -> _Counted:
    base = world(start=START)
    counted = _Counted(
        world=base, storage=CountingStorage(), tokens=CountingTokens(), hasher=CountingHasher()
    )
    portal = bootstrap(
        config=base.portal.config,
        storage=counted.storage,
        clock=base.clock,
        tokens=counted.tokens,
        passwords=counted.hasher,
        mailer=base.mailer,
        reference=base.portal.reference,
        sealer=HmacSealer(SECRET_KEY),
    )
    w = attrs.evolve(base, portal=portal, storage=counted.storage)
    registration = RegionalRegistration(
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EMAIL,
        username="anna.rossi",
        password="vecchia password",
    )
    ok(w.portal.identity.register_regional(ANONYMOUS, registration, consent=w.consent()))
    return attrs.evolve(counted, world=w)


@pytest.mark.parametrize(
    ("email", "username"),
    [(EMAIL, "someone.else"), ("other@example.it", "anna.rossi"), ("nobody@example.it", "nobody")],
)
def test_id_4_a_request_for_no_account_does_the_same_work_as_one_for_an_account(
    email: str, username: str
) -> None:
    """ID-4 / point 4: the same token work, hashing, rows written and commits on both paths.

    Before, a request for no account did nothing at all (0.6 ms against 35 ms): the
    answer was the same, its time was not. Now both draw and hash a token, count the
    request (two throttle rows), record it (a reset row) and queue one outbox message in
    one commit; only the matching one's message is an email that leaves.
    """
    counted = _counted()
    first = counted.work_of(EMAIL, "anna.rossi")
    counted.world.clock.advance(dt.timedelta(minutes=1))
    unknown = counted.work_of(email, username)
    counted.world.clock.advance(dt.timedelta(minutes=1))
    again = counted.work_of(EMAIL, "anna.rossi")  # an older link exists: it is not rewritten
    work = {
        "tokens drawn": 1,
        "password hashes": 0,
        "password verifications": 0,
        "commits": 1,
        "throttle rows written": 2,
        "reset rows written": 1,
        "outbox rows written": 1,
    }
    assert first == work
    assert unknown == work
    assert again == work
    assert ok(counted.world.portal.mail.deliver_pending(SYSTEM)).sent == 2
    assert [email.to for email in counted.world.mailer.sent] == [EMAIL, EMAIL]


def test_id_4_a_request_for_no_account_leaves_nothing_usable_nor_personal() -> None:
    """ID-4: the record of a request for nobody holds no account, and no typed email."""
    w = _registered()
    before = w.storage.dump()
    _request(w, email="nobody@example.it", username="nobody")
    after = w.storage.dump()
    (request,) = [
        r for k, r in after["password_reset"].items() if k not in before["password_reset"]
    ]
    assert request.account_id is None
    assert not request.is_usable(w.clock.now())
    everything = list(strings_in(Codec.for_documents().unstructure(after)))
    assert all("nobody" not in text for text in everything if not text.startswith("reset:"))
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, w.mailer.sent) == (0, 0, [])
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0  # the placeholder is done


def test_id_4_requests_are_throttled_per_username_whether_or_not_it_exists() -> None:
    """ID-4 / point 4: three requests per username, then the same wait for any username."""
    w = _registered()
    answers = {}
    for username in ("anna.rossi", "nobody"):
        for number in range(3):
            ok(
                w.portal.identity.request_password_reset(
                    ANONYMOUS, email=EMAIL, username=username, source=f"192.0.2.{number}"
                )
            )
        answers[username] = failure(
            w.portal.identity.request_password_reset(
                ANONYMOUS, email=EMAIL, username=username, source="192.0.2.99"
            )
        )
    assert answers["anna.rossi"] == answers["nobody"]
    assert answers["nobody"] == ResetThrottled(retry_after=w.clock.now() + dt.timedelta(seconds=30))
    assert answers["nobody"].code == "identity.reset.throttled"
    assert len(_delivered_tokens(w)) == 3
    w.clock.advance(dt.timedelta(seconds=30))
    _request(w)


def test_id_4_requests_are_throttled_per_source_address() -> None:
    """ID-4 / point 4: twenty requests from one address, on any usernames, then a wait."""
    w = _registered()
    for number in range(20):
        ok(
            w.portal.identity.request_password_reset(
                ANONYMOUS, email=EMAIL, username=f"utente{number}", source="203.0.113.9"
            )
        )
    error = failure(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source="203.0.113.9"
        )
    )
    assert isinstance(error, ResetThrottled)
    _request(w)  # from another address the citizen is not kept waiting
    assert len(_delivered_tokens(w)) == 1


def test_id_4_a_throttled_request_changes_nothing() -> None:
    w = _registered()
    for _ in range(3):
        _request(w)
    before = w.storage.dump()
    error = failure(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source=SOURCE
        )
    )
    assert isinstance(error, ResetThrottled)
    assert w.storage.dump() == before


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"source": " "}, "source"), ({"source": 7}, "source"), ({"email": None}, "email")],
)
def test_id_4_a_request_without_a_source_or_with_wrong_types_is_invalid_input(
    changes: dict[str, Any], path: str
) -> None:
    w = _registered()
    arguments: dict[str, Any] = {"email": EMAIL, "username": "anna.rossi", "source": SOURCE}
    error = failure(w.portal.identity.request_password_reset(ANONYMOUS, **(arguments | changes)))
    assert isinstance(error, InvalidInput)
    assert [problem.path for problem in error.problems] == [path]
