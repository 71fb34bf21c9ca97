"""What matching reads of a CV and of an offer: small, flat, without personal data.

A :class:`CvProfile` is built from the anonymised content of a CV (CV-12): professions,
experiences' professions and dates, studies' levels, languages, licences and
qualifications, preferences, and the municipality and province of residence. Never
the attachments (MA-3), never a name or a contact. Storage adapters keep one beside
each CV and offer, so that ranking reads no whole document.

A *cell* names the candidates a storage adapter returns for one step of a ranking: the
CVs (or offers) at or under a CP2021 code and, optionally, in some provinces. A storage
may return more than the cell (never fewer): ranking scores whatever it gets.
"""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.cv.model import Cv
from formlavoro_core.ids import CvId, OfferId
from formlavoro_core.offers.model import Offer, RequiredLanguage
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

__all__ = [
    "CvCell",
    "CvProfile",
    "ExperienceSpan",
    "OfferCell",
    "OfferProfile",
    "cv_in_cell",
    "offer_in_cell",
    "profession_prefixes",
]


def profession_prefixes(code: str) -> tuple[str, ...]:
    """A CP2021 code and every code above it, the major group first.

    >>> profession_prefixes("5.2.2")
    ('5', '5.2', '5.2.2')
    """
    parts = code.split(".")
    return tuple(".".join(parts[:level]) for level in range(1, len(parts) + 1))


@attrs.frozen(kw_only=True)
class ExperienceSpan:
    """An experience's profession and dates (``end`` ``None`` while it goes on)."""

    profession: ProfessionCode
    start: dt.date
    end: dt.date | None = None


@attrs.frozen(kw_only=True)
class CvProfile:
    """The facts of a published CV that matching uses, and nothing personal."""

    id: CvId
    professions: tuple[ProfessionCode, ...] = ()
    experiences: tuple[ExperienceSpan, ...] = ()
    municipality: MunicipalityCode | None = None
    province: ProvinceCode | None = None
    education: EducationLevel | None = None
    """The highest level completed."""
    studying: EducationLevel | None = None
    """The highest level of any study, completed or in progress (the plain filter's)."""
    languages: tuple[tuple[str, LanguageLevel], ...] = ()
    licences: frozenset[DrivingLicence] = frozenset()
    qualifications: frozenset[MinistryQualification] = frozenset()
    sectors: tuple[SectorCode, ...] = ()
    available_to_travel: bool | None = None
    contract_types: frozenset[ContractType] = frozenset()
    working_conditions: frozenset[WorkingCondition] = frozenset()

    @classmethod
    def of(cls, cv: Cv) -> CvProfile:
        """The profile of ``cv``: what the anonymised view shows, attachments never (MA-3)."""
        residence = cv.personal.residence
        done = [e.value.level for e in cv.studies if not e.value.in_progress]
        every = [e.value.level for e in cv.studies]
        return cls(
            id=cv.id,
            professions=cv.preferences.professions,
            experiences=tuple(
                ExperienceSpan(profession=e.profession, start=e.start, end=e.end)
                for e in (entry.value for entry in cv.experiences)
                if e.profession is not None and e.start is not None
            ),
            municipality=residence.municipality if residence else None,
            province=cv.residence_province,
            education=max(done, key=lambda level: level.rank) if done else None,
            studying=max(every, key=lambda level: level.rank) if every else None,
            languages=tuple(
                sorted((entry.value.language, entry.value.level) for entry in cv.languages)
            ),
            licences=frozenset(cv.qualifications.driving_licences),
            qualifications=frozenset(cv.qualifications.ministry),
            sectors=cv.preferences.sectors,
            available_to_travel=cv.preferences.available_to_travel,
            contract_types=frozenset(cv.preferences.contract_types),
            working_conditions=frozenset(cv.preferences.working_conditions),
        )

    @property
    def all_professions(self) -> tuple[ProfessionCode, ...]:
        """Desired professions, then those of the experiences, each once."""
        codes = (*self.professions, *(span.profession for span in self.experiences))
        return tuple(dict.fromkeys(codes))

    def level_of(self, language: str) -> LanguageLevel | None:
        """The CV's level in ``language``, ``None`` when it does not list it."""
        for code, level in self.languages:
            if code == language:
                return level
        return None


@attrs.frozen(kw_only=True)
class OfferProfile:
    """The facts of an active offer that matching uses."""

    id: OfferId
    profession: ProfessionCode
    workplace: MunicipalityCode
    province: ProvinceCode
    contract_type: ContractType
    sort_time: dt.datetime
    sector: SectorCode | None = None
    working_conditions: frozenset[WorkingCondition] = frozenset()
    education_level: EducationLevel | None = None
    languages: tuple[RequiredLanguage, ...] = ()
    licences: frozenset[DrivingLicence] = frozenset()
    qualifications: frozenset[MinistryQualification] = frozenset()

    @classmethod
    def of(cls, offer: Offer) -> OfferProfile:
        """The profile of ``offer``."""
        return cls(
            id=offer.id,
            profession=offer.profession,
            workplace=offer.workplace,
            province=offer.province,
            contract_type=offer.contract_type,
            sort_time=offer.sort_time,
            sector=offer.sector,
            working_conditions=frozenset(offer.working_conditions),
            education_level=offer.education_level,
            languages=offer.languages,
            licences=frozenset(offer.driving_licences),
            qualifications=frozenset(offer.qualifications),
        )


@attrs.frozen(kw_only=True)
class CvCell:
    """A cell of CVs: published, under a CP2021 code, living in some provinces.

    ``profession`` ``None`` means any CV; ``provinces`` ``None`` means anywhere.
    ``deeper`` leaves out the CVs under that (longer) code too, so that the cell holds
    the CVs sharing exactly one level with an offer; ``outside`` leaves out those
    living in those provinces (a CV without a province is outside every province).
    """

    profession: ProfessionCode | None
    provinces: tuple[ProvinceCode, ...] | None = None
    deeper: ProfessionCode | None = None
    outside: tuple[ProvinceCode, ...] | None = None


@attrs.frozen(kw_only=True)
class OfferCell:
    """A cell of offers: active standard offers under some CP2021 codes, in some provinces.

    ``professions`` empty means any profession; ``provinces`` ``None`` means anywhere.
    ``deeper`` leaves out the offers under those codes, ``outside`` those in those
    provinces.
    """

    professions: tuple[ProfessionCode, ...] = ()
    provinces: tuple[ProvinceCode, ...] | None = None
    deeper: tuple[ProfessionCode, ...] = ()
    outside: tuple[ProvinceCode, ...] | None = None


def _under(code: str, root: str) -> bool:
    return code == root or code.startswith(f"{root}.")


def cv_in_cell(cv: Cv, cell: CvCell, *, now: dt.datetime) -> bool:
    """Whether ``cv`` is published at ``now`` and belongs to ``cell`` (the definition)."""
    if not cv.is_published(now):
        return False
    if cell.provinces is not None and cv.residence_province not in cell.provinces:
        return False
    if cell.outside is not None and cv.residence_province in cell.outside:
        return False
    codes = [*cv.preferences.professions]
    codes += [e.value.profession for e in cv.experiences if e.value.profession is not None]
    if cell.deeper is not None and any(_under(code, cell.deeper) for code in codes):
        return False
    return cell.profession is None or any(_under(code, cell.profession) for code in codes)


def offer_in_cell(offer: Offer, cell: OfferCell, *, now: dt.datetime) -> bool:
    """Whether ``offer`` is an active standard offer at ``now`` in ``cell`` (the definition)."""
    if not offer.is_open(now) or offer.is_event_offer:
        return False
    if cell.provinces is not None and offer.province not in cell.provinces:
        return False
    if cell.outside is not None and offer.province in cell.outside:
        return False
    if any(_under(offer.profession, code) for code in cell.deeper):
        return False
    return not cell.professions or any(_under(offer.profession, code) for code in cell.professions)
