"""INT-1 use cases of ``portal.cv``: JSON Resume export and import, Europass export.

:class:`CvExchangeUseCases` is a base of :class:`~formlavoro_core.cv.services.CvService`,
which gives it the ownership check and the editing transaction; every rule of editing
(optimistic version, personal data locked while published, fixed fiscal code) holds for
an import too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from returns.result import Failure, Result

from formlavoro_core.cv.exchange.europass import to_europass
from formlavoro_core.cv.exchange.json_resume import read_json_resume, to_json_resume
from formlavoro_core.cv.failures import SectionFull
from formlavoro_core.cv.model import Cv, Entry
from formlavoro_core.errors import DomainError, InvalidInput
from formlavoro_core.ids import CvId, EntryId
from formlavoro_core.locale import Language
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CvExchangeUseCases", "JsonResumeImport"]

MAX_ENTRIES = 50
V = TypeVar("V")


@attrs.frozen(kw_only=True)
class JsonResumeImport:
    """A JSON Resume read into the CV: the CV as stored, and what it had no place for.

    ``ignored`` holds the paths in the file of the parts set aside (``volunteer``,
    ``work[0].highlights`` is not among them: highlights join the description), so that
    the app can tell the citizen what did not come in.
    """

    cv: Cv
    ignored: tuple[str, ...] = ()


class CvExchangeUseCases:
    """The exchange formats of the CV (INT-1)."""

    if TYPE_CHECKING:  # given by CvService
        _deps: Dependencies

        def _owned(
            self, uow: UnitOfWork, actor: Principal, cv_id: CvId, action: str
        ) -> Cv | DomainError: ...

        def _edit(
            self,
            actor: Principal,
            cv_id: CvId,
            change: Callable[[Cv], Cv | DomainError],
            expected_version: int | None = None,
        ) -> Result[Cv, DomainError]: ...

    def export_json_resume(
        self, actor: Principal, cv_id: CvId
    ) -> Result[dict[str, Any], DomainError]:
        """INT-1: the citizen's CV as a JSON Resume v1.0.0 document (JSON-ready data).

        See :mod:`formlavoro_core.cv.exchange.json_resume` for the mapping; attachments
        and the publication are not part of it.
        """
        deps = self._deps

        def work(uow: UnitOfWork) -> dict[str, Any] | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            return to_json_resume(cv.content(), reference=deps.reference, codec=deps.codec)

        return deps.run(work)

    def export_europass(
        self, actor: Principal, cv_id: CvId, language: Language | None = None
    ) -> Result[dict[str, Any], DomainError]:
        """INT-1: the citizen's CV as Europass-compatible data (``SkillsPassport`` JSON).

        ``language`` sets the document's locale and labels (the portal's default
        language when left out). See :mod:`formlavoro_core.cv.exchange.europass`.
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> dict[str, Any] | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            return to_europass(
                cv.content(),
                reference=deps.reference,
                language=language or deps.config.default_language,
                generated_at=now,
            )

        return deps.run(work)

    def import_json_resume(
        self,
        actor: Principal,
        cv_id: CvId,
        data: Mapping[str, object],
        *,
        expected_version: int | None = None,
    ) -> Result[JsonResumeImport, DomainError]:
        """INT-1: replace the CV's sections with those of a JSON Resume.

        The file is structured by the portal's input codec: every problem comes back
        at once with its path in the file (``work[2].startDate: not a date``) and
        nothing is stored unless the whole file is valid. Partial dates stand for the
        first day of their period. Personal fields and preferences the file does not
        give keep their values; the fiscal code never changes.
        """
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        deps = self._deps
        ignored: list[str] = []

        def keyed(values: tuple[V, ...]) -> tuple[Entry[V], ...]:
            return tuple(Entry(id=EntryId(deps.ids.new_id()), value=value) for value in values)

        def change(cv: Cv) -> Cv | DomainError:
            reading = read_json_resume(
                data, codec=deps.codec, reference=deps.reference, base=cv.content()
            )
            if isinstance(reading, InvalidInput):
                return reading
            content = reading.content
            for section in ("experiences", "studies", "languages", "skills"):
                if len(getattr(content, section)) > MAX_ENTRIES:
                    return SectionFull(section=section, limit=MAX_ENTRIES)
            ignored[:] = reading.ignored
            return attrs.evolve(
                cv,
                personal=content.personal,
                experiences=keyed(content.experiences),
                studies=keyed(content.studies),
                languages=keyed(content.languages),
                skills=keyed(content.skills),
                qualifications=content.qualifications,
                preferences=content.preferences,
            )

        return self._edit(actor, cv_id, change, expected_version).map(
            lambda cv: JsonResumeImport(cv=cv, ignored=tuple(ignored))
        )
