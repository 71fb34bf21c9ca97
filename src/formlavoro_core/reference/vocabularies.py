"""Closed vocabularies of offers and CVs: contracts, working conditions, skills, licences.

Each member has a stable ``value`` (lower_snake, except driving licences, whose value is
the EU category as printed on the licence) and Italian and English labels.

>>> ContractType("fixed_term").label_it
'Tempo determinato'
>>> WorkingCondition.PART_TIME_VERTICAL.is_part_time
True
>>> DrivingLicence("C1E").label_en
'Category C1E driving licence'
>>> MinistryQualification.THERMAL_INSTALLATIONS.legal_reference
'L. 13 luglio 1966, n. 615'
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.reference._vocabulary import Vocabulary, register_labels
from formlavoro_core.texts import _p

__all__ = [
    "ContractType",
    "DrivingLicence",
    "MinistryQualification",
    "SkillCategory",
    "WorkingCondition",
]


class ContractType(Vocabulary):
    """The kind of employment contract an offer proposes (OF-3.8)."""

    FIXED_TERM = "fixed_term"
    PERMANENT = "permanent"
    APPRENTICESHIP = "apprenticeship"
    INTERNSHIP = "internship"
    TEMPORARY_AGENCY = "temporary_agency"
    COORDINATED_COLLABORATION = "coordinated_collaboration"
    SELF_EMPLOYMENT = "self_employment"
    ON_CALL = "on_call"
    OCCASIONAL = "occasional"


register_labels(
    ContractType,
    {
        ContractType.FIXED_TERM: ("Tempo determinato", _p("contract type", "Fixed-term")),
        ContractType.PERMANENT: ("Tempo indeterminato", _p("contract type", "Permanent")),
        ContractType.APPRENTICESHIP: ("Apprendistato", _p("contract type", "Apprenticeship")),
        ContractType.INTERNSHIP: ("Tirocinio", _p("contract type", "Internship (tirocinio)")),
        ContractType.TEMPORARY_AGENCY: (
            "Somministrazione di lavoro",
            _p("contract type", "Temporary agency work (somministrazione)"),
        ),
        ContractType.COORDINATED_COLLABORATION: (
            "Collaborazione coordinata e continuativa (co.co.co.)",
            _p("contract type", "Coordinated and continuous collaboration (co.co.co.)"),
        ),
        ContractType.SELF_EMPLOYMENT: ("Lavoro autonomo", _p("contract type", "Self-employment")),
        ContractType.ON_CALL: (
            "Lavoro intermittente",
            _p("contract type", "On-call work (intermittente)"),
        ),
        ContractType.OCCASIONAL: (
            "Prestazione occasionale",
            _p("contract type", "Occasional work"),
        ),
    },
)


class WorkingCondition(Vocabulary):
    """A working condition an offer states or a citizen accepts (OF-3.9, CV-9)."""

    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    PART_TIME_HORIZONTAL = "part_time_horizontal"
    PART_TIME_VERTICAL = "part_time_vertical"
    PART_TIME_MIXED = "part_time_mixed"
    SHIFT_WORK = "shift_work"
    NIGHT_WORK = "night_work"
    WEEKEND_WORK = "weekend_work"
    HOLIDAY_WORK = "holiday_work"
    REMOTE_WORK = "remote_work"
    HYBRID_WORK = "hybrid_work"
    SEASONAL_WORK = "seasonal_work"
    FLEXIBLE_HOURS = "flexible_hours"

    @property
    def is_part_time(self) -> bool:
        """Whether this is part-time of any kind (plain, horizontal, vertical or mixed)."""
        return self in _PART_TIME


_PART_TIME: Final = frozenset(
    {
        WorkingCondition.PART_TIME,
        WorkingCondition.PART_TIME_HORIZONTAL,
        WorkingCondition.PART_TIME_VERTICAL,
        WorkingCondition.PART_TIME_MIXED,
    }
)

register_labels(
    WorkingCondition,
    {
        WorkingCondition.FULL_TIME: ("Tempo pieno", _p("working condition", "Full-time")),
        WorkingCondition.PART_TIME: ("Tempo parziale", _p("working condition", "Part-time")),
        WorkingCondition.PART_TIME_HORIZONTAL: (
            "Part-time orizzontale",
            _p("working condition", "Horizontal part-time (fewer hours every day)"),
        ),
        WorkingCondition.PART_TIME_VERTICAL: (
            "Part-time verticale",
            _p("working condition", "Vertical part-time (full days, some days only)"),
        ),
        WorkingCondition.PART_TIME_MIXED: (
            "Part-time misto",
            _p("working condition", "Mixed part-time"),
        ),
        WorkingCondition.SHIFT_WORK: ("Lavoro su turni", _p("working condition", "Shift work")),
        WorkingCondition.NIGHT_WORK: ("Lavoro notturno", _p("working condition", "Night work")),
        WorkingCondition.WEEKEND_WORK: (
            "Lavoro nel fine settimana",
            _p("working condition", "Weekend work"),
        ),
        WorkingCondition.HOLIDAY_WORK: (
            "Lavoro nei giorni festivi",
            _p("working condition", "Work on public holidays"),
        ),
        WorkingCondition.REMOTE_WORK: ("Lavoro da remoto", _p("working condition", "Remote work")),
        WorkingCondition.HYBRID_WORK: (
            "Lavoro ibrido (in sede e da remoto)",
            _p("working condition", "Hybrid work"),
        ),
        WorkingCondition.SEASONAL_WORK: (
            "Lavoro stagionale",
            _p("working condition", "Seasonal work"),
        ),
        WorkingCondition.FLEXIBLE_HOURS: (
            "Orario flessibile",
            _p("working condition", "Flexible hours"),
        ),
    },
)


class SkillCategory(Vocabulary):
    """The three macro-categories of CV skills (CV-7)."""

    BASIC = "basic"
    IT = "it"
    PROFESSIONAL = "professional"


register_labels(
    SkillCategory,
    {
        SkillCategory.BASIC: ("Competenze di base", _p("skill category", "Basic skills")),
        SkillCategory.IT: ("Competenze informatiche", _p("skill category", "IT skills")),
        SkillCategory.PROFESSIONAL: (
            "Competenze professionali",
            _p("skill category", "Professional skills"),
        ),
    },
)


class MinistryQualification(Vocabulary):
    """A qualification recognised by the Ministry of Labour (CV-8a)."""

    THERMAL_INSTALLATIONS = "thermal_installations"
    TOXIC_GASES = "toxic_gases"
    LIFTING_SYSTEMS = "lifting_systems"
    PRESSURE_EQUIPMENT = "pressure_equipment"
    BOAT_LICENCE = "boat_licence"
    CIVIL_PILOT_LICENCE = "civil_pilot_licence"

    @property
    def legal_reference(self) -> str | None:
        """The law that establishes the qualification, as CV-8 cites it, if any."""
        return _LEGAL_REFERENCES.get(self)


_LEGAL_REFERENCES: Final = {
    MinistryQualification.THERMAL_INSTALLATIONS: "L. 13 luglio 1966, n. 615",
    MinistryQualification.TOXIC_GASES: "R.D. 18 giugno 1931, n. 773",
    MinistryQualification.PRESSURE_EQUIPMENT: "R.D. 12 maggio 1927, n. 824",
}

register_labels(
    MinistryQualification,
    {
        MinistryQualification.THERMAL_INSTALLATIONS: (
            "Abilitazione alla conduzione di impianti termici",
            _p("ministry qualification", "Licence to operate thermal installations"),
        ),
        MinistryQualification.TOXIC_GASES: (
            "Patente per l'impiego di gas tossici",
            _p("ministry qualification", "Licence for the use of toxic gases"),
        ),
        MinistryQualification.LIFTING_SYSTEMS: (
            "Abilitazione alla conduzione di impianti di sollevamento",
            _p("ministry qualification", "Licence to operate lifting systems"),
        ),
        MinistryQualification.PRESSURE_EQUIPMENT: (
            "Abilitazione alla conduzione di generatori di vapore e apparecchi a pressione",
            _p(
                "ministry qualification",
                "Licence to operate steam generators and pressure equipment",
            ),
        ),
        MinistryQualification.BOAT_LICENCE: (
            "Patente nautica",
            _p("ministry qualification", "Boat licence"),
        ),
        MinistryQualification.CIVIL_PILOT_LICENCE: (
            "Licenza di pilota civile",
            _p("ministry qualification", "Civil pilot licence"),
        ),
    },
)


class DrivingLicence(Vocabulary):
    """An EU driving-licence category (CV-8c); the value is the category as written."""

    AM = "AM"
    A1 = "A1"
    A2 = "A2"
    A = "A"
    B1 = "B1"
    B = "B"
    BE = "BE"
    C1 = "C1"
    C1E = "C1E"
    C = "C"
    CE = "CE"
    D1 = "D1"
    D1E = "D1E"
    D = "D"
    DE = "DE"


register_labels(
    DrivingLicence,
    {
        licence: (
            f"Patente {licence.value}",
            _p("driving licence", "Category {category} driving licence", category=licence.value),
        )
        for licence in DrivingLicence
    },
)
