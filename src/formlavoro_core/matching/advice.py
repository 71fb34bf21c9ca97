"""What would raise a citizen's score, and the courses that teach it (MA-4).

A requirement the CV misses (a language at a level, a driving licence, a ministry
qualification, an education level) is worth the points it would add. Courses that teach
it are found with the ordinary course filters (CO-4) **(decided)**: a language, by the
languages training sector and the language's Italian name in the title; a licence, by
"patente" and its category in the title; an education level up to the IFTS
certificate, by the certificate that gives it.

>>> gap = Missing(kind="language", what="en", level="intermediate")
>>> query = course_query(gap)
>>> query.sector.value, query.name
('languages', 'inglese')
"""

from __future__ import annotations

import attrs

from formlavoro_core.courses.model import Certificate, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.matching.policy import Criterion
from formlavoro_core.matching.scoring import Missing, Score
from formlavoro_core.matching.wording import italian_name_of_language
from formlavoro_core.reference import EducationLevel

__all__ = ["Raise", "course_query", "raises"]

_RAISABLE = (Criterion.EDUCATION, Criterion.LANGUAGES, Criterion.LICENCES)


@attrs.frozen(kw_only=True)
class Raise:
    """A requirement the CV misses and the points meeting it would add."""

    missing: Missing
    gain: float


def raises(score: Score) -> tuple[Raise, ...]:
    """What would raise ``score``, the biggest gain first (then in criterion order)."""
    found: list[Raise] = []
    for part in score.parts:
        if part.criterion not in _RAISABLE or not part.missing:
            continue
        required = (
            int(part.fact("required") or 0) if part.criterion is not Criterion.EDUCATION else 1
        )
        each = part.weight / max(required, 1)
        found += [Raise(missing=item, gain=round(each, 2)) for item in part.missing]
    order = {criterion: index for index, criterion in enumerate(Criterion)}
    kinds = {"education": Criterion.EDUCATION, "language": Criterion.LANGUAGES}
    found.sort(key=lambda r: (-r.gain, order[kinds.get(r.missing.kind, Criterion.LICENCES)]))
    return tuple(found)


def course_query(missing: Missing) -> CourseQuery | None:
    """The course search that finds courses teaching ``missing``, ``None`` if none can."""
    if missing.kind == "language":
        return CourseQuery(
            sector=TrainingSector.LANGUAGES,
            name=italian_name_of_language(missing.what),
        )
    if missing.kind == "licence":
        return CourseQuery(name=f"patente {missing.what}")
    if missing.kind == "education":
        level = EducationLevel(missing.what)
        if level.rank <= EducationLevel.VOCATIONAL_QUALIFICATION.rank:
            return CourseQuery(certificate=Certificate.PROFESSIONAL_QUALIFICATION)
        if level.rank <= EducationLevel.IFTS.rank:
            return CourseQuery(certificate=Certificate.IFTS)
    return None
