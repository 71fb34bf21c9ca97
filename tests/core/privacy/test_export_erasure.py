"""SEC-4: the export holds everything about a citizen; erasure leaves nothing (every storage)."""

from __future__ import annotations

import io
import json
import pathlib
import zipfile

import pytest

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.cv.model import CvContent
from formlavoro_core.ids import AccountId
from formlavoro_core.principals import SYSTEM
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.registry import PERSONAL_DATA
from tests.core.privacy.journey import MARCELLO, ZENOBIA, journey
from tests.core.privacy.stored import stored_files, stored_text
from tests.portals import STORAGES, storage_of, world_on
from tests.support import OPERATOR, failure, ok

PERSONAL = ("given_name", "family_name", "fiscal_code", "email", "phone", "cover_letter")


@pytest.mark.parametrize("kind", STORAGES)
def test_sec4_the_export_holds_every_record_about_the_citizen_and_no_one_elses(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with storage_of(kind, tmp_path) as storage:
        w = world_on(storage)
        ids = journey(w)
        zenobia = ids["zenobia"]
        export = ok(w.portal.privacy.export(zenobia))
        text = export.json().decode()
        for name in ("given_name", "family_name", "fiscal_code", "email", "phone"):
            assert ZENOBIA[name] in text, name
        for name in ("cover_letter", "reply", "search"):
            assert ZENOBIA[name] in text, name
        for value in MARCELLO.values():
            assert value not in text
        data = json.loads(text)
        assert data["account_id"] == zenobia.account_id
        sections = data["sections"]
        assert set(sections) == {*PERSONAL_DATA, "audit"}
        counts = dict(export.summary.counts)
        for section in (
            "accounts", "cvs", "outbox", "saved_searches", "applications",
            "memberships", "messages", "unlock_requests", "audit",
        ):  # fmt: skip
            assert counts[section] >= 1, section
        assert counts["messages"] >= 2  # the publisher's message and her reply
        assert dict(export.summary.readers) == {"company": 2}  # asked to unlock, read
        archive = zipfile.ZipFile(io.BytesIO(export.archive()))
        names = archive.namelist()
        assert "data.json" in names
        assert "summary.pdf" in names
        attached = [name for name in names if name.startswith("attachments/")]
        assert len(attached) == 2  # in the CV, and the copy sent with the application
        assert all(ZENOBIA["attachment"].encode() in archive.read(name) for name in attached)
        assert archive.read("summary.pdf").startswith(b"%PDF")
        (last,) = ok(w.portal.privacy.access_log(zenobia))[-1:]
        assert (last.action, last.actor.kind) == (AuditAction.EXPORT, "citizen")


@pytest.mark.parametrize("kind", STORAGES)
def test_sec4_erasure_leaves_none_of_the_citizens_values_and_keeps_the_statistics(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with storage_of(kind, tmp_path) as storage:
        w = world_on(storage)
        ids = journey(w)
        zenobia, company = ids["zenobia"], ids["company"]
        ok(w.portal.mail.deliver_pending(SYSTEM))  # some emails sent, some still queued
        before = stored_text(storage)
        for name in PERSONAL:
            assert ZENOBIA[name] in before, name  # the scan sees them while they are there
        assert ZENOBIA["attachment"].encode() in stored_files(w.files)
        erased = ok(w.portal.privacy.erase(zenobia))
        assert erased.account_id == zenobia.account_id
        assert len(erased.files) == 2
        after = stored_text(storage)
        for name in (*PERSONAL, "reply", "search"):
            assert ZENOBIA[name] not in after, name
        assert ZENOBIA["attachment"].encode() not in stored_files(w.files)
        for name in ("given_name", "fiscal_code", "email", "cover_letter"):
            assert MARCELLO[name] in after, name  # only hers went
        # Statistics: the offer still counts two applications, the event two members.
        kept = ok(w.portal.applications.for_offer(company, ids["offer"].id))
        assert len(kept) == 2
        hers = next(a for a in kept if a.id == ids["zenobia_application"].id)
        assert hers.applicant == CvContent()
        assert (hers.cover_letter, hers.attachment) == (None, None)
        assert hers.citizen != zenobia.account_id
        assert hers.status is ApplicationStatus.INTERESTED
        assert len(ok(w.portal.events.participants(ids["cpi"], ids["event"].id))) == 2
        # Companies lose what was unlocked; she is gone from the company side.
        assert failure(w.portal.talent.view(company, ids["zenobia_cv"].id)).code == "cv.not_found"
        assert failure(w.portal.privacy.export(zenobia)).code == "account.not_found"
        assert failure(w.portal.privacy.erase(zenobia)).code == "account.not_found"
        # The audit log keeps ids only, and records the erasure; its chain still holds.
        assert ok(w.portal.privacy.verify_audit(OPERATOR)).records > 0
        log = ok(w.portal.privacy.access_log(zenobia))
        assert log[-1].action is AuditAction.ERASURE


def test_sec4_an_operator_exports_and_erases_on_request_others_may_not() -> None:
    with storage_of("memory", pathlib.Path()) as storage:
        w = world_on(storage)
        ids = journey(w)
        zenobia, marcello = ids["zenobia"], ids["marcello"]
        account = zenobia.account_id
        assert ok(w.portal.privacy.export(OPERATOR, account)).data["account_id"] == account
        for actor in (marcello, ids["company"], ids["cpi"], SYSTEM):
            assert failure(w.portal.privacy.export(actor, account)).code == "access.forbidden"
            assert failure(w.portal.privacy.erase(actor, account)).code == "access.forbidden"
        assert failure(w.portal.privacy.export(OPERATOR)).code == "access.forbidden"
        missing = AccountId("nessuno")
        assert failure(w.portal.privacy.erase(OPERATOR, missing)).code == "account.not_found"
        ok(w.portal.privacy.erase(OPERATOR, account))
        log = ok(w.portal.privacy.access_log(zenobia))
        assert (log[-1].action, log[-1].actor.kind) == (AuditAction.ERASURE, "operator")
        assert ok(w.portal.privacy.export(marcello)).summary.name == "Marcello Bianchetti"
