"""The Italian fiscal code (codice fiscale) of a natural person, as a value object.

One citizen is keyed by a validated fiscal code (ID-2): SPID, CIE and CNS deliver it,
and :class:`FiscalCode` guarantees that every instance holds a well-formed one.

The 16 characters, by 0-based position::

    0-2    surname letters            3-5    name letters
    6-7    year, two digits           8      month letter, one of ABCDEHLMPRST
    9-10   day, women add 40          11-14  birthplace: letter + 3 digits (Belfiore)
    15     check character (odd/even tables, sum mod 26)

Omocodia: when two people would get the same code, the Agenzia delle Entrate replaces
digits in the seven numeric positions (6, 7, 9, 10, 12, 13, 14) with the letters
LMNPQRSTUV (for 0-9) and recomputes the check character. The decree says substitutions
start from the rightmost digit, but we accept **any** subset of substituted positions,
as the oracle (python-codicefiscale, 128 variants) does: codes substituting only an
inner digit (e.g. ``...H5L1.``) are in circulation and confirmed by the Agenzia's own
checker, and refusing a code a citizen really holds is worse than accepting a pattern
that is rarely issued. Omocodic letters are preserved: each variant is another person.

Whether the birthplace code exists is reference data, not part of this value object.

>>> code = FiscalCode.parse(" rssmra85t10a562s ")
>>> str(code)
'RSSMRA85T10A562S'
>>> code.gender, code.birthplace_code, code.is_omocode
('M', 'A562', False)
"""

from __future__ import annotations

import calendar
import datetime
import string
from typing import ClassVar, Final, Literal

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _

__all__ = [
    "MONTH_LETTERS",
    "OMOCODIA_LETTERS",
    "OMOCODIA_POSITIONS",
    "FiscalCode",
    "FiscalCodeError",
    "InvalidFiscalCode",
    "compute_check_character",
    "stored_fiscal_code",
]

MONTH_LETTERS: Final = "ABCDEHLMPRST"
"""The month letters, January to December."""
OMOCODIA_LETTERS: Final = "LMNPQRSTUV"
"""The letters that replace the digits 0-9 in omocodic codes."""
OMOCODIA_POSITIONS: Final = (6, 7, 9, 10, 12, 13, 14)
"""The 0-based positions of the digits that omocodia may replace."""

_LENGTH: Final = 16
_LETTERS: Final = frozenset(string.ascii_uppercase)
_ALPHABET: Final = _LETTERS | frozenset(string.digits)
_LETTER_POSITIONS: Final = (0, 1, 2, 3, 4, 5, 11, 15)
_MONTH_POSITION: Final = 8
_WOMEN_DAY_OFFSET: Final = 40
_DECODE_OMOCODIA: Final = str.maketrans(OMOCODIA_LETTERS, string.digits)
# Values of the characters in odd (1st, 3rd, ...) positions, indexed like A-Z / 0-9;
# even positions count a character's index itself.
_ODD_VALUES: Final = (
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
)  # fmt: skip
_DAYS_IN_MONTH: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FEBRUARY: Final = 2
_LEAP_FEBRUARY_DAYS: Final = 29

_REASON_SENTENCES: Final = {
    "length": _("a fiscal code has exactly 16 characters"),
    "characters": _("a fiscal code contains only the letters A-Z and the digits 0-9"),
    "format": _("the surname, name, birthplace and check positions must hold letters"),
    "month": _("the 9th character must be a month letter (ABCDEHLMPRST)"),
    "day": _("the day of birth does not exist in the month of birth"),
    "omocodia": _("a digit is replaced by a letter other than LMNPQRSTUV"),
    "check_character": _("the last character does not match the other 15 (likely a typo)"),
}


class FiscalCodeError(ValueError):
    """A string that is not a valid fiscal code, raised by :meth:`FiscalCode.parse`.

    Attributes:
        reason: Stable name of the first broken rule, checked in this order: ``length``,
            ``characters``, ``format``, ``omocodia``, ``month``, ``day``,
            ``check_character``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> tuple[type[FiscalCodeError], tuple[str, str]]:
        return type(self), (self.reason, str(self))


# N818 mistakes DomainError for an exception: its subclasses are failure values.
@attrs.frozen(kw_only=True)
class InvalidFiscalCode(DomainError):
    """The failure value of :meth:`FiscalCode.check`: the broken rule.

    The input is not kept: the caller has it, and a near-valid fiscal code is personal
    data that a failure must not carry into a log line or a page (SEC-5).

    Attributes:
        reason: The stable name of the broken rule (see :class:`FiscalCodeError`).

    >>> InvalidFiscalCode(reason="length").text.source()
    'Not a valid fiscal code: a fiscal code has exactly 16 characters.'
    """

    CODE: ClassVar[str] = "fiscal_code.invalid"
    reason: str

    @property
    def text(self) -> Text:
        """A short sentence saying what is wrong with the input."""
        sentence = _REASON_SENTENCES.get(self.reason, _("it breaks the fiscal-code rules"))
        return _("Not a valid fiscal code: {reason}.", reason=sentence)


def compute_check_character(body: str) -> str:
    """Compute the check character of the first 15 characters of a fiscal code.

    Args:
        body: Fifteen upper-case letters or digits (omocodic letters included).

    Returns:
        The 16th character, a letter A-Z.

    Raises:
        ValueError: If ``body`` is not 15 letters A-Z or digits.

    >>> compute_check_character("RSSMRA85T10A562")
    'S'
    """
    if len(body) != _LENGTH - 1 or not set(body) <= _ALPHABET:
        msg = f"expected 15 letters A-Z or digits, got {body!r}"
        raise ValueError(msg)
    total = 0
    for position, char in enumerate(body):
        index = int(char) if char.isdigit() else ord(char) - ord("A")
        total += _ODD_VALUES[index] if position % 2 == 0 else index
    return string.ascii_uppercase[total % 26]


def _decode(chars: str) -> int:
    return int(chars.translate(_DECODE_OMOCODIA))


def _day_of_month(code: str) -> int:
    raw_day = _decode(code[9:11])
    return raw_day - _WOMEN_DAY_OFFSET if raw_day > _WOMEN_DAY_OFFSET else raw_day


def _month(code: str) -> int:
    return MONTH_LETTERS.index(code[_MONTH_POSITION]) + 1


def _fail(reason: str, detail: str) -> FiscalCodeError:
    return FiscalCodeError(reason, f"Invalid fiscal code: {detail}.")


def _validate(code: str) -> None:
    """Raise :class:`FiscalCodeError` unless ``code`` is a canonical fiscal code."""
    if len(code) != _LENGTH:
        raise _fail("length", f"expected 16 characters, got {len(code)}")
    for char in code:
        if char not in _ALPHABET:
            hint = " (use FiscalCode.parse to upper-case)" if char.isalpha() else ""
            raise _fail("characters", f"{char!r} is not an upper-case letter A-Z or a digit{hint}")
    for position in _LETTER_POSITIONS:
        if code[position] not in _LETTERS:
            raise _fail(
                "format", f"character {position + 1} must be a letter, not {code[position]!r}"
            )
    for position in OMOCODIA_POSITIONS:
        char = code[position]
        if char not in _LETTERS:
            continue
        if char not in OMOCODIA_LETTERS:
            detail = f"character {position + 1} must be a digit or one of {OMOCODIA_LETTERS}"
            raise _fail("omocodia", f"{detail}, not {char!r}")
    month_letter = code[_MONTH_POSITION]
    if month_letter not in MONTH_LETTERS:
        raise _fail("month", f"{month_letter!r} is not a month letter ({MONTH_LETTERS})")
    _validate_day(code)
    expected = compute_check_character(code[:-1])
    if code[-1] != expected:
        raise _fail(
            "check_character", f"the check character is {code[-1]!r}, expected {expected!r}"
        )


def _validate_day(code: str) -> None:
    day = _day_of_month(code)
    month = _month(code)
    last_day = _DAYS_IN_MONTH[month - 1]
    # The century is unknown, so 29 February is allowed whenever the two-digit year is
    # divisible by 4 (00 included: 2000 was a leap year).
    if month == _FEBRUARY and _decode(code[6:8]) % 4 != 0:
        last_day = _LEAP_FEBRUARY_DAYS - 1
    if not 1 <= day <= last_day:
        detail = f"day {code[9:11]} is not a day of month {month} (women add 40)"
        raise _fail("day", detail)


def _check_value(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    _validate(value)


@attrs.frozen
class FiscalCode:
    """A valid Italian fiscal code: the key of a citizen (ID-2).

    ``value`` is canonical: 16 upper-case characters exactly as issued, omocodic letters
    preserved. The constructor runs the full check, so an invalid instance cannot exist;
    use :meth:`parse` or :meth:`check` on raw input.

    >>> FiscalCode("RSSMRA85T10A562S").birth_date(today=datetime.date(2025, 1, 1))
    datetime.date(1985, 12, 10)
    >>> FiscalCode.parse("RSSMRA85T10A56NH").is_omocode
    True
    """

    value: str = attrs.field(validator=_check_value)

    @classmethod
    def parse(cls, raw: str) -> FiscalCode:
        """Strip surrounding whitespace, upper-case, then validate.

        Raises:
            FiscalCodeError: If the result is not a valid fiscal code.

        >>> FiscalCode.parse("RSSMRA85T10A562X")
        Traceback (most recent call last):
        ...
        formlavoro_core.identity.fiscal_code.FiscalCodeError: Invalid fiscal code: ...
        """
        return cls(raw.strip().upper())

    @classmethod
    def check(cls, raw: str) -> Result[FiscalCode, InvalidFiscalCode]:
        """Like :meth:`parse`, returning ``Failure(InvalidFiscalCode)`` instead of raising.

        >>> FiscalCode.check("RSSMRA85T10A562").failure().reason
        'length'
        """
        try:
            return Success(cls.parse(raw))
        except FiscalCodeError as error:
            return Failure(InvalidFiscalCode(reason=error.reason))

    @property
    def is_omocode(self) -> bool:
        """Whether a letter replaces a digit in any of the seven numeric positions."""
        return any(self.value[position] in _LETTERS for position in OMOCODIA_POSITIONS)

    @property
    def gender(self) -> Literal["M", "F"]:
        """``"F"`` when 40 was added to the day of birth, ``"M"`` otherwise."""
        return "F" if _decode(self.value[9:11]) > _WOMEN_DAY_OFFSET else "M"

    @property
    def birthplace_code(self) -> str:
        """The cadastral (Belfiore) code of the birthplace, omocodia decoded (``D969``)."""
        return self.value[11] + self.value[12:15].translate(_DECODE_OMOCODIA)

    def birth_date(self, *, today: datetime.date) -> datetime.date:
        """The date of birth, in the latest century that puts it on or before ``today``.

        Raises:
            ValueError: If no such date exists (only for a ``today`` in the first centuries AD).

        >>> code = FiscalCode.parse("VRDLNE25A41D969F")
        >>> code.birth_date(today=datetime.date(2025, 1, 1))
        datetime.date(2025, 1, 1)
        >>> code.birth_date(today=datetime.date(2024, 12, 31))
        datetime.date(1925, 1, 1)
        """
        two_digit_year = _decode(self.value[6:8])
        month, day = _month(self.value), _day_of_month(self.value)
        year = today.year - (today.year - two_digit_year) % 100
        while year >= datetime.MINYEAR:
            # 29 February of a year 00 exists in 2000 but not in 1900: skip such centuries.
            if month != _FEBRUARY or day != _LEAP_FEBRUARY_DAYS or calendar.isleap(year):
                candidate = datetime.date(year, month, day)
                if candidate <= today:
                    return candidate
            year -= 100
        msg = f"no birth date of {self.value} falls on or before {today.isoformat()}"
        raise ValueError(msg)

    def __str__(self) -> str:
        return self.value


def stored_fiscal_code(value: object) -> FiscalCode:
    """The fiscal code a document written by the library holds, not checked again.

    For the trusted path of the document codec only (DESIGN.md "Reading fast"): the
    library stores a fiscal code only after :class:`FiscalCode` checked it. A value
    that is not 16 characters of text raises ``ValueError``, and the codec then reads
    the document strictly, which checks it in full.

    >>> stored_fiscal_code("RSSMRA85T10A562S") == FiscalCode("RSSMRA85T10A562S")
    True
    """
    if type(value) is not str or len(value) != _LENGTH:
        raise ValueError("not a fiscal code as the library stores it")
    code = object.__new__(FiscalCode)
    object.__setattr__(code, "value", value)
    return code
