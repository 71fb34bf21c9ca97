"""``ScryptPasswordHasher``: self-describing salted hashes that never raise on bad input."""

from __future__ import annotations

import pytest

from formlavoro_adapters import ScryptPasswordHasher

CHEAP = {"log2_n": 4, "r": 8, "p": 1}


def hasher(**changes: int) -> ScryptPasswordHasher:
    return ScryptPasswordHasher(**{**CHEAP, **changes})


def test_a_password_verifies_against_its_own_hash_only() -> None:
    passwords = hasher()
    stored = passwords.hash("correct horse battery staple")
    assert passwords.verify(stored, "correct horse battery staple")
    assert not passwords.verify(stored, "correct horse battery stapl")
    assert not passwords.verify(stored, "Correct horse battery staple")
    assert not passwords.verify(stored, "")


def test_non_ascii_passwords_are_hashed_as_utf8() -> None:
    passwords = hasher()
    stored = passwords.hash("pàsswörd-€-日本")
    assert passwords.verify(stored, "pàsswörd-€-日本")
    assert not passwords.verify(stored, "passwörd-€-日本")


def test_the_hash_names_the_algorithm_and_its_parameters() -> None:
    stored = hasher(log2_n=5, r=4, p=2).hash("secret")
    scheme, log2_n, r, p, salt, digest = stored.split("$")
    assert (scheme, log2_n, r, p) == ("scrypt", "5", "4", "2")
    assert salt
    assert digest
    assert "secret" not in stored


def test_every_hash_gets_its_own_salt() -> None:
    passwords = hasher()
    hashes = {passwords.hash("same password") for _ in range(20)}
    assert len(hashes) == 20
    assert len({stored.split("$")[4] for stored in hashes}) == 20


def test_a_hash_made_with_other_parameters_still_verifies() -> None:
    old = hasher(log2_n=5).hash("secret")
    assert hasher(log2_n=4).verify(old, "secret")
    assert not hasher(log2_n=4).verify(old, "wrong")


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "scrypt",
        "$$$$$",
        "plaintext-password",
        "bcrypt$4$8$1$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$x$8$1$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$4$8$1$!!!$???",
        "scrypt$4$8$1$c2FsdHNhbHRzYWx0$aGFzaA$extra",
        "scrypt$4$8$1$c2FsdHNhbHRzYWx0$",
        "scrypt$4$0$1$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$4$8$0$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$0$8$1$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$4$8$99999999999$c2FsdHNhbHRzYWx0$aGFzaA",
        "scrypt$4$8$1$c2FsdHNhbHRzYWx0$é",
    ],
)
def test_a_malformed_hash_matches_nothing_and_does_not_raise(malformed: str) -> None:
    assert hasher().verify(malformed, "secret") is False


@pytest.mark.parametrize(
    "malformed",
    ["scrypt$-1$8$1$c2FsdHNhbHRzYWx0$aGFzaA", "scrypt$4$-8$1$c2FsdHNhbHRzYWx0$aGFzaA"],
)
def test_a_hash_with_negative_parameters_matches_nothing_and_does_not_raise(
    malformed: str,
) -> None:
    assert hasher().verify(malformed, "secret") is False


def test_a_hash_needs_rehashing_when_the_parameters_change() -> None:
    stored = hasher().hash("secret")
    assert not hasher().needs_rehash(stored)
    assert hasher(log2_n=5).needs_rehash(stored)
    assert hasher(r=4).needs_rehash(stored)
    assert hasher(p=2).needs_rehash(stored)


@pytest.mark.parametrize("malformed", ["", "scrypt", "bcrypt$4$8$1$c2FsdA$aGFzaA"])
def test_a_malformed_hash_needs_rehashing(malformed: str) -> None:
    assert hasher().needs_rehash(malformed)


class _RecordingHasher(ScryptPasswordHasher):
    """Records every verification it performs, through the public ``verify``."""

    def __init__(self) -> None:
        super().__init__(**CHEAP)
        self.verified: list[tuple[str, str, bool]] = []

    def verify(self, password_hash: str, password: str) -> bool:
        outcome = super().verify(password_hash, password)
        self.verified.append((password_hash, password, outcome))
        return outcome


def test_the_dummy_verification_returns_nothing_and_never_matches() -> None:
    passwords = hasher()
    for password in ("", "secret", "correct horse battery staple"):
        assert passwords.verify_dummy(password) is None  # type: ignore[func-returns-value]


def test_the_dummy_verification_costs_one_verification_of_a_current_hash() -> None:
    passwords = _RecordingHasher()
    passwords.verify_dummy("guess")
    passwords.verify_dummy("another guess")
    assert [(password, outcome) for _, password, outcome in passwords.verified] == [
        ("guess", False),
        ("another guess", False),
    ]
    dummy_hashes = {dummy for dummy, _, _ in passwords.verified}
    (dummy,) = dummy_hashes
    assert not passwords.needs_rehash(dummy)
