"""Art. 17 with statistics kept: records that count stay, without anything personal.

An offer still counts its applications, and an event its members and check-ins, after
an applicant is erased: those records keep their ids, times and statuses; the citizen
becomes the erasure's tombstone id, and the CV, cover letter and attachment sent go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from formlavoro_core.cv.model import CvContent
from formlavoro_core.ids import AccountId, CvId

if TYPE_CHECKING:
    from formlavoro_core.applications.model import Application
    from formlavoro_core.events.model import Membership
    from formlavoro_core.privacy.subject import DataSubject

__all__ = ["anonymised_application", "anonymised_membership", "erased_files"]


def anonymised_application(application: Application, subject: DataSubject) -> Application:
    """The application as statistics keep it: offer, publisher, history; nobody's."""
    return attrs.evolve(
        application,
        citizen=AccountId(subject.tombstone),
        cv=CvId(subject.tombstone),
        applicant=CvContent(),
        cover_letter=None,
        attachment=None,
    )


def anonymised_membership(membership: Membership, subject: DataSubject) -> Membership:
    """The membership as statistics keep it: the event, when joined and checked in."""
    return attrs.evolve(membership, citizen=AccountId(subject.tombstone), version=0)


def erased_files(applications: tuple[Application, ...]) -> tuple[str, ...]:
    """The file-store keys of the attachments sent with ``applications``."""
    return tuple(a.attachment.file_key for a in applications if a.attachment is not None)
