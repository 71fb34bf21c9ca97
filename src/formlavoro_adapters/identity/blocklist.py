"""The blocklist of common passwords shipped with the library (SEC-2, NIST SP 800-63B).

``data/common-passwords.txt`` holds about 11,700 passwords of 8 characters or more,
NFKC-normalised and case-folded: the leaked-password frequency list of zxcvbn (MIT
licence) followed by common Italian ones. The file's header says where they come from.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

__all__ = ["common_passwords", "load_blocklist"]


def load_blocklist(text: str) -> frozenset[str]:
    r"""The passwords listed in ``text``: one per line; blank lines and ``#`` comments skip.

    >>> sorted(load_blocklist("# mine\nQwerty123\n\npassword1\n"))
    ['password1', 'qwerty123']
    """
    entries = (line.strip() for line in text.splitlines())
    return frozenset(
        unicodedata.normalize("NFKC", entry).casefold()
        for entry in entries
        if entry and not entry.startswith("#")
    )


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once per process.

    >>> "password1" in common_passwords(), "lungo cammino sul monte" in common_passwords()
    (True, False)
    """
    data = resources.files("formlavoro_adapters.identity").joinpath("data/common-passwords.txt")
    return load_blocklist(data.read_text(encoding="utf-8"))
