"""SEC-4, GDPR art. 17: a citizen's personal data removed, statistics kept.

Every repository holding personal data erases the citizen's records in one unit of work
(:data:`~formlavoro_core.privacy.registry.PERSONAL_DATA`): the account, the CV, resets,
throttling counts, emails, saved searches, alerts, messages and unlock requests go
(companies lose what was unlocked); applications and event memberships stay, counted,
with the citizen replaced by a tombstone id and what was sent with them gone. The audit
log keeps its records, which hold ids only, and records the erasure. The attachments'
files are deleted once the erasure committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from formlavoro_core.ids import AccountId
from formlavoro_core.privacy.anonymise import erased_files
from formlavoro_core.privacy.export import holder, subject_of
from formlavoro_core.privacy.registry import PERSONAL_DATA

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork

__all__ = ["Erased", "erase_everywhere"]


@attrs.frozen(kw_only=True)
class Erased:
    """An erasure: whose account, how many records went or were anonymised, and files.

    Attributes:
        account_id: the erased account (an id that now belongs to nobody).
        records: per repository, the records removed or anonymised.
        files: the file-store keys deleted after the commit.
    """

    account_id: AccountId
    records: tuple[tuple[str, int], ...]
    files: tuple[str, ...]


def erase_everywhere(uow: UnitOfWork, account: Account, *, tombstone: str) -> Erased:
    """Erase ``account``'s records from every holder of ``uow`` (not yet committed)."""
    subject = subject_of(uow, account, tombstone=tombstone)
    cv = uow.cvs.by_owner(account.id)
    files = tuple(ref.file_key for ref in (cv.attachments if cv is not None else ()))
    files += erased_files(tuple(uow.applications.for_citizen(account.id)))
    counts = tuple((name, holder(uow, name).erase_subject(subject)) for name in PERSONAL_DATA)
    return Erased(account_id=account.id, records=counts, files=files)
