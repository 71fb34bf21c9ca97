"""Password rules for regional credentials, after NIST SP 800-63B (SEC-2, ID-3, ID-4).

What a citizen may choose: at least 8 characters and up to 1,024 (any character, spaces
and emoji included, compared after NFKC normalisation), no composition rules (no "one
digit and one capital"), and nothing guessable: not a commonly used or leaked password
(a :class:`~formlavoro_core.ports.PasswordBlocklist`), not one character repeated nor a
run of consecutive characters (``aaaaaaaa``, ``12345678``, ``abcdefgh``), and not built
on the username, the citizen's names, the fiscal code or the portal's name.

>>> policy = PasswordPolicy(blocklist=frozenset({"password1"}))
>>> policy.problem("Password1", context=()).reason
'it is one of the most commonly used passwords'
>>> policy.problem("lungo cammino sul monte", context=("mario",)) is None
True
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from formlavoro_core.identity.failures import PasswordRejected

if TYPE_CHECKING:
    from formlavoro_core.ports import PasswordBlocklist

__all__ = ["COMMON_PASSWORDS", "MAX_PASSWORD", "MIN_PASSWORD", "PasswordPolicy", "normalise"]

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_MIN_CONTEXT = 4  # shorter context words (initials, "di") would refuse too much

COMMON_PASSWORDS = frozenset(
    {
        "password",
        "12345678",
        "123456789",
        "1234567890",
        "qwertyuiop",
        "password1",
        "password123",
        "iloveyou",
        "11111111",
        "1q2w3e4r",
        "1qaz2wsx",
        "qwerty123",
        "passw0rd",
        "abcd1234",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "superman",
        "trustno1",
        "juventus",
        "ciaociao",
        "ciao1234",
        "tiamo123",
        "forzanapoli",
        "francesco",
        "alessandro",
    }
)
"""A small built-in blocklist, for portals built without the adapters' shipped list."""


def normalise(password: str) -> str:
    """The form in which passwords are checked, hashed and verified: NFKC.

    >>> normalise("\uff50\uff41\uff53\uff53") == "pass"
    True
    """
    return unicodedata.normalize("NFKC", password)


def _monotonous(text: str) -> bool:
    """One character repeated, or a run of consecutive code points up or down."""
    if len(set(text)) == 1:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps in ({1}, {-1})


@attrs.frozen(kw_only=True)
class PasswordPolicy:
    """Checks a new password; see the module for the rules.

    Attributes:
        blocklist: the commonly used passwords to refuse (NFKC, case-folded entries).
    """

    blocklist: PasswordBlocklist = COMMON_PASSWORDS

    def problem(self, password: str, *, context: Sequence[str]) -> PasswordRejected | None:
        """What is wrong with ``password``, or ``None`` when it may be used.

        ``context`` holds the words specific to this citizen and portal (username,
        names, fiscal code, portal name) that the password must not be built on.
        """
        normalised = normalise(password)
        reason = _length_problem(normalised) or self._guessable(normalised.casefold(), context)
        return None if reason is None else PasswordRejected(reason=reason)

    def _guessable(self, folded: str, context: Sequence[str]) -> str | None:
        if folded in self.blocklist:
            return "it is one of the most commonly used passwords"
        if _monotonous(folded):
            return "it repeats one character or runs through a sequence"
        compact = "".join(folded.split())
        for word in context:
            token = "".join(normalise(word).casefold().split())
            if len(token) >= _MIN_CONTEXT and token in compact:
                return "it contains your username, your name, your fiscal code or the portal's name"
        return None


def _length_problem(normalised: str) -> str | None:
    if len(normalised) < MIN_PASSWORD:
        return f"use at least {MIN_PASSWORD} characters"
    if len(normalised) > MAX_PASSWORD:
        return f"use at most {MAX_PASSWORD} characters"
    if not normalised.strip():
        return "it is only blanks"
    return None
