"""Hypothesis strategies for published CVs that companies search, and CV queries."""

from __future__ import annotations

import datetime
from typing import Any, Final

from hypothesis import strategies as st

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
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.ids import AccountId, CvId, EntryId
from formlavoro_core.reference import LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.search.vocabulary import (
    _CODES,
    _LEVELS,
    _LICENCES,
    _MOMENTS,
    _MUNICIPALITIES,
    _PLACE,
    _PROVINCES,
    LIGURIAN_PLACES,
    _catalogues,
    _some_filters,
    _unique_tuples,
)

__all__ = ["LANGUAGE_CODES", "cv_queries", "talent_catalogues", "talent_cvs"]


LANGUAGE_CODES: Final = ("en", "fr", "de", "es", "it")
"""The ISO 639-1 codes CVs and CV queries draw from."""

_CV_PARTS: Final = st.fixed_dictionaries(
    {
        "residence": st.none() | _PLACE,
        "published_at": st.one_of(st.none(), _MOMENTS, _MOMENTS, _MOMENTS),
        "expires_after_hours": st.sampled_from((1, 24, 2_000, 2_000, 2_000)),
        "worked_as": st.lists(st.none() | _CODES, max_size=2),
        "studies": st.lists(_LEVELS, max_size=3),
        "languages": _unique_tuples(st.sampled_from(LANGUAGE_CODES), 3),
        "licences": _unique_tuples(_LICENCES, 3),
        "professions": _unique_tuples(_CODES, 3),
        "created_at": _MOMENTS,
    }
)


def _cv(number: int, parts: dict[str, Any]) -> Cv:
    residence: str | None = parts["residence"]
    published: datetime.datetime | None = parts["published_at"]
    publication = None
    if published is not None:
        expires_at = published + datetime.timedelta(hours=parts["expires_after_hours"])
        publication = Publication(published_at=published, expires_at=expires_at)
    return Cv(
        id=CvId(long_id(f"cv-{number}")),
        owner=AccountId(long_id(f"owner-{number}")),
        personal=PersonalData(
            given_name="Anna",
            residence=None
            if residence is None
            else Address(municipality=MunicipalityCode(residence)),
        ),
        experiences=tuple(
            Entry(
                id=EntryId(long_id(f"e{index}")),
                value=Experience(job_title="Lavoro", profession=code),
            )
            for index, code in enumerate(parts["worked_as"])
        ),
        studies=tuple(
            Entry(id=EntryId(long_id(f"s{index}")), value=Study(level=level))
            for index, level in enumerate(parts["studies"])
        ),
        languages=tuple(
            Entry(
                id=EntryId(long_id(f"l{index}")),
                value=LanguageSkill(language=code, level=LanguageLevel.ADVANCED),
            )
            for index, code in enumerate(parts["languages"])
        ),
        qualifications=Qualifications(driving_licences=parts["licences"]),
        preferences=Preferences(professions=parts["professions"]),
        publication=publication,
        residence_province=None if residence is None else ProvinceCode(LIGURIAN_PLACES[residence]),
        created_at=parts["created_at"],
        updated_at=parts["created_at"] if published is None else published,
    )


def talent_cvs(*, number: int | None = None) -> st.SearchStrategy[Cv]:
    """A CV as CV searches read it: residence, professions, studies, languages, licences.

    It may be a draft, published, expired or published later than the searches' ``now``.

    Args:
        number: the CV is ``cv-<number>`` of ``owner-<number>``; drawn by default.

    Returns:
        A strategy of new CVs (version 0).
    """
    numbers = st.integers(0, 300) if number is None else st.just(number)
    return st.builds(_cv, numbers, _CV_PARTS)


def talent_catalogues(*, max_size: int = 30) -> st.SearchStrategy[tuple[Cv, ...]]:
    """From 0 to ``max_size`` CVs with distinct ids and owners (see :func:`talent_cvs`)."""
    return _catalogues(talent_cvs(), max_size)


def cv_queries() -> st.SearchStrategy[CvQuery]:
    """Valid CV queries with up to three filters set (codes from :data:`CP2021_TREE`).

    Returns:
        A strategy of queries that :meth:`CvQuery.problems` accepts.
    """
    filters: dict[str, st.SearchStrategy[Any]] = {
        "profession": _CODES,
        "municipality": _MUNICIPALITIES,
        "province": _PROVINCES,
        "education_level": _LEVELS,
        "languages": _unique_tuples(st.sampled_from(LANGUAGE_CODES), 2, min_size=1),
        "driving_licences": _unique_tuples(_LICENCES, 2, min_size=1),
    }
    return _some_filters(filters).map(lambda found: CvQuery(**found))
