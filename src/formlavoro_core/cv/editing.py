"""CV use cases that edit the content section by section, or all of it at once (CV-2 ... CV-9).

:class:`CvEditingUseCases` is a base of :class:`~formlavoro_core.cv.services.CvService`,
which gives it the ownership check and the editing transaction: the optimistic version,
personal data locked while published, the fixed fiscal code. Values are checked by the
codec before the transaction starts; list sections hold at most ``MAX_ENTRIES`` entries
and one entry per language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from returns.result import Failure, Result

from formlavoro_core.cv.failures import SectionFull
from formlavoro_core.cv.model import (
    Cv,
    CvContent,
    Entry,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.errors import DomainError, InvalidInput, NotFound
from formlavoro_core.ids import CvId, EntryId
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import _

__all__ = ["MAX_ENTRIES", "CvEditingUseCases", "EntryValue"]


EntryValue = Experience | Study | LanguageSkill | Skill
"""An item of one of the list sections."""

MAX_ENTRIES = 50
_SECTION_OF: dict[type[Any], str] = {
    Experience: "experiences",
    Study: "studies",
    LanguageSkill: "languages",
    Skill: "skills",
}
_LIST_SECTIONS = tuple(_SECTION_OF.values())
_LANGUAGE_LISTED = InvalidInput.at("language", _("already listed: one entry per language"))
V = TypeVar("V")


class CvEditingUseCases:
    """The citizen's edits of the CV's content."""

    if TYPE_CHECKING:  # given by CvService
        _deps: Dependencies

        def _edit(
            self,
            actor: Principal,
            cv_id: CvId,
            change: Callable[[Cv], Cv | DomainError],
            expected_version: int | None = None,
        ) -> Result[Cv, DomainError]: ...

    def _checked(self, value: V) -> V | InvalidInput:
        return self._deps.codec.check(value)

    def set_personal_data(
        self,
        actor: Principal,
        cv_id: CvId,
        personal: PersonalData,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Replace the basic data; refused while the CV is published (CV-11)."""
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._checked(personal)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        return self._edit(
            actor, cv_id, lambda cv: attrs.evolve(cv, personal=checked), expected_version
        )

    def add_entry(
        self,
        actor: Principal,
        cv_id: CvId,
        value: EntryValue,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Add an experience, study, language or skill (CV-2); the new entry comes last."""
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._checked(value)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        section = _SECTION_OF[type(value)]
        entry_id = EntryId(self._deps.ids.new_id())

        def change(cv: Cv) -> Cv | DomainError:
            entries: tuple[Entry[Any], ...] = getattr(cv, section)
            if len(entries) >= MAX_ENTRIES:
                return SectionFull(section=section, limit=MAX_ENTRIES)
            if cv.lists_language_of(checked):
                return _LANGUAGE_LISTED
            return _with_entries(cv, section, (*entries, Entry(id=entry_id, value=checked)))

        return self._edit(actor, cv_id, change, expected_version)

    def replace_entry(
        self,
        actor: Principal,
        cv_id: CvId,
        entry_id: EntryId,
        value: EntryValue,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Change one entry of a list section, keeping its id and position."""
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._checked(value)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        section = _SECTION_OF[type(value)]

        def change(cv: Cv) -> Cv | DomainError:
            entries: tuple[Entry[Any], ...] = getattr(cv, section)
            if all(entry.id != entry_id for entry in entries):
                return NotFound(entity="cv_entry", key=entry_id)
            if cv.lists_language_of(checked, besides=entry_id):
                return _LANGUAGE_LISTED
            replaced = tuple(
                Entry(id=entry_id, value=checked) if entry.id == entry_id else entry
                for entry in entries
            )
            return _with_entries(cv, section, replaced)

        return self._edit(actor, cv_id, change, expected_version)

    def remove_entry(
        self,
        actor: Principal,
        cv_id: CvId,
        entry_id: EntryId,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Remove one entry of any list section."""

        def change(cv: Cv) -> Cv | DomainError:
            for section in _LIST_SECTIONS:
                entries: tuple[Entry[Any], ...] = getattr(cv, section)
                kept = tuple(entry for entry in entries if entry.id != entry_id)
                if len(kept) != len(entries):
                    return _with_entries(cv, section, kept)
            return NotFound(entity="cv_entry", key=entry_id)

        return self._edit(actor, cv_id, change, expected_version)

    def set_qualifications(
        self,
        actor: Principal,
        cv_id: CvId,
        qualifications: Qualifications,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Replace the qualifications, associations and driving licences (CV-8)."""
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._checked(qualifications)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        return self._edit(
            actor, cv_id, lambda cv: attrs.evolve(cv, qualifications=checked), expected_version
        )

    def set_preferences(
        self,
        actor: Principal,
        cv_id: CvId,
        preferences: Preferences,
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Replace the preferences that matching uses (CV-9)."""
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._checked(preferences)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        return self._edit(
            actor, cv_id, lambda cv: attrs.evolve(cv, preferences=checked), expected_version
        )

    def import_content(
        self,
        actor: Principal,
        cv_id: CvId,
        data: Mapping[str, object],
        *,
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        """Replace every section from plain data (a JSON document or a form post).

        All mistakes come back together in one ``InvalidInput``, each with its path
        (``experiences[2].start``); nothing is stored unless the whole document is valid.
        """
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        content = self._deps.codec.parse(data, CvContent)
        if isinstance(content, InvalidInput):
            return Failure(content)
        ids = self._deps.ids

        def keyed(values: tuple[V, ...]) -> tuple[Entry[V], ...]:
            return tuple(Entry(id=EntryId(ids.new_id()), value=value) for value in values)

        def change(cv: Cv) -> Cv | DomainError:
            for section in _LIST_SECTIONS:
                if len(getattr(content, section)) > MAX_ENTRIES:
                    return SectionFull(section=section, limit=MAX_ENTRIES)
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

        return self._edit(actor, cv_id, change, expected_version)


def _with_entries(cv: Cv, section: str, entries: tuple[Entry[Any], ...]) -> Cv:
    if section == "experiences":
        return attrs.evolve(cv, experiences=entries)
    if section == "studies":
        return attrs.evolve(cv, studies=entries)
    if section == "languages":
        return attrs.evolve(cv, languages=entries)
    return attrs.evolve(cv, skills=entries)
