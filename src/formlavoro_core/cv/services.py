"""CV use cases: read, edit section by section, import, publish, attachments (CV-1 ... CV-13).

Every use case checks that the acting citizen owns the CV (SEC-1). Another person's
CV answers ``cv.not_found``, so ids reveal nothing about who has a CV.

Edits take an optional ``expected_version``: the version the citizen's form was built
from (an HTTP ``If-Match``). When someone changed the CV since, the edit answers
``storage.conflict`` instead of overwriting their change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.cv.anonymised import AnonymisedCv, anonymise
from formlavoro_core.cv.attachments import MAX_ATTACHMENTS, classify_attachment
from formlavoro_core.cv.completion import Completion, completion_of
from formlavoro_core.cv.exchange.services import CvExchangeUseCases
from formlavoro_core.cv.failures import (
    FiscalCodeIsFixed,
    PersonalDataLocked,
    SectionFull,
    TooManyAttachments,
)
from formlavoro_core.cv.model import (
    AttachmentRef,
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
from formlavoro_core.cv.publication import PublicationReadiness
from formlavoro_core.errors import Conflict, DomainError, InvalidInput, NotFound
from formlavoro_core.identity.failures import OnboardingRequired
from formlavoro_core.ids import AttachmentId, CvId, EntryId
from formlavoro_core.principals import Principal
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CvService", "EntryValue"]

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


class CvService(CvExchangeUseCases):
    """``portal.cv``: the citizen's CV (its exchange formats come from the base class)."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    # -- reading -------------------------------------------------------------------------

    def _owned(
        self, uow: UnitOfWork, actor: Principal, cv_id: CvId, action: str
    ) -> Cv | DomainError:
        citizen = require_citizen(actor, action)
        if isinstance(citizen, DomainError):
            return citizen
        cv = uow.cvs.get(cv_id)
        if cv is None or cv.owner != citizen.account_id:
            return NotFound(entity="cv", key=cv_id)
        return cv

    def mine(self, actor: Principal) -> Result[Cv, DomainError]:
        """The acting citizen's CV (created when onboarding completes, ON-6)."""

        def work(uow: UnitOfWork) -> Cv | DomainError:
            citizen = require_citizen(actor, "read a CV")
            if isinstance(citizen, DomainError):
                return citizen
            cv = uow.cvs.by_owner(citizen.account_id)
            if cv is not None:
                return cv
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            return OnboardingRequired(next_step=account.onboarding.next_step)

        return self._deps.run(work)

    def get(self, actor: Principal, cv_id: CvId) -> Result[Cv, DomainError]:
        """One CV of the acting citizen, by its id (CV-1)."""
        return self._deps.run(lambda uow: self._owned(uow, actor, cv_id, "read a CV"))

    def completion(self, actor: Principal, cv_id: CvId) -> Result[Completion, DomainError]:
        """CV-3, CV-4: the completion percentage, per section, with the missing fields."""

        def work(uow: UnitOfWork) -> Completion | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            return completion_of(cv.content(), self._deps.config.completion_weights)

        return self._deps.run(work)

    def anonymised_preview(
        self, actor: Principal, cv_id: CvId
    ) -> Result[AnonymisedCv, DomainError]:
        """CV-12: the CV as companies see it before the citizen unlocks personal data."""

        def work(uow: UnitOfWork) -> AnonymisedCv | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            return cv if isinstance(cv, DomainError) else anonymise(cv)

        return self._deps.run(work)

    # -- editing ------------------------------------------------------------------------

    def _edit(
        self,
        actor: Principal,
        cv_id: CvId,
        change: Callable[[Cv], Cv | DomainError],
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Cv | DomainError:
            cv = self._owned(uow, actor, cv_id, "change a CV")
            if isinstance(cv, DomainError):
                return cv
            if expected_version is not None and cv.version != expected_version:
                return Conflict(entity="cv", key=cv_id)
            changed = change(cv)
            if isinstance(changed, DomainError):
                return changed
            if (
                changed.personal != cv.personal
                and cv.publication is not None
                and cv.publication.is_active(now)
            ):
                return PersonalDataLocked(expires_at=cv.publication.expires_at)
            if changed.personal.fiscal_code != cv.personal.fiscal_code:
                return FiscalCodeIsFixed()
            return uow.cvs.update(
                attrs.evolve(
                    changed, updated_at=now, residence_province=self._province(changed.personal)
                )
            )

        return self._deps.run(work)

    def _province(self, personal: PersonalData) -> ProvinceCode | None:
        residence = personal.residence
        place = self._deps.reference.municipality(residence.municipality) if residence else None
        return ProvinceCode(place.province) if place else None

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

    # -- publication -------------------------------------------------------------------

    def publish(self, actor: Principal, cv_id: CvId) -> Result[Cv, DomainError]:
        """CV-5, CV-11, CV-13: publish for 90 days from the threshold on.

        Below the threshold the failure gives the percentage and the missing fields; a
        CV still active can be published again only after expiry (or, if configured,
        in the renewal window before it).
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> Cv | DomainError:
            cv = self._owned(uow, actor, cv_id, "publish a CV")
            if isinstance(cv, DomainError):
                return cv
            completion = completion_of(cv.content(), deps.config.completion_weights)
            publication = deps.config.publication.publish(cv, completion, now)
            if isinstance(publication, DomainError):
                return publication
            return uow.cvs.update(attrs.evolve(cv, publication=publication, updated_at=now))

        return deps.run(work)

    def publication_status(
        self, actor: Principal, cv_id: CvId
    ) -> Result[PublicationReadiness, DomainError]:
        """CV-14: whether the CV can be published now; if not, from when or what is missing.

        Nothing is tried or changed; ``publish`` answers by the same reading.
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> PublicationReadiness | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            completion = completion_of(cv.content(), deps.config.completion_weights)
            return deps.config.publication.readiness(cv, completion, now)

        return deps.run(work)

    # -- attachments -------------------------------------------------------------------

    def add_attachment(
        self, actor: Principal, cv_id: CvId, *, filename: str, content: bytes
    ) -> Result[AttachmentRef, DomainError]:
        """CV-10: attach a file (at most 3, 2 MB each, nine formats checked by content)."""
        deps = self._deps
        citizen = require_citizen(actor, "change a CV")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        attachment_format = classify_attachment(filename, content)
        if isinstance(attachment_format, DomainError):
            return Failure(attachment_format)
        now = deps.clock.now()
        ref = AttachmentRef(
            id=AttachmentId(deps.ids.new_id()),
            filename=filename,
            format=attachment_format,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_at=now,
        )

        def work(uow: UnitOfWork) -> AttachmentRef | DomainError:
            cv = self._owned(uow, actor, cv_id, "change a CV")
            if isinstance(cv, DomainError):
                return cv
            if len(cv.attachments) >= MAX_ATTACHMENTS:
                return TooManyAttachments(limit=MAX_ATTACHMENTS)
            deps.files.put(ref.file_key, content)
            uow.cvs.update(attrs.evolve(cv, attachments=(*cv.attachments, ref), updated_at=now))
            return ref

        def stored(uow: UnitOfWork) -> bool:
            cv = uow.cvs.get(cv_id)
            return cv is not None and any(a.id == ref.id for a in cv.attachments)

        try:
            result = deps.run(work)
        except BaseException:
            deps.discard_files([ref.file_key], unless=stored)
            raise
        if isinstance(result, Failure):
            deps.files.delete(ref.file_key)
        return result

    def attachment_content(
        self, actor: Principal, cv_id: CvId, attachment_id: AttachmentId
    ) -> Result[bytes, DomainError]:
        """The bytes of one of the citizen's attachments."""
        deps = self._deps

        def work(uow: UnitOfWork) -> bytes | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            ref = next((a for a in cv.attachments if a.id == attachment_id), None)
            content = deps.files.get(ref.file_key) if ref is not None else None
            if content is None:
                return NotFound(entity="attachment", key=attachment_id)
            return content

        return deps.run(work)

    def remove_attachment(
        self, actor: Principal, cv_id: CvId, attachment_id: AttachmentId
    ) -> Result[Cv, DomainError]:
        """Remove an attachment; its bytes are deleted once the change is committed."""
        removed: list[AttachmentRef] = []

        def change(cv: Cv) -> Cv | DomainError:
            kept = tuple(a for a in cv.attachments if a.id != attachment_id)
            if len(kept) == len(cv.attachments):
                return NotFound(entity="attachment", key=attachment_id)
            removed[:] = [a for a in cv.attachments if a.id == attachment_id]
            return attrs.evolve(cv, attachments=kept)

        result = self._edit(actor, cv_id, change)
        if isinstance(result, Success):
            for ref in removed:
                self._deps.files.delete(ref.file_key)
        return result


def _with_entries(cv: Cv, section: str, entries: tuple[Entry[Any], ...]) -> Cv:
    if section == "experiences":
        return attrs.evolve(cv, experiences=entries)
    if section == "studies":
        return attrs.evolve(cv, studies=entries)
    if section == "languages":
        return attrs.evolve(cv, languages=entries)
    return attrs.evolve(cv, skills=entries)
