"""SQL repositories of the access and CV contexts, and of the email outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from formlavoro_adapters.sql.base import is_write
from formlavoro_adapters.sql.course_cv_search import cv_where
from formlavoro_adapters.sql.deadlines import passed
from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.matching import decode_cv_profile, select_cv_profiles, write_cv_profile
from formlavoro_adapters.sql.matching_bounds import ranked_cv_profiles
from formlavoro_adapters.sql.paging import page_of
from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_adapters.sql.tables import (
    ACCOUNTS,
    CV_PROFESSIONS,
    CVS,
    LOGIN_THROTTLE,
    OUTBOX,
    PASSWORD_RESETS,
)
from formlavoro_core.cv.model import Cv
from formlavoro_core.cv.search import CvQuery, cv_sort_key
from formlavoro_core.deadlines import Deadline
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.model import Account
from formlavoro_core.identity.password_reset import PasswordReset
from formlavoro_core.identity.throttle import LoginFailures, account_key, reset_account_key
from formlavoro_core.ids import AccountId, CvId, OutboxMessageId
from formlavoro_core.matching.bounds import Bounded, CvBound
from formlavoro_core.matching.profiles import CvCell, CvProfile
from formlavoro_core.messaging.outbox import OutboxMessage
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.privacy.subject import DataSubject

__all__ = ["SqlAccounts", "SqlCvs", "SqlLoginFailures", "SqlOutbox", "SqlPasswordResets"]


class SqlAccounts(SqlHolder[Account]):
    table = ACCOUNTS
    entity = "account"
    cls = Account

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool]:
        return ACCOUNTS.c.id == subject.account_id

    def columns(self, aggregate: Account) -> Mapping[str, Any]:
        regional = aggregate.regional
        return {
            "fiscal_code": str(aggregate.fiscal_code),
            "username": regional.username if regional else None,
        }

    def get(self, account_id: AccountId) -> Account | None:
        return self._get(account_id)

    def by_fiscal_code(self, fiscal_code: FiscalCode) -> Account | None:
        return self._one_by(fiscal_code=str(fiscal_code))

    def by_username(self, username: str) -> Account | None:
        return self._one_by(username=username)


class SqlPasswordResets(SqlHolder[PasswordReset]):
    table = PASSWORD_RESETS
    entity = "password_reset"
    cls = PasswordReset
    key_name = "token_hash"

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool]:
        return PASSWORD_RESETS.c.account_id == subject.account_id

    def columns(self, aggregate: PasswordReset) -> Mapping[str, Any]:
        # A request that matched no account has none; no account id is empty.
        return {"account_id": aggregate.account_id or "", "issued_at": aggregate.issued_at}

    def get(self, token_hash: str) -> PasswordReset | None:
        return self._get(token_hash)

    def for_account(self, account_id: AccountId) -> Sequence[PasswordReset]:
        c = PASSWORD_RESETS.c
        return self._many(
            select(c.doc).where(c.account_id == account_id).order_by(c.issued_at, c.token_hash)
        )


class SqlLoginFailures:
    """Attempt records, one row per key; :meth:`hold` locks the row it returns.

    Holding is an upsert that changes nothing: on PostgreSQL it takes the row's lock
    (creating the row when missing, so a key nobody counted yet is locked too), and
    on SQLite any write takes the database's write lock. Either way the lock lasts
    until the transaction ends, so attempts made at once on one key take turns
    instead of reading the same count. Callers hold their keys in sorted order, so
    two transactions never wait for each other.
    """

    def __init__(self, session: SqlSession) -> None:
        self._session = session

    def _execute(self, statement: Any, key: str) -> Any:
        with translated("login_failures", key):
            return self._session.execute(statement, None, write=is_write(statement))

    def _upsert(self, key: str, failures: int, at: dt.datetime, *, keep: bool) -> Any:
        c = LOGIN_THROTTLE.c
        dialect = self._session.dialect
        upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LOGIN_THROTTLE)
        changes = (
            {"failures": c.failures}
            if keep
            else {
                "failures": upsert.excluded.failures,
                "last_failure_at": upsert.excluded.last_failure_at,
            }
        )
        statement = (
            upsert.values(key=key, failures=failures, last_failure_at=at)
            .on_conflict_do_update(index_elements=[c.key], set_=changes)
            .returning(c.failures, c.last_failure_at)
        )
        return self._execute(statement, key).one()

    def get(self, key: str) -> LoginFailures | None:
        c = LOGIN_THROTTLE.c
        row = self._execute(select(c.failures, c.last_failure_at).where(c.key == key), key).first()
        if row is None:
            return None
        return LoginFailures(
            key=key, failures=row.failures, last_failure_at=row.last_failure_at, version=1
        )

    def hold(self, key: str, *, at: dt.datetime) -> LoginFailures:
        row = self._upsert(key, 0, at, keep=True)
        return LoginFailures(
            key=key, failures=row.failures, last_failure_at=row.last_failure_at, version=1
        )

    def put(self, record: LoginFailures) -> None:
        self._upsert(record.key, record.failures, record.last_failure_at, keep=False)

    def clear(self, key: str) -> None:
        self._execute(delete(LOGIN_THROTTLE).where(LOGIN_THROTTLE.c.key == key), key)

    def purge(self, *, before: dt.datetime) -> int:
        stale = delete(LOGIN_THROTTLE).where(LOGIN_THROTTLE.c.last_failure_at < before)
        return int(self._execute(stale, "").rowcount)

    @staticmethod
    def _subject_keys(subject: DataSubject) -> list[str]:
        name = subject.username
        return [] if name is None else [account_key(name), reset_account_key(name)]

    def export_subject(self, subject: DataSubject) -> Sequence[LoginFailures]:
        """The counts kept under the subject's username (SEC-4)."""
        found = (self.get(key) for key in self._subject_keys(subject))
        return [record for record in found if record is not None]

    def erase_subject(self, subject: DataSubject) -> int:
        """Forget the counts kept under the subject's username (SEC-4)."""
        keys = self._subject_keys(subject)
        self._session.erasing = True
        removed = self._execute(delete(LOGIN_THROTTLE).where(LOGIN_THROTTLE.c.key.in_(keys)), "")
        return int(removed.rowcount)


def _levels(code: str) -> list[str]:
    """A CP2021 code and every code above it: ``5.2.2`` gives ``5``, ``5.2``, ``5.2.2``."""
    parts = code.split(".")
    return [".".join(parts[:level]) for level in range(1, len(parts) + 1)]


def _delimited(values: Sequence[str]) -> str:
    return "," + ",".join(values) + "," if values else ""


def cv_columns(aggregate: Cv) -> dict[str, Any]:
    """The projected columns of a CV (also used by bulk loading)."""
    publication = aggregate.publication
    residence = aggregate.personal.residence
    ranks = [entry.value.level.rank for entry in aggregate.studies]
    return {
        "owner": aggregate.owner,
        "sort_time": cv_sort_key(aggregate)[0],
        "published_at": publication.published_at if publication else None,
        "expires_at": publication.expires_at if publication else None,
        "reminded": bool(publication and publication.reminder_sent_at is not None),
        "municipality": residence.municipality if residence else None,
        "province": aggregate.residence_province,
        "education_rank": max(ranks) if ranks else None,
        "languages": _delimited(sorted({entry.value.language for entry in aggregate.languages})),
        "licences": _delimited(
            sorted(licence.value for licence in aggregate.qualifications.driving_licences)
        ),
    }


def cv_profession_codes(aggregate: Cv) -> list[str]:
    """Every CP2021 code (at every level) the CV's professions lie under."""
    codes = [*aggregate.preferences.professions]
    codes += [e.value.profession for e in aggregate.experiences if e.value.profession]
    return sorted({prefix for code in codes for prefix in _levels(code)})


class SqlCvs(SqlHolder[Cv]):
    table = CVS
    entity = "cv"
    cls = Cv

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool]:
        return CVS.c.owner == subject.account_id

    def before_removing(self, row: Cv) -> None:
        self._execute(delete(CV_PROFESSIONS).where(CV_PROFESSIONS.c.cv_id == row.id))

    def columns(self, aggregate: Cv) -> Mapping[str, Any]:
        return cv_columns(aggregate)

    def after_write(self, aggregate: Cv) -> None:
        """Keep one row per CP2021 code (at every level) the CV's professions lie under."""
        prefixes = cv_profession_codes(aggregate)
        self._execute(delete(CV_PROFESSIONS).where(CV_PROFESSIONS.c.cv_id == aggregate.id))
        if prefixes:
            rows = [{"cv_id": aggregate.id, "code": code} for code in prefixes]
            self._execute_many(insert(CV_PROFESSIONS), rows, aggregate.id)
        with translated(self.entity, aggregate.id):
            write_cv_profile(self._session.connection().execute, aggregate)

    def get(self, cv_id: CvId) -> Cv | None:
        return self._get(cv_id)

    def get_many(self, cv_ids: Sequence[CvId]) -> dict[CvId, Cv]:
        return {cv.id: cv for cv in self._get_many(cv_ids)}

    def by_owner(self, owner: AccountId) -> Cv | None:
        return self._one_by(owner=owner)

    def search_published(self, query: CvQuery, page: PageRequest, *, now: dt.datetime) -> Page[Cv]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            CVS,
            cv_where(query, now=now, dialect=self._session.dialect),
            page,
            load=self._load_rows,
            key=cv_sort_key,
        )

    def match_profiles(self, cell: CvCell, *, now: dt.datetime) -> Sequence[CvProfile]:
        rows = self._execute(select_cv_profiles(cell, now=now)).all()
        return [decode_cv_profile(row.profile) for row in rows]

    def ranked_profiles(
        self, cell: CvCell, bound: CvBound, *, now: dt.datetime
    ) -> Iterator[Bounded[CvProfile]]:
        session = self._session
        return ranked_cv_profiles(
            lambda sql, parameters: session.read(sql, parameters, "cv"),
            session.engine.dialect,
            cell,
            bound,
            now=now,
        )

    def due_for_reminder(self, *, expiring_before: dt.datetime, now: dt.datetime) -> Sequence[Cv]:
        c = CVS.c
        return self._many(
            select(c.doc)
            .where(
                c.reminded.is_(False),
                c.expires_at > now,
                c.expires_at < expiring_before,
            )
            .order_by(c.expires_at, c.id)
        )

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Cv]:
        c = CVS.c
        return self._many(
            select(c.doc)
            .where(passed(c.expires_at, c.id, after=after, before=before))
            .order_by(c.expires_at, c.id)
            .limit(limit)
        )


class SqlOutbox(SqlHolder[OutboxMessage]):
    table = OUTBOX
    entity = "outbox_message"
    cls = OutboxMessage

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return OUTBOX.c.recipient.in_(subject.emails) if subject.emails else None

    def columns(self, aggregate: OutboxMessage) -> Mapping[str, Any]:
        return {
            "created_at": aggregate.created_at,
            "sent_at": aggregate.sent_at,
            "claimed_until": aggregate.claimed_until,
            "due_at": aggregate.due_at,
            "dead_at": aggregate.dead_at,
            "recipient": aggregate.email.to,
        }

    def get(self, message_id: OutboxMessageId) -> OutboxMessage | None:
        return self._get(message_id)

    def pending(self, *, limit: int, now: dt.datetime) -> Sequence[OutboxMessage]:
        c = OUTBOX.c
        statement = select(c.doc).where(c.due_at <= now).order_by(c.due_at, c.id).limit(limit)
        if self._session.dialect == "postgresql":
            # Dispatchers at once each take rows the others do not hold; SQLite has one
            # writer at a time, and the claim that follows is a write.
            statement = statement.with_for_update(skip_locked=True)
        return self._many(statement)

    def dead(self, *, limit: int) -> Sequence[OutboxMessage]:
        c = OUTBOX.c
        return self._many(
            select(c.doc)
            .where(c.dead_at.is_not(None))
            .order_by(c.dead_at.desc(), c.id)
            .limit(limit)
        )
