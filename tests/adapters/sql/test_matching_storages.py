"""Matching on memory, SQLite and PostgreSQL: the same top N (MA-1, MA-5), migration 7."""

from __future__ import annotations

import pathlib
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from formlavoro_adapters.sql import sqlite_storage, upgrade
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import DrivingLicence, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from tests.adapters.sql.every_storage import KINDS, portal_world
from tests.adapters.sql.workers.scene import sql_world
from tests.core.matching.people import published
from tests.support import World, ok

CODES = ("5.2.2.1.0", "5.2.2.4.0", "2.1.1.4.1")
PLACES = ("D969", "E463", "I480")

people = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(PLACES), st.booleans(), st.booleans()),
    min_size=1,
    max_size=7,
)
offers = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(PLACES), st.booleans(), st.booleans()),
    min_size=1,
    max_size=5,
)


def _fill(
    w: World, who: list[tuple[str, str, bool, bool]], what: list[tuple[str, str, bool, bool]]
) -> tuple[list[object], list[object]]:
    citizens = []
    for number, (code, place, licence, publish) in enumerate(who, start=1):
        licences = (DrivingLicence.B,) if licence else ()
        citizen, _ = published(
            w, number, profession=code, municipality=place, licences=licences, publish=publish
        )
        citizens.append(citizen)
    company = w.company()
    made = []
    for code, place, licence, english in what:
        made.append(
            w.offer(
                company,
                profession=ProfessionCode(code),
                workplace=MunicipalityCode(place),
                driving_licences=(DrivingLicence.B,) if licence else (),
                languages=(RequiredLanguage(language="en", level=LanguageLevel.ADVANCED),)
                if english
                else (),
            )
        )
    rankings: list[object] = [
        [
            (c.cv.id, c.score)
            for c in ok(w.portal.matching.rank_candidates(company, offer.id, limit=3)).candidates
        ]
        for offer in made
    ]
    suggestions: list[object] = [
        [(s.offer.id, s.score) for s in ok(w.portal.matching.suggest_offers(citizen, limit=3))]
        for citizen in citizens
    ]
    return rankings, suggestions


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(who=people, what=offers)
def test_ma_1_ma_5_every_storage_ranks_the_same_top_n(
    request: pytest.FixtureRequest,
    who: list[tuple[str, str, bool, bool]],
    what: list[tuple[str, str, bool, bool]],
) -> None:
    """MA-1, MA-5: memory, SQLite and PostgreSQL give the same top N, in both directions."""
    answers = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in KINDS:
            place = pathlib.Path(folder) / kind
            place.mkdir()
            try:
                w = portal_world(kind, request, place)
            except pytest.skip.Exception:
                continue
            answers.append(_fill(w, who, what))
    assert len(answers) >= 2  # memory and SQLite at least
    assert all(answer == answers[0] for answer in answers)


def test_ma_1_migration_7_gives_stored_cvs_and_offers_their_profiles(
    tmp_path: pathlib.Path,
) -> None:
    """MA-1: a database made before matching ranks its CVs and offers after the upgrade."""
    storage = sqlite_storage(tmp_path / "portal.db", synchronous="OFF")
    try:
        w = sql_world(storage, tmp_path / "files")
        _, cv = published(w, 1)
        citizen, _ = published(w, 2, profession="5.2.2.4.0")
        company = w.company()
        offer = w.offer(company)
        before = ok(w.portal.matching.rank_candidates(company, offer.id)).candidates
        with storage.engine.begin() as connection:
            for table in ("ranking_runs", "cv_profile_codes", "cv_profiles", "offer_profiles"):
                connection.execute(text(f"DROP TABLE {table}"))
            connection.execute(text("DELETE FROM formlavoro_schema WHERE version = 7"))
        assert upgrade(storage.engine) == [7]
        after = ok(w.portal.matching.rank_candidates(company, offer.id)).candidates
        assert [c.cv.id for c in after] == [c.cv.id for c in before]
        assert after[0].cv.id == cv.id
        assert [s.offer.id for s in ok(w.portal.matching.suggest_offers(citizen))] == [offer.id]
    finally:
        storage.dispose()
