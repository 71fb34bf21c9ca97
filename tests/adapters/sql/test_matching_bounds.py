"""Bounds computed by SQLite and PostgreSQL are the core's definition (MA-1), migrations 10-11."""

from __future__ import annotations

import datetime as dt
import pathlib
import random
from typing import Any, cast

import pytest
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.bulk_cvs import load_cvs
from formlavoro_adapters.sql.matching import cv_profile_rows
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_core.cv.model import (
    Address,
    Cv,
    Entry,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Study,
)
from formlavoro_core.ids import AccountId, CvId, EntryId, OfferId
from formlavoro_core.matching.bounds import cv_bound, cv_facts
from formlavoro_core.matching.offer_bounds import offer_bound, offer_facts
from formlavoro_core.matching.policy import MatchingPolicy
from formlavoro_core.matching.profiles import CvProfile, OfferProfile, cv_in_cell, offer_in_cell
from formlavoro_core.matching.ranking import cv_tiers, offer_tiers
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from tests.adapters.sql.every_storage import portal_world
from tests.adapters.sql.workers.scene import sql_world
from tests.core.matching.people import published
from tests.support import ok

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
CODES = ("5.2.2.1.0", "5.2.2.1.9", "5.2.2.4.0", "5.2.1.1.0", "5.1.1.1.0", "2.1.1.4.1")
PLACES = (("D969", "GE"), ("A001", "GE"), ("E463", "SP"), ("F205", "MI"), (None, None))
REGION = (ProvinceCode("GE"), ProvinceCode("SP"), ProvinceCode("SV"))


def _cvs(count: int) -> list[Cv]:
    """CVs with every fact a bound reads, drawn from a fixed seed."""
    rng = random.Random(14)  # noqa: S311 - test data, not secrets
    made = []
    for number in range(count):
        municipality, province = rng.choice(PLACES)
        codes = rng.sample(CODES, rng.randint(0, 2))
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2400))
        made.append(
            Cv(
                id=CvId(f"cv-{number:04d}"),
                owner=AccountId(f"account-{number:04d}"),
                personal=PersonalData(
                    residence=Address(municipality=MunicipalityCode(municipality))
                    if municipality
                    else None
                ),
                experiences=tuple(
                    Entry(
                        id=EntryId(f"e{index}"),
                        value=Experience(
                            job_title="Lavoro",
                            start=start,
                            end=None
                            if rng.random() < 0.4
                            else start + dt.timedelta(days=rng.randint(-10, 900)),
                            profession=ProfessionCode(rng.choice(codes)),
                        ),
                    )
                    for index in range(rng.randint(0, 2) if codes else 0)
                ),
                studies=(
                    Entry(id=EntryId("s"), value=Study(level=rng.choice(list(EducationLevel)))),
                )
                if rng.random() < 0.8
                else (),
                languages=tuple(
                    Entry(
                        id=EntryId(f"l{code}"),
                        value=LanguageSkill(language=code, level=rng.choice(list(LanguageLevel))),
                    )
                    for code in rng.sample(("en", "fr", "de"), rng.randint(0, 2))
                ),
                qualifications=Qualifications(
                    driving_licences=tuple(
                        rng.sample((DrivingLicence.B, DrivingLicence.C), rng.randint(0, 2))
                    ),
                    ministry=tuple(
                        rng.sample((MinistryQualification.BOAT_LICENCE,), rng.randint(0, 1))
                    ),
                ),
                preferences=Preferences(
                    professions=tuple(ProfessionCode(code) for code in codes),
                    available_to_travel=rng.choice((None, True, False)),
                    sectors=(SectorCode("56"),) if rng.random() < 0.3 else (),
                    working_conditions=tuple(
                        rng.sample(list(WorkingCondition)[:3], rng.randint(0, 2))
                    ),
                    contract_types=tuple(rng.sample(list(ContractType)[:3], rng.randint(0, 2))),
                ),
                publication=Publication(
                    published_at=NOW - dt.timedelta(days=3), expires_at=NOW + dt.timedelta(days=60)
                ),
                residence_province=ProvinceCode(province) if province else None,
                created_at=NOW - dt.timedelta(days=3),
                updated_at=NOW - dt.timedelta(days=3),
            )
        )
    return made


OFFERS = (
    OfferProfile(
        id=OfferId("offer-1"),
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        province=ProvinceCode("GE"),
        contract_type=ContractType.FIXED_TERM,
        sort_time=NOW,
    ),
    OfferProfile(
        id=OfferId("offer-2"),
        profession=ProfessionCode("5.2.2.4.0"),
        workplace=MunicipalityCode("E463"),
        province=ProvinceCode("SP"),
        contract_type=ContractType.PERMANENT,
        sort_time=NOW,
        sector=SectorCode("56"),
        working_conditions=frozenset(list(WorkingCondition)[:2]),
        education_level=EducationLevel.UPPER_SECONDARY,
        languages=(
            RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),
            RequiredLanguage(language="de", level=LanguageLevel.ELEMENTARY),
        ),
        licences=frozenset({DrivingLicence.B, DrivingLicence.C}),
        qualifications=frozenset({MinistryQualification.BOAT_LICENCE}),
    ),
)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ma_1_the_database_bounds_each_cv_as_the_core_defines(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """MA-1: each cell holds its CVs once, with ``cv_bound`` of their facts, highest first."""
    storage = cast("SqlStorage", portal_world(kind, request, tmp_path).storage)
    cvs = _cvs(150)
    load_cvs(storage, cvs)
    policy = MatchingPolicy()
    for offer, region in [(offer, REGION) for offer in OFFERS] + [(OFFERS[0], ())]:
        everyone: list[str] = []
        for tier in cv_tiers(offer, region=region, today=NOW.date(), policy=policy):
            with storage() as uow:
                rows = list(uow.cvs.ranked_profiles(tier.cell, tier.bound, now=NOW))
            profiles = {row.key: row.load() for row in rows}
            expected = {
                cv.id: cv_bound(cv_facts(CvProfile.of(cv)), tier.bound)
                for cv in cvs
                if cv_in_cell(cv, tier.cell, now=NOW)
            }
            assert {row.key: pytest.approx(row.bound) for row in rows} == expected
            assert [row.bound for row in rows] == sorted((row.bound for row in rows), reverse=True)
            assert profiles == {cv.id: CvProfile.of(cv) for cv in cvs if cv.id in profiles}
            everyone += [str(key) for key in profiles]
        assert sorted(everyone) == sorted(cv.id for cv in cvs)


def test_ma_1_migration_10_gives_stored_cvs_their_facts(tmp_path: pathlib.Path) -> None:
    """MA-1: a database whose CV profiles predate the facts ranks as before after the upgrade."""
    storage = sqlite_storage(tmp_path / "portal.db", synchronous="OFF")
    try:
        w = sql_world(storage, tmp_path / "files")
        _, cv = published(w, 1)
        published(w, 2, profession="5.2.2.4.0", licences=(DrivingLicence.B,))
        company = w.company()
        offer = w.offer(company)
        before = ok(w.portal.matching.rank_candidates(company, offer.id)).candidates
        with storage.engine.begin() as connection:
            for table in ("cv_profile_codes", "cv_profiles"):
                connection.execute(text(f"DROP TABLE {table}"))
            connection.execute(  # the table as migration 8 first made it, filled
                text(
                    "CREATE TABLE cv_profiles (cv_id VARCHAR(64) PRIMARY KEY, province VARCHAR(2),"
                    " published_at VARCHAR(32) NOT NULL, expires_at VARCHAR(32) NOT NULL,"
                    " profile TEXT NOT NULL)"
                )
            )
            connection.execute(
                text(
                    "CREATE TABLE cv_profile_codes (code VARCHAR(16), province VARCHAR(2),"
                    " cv_id VARCHAR(64), PRIMARY KEY (code, province, cv_id))"
                )
            )
        bounds = next(m for m in MIGRATIONS if m.version == 10)
        with storage.engine.begin() as connection:
            bounds.then(connection)
        after = ok(w.portal.matching.rank_candidates(company, offer.id)).candidates
        assert [(c.cv.id, c.score) for c in after] == [(c.cv.id, c.score) for c in before]
        assert after[0].cv.id == cv.id
        assert len(after) == 2
    finally:
        storage.dispose()


def _ranked_cells(storage: SqlStorage) -> list[list[tuple[str, float, CvProfile]]]:
    """Every cell of each offer, as the storage ranks it: id, bound and profile."""
    cells = []
    for offer in OFFERS:
        for tier in cv_tiers(offer, region=REGION, today=NOW.date(), policy=MatchingPolicy()):
            with storage() as uow:
                rows = list(uow.cvs.ranked_profiles(tier.cell, tier.bound, now=NOW))
            cells.append([(str(row.key), row.bound, row.load()) for row in rows])
    return cells


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ma_1_migration_11_puts_the_facts_in_the_code_rows(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """MA-1: code rows as migration 10 left them get their CV's facts; cells rank as before."""
    storage = cast("SqlStorage", portal_world(kind, request, tmp_path).storage)
    cvs = _cvs(80)
    load_cvs(storage, cvs)
    before = _ranked_cells(storage)
    codes = [
        (row["code"], row["province"], row["cv_id"]) for cv in cvs for row in cv_profile_rows(cv)[1]
    ]
    cells = next(m for m in MIGRATIONS if m.version == 11)
    with storage.engine.begin() as connection:
        connection.execute(text("DROP TABLE cv_profile_codes"))
        connection.execute(  # the table as migrations 8 and 10 made it, filled
            text(
                "CREATE TABLE cv_profile_codes (code VARCHAR(16) NOT NULL,"
                " province VARCHAR(2) NOT NULL, cv_id VARCHAR(64) NOT NULL"
                " REFERENCES cv_profiles (cv_id) ON DELETE CASCADE,"
                " PRIMARY KEY (code, province, cv_id))"
            )
        )
        connection.execute(text("CREATE INDEX ix_cv_profile_codes_cv ON cv_profile_codes (cv_id)"))
        connection.execute(
            text("INSERT INTO cv_profile_codes VALUES (:code, :province, :cv_id)"),
            [{"code": code, "province": province, "cv_id": key} for code, province, key in codes],
        )
    with storage.engine.begin() as connection:
        cells.then(connection)
    assert len(codes) > len(cvs)
    assert _ranked_cells(storage) == before
    # each offer's cells hold every published CV once
    assert sum(len(cell) for cell in before) == len(OFFERS) * sum(1 for cv in cvs if cv.publication)
    with storage.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT code, province, cv_id, facets FROM cv_profile_codes")
        ).all()
        if kind == "sqlite":
            made = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'cv_profile_codes'")
            ).scalar_one()
            assert "WITHOUT ROWID" in made
        else:
            made = connection.execute(
                text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'pk_cv_profile_codes'"
                    " AND schemaname = current_schema()"
                )
            ).scalar_one()
            assert "INCLUDE (published_at, expires_at, municipality" in made
    facets = {cv.id: row["facets"] for cv in cvs if (row := cv_profile_rows(cv)[0])}
    assert sorted((code, province, key) for code, province, key, _ in stored) == sorted(codes)
    assert all(facets[key] == tokens for *_, key, tokens in stored)


def _drafts() -> list[dict[str, Any]]:
    """Offers asking for every fact a bound reads, in every combination that matters."""
    made: list[dict[str, Any]] = []
    for number, (code, place) in enumerate(
        [(c, p) for c in ("5.2.2.1.0", "5.2.2.4.0", "2.1.1.4.1") for p in ("D969", "E463", "I480")]
    ):
        made.append(
            {
                "profession": ProfessionCode(code),
                "workplace": MunicipalityCode(place),
                "education_level": (None, EducationLevel.UPPER_SECONDARY)[number % 2],
                "languages": (
                    (),
                    (RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),),
                    (
                        RequiredLanguage(language="fr", level=LanguageLevel.ELEMENTARY),
                        RequiredLanguage(language="de", level=LanguageLevel.ADVANCED),
                    ),
                )[number % 3],
                "driving_licences": ((), (DrivingLicence.B,))[number % 2],
                "qualifications": ((), (MinistryQualification.BOAT_LICENCE,))[number // 2 % 2],
                "working_conditions": ((), tuple(list(WorkingCondition)[:2]))[number // 3 % 2],
                "contract_type": list(ContractType)[number % 3],
                "sector": (None, SectorCode("56"))[number // 4 % 2],
            }
        )
    return made


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ma_1_the_database_bounds_each_offer_as_the_core_defines(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """MA-1: each offer cell holds its offers once, with ``offer_bound``, highest first."""
    w = portal_world(kind, request, tmp_path, start=NOW)
    company = w.company()
    offers = [w.offer(company, **draft) for draft in _drafts()]
    policy = MatchingPolicy()
    for cv in _cvs(12):
        person = CvProfile.of(cv)
        region = REGION if person.province in REGION else ()
        everyone: list[str] = []
        for tier in offer_tiers(person, region=region, today=NOW.date(), policy=policy):
            with w.storage() as uow:
                rows = list(uow.offers.ranked_profiles(tier.cell, tier.bound, now=NOW))
            expected = {
                offer.id: offer_bound(offer_facts(OfferProfile.of(offer)), tier.bound)
                for offer in offers
                if offer_in_cell(offer, tier.cell, now=NOW)
            }
            assert {row.key: pytest.approx(row.bound) for row in rows} == expected
            assert [row.bound for row in rows] == sorted((row.bound for row in rows), reverse=True)
            assert [row.load().id for row in rows] == [row.key for row in rows]
            everyone += [str(row.key) for row in rows]
        assert sorted(everyone) == sorted(offer.id for offer in offers)
