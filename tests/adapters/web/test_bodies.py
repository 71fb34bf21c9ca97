"""JSON bodies through the codec: every mistake with its path, never an exception."""

from __future__ import annotations

from formlavoro_adapters.web import read_json, write_json
from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import Experience
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import ProvinceCode
from tests.support import failure, ok, reference

CODEC = Codec.for_input(reference())


def test_a_value_written_as_json_reads_back_the_same() -> None:
    query = OfferQuery(
        car_required=True, contract_types=(ContractType.PERMANENT,), province=ProvinceCode("GE")
    )
    assert ok(read_json(write_json(query, CODEC), OfferQuery, CODEC)) == query


def test_mistakes_in_a_body_come_back_with_their_paths() -> None:
    error = failure(
        read_json(b'{"job_title": 3, "start": "2026-02-30", "extra": 1}', Experience, CODEC)
    )
    assert error.code == "input.invalid"
    paths = {problem.path for problem in error.problems}  # type: ignore[attr-defined]
    assert {"job_title", "start", "extra"} <= paths


def test_a_body_that_is_not_json_is_an_input_failure() -> None:
    for body in (b"{", b"\xff\xfe", "[" * 100_000, b" ", b"x" * 1_000_001):
        assert failure(read_json(body, OfferQuery, CODEC)).code == "input.invalid"


def test_reference_codes_are_checked_by_the_input_codec() -> None:
    error = failure(read_json('{"profession": "9.9.9.9.9"}', OfferQuery, CODEC))
    assert [problem.path for problem in error.problems] == ["profession"]  # type: ignore[attr-defined]
