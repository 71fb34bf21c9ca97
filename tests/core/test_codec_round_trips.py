"""The codec's round trips: what it writes reads back the same, also on the trusted path."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from formlavoro_core.codec import Codec, trusted_structurer
from formlavoro_core.cv.model import Cv, CvContent
from formlavoro_core.identity.model import Account
from formlavoro_core.offers.model import Offer
from formlavoro_core.testing.marketplace_samples import sample_offer
from formlavoro_core.testing.search_strategies import offers
from formlavoro_core.testing.storage_contract import sample_account, sample_cv
from formlavoro_core.testing.strategies import cv_contents
from tests.core.codec_support import BOTH, DOCUMENTS, problems

# --- round trips ----------------------------------------------------------------------


@BOTH
@settings(max_examples=50)
@given(content=cv_contents())
def test_every_valid_cv_content_survives_a_round_trip(codec: Codec, content: CvContent) -> None:
    assert codec.parse(codec.unstructure(content), CvContent) == content


@pytest.mark.parametrize(
    "expires_at", [None, dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)], ids=["draft", "published"]
)
def test_a_stored_cv_survives_a_round_trip_through_the_document_codec(
    expires_at: dt.datetime | None,
) -> None:
    cv = sample_cv(sample_account().id, expires_at=expires_at)
    assert DOCUMENTS.parse(DOCUMENTS.unstructure(cv), Cv) == cv


@pytest.mark.parametrize("username", [None, "anna.rossi"])
@pytest.mark.parametrize("number", [0, 1, 2])
def test_a_stored_account_survives_a_round_trip_through_the_document_codec(
    number: int, username: str | None
) -> None:
    account = sample_account(number, username=username)
    assert DOCUMENTS.parse(DOCUMENTS.unstructure(account), Account) == account


# -- the trusted path for documents the library wrote (DESIGN.md "Reading fast") ------------

TRUSTED = Codec.for_trusted_documents()


@settings(max_examples=40)
@given(cv_contents())
def test_trusted_documents_decode_what_the_library_wrote_exactly(content: CvContent) -> None:
    cv = sample_cv(sample_account(0).id)
    for value in (cv, sample_account(0), content):
        assert TRUSTED.parse(DOCUMENTS.unstructure(value), type(value)) == value


def test_a_trusted_document_that_does_not_decode_is_reported_by_the_strict_codec() -> None:
    data = DOCUMENTS.unstructure(sample_account(0))
    wrong = {**data, "created_at": "soon", "colour": "blue"}
    assert problems(TRUSTED.parse(wrong, Account)) == problems(DOCUMENTS.parse(wrong, Account))
    assert "colour: unknown field" in problems(TRUSTED.parse(wrong, Account))


@settings(max_examples=40)
@given(offers())
def test_trusted_offers_decode_to_what_the_strict_codec_reads(offer: Offer) -> None:
    """DESIGN.md "Reading fast": the builder made per class answers as the strict codec."""
    data = DOCUMENTS.unstructure(offer)
    assert TRUSTED.parse(data, Offer) == DOCUMENTS.parse(data, Offer) == offer


def test_a_trusted_offer_with_a_field_missing_or_unknown_is_reported_strictly() -> None:
    data = DOCUMENTS.unstructure(sample_offer(1))
    missing = {key: value for key, value in data.items() if key != "title"}
    unknown = {**data, "status": "forgotten"}
    extra = {**data, "colour": "blue"}
    for wrong in (missing, unknown, extra):
        assert problems(TRUSTED.parse(wrong, Offer)) == problems(DOCUMENTS.parse(wrong, Offer))
    assert problems(TRUSTED.parse(missing, Offer)) == ["title: required"]
    assert "colour: unknown field" in problems(TRUSTED.parse(extra, Offer))
    assert problems(TRUSTED.parse(unknown, Offer))[0].startswith("status: not one of")


def test_the_trusted_path_builds_what_the_library_wrote_without_falling_back() -> None:
    """DESIGN.md "Reading fast": accounts, CVs (fiscal codes) and offers are built by the
    trusted builders themselves, which raise rather than fall back."""
    trusted = trusted_structurer()
    account = sample_account(0)
    for value in (account, sample_cv(account.id), sample_offer(1)):
        assert trusted.structure(DOCUMENTS.unstructure(value), type(value)) == value


@pytest.mark.parametrize("stored", ["RSSMRA85T10A562", 1234567890123456, None])
def test_a_stored_fiscal_code_not_in_the_library_s_form_is_reported_strictly(
    stored: object,
) -> None:
    """The trusted path takes a stored fiscal code of 16 characters as it is (the library
    checked it before storing it); anything else sends the document to the strict codec,
    whose problem names the field and never echoes the characters (SEC-5)."""
    data = {**DOCUMENTS.unstructure(sample_account(0)), "fiscal_code": stored}
    found = problems(TRUSTED.parse(data, Account))
    assert found == problems(DOCUMENTS.parse(data, Account))
    assert len(found) == 1
    assert found[0].startswith("fiscal_code:")
    assert "RSSMRA" not in found[0]
    assert "1234567890" not in found[0]


def test_a_stored_fiscal_code_reads_back_equal_and_usable() -> None:
    account = sample_account(0)
    read = TRUSTED.parse(DOCUMENTS.unstructure(account), Account)
    assert isinstance(read, Account)
    assert read.fiscal_code == account.fiscal_code
    assert hash(read.fiscal_code) == hash(account.fiscal_code)
    assert read.fiscal_code.birth_date(today=dt.date(2025, 1, 1)) == (
        account.fiscal_code.birth_date(today=dt.date(2025, 1, 1))
    )
