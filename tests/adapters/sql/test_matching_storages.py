"""Matching on memory, SQLite and PostgreSQL: the same top N (MA-1, MA-5), migration 8."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.bulk_cvs import load_cvs
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_core.matching.profiles import CvProfile
from formlavoro_core.matching.services import rank_offers
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import DrivingLicence, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from tests.adapters.sql.every_storage import KINDS, portal_world
from tests.adapters.sql.workers.scene import fiscal_code, sql_world
from tests.core.matching.people import published
from tests.support import World, ok, world

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


def test_ma_1_migration_8_gives_stored_cvs_and_offers_their_profiles(
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
            for table in ("cv_profile_codes", "cv_profiles", "offer_profiles"):
                connection.execute(text(f"DROP TABLE {table}"))
        matching = next(m for m in MIGRATIONS if m.name == "matching")
        with storage.engine.begin() as connection:  # what upgrading to it does
            for made in matching.tables:
                made.create(connection)
            matching.then(connection)
        after = ok(w.portal.matching.rank_candidates(company, offer.id)).candidates
        assert [c.cv.id for c in after] == [c.cv.id for c in before]
        assert after[0].cv.id == cv.id
        assert [s.offer.id for s in ok(w.portal.matching.suggest_offers(citizen))] == [offer.id]
    finally:
        storage.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ma_1_bulk_loaded_cvs_and_offers_rank_as_added_ones(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """MA-1: ``load_cvs`` and ``load_offers`` write the profiles ranking reads."""
    w = world()
    cvs = [
        published(w, number, profession=code, municipality=place)[1]
        for number, (code, place) in enumerate(
            [("5.2.2.1.0", "D969"), ("5.2.2.4.0", "E463"), ("5.2.2.1.0", "I480")], start=1
        )
    ]
    citizen = w.login(fiscal_code(1))
    company = w.company()
    made = [w.offer(company), w.offer(company, profession=ProfessionCode("5.2.2.4.0"))]
    expected = ok(w.portal.matching.rank_candidates(company, made[0].id)).candidates
    suggested = ok(w.portal.matching.suggest_offers(citizen))
    bulk = portal_world(kind, request, tmp_path)
    storage = cast("SqlStorage", bulk.storage)
    assert load_cvs(storage, [attrs.evolve(cv, version=0) for cv in cvs]) == len(cvs)
    assert load_offers(storage, [attrs.evolve(o, version=0) for o in made]) == len(made)
    found = ok(bulk.portal.matching.rank_candidates(company, made[0].id)).candidates
    assert [(c.cv.id, c.score) for c in found] == [(c.cv.id, c.score) for c in expected]
    with storage() as uow:
        profile = CvProfile.of(cvs[0])
        ranked = rank_offers_for(uow, bulk, profile)
    assert ranked == [(s.offer.id, s.score) for s in suggested]


def rank_offers_for(uow: Any, w: World, profile: CvProfile) -> list[tuple[object, object]]:
    """The offers matching ranks for ``profile`` on ``w``'s storage."""
    deps = w.portal.matching._deps
    found = rank_offers(deps, uow, profile, now=w.clock.now(), limit=20)
    return [(offer.id, score) for offer, score in found]
