"""Password reset of regional credentials (ID-4)."""

from __future__ import annotations

import base64
import datetime as dt
import re

from formlavoro_core.codec import Codec
from formlavoro_core.identity.failures import InvalidResetToken
from formlavoro_core.identity.password_reset import hash_token
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, ROME, World, failure, ok, strings_in, world

START = dt.datetime(2021, 2, 1, 10, 0, tzinfo=ROME)
EMAIL = EmailAddress("anna.rossi@example.it")


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
    ok(w.portal.identity.request_password_reset(ANONYMOUS, email=email, username=username))


def _delivered_tokens(w: World) -> list[str]:
    ok(w.portal.mail.deliver_pending(SYSTEM))
    links = [m.body for m in w.mailer.sent if m.kind is EmailKind.PASSWORD_RESET]
    return [match for body in links for match in re.findall(r"token=([\w-]+)", body)]


def _login(w: World, password: str) -> bool:
    result = w.portal.identity.login_regional(
        ANONYMOUS, username="anna.rossi", password=password, consent=w.consent()
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
        repr(w.portal.identity.request_password_reset(ANONYMOUS, email=email, username=username))
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
        w.portal.identity.request_password_reset(ANONYMOUS, email=EMAIL, username="anna.rossi")
    )
    assert error.code == "identity.regional.retired"
