"""The storage contract: one pytest suite every storage adapter must pass.

Subclass :class:`StorageContract` in a test module and implement ``make_storage``::

    class TestInMemoryStorage(StorageContract):
        def make_storage(self) -> UnitOfWorkFactory:
            return InMemoryStorage()

The suite checks behaviour only through the ``UnitOfWork`` port.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.model import (
    Address,
    AttachmentRef,
    Cv,
    Entry,
    Experience,
    Gender,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import (
    Account,
    Consent,
    Notice,
    RegionalCredentials,
)
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    Onboarding,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.identity.password_reset import PasswordReset
from formlavoro_core.ids import AccountId, AttachmentId, CvId, EntryId, OutboxMessageId
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    SectorCode,
)
from formlavoro_core.testing.audit_contract import AuditLogContract
from formlavoro_core.testing.course_contract import CourseStorageContract
from formlavoro_core.testing.delivery_contract import DeliveryStorageContract
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_contract import MarketplaceStorageContract
from formlavoro_core.testing.publication_contract import PublicationNumberContract
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory

__all__ = ["StorageContract", "sample_account", "sample_cv"]

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
_FISCAL_CODES = ("RSSMRA85T10A562S", "BNCLRA90A41D969K", "VRDGPP80M01H501L")
_counter = itertools.count(1)


def sample_account(number: int = 0, *, username: str | None = None) -> Account:
    """A fully populated account (every field set), the ``number``-th of a few."""
    fiscal_code = FiscalCode.parse(_FISCAL_CODES[number])
    return Account(
        id=AccountId(long_id(f"account-{number}")),
        fiscal_code=fiscal_code,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress(f"anna{number}@example.it"),
        language=Language.ENGLISH,
        regional=RegionalCredentials(
            username=username, password_hash="scrypt$4$8$1$c2FsdA$aGFzaA", changed_at=T0
        )
        if username
        else None,
        consents=(Consent(notice=Notice.PRIVACY_NOTICE, version="3", accepted_at=T0),),
        methods_used=(LoginMethod.SPID, LoginMethod.CNS),
        onboarding=Onboarding(
            sectors=SectorsAnswer(sectors=(SectorCode("I"),)),
            professions=ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
            education=EducationAnswer(
                in_education=True, highest_level=EducationLevel.UPPER_SECONDARY
            ),
            work=WorkAnswer(
                has_worked=True,
                experience=Experience(
                    job_title="Cuoca", employer="Trattoria", start=dt.date(2020, 5, 1)
                ),
            ),
            completed_at=T0,
        ),
        created_at=T0,
        last_login_at=T0 + dt.timedelta(hours=1),
    )


def sample_cv(
    owner: AccountId, *, cv_id: str = long_id("cv-1"), expires_at: dt.datetime | None = None
) -> Cv:
    """A CV with every section filled and, when ``expires_at`` is given, published."""
    publication = (
        Publication(published_at=T0, expires_at=expires_at) if expires_at is not None else None
    )
    return Cv(
        id=CvId(cv_id),
        owner=owner,
        personal=PersonalData(
            given_name="Anna",
            family_name="Rossi",
            fiscal_code=FiscalCode.parse(_FISCAL_CODES[0]),
            birth_date=dt.date(1985, 12, 10),
            gender=Gender.FEMALE,
            citizenship="IT",
            email=EmailAddress("anna@example.it"),
            phone=PhoneNumber("+39 010 123456"),
            residence=Address(
                municipality=MunicipalityCode("D969"),
                street="Via Roma 1",
                postcode=Postcode("16121"),
            ),
        ),
        experiences=(
            Entry(
                id=EntryId(long_id("e1")),
                value=Experience(
                    job_title="Cuoca",
                    employer="Trattoria da Pina",
                    start=dt.date(2019, 1, 1),
                    end=dt.date(2021, 6, 30),
                    profession=ProfessionCode("5.2.2.1.0"),
                    place=MunicipalityCode("D969"),
                    description="Primi piatti e dolci, ordini ai fornitori.",
                ),
            ),
        ),
        studies=(
            Entry(
                id=EntryId(long_id("s1")),
                value=Study(
                    level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero", year=2004
                ),
            ),
        ),
        languages=(
            Entry(
                id=EntryId(long_id("l1")),
                value=LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),
            ),
        ),
        skills=(
            Entry(
                id=EntryId(long_id("k1")),
                value=Skill(category=SkillCategory.IT, description="Fogli di calcolo"),
            ),
        ),
        qualifications=Qualifications(
            ministry=(MinistryQualification.BOAT_LICENCE,),
            associations=("Ordine dei geologi",),
            driving_licences=(DrivingLicence.B, DrivingLicence.AM),
        ),
        preferences=Preferences(
            professions=(ProfessionCode("5.2.2.1.0"),),
            sectors=(SectorCode("I"),),
            available_to_travel=True,
            working_conditions=(WorkingCondition.FULL_TIME,),
            contract_types=(ContractType.PERMANENT,),
            notes="Disponibile da subito.",
        ),
        attachments=(
            AttachmentRef(
                id=AttachmentId(long_id("a1")),
                filename="cv.pdf",
                format=AttachmentFormat.PDF,
                size=1234,
                sha256="0" * 64,
                uploaded_at=T0,
            ),
        ),
        publication=publication,
        created_at=T0,
        updated_at=T0,
    )


def _message(number: int, created_at: dt.datetime) -> OutboxMessage:
    return OutboxMessage(
        id=OutboxMessageId(long_id(f"m-{number}")),
        email=OutgoingEmail(
            to="a@example.it", subject="s", body="b", kind=EmailKind.PASSWORD_RESET
        ),
        created_at=created_at,
    )


def _write(storage: UnitOfWorkFactory, change: Callable[[UnitOfWork], object]) -> None:
    with storage() as uow:
        change(uow)
        uow.commit()


def _add_and_commit(uow: UnitOfWork, account: Account) -> None:
    uow.accounts.add(account)
    uow.commit()


def _update_and_commit(uow: UnitOfWork, account: Account) -> None:
    uow.accounts.update(account)
    uow.commit()


def _fail_inside(storage: UnitOfWorkFactory) -> None:
    with storage() as uow:
        uow.accounts.add(sample_account(0))
        raise RuntimeError


class StorageContract(
    CourseStorageContract,
    MarketplaceStorageContract,
    PublicationNumberContract,
    DeliveryStorageContract,
    AuditLogContract,
):
    """Behaviour every ``UnitOfWork`` implementation must have."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    # -- transactions ------------------------------------------------------------------

    def test_committed_aggregates_round_trip_with_every_field(
        self, storage: UnitOfWorkFactory
    ) -> None:
        account = sample_account(0, username="anna.rossi")
        cv = sample_cv(account.id, expires_at=T0 + dt.timedelta(days=90))
        with storage() as uow:
            stored_account = uow.accounts.add(account)
            stored_cv = uow.cvs.add(cv)
            uow.commit()
        assert stored_account == attrs.evolve(account, version=1)
        assert stored_cv == attrs.evolve(cv, version=1)
        with storage() as uow:
            assert uow.accounts.get(account.id) == stored_account
            assert uow.cvs.get(cv.id) == stored_cv

    def test_writes_are_discarded_without_commit(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None

    def test_rollback_discards_and_the_unit_can_go_on(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.rollback()
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None
            uow.accounts.add(sample_account(1))
            uow.commit()
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None
            assert uow.accounts.get(AccountId(long_id("account-1"))) is not None

    def test_reads_see_the_transactions_own_writes(self, storage: UnitOfWorkFactory) -> None:
        account = sample_account(0, username="anna")
        with storage() as uow:
            uow.accounts.add(account)
            assert uow.accounts.by_username("anna") is not None
            assert uow.accounts.by_fiscal_code(account.fiscal_code) is not None

    def test_an_exception_inside_the_block_rolls_back(self, storage: UnitOfWorkFactory) -> None:
        with pytest.raises(RuntimeError):
            _fail_inside(storage)
        with storage() as uow:
            assert uow.accounts.get(AccountId(long_id("account-0"))) is None

    # -- versions and unique keys ---------------------------------------------------------

    def test_every_update_bumps_the_version(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            account = uow.accounts.add(sample_account(0))
            account = uow.accounts.update(attrs.evolve(account, given_name="Annalisa"))
            uow.commit()
        assert account.version == 2
        with storage() as uow:
            stored = uow.accounts.get(account.id)
            assert stored is not None
            assert stored.given_name == "Annalisa"
            assert uow.accounts.update(attrs.evolve(stored, email=None)).version == 3

    def test_a_stale_write_is_a_conflict_never_a_lost_update(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.commit()
        first, second = storage(), storage()
        with first, second:
            mine = first.accounts.get(AccountId(long_id("account-0")))
            theirs = second.accounts.get(AccountId(long_id("account-0")))
            assert mine is not None
            assert theirs is not None
            second.accounts.update(attrs.evolve(theirs, given_name="Theirs"))
            second.commit()
            with pytest.raises(ConcurrencyConflictError):
                _update_and_commit(first, attrs.evolve(mine, given_name="Mine"))
        with storage() as uow:
            stored = uow.accounts.get(AccountId(long_id("account-0")))
            assert stored is not None
            assert stored.given_name == "Theirs"

    def test_an_update_with_a_made_up_version_is_a_conflict(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            account = uow.accounts.add(sample_account(0))
            with pytest.raises(ConcurrencyConflictError):
                uow.accounts.update(attrs.evolve(account, version=7))

    def test_one_account_per_fiscal_code(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0))
            uow.commit()
        clone = attrs.evolve(sample_account(0), id=AccountId(long_id("another")))
        with pytest.raises(DuplicateKeyError) as raised:
            _write(storage, lambda uow: uow.accounts.add(clone))
        # SEC-5: the error names the key, never the fiscal code or a name it clashed on.
        told = f"{raised.value} {raised.value.args} {raised.value.key}"
        for personal in (str(clone.fiscal_code), clone.given_name, clone.family_name):
            assert personal not in told

    def test_usernames_are_unique_and_follow_changes(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            uow.accounts.add(sample_account(0, username="anna"))
            uow.commit()
        with pytest.raises(DuplicateKeyError):
            _write(storage, lambda uow: uow.accounts.add(sample_account(1, username="anna")))
        with storage() as uow:
            account = uow.accounts.by_username("anna")
            assert account is not None
            assert account.regional is not None
            renamed = attrs.evolve(
                account, regional=attrs.evolve(account.regional, username="anna2")
            )
            uow.accounts.update(renamed)
            uow.commit()
        with storage() as uow:
            assert uow.accounts.by_username("anna") is None
            assert uow.accounts.by_username("anna2") is not None
            uow.accounts.add(sample_account(1, username="anna"))
            uow.commit()

    def test_concurrent_inserts_of_one_key_leave_one_winner(
        self, storage: UnitOfWorkFactory
    ) -> None:
        late = storage()
        with late:
            assert late.accounts.by_fiscal_code(sample_account(0).fiscal_code) is None
            _write(storage, lambda uow: uow.accounts.add(sample_account(0)))
            clone = attrs.evolve(sample_account(0), id=AccountId(long_id("other")))
            with pytest.raises(ConcurrencyConflictError):
                _add_and_commit(late, clone)
        with storage() as uow:
            winner = uow.accounts.by_fiscal_code(sample_account(0).fiscal_code)
            assert winner is not None
            assert winner.id == long_id("account-0")

    def test_one_cv_per_citizen(self, storage: UnitOfWorkFactory) -> None:
        owner = AccountId(long_id("account-0"))
        with storage() as uow:
            uow.cvs.add(sample_cv(owner))
            uow.commit()
        with pytest.raises(DuplicateKeyError):
            _write(storage, lambda uow: uow.cvs.add(sample_cv(owner, cv_id=long_id("cv-2"))))
        with storage() as uow:
            cv = uow.cvs.by_owner(owner)
            assert cv is not None
            assert cv.id == long_id("cv-1")

    # -- queries ----------------------------------------------------------------------

    def test_password_resets_by_hash_and_by_account_oldest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        owner = AccountId(long_id("account-0"))
        resets = [
            PasswordReset(
                token_hash=f"{n:064x}",
                account_id=owner,
                issued_at=T0 + dt.timedelta(minutes=10 - n),
                expires_at=T0 + dt.timedelta(minutes=40 - n),
            )
            for n in range(3)
        ]
        with storage() as uow:
            for reset in resets:
                uow.password_resets.add(reset)
            uow.commit()
        with storage() as uow:
            listed = uow.password_resets.for_account(owner)
            assert [r.token_hash for r in listed] == [r.token_hash for r in reversed(resets)]
            assert uow.password_resets.for_account(AccountId(long_id("nobody"))) == []
            used = uow.password_resets.update(listed[0].used(T0))
            uow.commit()
        with storage() as uow:
            assert uow.password_resets.get(used.token_hash) == used

    def test_id_4_a_reset_request_that_matched_no_account_is_stored_without_one(
        self, storage: UnitOfWorkFactory
    ) -> None:
        nobody = PasswordReset(
            token_hash="f" * 64,
            account_id=None,
            issued_at=T0,
            expires_at=T0 + dt.timedelta(minutes=30),
        )
        with storage() as uow:
            uow.password_resets.add(nobody)
            uow.commit()
        with storage() as uow:
            stored = uow.password_resets.get(nobody.token_hash)
            assert stored == attrs.evolve(nobody, version=1)
            assert uow.password_resets.for_account(AccountId("account-0")) == []

    def test_cvs_due_for_a_reminder(self, storage: UnitOfWorkFactory) -> None:
        now = T0 + dt.timedelta(days=86)
        with storage() as uow:
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o1")),
                    cv_id=long_id("soon"),
                    expires_at=now + dt.timedelta(days=4),
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o2")),
                    cv_id=long_id("later"),
                    expires_at=now + dt.timedelta(days=9),
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o3")),
                    cv_id=long_id("gone"),
                    expires_at=now - dt.timedelta(days=1),
                )
            )
            uow.cvs.add(sample_cv(AccountId(long_id("o4")), cv_id=long_id("draft")))
            reminded = sample_cv(
                AccountId(long_id("o5")),
                cv_id=long_id("done"),
                expires_at=now + dt.timedelta(days=2),
            )
            assert reminded.publication is not None
            uow.cvs.add(
                attrs.evolve(
                    reminded, publication=attrs.evolve(reminded.publication, reminder_sent_at=now)
                )
            )
            uow.cvs.add(
                sample_cv(
                    AccountId(long_id("o6")),
                    cv_id=long_id("first"),
                    expires_at=now + dt.timedelta(days=1),
                )
            )
            uow.commit()
        with storage() as uow:
            due = uow.cvs.due_for_reminder(expiring_before=now + dt.timedelta(days=5), now=now)
            assert [cv.id for cv in due] == [long_id("first"), long_id("soon")]

    def test_outbox_pending_oldest_first_up_to_the_limit(self, storage: UnitOfWorkFactory) -> None:
        with storage() as uow:
            for n in range(4):
                uow.outbox.add(_message(n, T0 - dt.timedelta(seconds=n)))
            uow.commit()
        with storage() as uow:
            pending = uow.outbox.pending(limit=3, now=T0)
            assert [m.id for m in pending] == [long_id("m-3"), long_id("m-2"), long_id("m-1")]
            uow.outbox.update(pending[0].delivered(T0))
            uow.commit()
        with storage() as uow:
            assert [m.id for m in uow.outbox.pending(limit=10, now=T0)] == [
                long_id("m-2"),
                long_id("m-1"),
                long_id("m-0"),
            ]

    def test_claimed_messages_are_not_pending_until_the_claim_ends(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            message = uow.outbox.add(_message(0, T0))
            uow.outbox.update(message.claimed(T0 + dt.timedelta(minutes=5)))
            uow.commit()
        with storage() as uow:
            assert uow.outbox.pending(limit=10, now=T0 + dt.timedelta(minutes=4)) == []
            later = uow.outbox.pending(limit=10, now=T0 + dt.timedelta(minutes=5))
            assert [m.id for m in later] == [long_id("m-0")]

    # -- login throttling (SEC-2, SEC-6) ---------------------------------------------------

    def test_sec_6_a_held_key_reads_its_record_and_stores_what_is_put(
        self, storage: UnitOfWorkFactory
    ) -> None:
        minute = dt.timedelta(minutes=1)
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None
            held = uow.login_failures.hold("pair:anna", at=T0)
            assert (held.key, held.failures, held.last_failure_at) == ("pair:anna", 0, T0)
            uow.login_failures.put(attrs.evolve(held, failures=1, last_failure_at=T0 + minute))
            other = uow.login_failures.hold("source:192.0.2.1", at=T0)
            uow.login_failures.put(attrs.evolve(other, failures=3))
            uow.commit()
        with storage() as uow:
            again = uow.login_failures.hold("pair:anna", at=T0 + 2 * minute)
            # Holding changes nothing: the record is the one put last.
            assert (again.failures, again.last_failure_at) == (1, T0 + minute)
            uow.login_failures.put(attrs.evolve(again, failures=2, last_failure_at=T0 + 2 * minute))
            uow.commit()
        with storage() as uow:
            stored = uow.login_failures.get("pair:anna")
            source = uow.login_failures.get("source:192.0.2.1")
        assert stored is not None
        assert (stored.key, stored.failures, stored.last_failure_at) == (
            "pair:anna",
            2,
            T0 + 2 * minute,
        )
        assert source is not None
        assert (source.failures, source.last_failure_at) == (3, T0)

    def test_sec_6_holding_or_putting_without_commit_leaves_nothing(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            uow.login_failures.hold("pair:anna", at=T0)
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None
            held = uow.login_failures.hold("pair:anna", at=T0)
            uow.login_failures.put(attrs.evolve(held, failures=1))
        with storage() as uow:
            assert uow.login_failures.get("pair:anna") is None

    def test_sec_2_cleared_and_purged_keys_are_forgotten(self, storage: UnitOfWorkFactory) -> None:
        hour = dt.timedelta(hours=1)
        with storage() as uow:
            for key, at in (
                ("account:anna", T0),
                ("account:old", T0 - hour),
                ("source:192.0.2.1", T0 + hour),
            ):
                held = uow.login_failures.hold(key, at=at)
                uow.login_failures.put(attrs.evolve(held, failures=1))
            uow.commit()
        with storage() as uow:
            uow.login_failures.clear("account:anna")
            uow.login_failures.clear("account:nobody")
            assert uow.login_failures.get("account:anna") is None
            uow.commit()
        with storage() as uow:
            assert uow.login_failures.get("account:anna") is None
            assert uow.login_failures.purge(before=T0) == 1
            uow.commit()
        with storage() as uow:
            assert uow.login_failures.get("account:old") is None
            assert uow.login_failures.get("source:192.0.2.1") is not None
