"""The published CVs the matching benchmark loads beside the offers of ``catalogue.py``.

Drawn the same way as the offers: professions by a Zipf law over the same
classification, Ligurian residences, studies, languages, licences, preferences and
experiences; the same CVs for the same seed, made one at a time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from itertools import accumulate

from catalogue import Catalogue

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
from formlavoro_core.ids import AccountId, CvId, EntryId
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode

__all__ = ["ONGOING", "cvs"]

_LANGUAGES = ("en", "fr", "de", "es")
ONGOING = 0.3
"""The share of experiences still going on."""
_LICENCES = (DrivingLicence.B, DrivingLicence.A, DrivingLicence.C, DrivingLicence.CE)


def cvs(catalogue: Catalogue, size: int, seed: int) -> Iterator[Cv]:
    """``size`` published CVs, the same for the same seed, never all in memory."""
    rng = random.Random(seed + 7)
    units = [code for code in catalogue.professions if code.count(".") == 4]  # noqa: PLR2004
    rng.shuffle(units)
    weights = list(accumulate(1 / (rank**1.1) for rank in range(1, len(units) + 1)))
    levels, conditions, contracts = list(EducationLevel), list(WorkingCondition), list(ContractType)
    now = catalogue.now
    for number in range(size):
        place = rng.choice(catalogue.municipalities)
        wanted = rng.choices(units, cum_weights=weights, k=rng.randint(1, 3))
        published = now - dt.timedelta(days=rng.randint(0, 80))
        start = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
        experiences = tuple(
            Entry(
                id=EntryId(f"e{index}"),
                value=Experience(
                    job_title="Esperienza",
                    start=start,
                    end=None
                    if rng.random() < ONGOING
                    else start + dt.timedelta(days=rng.randint(30, 1500)),
                    profession=ProfessionCode(rng.choice(wanted)),
                ),
            )
            for index in range(rng.randint(0, 2))
        )
        yield Cv(
            id=CvId(f"cv-{number:08d}"),
            owner=AccountId(f"account-{number:08d}"),
            personal=PersonalData(residence=Address(municipality=MunicipalityCode(place.code))),
            experiences=experiences,
            studies=(Entry(id=EntryId("s"), value=Study(level=rng.choice(levels))),),
            languages=tuple(
                Entry(
                    id=EntryId(f"l{code}"),
                    value=LanguageSkill(language=code, level=rng.choice(list(LanguageLevel))),
                )
                for code in rng.sample(_LANGUAGES, rng.randint(0, 2))
            ),
            qualifications=Qualifications(
                driving_licences=tuple(rng.sample(_LICENCES, rng.randint(0, 2)))
            ),
            preferences=Preferences(
                professions=tuple(ProfessionCode(code) for code in dict.fromkeys(wanted)),
                available_to_travel=rng.random() < 0.5,  # noqa: PLR2004
                working_conditions=tuple(rng.sample(conditions, rng.randint(0, 3))),
                contract_types=tuple(rng.sample(contracts, rng.randint(0, 2))),
            ),
            publication=Publication(
                published_at=published, expires_at=published + dt.timedelta(days=90)
            ),
            residence_province=ProvinceCode(place.province),
            created_at=published,
            updated_at=published,
        )
