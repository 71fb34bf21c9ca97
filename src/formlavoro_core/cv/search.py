"""What companies search published CVs by (CV-12), as a data specification.

Storage adapters translate it into their own queries; :func:`cv_matches` is the
definition they must agree with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from formlavoro_core.cv.model import Cv
from formlavoro_core.errors import Problem
from formlavoro_core.reference import DrivingLicence, EducationLevel
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    optional_municipality,
    optional_profession,
    optional_province,
)
from formlavoro_core.texts import _

__all__ = ["CvQuery", "cv_matches", "cv_sort_key"]


def _within(code: str, root: str) -> bool:
    return code == root or code.startswith(f"{root}.")


@attrs.frozen(kw_only=True)
class CvQuery:
    """Filters over published CVs, each optional, combined with AND.

    Attributes:
        profession: a CP2021 code; CVs whose desired professions or experiences lie
            at or below it in the classification.
        municipality: residence in this municipality.
        province: residence in this province.
        education_level: at least one study at this level or above.
        languages: ISO 639-1 codes the CV must all list.
        driving_licences: licences the CV must all hold.
    """

    profession: ProfessionCode | None = attrs.field(default=None, converter=optional_profession)
    municipality: MunicipalityCode | None = attrs.field(
        default=None, converter=optional_municipality
    )
    province: ProvinceCode | None = attrs.field(default=None, converter=optional_province)
    education_level: EducationLevel | None = None
    languages: tuple[str, ...] = ()
    driving_licences: tuple[DrivingLicence, ...] = ()

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the query."""
        if self.municipality is not None and self.province is not None:
            yield Problem(path="province", message=_("give a municipality or a province, not both"))


def cv_matches(cv: Cv, query: CvQuery, *, now: dt.datetime) -> bool:
    """Whether ``cv`` is published at ``now`` and passes every filter of ``query``."""
    residence = cv.personal.residence
    codes = [*cv.preferences.professions]
    codes += [e.value.profession for e in cv.experiences if e.value.profession is not None]
    checks = (
        query.profession is None or any(_within(code, query.profession) for code in codes),
        query.municipality is None
        or (residence is not None and residence.municipality == query.municipality),
        query.province is None or cv.residence_province == query.province,
        query.education_level is None
        or any(study.value.level.is_at_least(query.education_level) for study in cv.studies),
        set(query.languages) <= {entry.value.language for entry in cv.languages},
        set(query.driving_licences) <= set(cv.qualifications.driving_licences),
    )
    return cv.is_published(now) and all(checks)


def cv_sort_key(cv: Cv) -> tuple[dt.datetime, str]:
    """Newest publication first, then by id (both descending)."""
    published = cv.publication.published_at if cv.publication else cv.created_at
    return (published, cv.id)
