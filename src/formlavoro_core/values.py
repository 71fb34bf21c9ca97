"""Small validated strings used across contexts: email addresses, phone numbers, postcodes.

They are plain ``str`` at run time; the input codec checks each one on its own, so a
wrong email and a wrong phone in one form are both reported, each at its path.
"""

from __future__ import annotations

import re
from typing import Final, NewType

__all__ = [
    "EmailAddress",
    "PhoneNumber",
    "Postcode",
    "check_email",
    "check_phone",
    "check_postcode",
]

EmailAddress = NewType("EmailAddress", str)
PhoneNumber = NewType("PhoneNumber", str)
Postcode = NewType("Postcode", str)

MAX_EMAIL: Final = 254
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE: Final = re.compile(r"^\+?[0-9][0-9 ./-]{4,19}$")
_POSTCODE: Final = re.compile(r"^[0-9]{5}$")


def check_email(value: str) -> EmailAddress:
    """Return ``value`` as an email address, or raise ``ValueError``.

    >>> check_email("anna.rossi@example.it")
    'anna.rossi@example.it'
    """
    if len(value) > MAX_EMAIL or not _EMAIL.match(value):
        raise ValueError("not an email address")
    return EmailAddress(value)


def check_phone(value: str) -> PhoneNumber:
    """Return ``value`` as a phone number (digits, spaces, ``+ . / -``), or raise."""
    if not _PHONE.match(value):
        raise ValueError("not a phone number")
    return PhoneNumber(value)


def check_postcode(value: str) -> Postcode:
    """Return ``value`` as an Italian postcode (CAP, five digits), or raise."""
    if not _POSTCODE.match(value):
        raise ValueError("five digits (CAP)")
    return Postcode(value)
