"""``HmacTicketSigner``: short base32 codes that only the key holder can make."""

from __future__ import annotations

import base64
import re
import secrets

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_adapters.tickets import MAX_PAYLOAD_LENGTH, HmacTicketSigner
from formlavoro_core.errors import ConfigurationError

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
PAYLOAD = "3f1c2a9e-5b7d-4c11-9a2e-0d6f8b3c7e21.6a0b9c4d-2e1f-4a3b-8c7d-5e6f7a8b9c0d"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

payloads = st.from_regex(r"[A-Za-z0-9._~-]{1,107}", fullmatch=True)
signer = HmacTicketSigner(KEY)


def test_a_signed_payload_verifies_back() -> None:
    assert signer.verify(signer.sign(PAYLOAD)) == PAYLOAD
    assert signer.verify(signer.sign("event-7.account-42")) == "event-7.account-42"


def test_codes_are_short_upper_case_base32_fit_for_qr_alphanumeric_mode() -> None:
    code = signer.sign(PAYLOAD)
    assert re.fullmatch(r"[A-Z2-7]+", code)
    assert len(code) == 144
    assert segno.make_qr(code).mode == "alphanumeric"


def test_the_code_carries_the_payload_and_a_128_bit_mac() -> None:
    code = signer.sign("event-7.account-42")
    raw = base64.b32decode(code + "=" * (-len(code) % 8))
    assert raw[0] == 1
    assert raw[1:-16] == b"event-7.account-42"
    assert len(raw[-16:]) == 16


def test_signing_is_deterministic_for_one_key() -> None:
    assert signer.sign(PAYLOAD) == HmacTicketSigner(KEY).sign(PAYLOAD)
    assert signer.sign(PAYLOAD) != HmacTicketSigner(OTHER_KEY).sign(PAYLOAD)


def test_a_code_from_another_key_is_refused() -> None:
    assert HmacTicketSigner(OTHER_KEY).verify(signer.sign(PAYLOAD)) is None


def test_a_tampered_payload_is_refused() -> None:
    code = signer.sign("event-7.account-42")
    raw = bytearray(base64.b32decode(code + "=" * (-len(code) % 8)))
    raw[-17] = ord("3")  # event-7.account-43, old MAC
    forged = base64.b32encode(bytes(raw)).decode().rstrip("=")
    assert signer.verify(forged) is None


def test_a_tampered_mac_is_refused() -> None:
    code = signer.sign("event-7.account-42")
    raw = bytearray(base64.b32decode(code + "=" * (-len(code) % 8)))
    raw[-1] ^= 0x01
    assert signer.verify(base64.b32encode(bytes(raw)).decode().rstrip("=")) is None


def test_a_truncated_code_is_refused() -> None:
    code = signer.sign(PAYLOAD)
    for length in range(len(code)):
        assert signer.verify(code[:length]) is None


def test_a_code_is_read_back_in_lower_case_and_with_blanks_as_printed() -> None:
    code = signer.sign(PAYLOAD)
    grouped = " ".join(code[index : index + 4] for index in range(0, len(code), 4))
    assert signer.verify(grouped) == PAYLOAD
    assert signer.verify(f"  {code.lower()}\n") == PAYLOAD


def test_a_non_canonical_spelling_of_a_code_is_refused() -> None:
    code = signer.sign("abcd")  # 21 bytes, 168 bits: 34 characters, 2 bits unused
    assert len(code) == 34
    last = BASE32.index(code[-1])
    assert last & 0b11 == 0
    assert signer.verify(code[:-1] + BASE32[last | 0b01]) is None


def test_retired_keys_still_verify_and_new_codes_use_the_current_key() -> None:
    old_code = signer.sign(PAYLOAD)
    rotated = HmacTicketSigner(OTHER_KEY, retired_keys=[KEY])
    assert rotated.verify(old_code) == PAYLOAD
    assert rotated.sign(PAYLOAD) == HmacTicketSigner(OTHER_KEY).sign(PAYLOAD)
    assert HmacTicketSigner(OTHER_KEY).verify(old_code) is None


@pytest.mark.parametrize("key", [b"", b"short", bytes(31)])
def test_short_keys_are_refused(key: bytes) -> None:
    with pytest.raises(ConfigurationError, match="at least 32"):
        HmacTicketSigner(key)


def test_a_short_retired_key_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 32"):
        HmacTicketSigner(KEY, retired_keys=[b"old"])


@pytest.mark.parametrize(
    "payload", ["", "has space", "àccent", "slash/es", "a" * (MAX_PAYLOAD_LENGTH + 1)]
)
def test_payloads_outside_the_url_safe_ascii_alphabet_are_a_bug(payload: str) -> None:
    with pytest.raises(ValueError, match="URL-safe ASCII"):
        signer.sign(payload)


def test_the_longest_payload_fits_in_200_characters() -> None:
    code = signer.sign("a" * MAX_PAYLOAD_LENGTH)
    assert len(code) <= 200
    assert signer.verify(code) == "a" * MAX_PAYLOAD_LENGTH


def test_a_signer_is_built_from_a_hex_secret() -> None:
    assert HmacTicketSigner.from_secret(KEY.hex()).sign(PAYLOAD) == signer.sign(PAYLOAD)
    assert HmacTicketSigner.from_secret(f" {KEY.hex().upper()}\n").sign("x") == signer.sign("x")


@pytest.mark.parametrize(
    "encode",
    [
        base64.b64encode,
        base64.urlsafe_b64encode,
        lambda key: base64.urlsafe_b64encode(key).rstrip(b"="),
    ],
)
def test_a_signer_is_built_from_a_base64_secret(encode: object) -> None:
    key = bytes(range(200, 240))  # 40 bytes: padding and the URL-safe letters both occur
    text = encode(key).decode()  # type: ignore[operator]
    assert HmacTicketSigner.from_secret(text).sign("x") == HmacTicketSigner(key).sign("x")


def test_a_signer_is_built_from_secrets_with_retired_ones() -> None:
    rotated = HmacTicketSigner.from_secret(OTHER_KEY.hex(), retired=[KEY.hex()])
    assert rotated.verify(signer.sign(PAYLOAD)) == PAYLOAD


@pytest.mark.parametrize("secret", ["", "not a secret!", "é" * 44, "abc", "=" * 8, "a=b" * 20])
def test_a_malformed_secret_names_the_setting_but_not_the_secret(secret: str) -> None:
    with pytest.raises(ConfigurationError, match="FORMLAVORO_TICKET_KEY") as raised:
        HmacTicketSigner.from_secret(secret)
    if secret.strip():
        assert secret not in str(raised.value)


def test_a_short_secret_says_how_many_bytes_it_gave() -> None:
    with pytest.raises(ConfigurationError, match="16 bytes") as raised:
        HmacTicketSigner.from_secret(secrets.token_hex(16), setting="TICKET_SECRET")
    assert "TICKET_SECRET" in str(raised.value)


@given(payloads)
def test_every_valid_payload_round_trips(payload: str) -> None:
    code = signer.sign(payload)
    assert len(code) <= 200
    assert signer.verify(code) == payload


@given(st.text(max_size=600))
def test_verify_never_raises_and_refuses_any_text(garbage: str) -> None:
    assert signer.verify(garbage) is None


@given(st.text(alphabet=BASE32, min_size=30, max_size=210))
def test_verify_refuses_well_formed_base32_noise(noise: str) -> None:
    assert signer.verify(noise) is None


@given(payloads, st.data())
def test_changing_any_one_character_of_a_code_makes_it_invalid(
    payload: str, data: st.DataObject
) -> None:
    code = signer.sign(payload)
    index = data.draw(st.integers(min_value=0, max_value=len(code) - 1))
    replacement = data.draw(st.sampled_from(BASE32).filter(lambda char: char != code[index]))
    assert signer.verify(code[:index] + replacement + code[index + 1 :]) is None


@given(payloads)
def test_another_key_never_accepts_a_code(payload: str) -> None:
    assert HmacTicketSigner(OTHER_KEY).verify(signer.sign(payload)) is None
