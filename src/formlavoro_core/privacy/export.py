"""SEC-4, GDPR arts. 15 and 20: everything the portal holds about one citizen.

Every repository listed in :data:`~formlavoro_core.privacy.registry.PERSONAL_DATA` gives
its records about the citizen (:class:`~formlavoro_core.privacy.subject.PersonalDataHolder`),
the audit log its records about them, the file store the attachments' bytes. The export
is a ZIP archive holding ``data.json`` (machine-readable: every record as the library
stores it, section by section), the attachments, and ``summary.pdf`` (readable, in the
citizen's language) when the portal has a renderer for it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from formlavoro_core.codec import Codec
from formlavoro_core.errors import FormlavoroError
from formlavoro_core.locale import Language
from formlavoro_core.privacy.registry import PERSONAL_DATA
from formlavoro_core.privacy.subject import DataSubject, PersonalDataHolder

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork

__all__ = ["DataExport", "ExportSummary", "collect", "holder", "subject_of"]

FORMAT = "formlavoro-data-export/1"
"""The name and version of the archive's ``data.json`` layout."""

_HIDDEN = "(hidden)"
_SECRETS = frozenset({"password_hash"})
"""Fields exported as ``(hidden)``: a hash of the password is of no use to its owner."""

_CODEC = Codec.for_documents()


def holder(uow: UnitOfWork, name: str) -> PersonalDataHolder:
    """The repository ``name`` of ``uow`` as a holder of personal data (a storage bug if not)."""
    repository = getattr(uow, name)
    if not isinstance(repository, PersonalDataHolder):
        raise FormlavoroError(f"the storage's {name} cannot export or erase a citizen's data")
    return repository


def subject_of(uow: UnitOfWork, account: Account, *, tombstone: str = "") -> DataSubject:
    """The keys the citizen's records are found by: account, CV, addresses, username."""
    cv = uow.cvs.by_owner(account.id)
    emails = {str(account.email)} if account.email is not None else set()
    if cv is not None and cv.personal.email is not None:
        emails.add(str(cv.personal.email))
    return DataSubject(
        account_id=account.id,
        cv_id=cv.id if cv is not None else None,
        emails=tuple(sorted(emails)),
        username=account.regional.username if account.regional is not None else None,
        tombstone=tombstone,
    )


def _hide_secrets(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _HIDDEN if k in _SECRETS else _hide_secrets(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_hide_secrets(item) for item in data]
    return data


@attrs.frozen(kw_only=True)
class ExportSummary:
    """What the readable summary shows: who, when, and how many records of each kind.

    Attributes:
        name: the citizen's name, as on the account.
        fiscal_code: their fiscal code.
        language: the language of the summary (the citizen's).
        made_at: when the export was made.
        timezone: the portal's zone, for the dates shown.
        portal_name: the portal's name.
        counts: per section of ``data.json`` (``accounts``, ``applications``…,
            ``audit``), how many records it holds.
        applications: one line per application: offer title, status, day submitted.
        readers: who else acted on the citizen's data, per kind of actor, from the
            audit log (``company``: 3).
    """

    name: str
    fiscal_code: str
    language: Language
    made_at: dt.datetime
    timezone: dt.tzinfo
    portal_name: str
    counts: tuple[tuple[str, int], ...]
    applications: tuple[tuple[str, str, dt.date], ...]
    readers: tuple[tuple[str, int], ...]


@attrs.frozen(kw_only=True)
class DataExport:
    """A citizen's data, ready to hand over (SEC-4).

    Attributes:
        data: every record, section by section, as JSON-ready data.
        files: the attachments' bytes, by archive path.
        summary: what the readable summary shows.
        pdf: the readable summary, or ``None`` when the portal has no renderer for it.
    """

    data: Mapping[str, Any]
    files: Mapping[str, bytes]
    summary: ExportSummary
    pdf: bytes | None = None

    def json(self) -> bytes:
        """``data.json``: UTF-8, keys sorted, indented for people who open it."""
        text = json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True)
        return text.encode()

    def archive(self) -> bytes:
        """The ZIP archive: ``data.json``, ``attachments/…`` and ``summary.pdf``."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", self.json())
            for path, content in sorted(self.files.items()):
                archive.writestr(path, content)
            if self.pdf is not None:
                archive.writestr("summary.pdf", self.pdf)
        return buffer.getvalue()


@attrs.frozen(kw_only=True)
class Collected:
    """The records and file keys gathered in one unit of work."""

    data: dict[str, Any]
    file_keys: tuple[tuple[str, str], ...]
    summary: ExportSummary


def collect(
    uow: UnitOfWork,
    account: Account,
    *,
    now: dt.datetime,
    timezone: dt.tzinfo,
    portal_name: str,
) -> Collected:
    """Gather every record about ``account`` from every holder, and the audit log's."""
    subject = subject_of(uow, account)
    sections: dict[str, Any] = {}
    counts = []
    for name in PERSONAL_DATA:
        found = list(holder(uow, name).export_subject(subject))
        sections[name] = _hide_secrets(_CODEC.unstructure(found))
        counts.append((name, len(found)))
    audit = list(uow.audit.about(account.id))
    sections["audit"] = _CODEC.unstructure(audit)
    counts.append(("audit", len(audit)))
    readers: dict[str, int] = {}
    for entry in audit:
        if entry.actor.kind != "citizen":
            readers[entry.actor.kind] = readers.get(entry.actor.kind, 0) + 1
    cv = uow.cvs.by_owner(account.id)
    sent = uow.applications.for_citizen(account.id)
    applications = tuple(
        (app.offer_title, app.status.value, app.submitted_at.astimezone(timezone).date())
        for app in sent
    )
    file_keys = [
        (f"attachments/cv/{ref.id}-{ref.filename}", ref.file_key)
        for ref in (cv.attachments if cv is not None else ())
    ]
    file_keys += [
        (f"attachments/applications/{app.id}-{app.attachment.filename}", app.attachment.file_key)
        for app in sent
        if app.attachment is not None
    ]
    data = {
        "format": FORMAT,
        "made_at": now.astimezone(dt.UTC).isoformat(),
        "account_id": account.id,
        "sections": sections,
    }
    summary = ExportSummary(
        name=account.full_name,
        fiscal_code=str(account.fiscal_code),
        language=account.language,
        made_at=now,
        timezone=timezone,
        portal_name=portal_name,
        counts=tuple(counts),
        applications=applications,
        readers=tuple(sorted(readers.items())),
    )
    return Collected(data=data, file_keys=tuple(file_keys), summary=summary)
