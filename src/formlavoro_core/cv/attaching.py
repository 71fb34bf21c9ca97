"""CV-10 use cases of ``portal.cv``: attach, read and remove the CV's files.

:class:`CvAttachmentUseCases` is a base of :class:`~formlavoro_core.cv.services.CvService`,
which gives it the ownership check and the editing transaction. Bytes go to the file
store before the CV refers to them and are discarded when the change does not commit;
a removed attachment's bytes are deleted once the change is committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.cv.attachments import MAX_ATTACHMENTS, classify_attachment
from formlavoro_core.cv.failures import TooManyAttachments
from formlavoro_core.cv.model import AttachmentRef, Cv
from formlavoro_core.errors import DomainError, NotFound
from formlavoro_core.ids import AttachmentId, CvId
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CvAttachmentUseCases"]


class CvAttachmentUseCases:
    """The files attached to the citizen's CV."""

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
