"""Italian education levels, placed on the European Qualifications Framework (ON-4, OF-3.10).

The EQF levels follow the Italian national qualifications framework (QNQ, Decreto
interministeriale 8 gennaio 2018, Allegato 3): licenza media is level 1, the IeFP
qualifica 3, every upper-secondary diploma, the IeFP diploma and the IFTS certificate 4,
the ITS Academy diploma 5, the laurea and the AFAM first-level diploma 6, the laurea
magistrale, AFAM second level and the first-level university master 7, the doctorate and
the second-level university master 8. Primary school and "no qualification" have no
EQF level.

:attr:`EducationLevel.rank` is a total order **(decided)**: levels that share EQF 4
are ordered by the usual path (IeFP diploma, then the five-year diploma, then IFTS,
which normally follows it), so "at least an upper-secondary diploma" is one comparison.

>>> EducationLevel.UPPER_SECONDARY.eqf
4
>>> EducationLevel.BACHELOR.is_at_least(EducationLevel.UPPER_SECONDARY)
True
>>> EducationLevel("lower_secondary").label_it
'Licenza media'
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.reference._vocabulary import Vocabulary, register_labels
from formlavoro_core.texts import _p

__all__ = ["EducationLevel"]


class EducationLevel(Vocabulary):
    """The highest education level reached, or required by an offer or a course."""

    NONE = "none"
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    VOCATIONAL_QUALIFICATION = "vocational_qualification"
    VOCATIONAL_DIPLOMA = "vocational_diploma"
    UPPER_SECONDARY = "upper_secondary"
    IFTS = "ifts"
    ITS = "its"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        """Position in the total order of levels, 0 for no qualification."""
        return _RANK_AND_EQF[self][0]

    @property
    def eqf(self) -> int | None:
        """The EQF level under the QNQ, or ``None`` where the framework has none."""
        return _RANK_AND_EQF[self][1]

    def is_at_least(self, other: EducationLevel) -> bool:
        """Whether this level satisfies a requirement of ``other`` or higher."""
        return self.rank >= other.rank

    @classmethod
    def ordered(cls) -> tuple[EducationLevel, ...]:
        """Every level, lowest first."""
        return tuple(sorted(cls, key=lambda level: level.rank))


_RANK_AND_EQF: Final[dict[EducationLevel, tuple[int, int | None]]] = {
    EducationLevel.NONE: (0, None),
    EducationLevel.PRIMARY: (1, None),
    EducationLevel.LOWER_SECONDARY: (2, 1),
    EducationLevel.VOCATIONAL_QUALIFICATION: (3, 3),
    EducationLevel.VOCATIONAL_DIPLOMA: (4, 4),
    EducationLevel.UPPER_SECONDARY: (5, 4),
    EducationLevel.IFTS: (6, 4),
    EducationLevel.ITS: (7, 5),
    EducationLevel.BACHELOR: (8, 6),
    EducationLevel.MASTER: (9, 7),
    EducationLevel.DOCTORATE: (10, 8),
}

register_labels(
    EducationLevel,
    {
        EducationLevel.NONE: (
            "Nessun titolo di studio",
            _p("education level", "No formal qualification"),
        ),
        EducationLevel.PRIMARY: (
            "Licenza elementare",
            _p("education level", "Primary school certificate"),
        ),
        EducationLevel.LOWER_SECONDARY: (
            "Licenza media",
            _p("education level", "Lower secondary school certificate"),
        ),
        EducationLevel.VOCATIONAL_QUALIFICATION: (
            "Qualifica professionale (IeFP, triennale)",
            _p("education level", "Vocational qualification (IeFP, three years)"),
        ),
        EducationLevel.VOCATIONAL_DIPLOMA: (
            "Diploma professionale (IeFP, quadriennale)",
            _p("education level", "Vocational diploma (IeFP, four years)"),
        ),
        EducationLevel.UPPER_SECONDARY: (
            "Diploma di istruzione secondaria superiore",
            _p("education level", "Upper secondary school diploma"),
        ),
        EducationLevel.IFTS: (
            "Certificato di specializzazione tecnica superiore (IFTS)",
            _p("education level", "Higher technical specialisation certificate (IFTS)"),
        ),
        EducationLevel.ITS: (
            "Diploma di tecnico superiore (ITS Academy)",
            _p("education level", "Higher technician diploma (ITS Academy)"),
        ),
        EducationLevel.BACHELOR: (
            "Laurea triennale o diploma accademico di primo livello (AFAM)",
            _p("education level", "Bachelor's degree or first-level AFAM diploma"),
        ),
        EducationLevel.MASTER: (
            "Laurea magistrale o a ciclo unico, diploma accademico di secondo livello (AFAM), "
            "master universitario di primo livello",
            _p(
                "education level",
                "Master's degree (including single-cycle), second-level AFAM diploma, "
                "first-level university master",
            ),
        ),
        EducationLevel.DOCTORATE: (
            "Dottorato di ricerca o master universitario di secondo livello",
            _p("education level", "Doctorate (PhD) or second-level university master"),
        ),
    },
)
