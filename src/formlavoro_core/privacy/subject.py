"""SEC-4: the data subject, and what every repository holding personal data can do for one.

A repository holds personal data when any of its records is about one citizen. Each such
repository can give every record it holds about a :class:`DataSubject` (for the export
of GDPR arts. 15 and 20) and erase them (art. 17): remove them, or, where a record also
counts for statistics (an application, an event's membership), keep it with every
personal datum gone and the citizen replaced by the erasure's tombstone id.

:data:`~formlavoro_core.privacy.registry.PERSONAL_DATA` says which repositories of the
unit of work hold personal data; a contract test checks that every storage's
repositories answer :class:`PersonalDataHolder` for them, and that nothing is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import attrs

from formlavoro_core.ids import AccountId, CvId

__all__ = ["DataSubject", "PersonalDataHolder"]


@attrs.frozen(kw_only=True)
class DataSubject:
    """Whose data: the keys every repository finds one citizen's records by.

    Attributes:
        account_id: the citizen's account.
        cv_id: their CV, if they have one.
        emails: the addresses the portal wrote to (the account's, the CV's).
        username: their regional username, if they have one.
        tombstone: the id that replaces the account in records kept for statistics; a
            new one for each erasure, linked to nobody.
    """

    account_id: AccountId
    cv_id: CvId | None = None
    emails: tuple[str, ...] = ()
    username: str | None = None
    tombstone: str = ""


@runtime_checkable
class PersonalDataHolder(Protocol):
    """A repository holding records about citizens (SEC-4)."""

    def export_subject(self, subject: DataSubject, /) -> Sequence[object]:
        """Return every record about ``subject``, as stored (frozen aggregates)."""
        ...

    def erase_subject(self, subject: DataSubject, /) -> int:
        """Remove (or anonymise, see the module) every record about ``subject``; how many."""
        ...
