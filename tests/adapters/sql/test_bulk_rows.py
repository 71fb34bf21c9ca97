"""The rows bulk loading prepares: the same document text ``add`` stores, any offer."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
from hypothesis import given, settings

from formlavoro_adapters.sql.bulk_rows import DocumentWriter, instant_text
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.types import sqlite_text
from formlavoro_core.offers.model import Offer, RequiredLanguage
from formlavoro_core.reference import LanguageLevel
from formlavoro_core.testing.marketplace_samples import sample_offer
from formlavoro_core.testing.search_strategies import offers

WRITE = DocumentWriter(Offer)


@settings(max_examples=200)
@given(offers())
def test_the_document_is_the_text_dump_writes(offer: Offer) -> None:
    stored = attrs.evolve(offer, version=1)
    assert WRITE(offer, version=1) == dump(stored)


def test_nested_records_and_instants_outside_utc_are_written_as_dump_writes_them() -> None:
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    offer = sample_offer(
        3,
        languages=(RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),),
        created_at=dt.datetime(2026, 2, 1, 10, 30, 0, 250, tzinfo=rome),
        closed_at=dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3))),
    )
    written = WRITE(offer, version=4)
    assert written == dump(attrs.evolve(offer, version=4))
    assert "+01:00" in written
    assert '"level":"intermediate"' in written


def test_instants_are_kept_as_the_column_type_keeps_them() -> None:
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    for instant in (
        dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 1, 9, 0, 0, 17, tzinfo=dt.UTC),
        dt.datetime(2026, 7, 1, 9, 0, tzinfo=rome),
    ):
        assert instant_text(instant) == sqlite_text(instant)
    assert instant_text(None) is None
