"""ID-8: the HMAC-SHA256 sealer behind the ``Sealer`` port."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.errors import ConfigurationError

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
sealer = HmacSealer(KEY)
PURPOSE = "consent-receipt"


def test_id_8_a_seal_verifies_for_its_purpose_and_text_only() -> None:
    seal = sealer.seal(PURPOSE, "c1.5.MQ.MQ")
    assert len(seal) == 43
    assert set(seal) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert sealer.verify(PURPOSE, "c1.5.MQ.MQ", seal)
    assert not sealer.verify(PURPOSE, "c1.6.MQ.MQ", seal)
    assert not sealer.verify("another-purpose", "c1.5.MQ.MQ", seal)
    assert not HmacSealer(OTHER_KEY).verify(PURPOSE, "c1.5.MQ.MQ", seal)


def test_id_8_purpose_and_text_cannot_be_shifted_into_each_other() -> None:
    assert not sealer.verify("a", "bc", sealer.seal("ab", "c"))


def test_id_8_seals_of_retired_keys_verify_and_new_ones_use_the_current_key() -> None:
    rotated = HmacSealer(OTHER_KEY, retired_keys=[KEY])
    assert rotated.verify(PURPOSE, "text", sealer.seal(PURPOSE, "text"))
    assert rotated.seal(PURPOSE, "text") == HmacSealer(OTHER_KEY).seal(PURPOSE, "text")


def test_id_8_one_secret_serves_tickets_and_seals_apart() -> None:
    """A ticket's MAC and a seal made with the same key never stand for each other."""
    tickets = HmacTicketSigner(KEY)
    code = tickets.sign("event.citizen")
    assert tickets.verify(code) == "event.citizen"
    raw = base64.b32decode(code + "=" * (-len(code) % 8))
    ticket_mac = base64.urlsafe_b64encode(raw[-16:]).decode().rstrip("=")
    assert not sealer.verify("ticket", "event.citizen", ticket_mac)


@pytest.mark.parametrize("key", [b"", b"k" * 31, "k" * 32])
def test_id_8_a_short_or_textual_key_is_refused(key: object) -> None:
    with pytest.raises(ConfigurationError, match="32 random bytes"):
        HmacSealer(key)  # type: ignore[arg-type]


def test_id_8_a_sealer_is_built_from_hex_or_base64_secrets() -> None:
    assert HmacSealer.from_secret(KEY.hex()).seal("p", "t") == sealer.seal("p", "t")
    text = base64.urlsafe_b64encode(KEY).decode().rstrip("=")
    assert HmacSealer.from_secret(text).seal("p", "t") == sealer.seal("p", "t")


# A fixed short secret: the parameters must be the same in every xdist worker.
@pytest.mark.parametrize("secret", ["", "not a secret!", "5e" * 16])
def test_id_8_a_bad_secret_names_the_setting_but_not_the_secret(secret: str) -> None:
    with pytest.raises(ConfigurationError, match="FORMLAVORO_SECRET_KEY") as raised:
        HmacSealer.from_secret(secret)
    if secret:
        assert secret not in str(raised.value)


@given(st.text(max_size=80), st.text(max_size=200), st.text(max_size=60))
def test_id_8_verify_never_raises_and_refuses_any_forgery(
    purpose: str, text: str, seal: str
) -> None:
    assert sealer.verify(purpose, text, seal) is False


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.integers())))
def test_id_8_verify_refuses_values_of_any_type(value: object) -> None:
    assert sealer.verify(value, value, value) is False  # type: ignore[arg-type]
