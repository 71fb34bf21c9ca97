"""ID-2: one citizen is keyed by a validated fiscal code (codice fiscale).

Example-based tests pin the rules here; hypothesis properties cross-check them against
the python-codicefiscale package (the oracle) in test_fiscal_code_oracle.py.
"""

from __future__ import annotations

import datetime
import pickle

import attrs
import pytest
from codicefiscale import codicefiscale as oracle
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from formlavoro_core.identity.fiscal_code import (
    OMOCODIA_LETTERS,
    OMOCODIA_POSITIONS,
    FiscalCode,
    FiscalCodeError,
    InvalidFiscalCode,
)
from formlavoro_core.testing.strategies import fiscal_codes
from tests.core.identity.fiscal_code_support import TODAY, signed

# --- well-known examples -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "gender", "birth_date", "birthplace"),
    [
        ("RSSMRA85T10A562S", "M", datetime.date(1985, 12, 10), "A562"),
        ("BNCGLI90E62D969Y", "F", datetime.date(1990, 5, 22), "D969"),
        ("VRDLCU00B29F205N", "M", datetime.date(2000, 2, 29), "F205"),
        ("NRENNA00A41Z404Y", "F", datetime.date(2000, 1, 1), "Z404"),
        ("BNCGLIVLESNDVSVP", "F", datetime.date(1990, 5, 22), "D969"),
    ],
)
def test_id_2_well_known_codes_decode_gender_birth_date_and_birthplace(
    raw: str, gender: str, birth_date: datetime.date, birthplace: str
) -> None:
    """ID-2: well known codes decode gender birth date and birthplace."""
    code = FiscalCode.parse(raw)
    assert code.value == raw
    assert str(code) == raw
    assert code.gender == gender
    assert code.birth_date(today=TODAY) == birth_date
    assert code.birthplace_code == birthplace


def test_an_invalid_fiscal_code_instance_cannot_exist() -> None:
    with pytest.raises(FiscalCodeError):
        FiscalCode("RSSMRA85T10A562X")
    with pytest.raises(FiscalCodeError):
        attrs.evolve(FiscalCode("RSSMRA85T10A562S"), value="RSSMRA85T10A562X")


def test_the_constructor_takes_only_the_canonical_upper_case_form() -> None:
    with pytest.raises(FiscalCodeError, match="upper-case") as raised:
        FiscalCode("rssmra85t10a562s")
    assert raised.value.reason == "characters"


# --- every reason --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "length"),
        ("RSSMRA85T10A562", "length"),
        ("RSSMRA85T10A562SS", "length"),
        ("RSS MRA85T10A562S", "length"),
        ("RSSMRA85T10A562!", "characters"),
        ("RSSMRA85T1-A562S", "characters"),
        ("RSSMRÀ85T10A562S", "characters"),
        ("R5SMRA85T10A562S", "format"),
        ("RSSMR485T10A562S", "format"),
        ("RSSMRA85T101562S", "format"),
        ("RSSMRA85T10A5620", "format"),
        (signed("RSSMRA85F10A562"), "month"),
        (signed("RSSMRA85710A562"), "month"),
        (signed("RSSMRA85T00A562"), "day"),
        (signed("RSSMRA85T32A562"), "day"),
        (signed("RSSMRA85T40A562"), "day"),
        (signed("RSSMRA85T72A562"), "day"),
        (signed("RSSMRA85D31A562"), "day"),
        (signed("RSSMRA85B30A562"), "day"),
        (signed("RSSMRA85B29A562"), "day"),
        (signed("RSSMRA8AT10A562"), "omocodia"),
        (signed("RSSMRA85T1XA562"), "omocodia"),
        (signed("RSSMRA85T10AW62"), "omocodia"),
        ("RSSMRA85T10A562X", "check_character"),
        ("RSSMRA85T10A56NS", "check_character"),
    ],
)
def test_each_broken_rule_is_refused_with_its_stable_reason(raw: str, reason: str) -> None:
    with pytest.raises(FiscalCodeError) as raised:
        FiscalCode.parse(raw)
    assert raised.value.reason == reason
    assert str(raised.value).startswith("Invalid fiscal code: ")


@pytest.mark.parametrize("raw", [signed("RSSMRA84B29A562"), signed("RSSMRA00B69A562")])
def test_29_february_is_allowed_when_the_two_digit_year_is_divisible_by_4(raw: str) -> None:
    assert FiscalCode.parse(raw).birth_date(today=TODAY).day == 29


def test_the_fiscal_code_error_is_a_value_error_that_survives_pickling() -> None:
    error = FiscalCodeError("month", "Invalid fiscal code: bad month.")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes, just made
    assert isinstance(copy, FiscalCodeError)
    assert isinstance(copy, ValueError)
    assert (copy.reason, str(copy)) == ("month", "Invalid fiscal code: bad month.")


# --- check() as a Result -------------------------------------------------------------


def test_check_returns_success_with_the_normalised_code() -> None:
    assert FiscalCode.check(" rssmra85t10a562s\n") == Success(FiscalCode("RSSMRA85T10A562S"))


def test_check_returns_a_failure_with_the_stable_code_and_the_reason_not_the_input() -> None:
    """SEC-5: the failure does not carry the (near-valid) fiscal code it was given."""
    result = FiscalCode.check("RSSMRA85T10A562X")
    assert result == Failure(InvalidFiscalCode(reason="check_character"))
    error = result.failure()
    assert error.code == "fiscal_code.invalid"
    assert error.message.startswith("Not a valid fiscal code: ")
    assert error.to_dict() == {
        "code": "fiscal_code.invalid",
        "message": error.message,
        "reason": "check_character",
    }


@pytest.mark.parametrize(
    "reason", ["length", "characters", "format", "month", "day", "omocodia", "check_character"]
)
def test_every_reason_has_its_own_helpful_message(reason: str) -> None:
    message = InvalidFiscalCode(reason=reason).message
    assert message.endswith(".")
    assert "breaks the fiscal-code rules" not in message


# --- normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["RSSMRA85T10A562S", "rssmra85t10a562s", "  RssMra85t10a562S\t\n", "\u00a0RSSMRA85T10A562S "],
)
def test_parse_strips_surrounding_whitespace_and_upper_cases(raw: str) -> None:
    assert FiscalCode.parse(raw) == FiscalCode("RSSMRA85T10A562S")


@pytest.mark.parametrize(
    "raw", ["RSS MRA 85T10 A562S", "RSS-MRA-85T10-A562S", "RSSMRA85T10A562S.", "RSSMRÀ85T10A562S"]
)
def test_inner_separators_and_accents_are_refused_although_the_oracle_slugifies_them(
    raw: str,
) -> None:
    # A deliberate difference: the oracle runs the input through slugify, we only strip
    # and upper-case, so a typo never silently becomes someone's key.
    assert oracle.is_valid(raw)
    assert isinstance(FiscalCode.check(raw), Failure)


# --- birth_date century resolution ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 1, 1), datetime.date(1985, 12, 10)),
        (datetime.date(2085, 12, 9), datetime.date(1985, 12, 10)),
        (datetime.date(2085, 12, 10), datetime.date(2085, 12, 10)),
        (datetime.date(1985, 12, 10), datetime.date(1985, 12, 10)),
        (datetime.date(1985, 12, 9), datetime.date(1885, 12, 10)),
    ],
)
def test_birth_date_is_the_latest_date_not_after_today(
    today: datetime.date, expected: datetime.date
) -> None:
    assert FiscalCode("RSSMRA85T10A562S").birth_date(today=today) == expected


def test_birth_date_skips_centuries_in_which_29_february_of_year_00_does_not_exist() -> None:
    code = FiscalCode("VRDLCU00B29F205N")
    assert code.birth_date(today=datetime.date(2000, 3, 1)) == datetime.date(2000, 2, 29)
    # 1900, 1800 and 1700 were not leap years: the latest 29 February is in 1600.
    assert code.birth_date(today=datetime.date(2000, 2, 28)) == datetime.date(1600, 2, 29)


def test_birth_date_raises_when_no_date_falls_on_or_before_today() -> None:
    with pytest.raises(ValueError, match="on or before"):
        FiscalCode("RSSMRA85T10A562S").birth_date(today=datetime.date(50, 1, 1))


@given(data=st.data(), birth_date=st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)))
def test_birth_date_is_recovered_for_any_today_within_the_next_hundred_years(
    data: st.DataObject, birth_date: datetime.date
) -> None:
    code = data.draw(fiscal_codes(birth_dates=st.just(birth_date)))
    next_century = datetime.date(birth_date.year + 100, birth_date.month, min(birth_date.day, 28))
    today = data.draw(st.dates(birth_date, next_century - datetime.timedelta(days=1)))
    assert code.birth_date(today=today) == birth_date


# --- omocodia ------------------------------------------------------------------------


def test_a_code_substituting_only_an_inner_digit_is_accepted_as_omocodic() -> None:
    # The decree says substitutions start from the rightmost digit, but codes such as
    # this shape (only position 13 substituted) are issued; see the module docstring.
    code = FiscalCode.parse(signed("RSSMRA85T10A56N"))
    assert code.is_omocode
    assert code.birthplace_code == "A562"
    assert code.birth_date(today=TODAY) == datetime.date(1985, 12, 10)


def test_omocodic_variants_are_distinct_citizens_and_keep_their_letters() -> None:
    base = FiscalCode("BNCGLI90E62D969Y")
    variant = FiscalCode.parse("bncglivlesndvsvp")
    assert not base.is_omocode
    assert variant.value == "BNCGLIVLESNDVSVP"
    assert variant != base
    assert (variant.gender, variant.birthplace_code) == (base.gender, base.birthplace_code)


@given(code=fiscal_codes(omocodic=False), substituted=st.sets(st.sampled_from(OMOCODIA_POSITIONS)))
def test_any_subset_of_the_seven_numeric_positions_may_be_substituted(
    code: FiscalCode, substituted: set[int]
) -> None:
    chars = list(code.value[:15])
    for position in substituted:
        chars[position] = OMOCODIA_LETTERS[int(chars[position])]
    variant = FiscalCode(signed("".join(chars)))
    assert variant.is_omocode == bool(substituted)
    assert variant.gender == code.gender
    assert variant.birthplace_code == code.birthplace_code
    assert variant.birth_date(today=TODAY) == code.birth_date(today=TODAY)


@given(code=st.from_type(FiscalCode))
def test_the_registered_strategy_round_trips_through_parse(code: FiscalCode) -> None:
    assert FiscalCode.parse(f" {code.value.lower()} ") == code


@given(code=fiscal_codes(omocodic=True))
def test_the_omocodic_strategy_yields_only_omocodic_codes(code: FiscalCode) -> None:
    assert code.is_omocode
