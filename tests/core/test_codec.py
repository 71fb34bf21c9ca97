"""The codec at the edge: strict shapes, every mistake with its path, the classes' rules and codes.

Its round trips are in test_codec_round_trips.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from returns.result import Failure, Success

from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import (
    CvContent,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
)
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.reference import EducationLevel
from formlavoro_core.testing.strategies import cv_contents
from tests.core.codec_support import BOTH, DOCUMENTS, INPUT, problems

LATER = "2026-06-01T09:00:00+00:00"


# --- strict types ---------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("number", [3, 3.5])
def test_a_number_is_not_a_string(codec: Codec, number: float) -> None:
    outcome = codec.parse({"personal": {"given_name": number}}, CvContent)
    assert problems(outcome) == ["personal.given_name: expected a string"]


@BOTH
@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_is_not_an_integer(codec: Codec, flag: bool) -> None:
    outcome = codec.parse({"studies": [{"level": "bachelor", "year": flag}]}, CvContent)
    assert problems(outcome) == ["studies[0].year: expected an integer"]


@BOTH
def test_a_float_is_not_an_integer(codec: Codec) -> None:
    outcome = codec.parse({"studies": [{"level": "bachelor", "year": 2004.0}]}, CvContent)
    assert problems(outcome) == ["studies[0].year: expected an integer"]


@BOTH
@pytest.mark.parametrize("value", [1, 0, "true", "yes"])
def test_only_true_and_false_are_booleans(codec: Codec, value: object) -> None:
    outcome = codec.parse({"preferences": {"available_to_travel": value}}, CvContent)
    assert problems(outcome) == ["preferences.available_to_travel: expected true or false"]


@BOTH
@pytest.mark.parametrize("value", ["Via Roma", {"description": "x"}, 7])
def test_a_string_or_an_object_is_not_a_list(codec: Codec, value: object) -> None:
    outcome = codec.parse({"qualifications": {"associations": value}}, CvContent)
    assert problems(outcome) == ["qualifications.associations: expected a list"]


@BOTH
@pytest.mark.parametrize("value", [[], "cv", 1, None])
def test_a_record_must_be_an_object(codec: Codec, value: object) -> None:
    assert problems(codec.parse(value, CvContent)) == ["expected an object"]


@BOTH
def test_a_missing_required_field_is_reported_at_its_path(codec: Codec) -> None:
    outcome = codec.parse({"skills": [{"category": "it"}]}, CvContent)
    assert problems(outcome) == ["skills[0].description: required"]


# --- dates and times ------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize(
    "value", ["2026-03-01T09:00:00", "2026-03-01 09:00", "2026-03-01", "tomorrow", 1772355600]
)
def test_a_datetime_without_a_utc_offset_is_refused(codec: Codec, value: object) -> None:
    outcome = codec.parse({"published_at": value, "expires_at": LATER}, Publication)
    assert problems(outcome) == ["published_at: not a date and time with a UTC offset (ISO 8601)"]


@BOTH
@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("2026-03-01T09:00:00+01:00", dt.timedelta(hours=1)),
        ("2026-03-01T09:00:00-05:30", -dt.timedelta(hours=5, minutes=30)),
        ("2026-03-01T09:00:00Z", dt.timedelta(0)),
        ("2026-03-01T09:00:00.250+00:00", dt.timedelta(0)),
    ],
)
def test_a_datetime_with_an_offset_is_accepted_as_that_instant(
    codec: Codec, value: str, offset: dt.timedelta
) -> None:
    outcome = codec.parse({"published_at": value, "expires_at": LATER}, Publication)
    assert isinstance(outcome, Publication)
    assert outcome.published_at.utcoffset() == offset
    assert outcome.published_at == dt.datetime.fromisoformat(value)


@BOTH
def test_a_naive_datetime_object_is_refused_too(codec: Codec) -> None:
    naive = dt.datetime(2026, 3, 1, 9)  # noqa: DTZ001 - the point of the test
    outcome = codec.parse({"published_at": naive, "expires_at": LATER}, Publication)
    assert problems(outcome) == ["published_at: not a date and time with a UTC offset (ISO 8601)"]


@BOTH
def test_a_date_in_yyyy_mm_dd_is_accepted(codec: Codec) -> None:
    assert codec.parse({"start": "2024-02-29"}, Experience) == Experience(
        start=dt.date(2024, 2, 29)
    )


@BOTH
@pytest.mark.parametrize(
    "value",
    [
        "2026-3-1",
        "20260301",
        "01/03/2026",
        "2026-02-30",
        "2025-02-29",
        "2026-03-01T00:00:00",
        "2026-03-01T00:00:00+00:00",
        " 2026-03-01",
        20260301,
        dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    ],
)
def test_a_date_is_only_yyyy_mm_dd(codec: Codec, value: object) -> None:
    outcome = codec.parse({"start": value}, Experience)
    assert problems(outcome) == ["start: not a date (YYYY-MM-DD)"]


@BOTH
def test_an_iso_week_date_is_not_a_yyyy_mm_dd_date(codec: Codec) -> None:
    outcome = codec.parse({"start": "2026-W09-1"}, Experience)
    assert problems(outcome) == ["start: not a date (YYYY-MM-DD)"]


@BOTH
def test_dates_and_datetimes_are_written_in_iso_8601(codec: Codec) -> None:
    at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert codec.unstructure(Experience(start=dt.date(2019, 5, 1)))["start"] == "2019-05-01"
    written = codec.unstructure(Publication(published_at=at, expires_at=at))
    assert written["published_at"] == "2026-03-01T09:30:00+01:00"


# --- unknown keys, paths, enums, several mistakes -------------------------------------


@BOTH
def test_unknown_keys_are_refused_with_their_path(codec: Codec) -> None:
    outcome = codec.parse(
        {
            "personal": {"nickname": "Annina"},
            "experiences": [{}, {"salary": 1200}],
            "hobbies": ["chess"],
        },
        CvContent,
    )
    assert set(problems(outcome)) == {
        "personal.nickname: unknown field",
        "experiences[1].salary: unknown field",
        "hobbies: unknown field",
    }


@BOTH
def test_a_nested_mistake_is_located_by_field_and_index(codec: Codec) -> None:
    experiences = [{}, {"start": "2020-01-01"}, {"job_title": "Cuoca", "start": "maggio"}]
    outcome = codec.parse({"experiences": experiences}, CvContent)
    assert problems(outcome) == ["experiences[2].start: not a date (YYYY-MM-DD)"]


@BOTH
def test_a_wrong_enum_value_lists_the_allowed_ones(codec: Codec) -> None:
    outcome = codec.parse({"personal": {"gender": "X"}}, CvContent)
    assert problems(outcome) == ["personal.gender: not one of 'M', 'F'"]


@BOTH
def test_a_wrong_enum_value_in_a_list_is_located_by_its_index(codec: Codec) -> None:
    outcome = codec.parse({"qualifications": {"driving_licences": ["B", "Z9"]}}, CvContent)
    (problem,) = problems(outcome)
    assert problem.startswith("qualifications.driving_licences[1]: not one of ")
    assert "'B'" in problem
    assert "'AM'" in problem


@BOTH
def test_every_mistake_is_reported_at_once_in_document_order(codec: Codec) -> None:
    outcome = codec.parse(
        {
            "personal": {"given_name": 3, "birth_date": "10/12/1985"},
            "experiences": [{"start": "x"}, {"employer": ["Trattoria"]}],
            "studies": [{"level": "phd"}],
            "skills": "cooking",
            "preferences": {"available_to_travel": "yes"},
        },
        CvContent,
    )
    assert problems(outcome) == [
        "personal.given_name: expected a string",
        "personal.birth_date: not a date (YYYY-MM-DD)",
        "experiences[0].start: not a date (YYYY-MM-DD)",
        "experiences[1].employer: expected a string",
        f"studies[0].level: not one of {', '.join(repr(level.value) for level in EducationLevel)}",
        "skills: expected a list",
        "preferences.available_to_travel: expected true or false",
    ]


@BOTH
def test_structure_returns_the_same_outcome_as_a_result(codec: Codec) -> None:
    assert codec.structure({"start": "2020-01-01"}, Experience) == Success(
        Experience(start=dt.date(2020, 1, 1))
    )
    assert codec.structure({"start": 1}, Experience) == Failure(
        InvalidInput(problems=(Problem(path="start", message="not a date (YYYY-MM-DD)"),))
    )


def test_the_failure_message_lists_every_problem() -> None:
    outcome = INPUT.parse({"start": 1, "end": 2}, Experience)
    assert isinstance(outcome, InvalidInput)
    assert outcome.code == "input.invalid"
    assert outcome.message == (
        "The input has 2 problems: start: not a date (YYYY-MM-DD); end: not a date (YYYY-MM-DD)"
    )


# --- rules of the classes, and reference codes: input codec only -----------------------


def test_the_input_codec_runs_each_class_rules_with_their_path() -> None:
    data = {
        "personal": {"given_name": "   "},
        "experiences": [{}, {"start": "2021-01-01", "end": "2020-01-01"}],
    }
    assert problems(INPUT.parse(data, CvContent)) == [
        "personal.given_name: must not be blank (leave it out instead)",
        "experiences[1].end: before the start",
    ]
    assert isinstance(DOCUMENTS.parse(data, CvContent), CvContent)


def test_check_validates_a_value_built_in_python_like_input() -> None:
    content = CvContent(
        experiences=(Experience(start=dt.date(2021, 1, 1), end=dt.date(2020, 1, 1)),)
    )
    assert problems(INPUT.check(content)) == ["experiences[0].end: before the start"]
    assert DOCUMENTS.check(content) == content
    assert INPUT.check(CvContent()) == CvContent()


@BOTH
def test_point_10_check_reports_wrong_typed_fields_with_their_paths(codec: Codec) -> None:
    """Point 10: a wrong-typed field is a problem with its path, never an exception."""
    assert problems(codec.check(LanguageSkill(language="en", level="B2"))) == [  # type: ignore[arg-type]
        "level: not one of 'elementary', 'pre_intermediate', 'intermediate', "
        "'post_intermediate', 'advanced', 'native'"
    ]
    content = CvContent(
        personal=PersonalData(given_name=7, birth_date="1985-12-10", residence="Genova"),  # type: ignore[arg-type]
        experiences=[Experience(start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))],  # type: ignore[arg-type]
        studies=(None,),  # type: ignore[arg-type]
        languages="en",  # type: ignore[arg-type]
        preferences=Preferences(professions=("5.2.2.1.0", 5), available_to_travel="yes"),  # type: ignore[arg-type]
    )
    assert problems(codec.check(content)) == [
        "personal.given_name: expected a string",
        "personal.residence: expected an object",
        "experiences[0].start: not a date (YYYY-MM-DD)",
        "studies[0]: expected an object",
        "languages: expected a list",
        "preferences.professions[1]: expected a string",
        "preferences.available_to_travel: expected true or false",
    ]


@BOTH
@settings(max_examples=50)
@given(content=cv_contents())
def test_check_gives_back_every_valid_value_unchanged(codec: Codec, content: CvContent) -> None:
    """Checking by what each field holds agrees with the codec on well-typed values."""
    assert codec.check(content) == content


def test_the_input_codec_refuses_unknown_reference_codes_with_their_path() -> None:
    outcome = INPUT.parse(
        {
            "personal": {"residence": {"municipality": "Z999"}},
            "experiences": [{"profession": "9.9.9.9.9"}],
            "preferences": {"professions": ["5.2.2.1.0"], "sectors": ["I", "99"]},
        },
        CvContent,
    )
    assert problems(outcome) == [
        "personal.residence.municipality: unknown municipality code",
        "experiences[0].profession: unknown ISTAT CP2021 profession code",
        "preferences.sectors[1]: unknown ATECO 2025 code",
    ]


def test_the_document_codec_reads_codes_without_consulting_reference_data() -> None:
    data = {
        "personal": {"residence": {"municipality": "Z999"}},
        "experiences": [{"profession": "9.9.9.9.9"}],
        "preferences": {"sectors": ["99"]},
    }
    content = DOCUMENTS.parse(data, CvContent)
    assert isinstance(content, CvContent)
    assert content.experiences[0].profession == "9.9.9.9.9"
    assert content.preferences.sectors == ("99",)


def test_a_code_must_still_be_a_string_for_the_document_codec() -> None:
    outcome = DOCUMENTS.parse({"profession": 5}, Experience)
    assert problems(outcome) == ["profession: expected a string"]


@pytest.mark.parametrize(("given", "canonical"), [("i", "I"), (" I ", "I"), ("56", "56")])
def test_the_input_codec_returns_canonical_sector_codes(given: str, canonical: str) -> None:
    preferences = INPUT.parse({"sectors": [given]}, Preferences)
    assert isinstance(preferences, Preferences)
    assert preferences.sectors == (canonical,)


def test_the_input_codec_returns_canonical_municipality_codes() -> None:
    content = INPUT.parse({"personal": {"residence": {"municipality": "d969"}}}, CvContent)
    assert isinstance(content, CvContent)
    assert content.personal.residence is not None
    assert content.personal.residence.municipality == "D969"
