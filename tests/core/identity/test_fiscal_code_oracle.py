"""ID-2: the fiscal-code rules cross-checked against python-codicefiscale (the oracle).

What the oracle checks that we deliberately do not: that the birthplace code names a
municipality or country existing at the date of birth. That is reference data (the
municipalities port), not part of the value object, so ``A000`` is a valid birthplace
here. The oracle also resolves the century with the system clock; every comparison
below is made clock-independent (dates far from any century boundary, a fixed
``today`` for us, and only year-of-century, month and day read from the oracle).
"""

from __future__ import annotations

import datetime
import json
import string
from pathlib import Path
from typing import Literal

import attrs
import codicefiscale
from codicefiscale import codicefiscale as oracle
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure

from formlavoro_core.identity.fiscal_code import (
    MONTH_LETTERS,
    OMOCODIA_LETTERS,
    OMOCODIA_POSITIONS,
    FiscalCode,
    InvalidFiscalCode,
    compute_check_character,
)
from formlavoro_core.testing.strategies import fiscal_codes
from tests.core.identity.fiscal_code_support import TODAY

# Births generated for the oracle fall in 1930-2010, so with TODAY our century
# resolution is unambiguous and equals the generated date.
BIRTH_DATES = st.dates(datetime.date(1930, 1, 1), datetime.date(2010, 12, 31))


def _old_active_municipalities() -> list[str]:
    """Codes of municipalities still active and created before 1920: any date works."""
    path = Path(codicefiscale.__file__).parent / "data" / "municipalities.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    return sorted(
        {
            record["code"]
            for record in records
            if record["active"] and "" < record["date_created"] < "1920"
        }
    )


OLD_MUNICIPALITIES = _old_active_municipalities()


@attrs.frozen(kw_only=True)
class Person:
    """What the oracle encodes into a fiscal code."""

    surname: str
    name: str
    gender: Literal["M", "F"]
    birth_date: datetime.date
    birthplace: str

    def encode_with_oracle(self) -> str:
        birth_date = self.birth_date.isoformat()
        return oracle.encode(self.surname, self.name, self.gender, birth_date, self.birthplace)


PERSON_NAMES = st.text(alphabet=string.ascii_letters + "àèéìòù' ", min_size=1, max_size=20)
PEOPLE = st.builds(
    Person,
    surname=PERSON_NAMES,
    name=PERSON_NAMES,
    gender=st.sampled_from(["M", "F"]),
    birth_date=BIRTH_DATES,
    birthplace=st.sampled_from(OLD_MUNICIPALITIES),
)


def _possible_days(month: int, two_digit_year: int) -> set[int]:
    last = (31, 29 if two_digit_year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    days = set(range(1, last[month - 1] + 1))
    return days | {day + 40 for day in days}


# --- cross-checks with the oracle (python-codicefiscale) ------------------------------


@given(body=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=15, max_size=15))
def test_the_check_character_agrees_with_the_oracle(body: str) -> None:
    assert compute_check_character(body) == oracle.encode_cin(body)


@given(person=PEOPLE, variant_index=st.integers(min_value=0, max_value=127))
def test_id_2_codes_encoded_by_the_oracle_and_all_their_omocodic_variants_are_accepted(
    person: Person, variant_index: int
) -> None:
    """ID-2: codes encoded by the oracle and all their omocodic variants are accepted."""
    encoded = person.encode_with_oracle()
    variants = oracle.decode(encoded)["omocodes"]
    assert variants[0] == encoded
    assert len(set(variants)) == 128
    for index, variant in enumerate(variants):
        code = FiscalCode.parse(variant)
        assert code.is_omocode == (index > 0)
        assert code.gender == person.gender
        assert code.birth_date(today=TODAY) == person.birth_date
        assert code.birthplace_code == person.birthplace
    chosen = variants[variant_index]
    decoded = oracle.decode(chosen)
    assert oracle.is_omocode(chosen) == FiscalCode(chosen).is_omocode
    assert decoded["gender"] == person.gender
    assert decoded["birthplace"]["code"] == person.birthplace


def _mutants(encoded: str) -> st.SearchStrategy[tuple[str, str]]:
    """Codes broken in exactly one rule, re-signed by the oracle, with our reason."""
    body, check = encoded[:15], encoded[15]
    two_digit_year, month = int(body[6:8]), MONTH_LETTERS.index(body[8]) + 1
    impossible_days = sorted(set(range(100)) - _possible_days(month, two_digit_year))
    non_omocodic_letters = sorted(set(string.ascii_uppercase) - set(OMOCODIA_LETTERS))

    def resigned(new_body: str) -> str:
        return new_body + oracle.encode_cin(new_body)

    def replace(position: int, text: str) -> str:
        return body[:position] + text + body[position + len(text) :]

    wrong_check = st.sampled_from(string.ascii_uppercase.replace(check, "")).map(
        lambda letter: (body + letter, "check_character")
    )
    wrong_month = st.sampled_from(sorted(set(string.ascii_uppercase) - set(MONTH_LETTERS))).map(
        lambda letter: (resigned(replace(8, letter)), "month")
    )
    wrong_day = st.sampled_from(impossible_days).map(
        lambda day: (resigned(replace(9, f"{day:02d}")), "day")
    )
    letter_in_digit_slot = st.tuples(
        st.sampled_from(OMOCODIA_POSITIONS), st.sampled_from(non_omocodic_letters)
    ).map(lambda pair: (resigned(replace(pair[0], pair[1])), "omocodia"))
    return st.one_of(wrong_check, wrong_month, wrong_day, letter_in_digit_slot)


@given(data=st.data(), person=PEOPLE)
def test_id_2_mutated_codes_are_refused_by_both_the_oracle_and_us(
    data: st.DataObject, person: Person
) -> None:
    """ID-2: mutated codes are refused by both the oracle and us."""
    mutant, reason = data.draw(_mutants(person.encode_with_oracle()))
    assert not oracle.is_valid(mutant)
    result = FiscalCode.check(mutant)
    assert result == Failure(InvalidFiscalCode(reason=reason))


@given(code=fiscal_codes(birthplaces=st.sampled_from(OLD_MUNICIPALITIES)))
def test_id_2_our_generated_codes_are_valid_for_the_oracle_with_a_real_birthplace(
    code: FiscalCode,
) -> None:
    """ID-2: our generated codes are valid for the oracle with a real birthplace."""
    assert oracle.is_valid(code.value)
    decoded = oracle.decode(code.value)
    assert oracle.is_omocode(code.value) == code.is_omocode
    assert decoded["gender"] == code.gender
    assert decoded["birthplace"]["code"] == code.birthplace_code
    ours = code.birth_date(today=TODAY)
    theirs: datetime.datetime = decoded["birthdate"]
    # The oracle's century comes from the clock: compare only what does not depend on it.
    assert (theirs.year % 100, theirs.month, theirs.day) == (ours.year % 100, ours.month, ours.day)
