"""The portal on SQL storage behaves exactly as on in-memory storage (issue 4.4).

A hypothesis state machine builds two portals alike: the same clock (one settable clock
for both), identifier generators started alike, the same deterministic tokens, the same
reference data and ticket key, cheap password hashing, in-memory files and a recording
mailer. One stores in memory, the other in SQLite (a fresh file per example) or in
PostgreSQL (the session's schema, emptied per example; skipped without a server unless
``FORMLAVORO_REQUIRE_POSTGRES=1``). Each rule calls one use case (or a short sequence)
on both portals and asserts that the two ``Result`` values are equal, failures
included; after every step the invariants compare what people see: home pages, inboxes,
applications, listings, searches and the emails sent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pathlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from returns.result import Failure, Result, Success
from sqlalchemy import delete

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    Settings,
    bootstrap,
)
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.tables import METADATA, SCHEMA_VERSION
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.applications.model import (
    ApplicationRequest,
    ApplicationStatus,
    RejectionReason,
)
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.model import Address, Cv, Experience, LanguageSkill, Preferences, Study
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    OnboardingAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.ids import ApplicationId, EventId, OfferId, UnlockRequestId
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import AlertFrequency, SavedSearchRequest
from formlavoro_core.offers.model import OfferDraft
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.paging import PageRequest
from formlavoro_core.portal import Portal
from formlavoro_core.principals import (
    ANONYMOUS,
    SYSTEM,
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
)
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.testing.search_strategies import cv_queries, offer_queries
from formlavoro_core.testing.strategies import fiscal_codes
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.support import ANNA, MARIO, OPERATOR, ROME, START, draft_offer, reference

T = TypeVar("T")
Publisher = CompanyPrincipal | CpiPrincipal

TICKET_KEY = b"formlavoro state machine ticket key, 32+ bytes"
PLACES = ("D969", "E463", "I480", "E290")  # the municipalities of tests.support.reference()
PROFESSIONS = ("5.2.2.1.0", "5.2.2.4.0", "2.1.1.4.1", "5.2.2", "2")
WORDS = ("Cuoco", "cuoca", "Barista", "Caffè", "perché", "dell'Hotel", "Sviluppatore", "Java")

SETTINGS = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class CountingTokens:
    """Tokens from a counter: two instances give the same sequence (unlike real ones)."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def new_token(self) -> str:
        """The next token: ``tok-000001-…``, as long as a real 256-bit one."""
        return f"tok-{next(self._numbers):06d}-".ljust(43, "x")


@attrs.frozen
class Side:
    """One of the two portals and the mailer it sends through."""

    portal: Portal
    mailer: RecordingMailer


def _side(storage: InMemoryStorage | SqlStorage, clock: SettableClock) -> Side:
    mailer = RecordingMailer()
    portal = bootstrap(
        Settings(storage="memory"),  # not read from the environment: everything is given
        config=PortalConfig(timezone=ROME),
        storage=storage,
        clock=clock,
        ids=SequentialIdGenerator(),
        tokens=CountingTokens(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=InMemoryFileStore(),
        mailer=mailer,
        reference=reference(),
        tickets=HmacTicketSigner(TICKET_KEY),
        sealer=HmacSealer(TICKET_KEY),  # one secret: receipts of either portal open both
    )
    return Side(portal=portal, mailer=mailer)


def _empty(storage: SqlStorage) -> SqlStorage:
    """Delete every row (``TRUNCATE`` of the whole schema costs a third of a second)."""
    with storage.engine.begin() as connection:
        for table in reversed(METADATA.sorted_tables):
            if table is not SCHEMA_VERSION:
                connection.execute(delete(table))
    return storage


def _organisation(name: str) -> OrganisationDetails:
    local = "".join(char for char in name.lower() if char.isascii() and char.isalnum())
    return OrganisationDetails(
        name=name, contacts=Contacts(email=EmailAddress(f"info@{local}.example"))
    )


def _answers(worked: bool, level: EducationLevel) -> tuple[OnboardingAnswer, ...]:
    return (
        SectorsAnswer(sectors=(SectorCode("I"),)),
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
        EducationAnswer(in_education=False, highest_level=level),
        WorkAnswer(has_worked=False)
        if not worked
        else WorkAnswer(
            has_worked=True,
            experience=Experience(
                job_title="Aiuto cuoca", employer="Trattoria", start=dt.date(2019, 5, 1)
            ),
        ),
    )


def _phrase(words: list[str]) -> str:
    return " ".join(words)


DRAFTS = st.builds(
    lambda title, description, profession, workplace, contract, days, flags, level: draft_offer(
        title=title,
        description=description,
        profession=ProfessionCode(profession),
        workplace=MunicipalityCode(workplace),
        contract_type=contract,
        expires_on=START.date() + dt.timedelta(days=days),
        education_level=level,
        working_conditions=flags[0],
        car_required=flags[1],
        requires_experience=flags[2],
        driving_licences=flags[3],
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(_phrase),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(_phrase),
    st.sampled_from(PROFESSIONS),
    st.sampled_from(PLACES),
    st.sampled_from(ContractType),
    st.sampled_from((-1, 0, 3, 30, 120)),
    st.tuples(
        st.sampled_from(((), (WorkingCondition.FULL_TIME,), (WorkingCondition.PART_TIME,))),
        st.booleans(),
        st.booleans(),
        st.sampled_from(((), (DrivingLicence.B,))),
    ),
    st.none() | st.sampled_from(EducationLevel),
)
FISCAL_CODES = st.sampled_from((ANNA, MARIO)) | fiscal_codes(birthplaces=st.just("D969"))
QUERIES = offer_queries(WORDS)
CV_QUERIES = cv_queries()


class PortalsAgree(RuleBasedStateMachine):
    """Every use case answers alike on in-memory storage and on the SQL storage given."""

    companies = Bundle("companies")
    centres = Bundle("centres")
    citizens = Bundle("citizens")
    offers = Bundle("offers")
    applications = Bundle("applications")
    events = Bundle("events")
    unlock_requests = Bundle("unlock_requests")

    def __init__(self, storage: SqlStorage, release: Callable[[SqlStorage], None]) -> None:
        super().__init__()
        self.clock = SettableClock(START)
        self.memory = _side(InMemoryStorage(), self.clock)
        self.sql = _side(storage, self.clock)
        self._storage = storage
        self._release = release
        self.known_citizens: set[CitizenPrincipal] = set()

    def teardown(self) -> None:
        self._release(self._storage)

    # -- the comparison -----------------------------------------------------------------

    def both(self, call: Callable[[Portal], Result[T, DomainError]]) -> Result[T, DomainError]:
        """Run ``call`` on both portals; the results must be equal. Returns the memory one."""
        expected = call(self.memory.portal)
        actual = call(self.sql.portal)
        assert actual == expected, f"\nSQL:    {actual!r}\nmemory: {expected!r}"
        return expected

    def cv_of(self, citizen: CitizenPrincipal) -> Cv | None:
        """The citizen's CV (both portals agree on it), ``None`` before onboarding."""
        mine = self.both(lambda p: p.cv.mine(citizen))
        return mine.unwrap() if isinstance(mine, Success) else None

    # -- organisations and people ------------------------------------------------------

    def _company(self, name: str) -> CompanyPrincipal:
        details = _organisation(name)
        company = self.both(lambda p: p.organisations.register_company(OPERATOR, details))
        return CompanyPrincipal(company.unwrap().id)

    def _centre(self, name: str) -> CpiPrincipal:
        details = _organisation(name)
        centre = self.both(lambda p: p.organisations.register_employment_centre(OPERATOR, details))
        return CpiPrincipal(centre.unwrap().id)

    @initialize(target=centres)
    def first_centre(self) -> CpiPrincipal:
        return self._centre("CPI Genova")

    @initialize(target=companies)
    def first_company(self) -> CompanyPrincipal:
        return self._company("Trattoria da Pino")

    @initialize(target=citizens)
    def first_citizen(self) -> CitizenPrincipal:
        return self._citizen_with_published_cv(ANNA)

    @initialize(target=offers)
    def first_offer(self) -> tuple[Publisher, OfferId]:
        company = self._company("Ristorante Il Porto")
        draft = draft_offer(expires_on=START.date() + dt.timedelta(days=90))
        offer = self.both(lambda p: p.offers.create(company, draft)).unwrap()
        self.both(lambda p: p.offers.publish(company, offer.id))
        return (company, offer.id)

    @rule(target=companies, name=st.sampled_from(("Caffè Società", "Edil Liguria", "Bar Pino")))
    def register_company(self, name: str) -> CompanyPrincipal:
        return self._company(name)

    @rule(target=centres, name=st.sampled_from(("CPI Savona", "CPI La Spezia")))
    def register_centre(self, name: str) -> CpiPrincipal:
        return self._centre(name)

    @rule(
        target=citizens,
        code=FISCAL_CODES,
        method=st.sampled_from((LoginMethod.SPID, LoginMethod.CIE, LoginMethod.CNS)),
        with_email=st.booleans(),
    )
    def log_in(self, code: FiscalCode, method: LoginMethod, with_email: bool) -> Any:
        citizen = self._log_in(code, method, with_email=with_email)
        return multiple() if citizen is None else citizen

    def _log_in(
        self, code: FiscalCode, method: LoginMethod = LoginMethod.SPID, *, with_email: bool = True
    ) -> CitizenPrincipal | None:
        notices = self.memory.portal.identity.notices()
        consent = self.both(
            lambda p: p.identity.accept_notices(
                ANONYMOUS,
                privacy_notice_version=notices.privacy_notice_version,
                citizen_regulation_version=notices.citizen_regulation_version,
            )
        ).unwrap()
        assertion = IdentityAssertion(
            method=method,
            fiscal_code=code,
            given_name="Anna",
            family_name="Rossi",
            email=EmailAddress("anna.rossi@example.it") if with_email else None,
            level=AssuranceLevel.SUBSTANTIAL,
        )
        signed = self.both(lambda p: p.identity.login(ANONYMOUS, assertion, consent=consent))
        if not isinstance(signed, Success):
            return None
        citizen: CitizenPrincipal = signed.unwrap().principal
        self.known_citizens.add(citizen)
        return citizen

    def _citizen_with_published_cv(self, code: FiscalCode) -> CitizenPrincipal:
        """Log in, onboard, complete the CV enough and publish it (as tests.support does)."""
        citizen = self._log_in(code)
        assert citizen is not None
        self.onboard_citizen(citizen, worked=True, level=EducationLevel.UPPER_SECONDARY)
        self.personal_data(citizen, "+39 010 555 0101", "D969")
        self.language(citizen, "en", LanguageLevel.INTERMEDIATE)
        self.study(citizen, EducationLevel.UPPER_SECONDARY)
        self.publish(citizen)
        return citizen

    @rule(target=citizens, code=FISCAL_CODES)
    def citizen_with_published_cv(self, code: FiscalCode) -> CitizenPrincipal:
        return self._citizen_with_published_cv(code)

    @rule(citizen=citizens, worked=st.booleans(), level=st.sampled_from(EducationLevel))
    def onboard(self, citizen: CitizenPrincipal, worked: bool, level: EducationLevel) -> None:
        self.onboard_citizen(citizen, worked=worked, level=level)

    def onboard_citizen(
        self, citizen: CitizenPrincipal, *, worked: bool, level: EducationLevel
    ) -> None:
        """Answer the four welcome questions (each again after completion: refused)."""
        for answer in _answers(worked, level):
            self._answer(citizen, answer)

    def _answer(self, citizen: CitizenPrincipal, answer: OnboardingAnswer) -> None:
        self.both(lambda p: p.onboarding.answer(citizen, answer))

    # -- CVs ----------------------------------------------------------------------------

    @rule(
        citizen=citizens,
        phone=st.sampled_from(("+39 010 555 0101", "+39 333 1234567")),
        municipality=st.sampled_from(PLACES),
    )
    def set_personal_data(self, citizen: CitizenPrincipal, phone: str, municipality: str) -> None:
        self.personal_data(citizen, phone, municipality)

    def personal_data(self, citizen: CitizenPrincipal, phone: str, municipality: str) -> None:
        """Set the phone and the residence in the citizen's CV."""
        cv = self.cv_of(citizen)
        if cv is None:
            return
        personal = attrs.evolve(
            cv.personal,
            phone=PhoneNumber(phone),
            residence=Address(municipality=MunicipalityCode(municipality)),
        )
        self.both(lambda p: p.cv.set_personal_data(citizen, cv.id, personal))

    @rule(
        citizen=citizens,
        language=st.sampled_from(("en", "fr", "de")),
        level=st.sampled_from(LanguageLevel),
    )
    def add_language(self, citizen: CitizenPrincipal, language: str, level: LanguageLevel) -> None:
        self.language(citizen, language, level)

    def language(self, citizen: CitizenPrincipal, language: str, level: LanguageLevel) -> None:
        """Add a language to the citizen's CV (a language listed twice is refused)."""
        cv = self.cv_of(citizen)
        if cv is not None:
            skill = LanguageSkill(language=language, level=level)
            self.both(lambda p: p.cv.add_entry(citizen, cv.id, skill))

    @rule(citizen=citizens, level=st.sampled_from(EducationLevel))
    def change_study(self, citizen: CitizenPrincipal, level: EducationLevel) -> None:
        self.study(citizen, level)

    def study(self, citizen: CitizenPrincipal, level: EducationLevel) -> None:
        """Replace the first study of the citizen's CV, or add one."""
        cv = self.cv_of(citizen)
        if cv is None:
            return
        study = Study(level=level, title="Diploma alberghiero")
        if cv.studies:
            entry = cv.studies[0].id
            self.both(lambda p: p.cv.replace_entry(citizen, cv.id, entry, study))
        else:
            self.both(lambda p: p.cv.add_entry(citizen, cv.id, study))

    @rule(citizen=citizens, professions=st.lists(st.sampled_from(PROFESSIONS), max_size=3))
    def set_preferences(self, citizen: CitizenPrincipal, professions: list[str]) -> None:
        cv = self.cv_of(citizen)
        if cv is not None:
            wanted = Preferences(
                professions=tuple(dict.fromkeys(ProfessionCode(code) for code in professions))
            )
            self.both(lambda p: p.cv.set_preferences(citizen, cv.id, wanted))

    @rule(citizen=citizens)
    def publish_cv(self, citizen: CitizenPrincipal) -> None:
        self.publish(citizen)

    def publish(self, citizen: CitizenPrincipal) -> None:
        """Publish the citizen's CV (refused below the threshold or while published)."""
        cv = self.cv_of(citizen)
        if cv is not None:
            self.both(lambda p: p.cv.publish(citizen, cv.id))

    # -- offers and applications --------------------------------------------------------

    @rule(target=offers, publisher=companies | centres, draft=DRAFTS, publish=st.booleans())
    def create_offer(self, publisher: Publisher, draft: OfferDraft, publish: bool) -> Any:
        created = self.both(lambda p: p.offers.create(publisher, draft))
        if not isinstance(created, Success):
            return multiple()
        offer_id = created.unwrap().id
        if publish:
            self.both(lambda p: p.offers.publish(publisher, offer_id))
        return (publisher, offer_id)

    @rule(offer=offers)
    def publish_offer(self, offer: tuple[Publisher, OfferId]) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.publish(publisher, offer_id))

    @rule(offer=offers)
    def close_offer(self, offer: tuple[Publisher, OfferId]) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.close(publisher, offer_id))

    @rule(offer=offers, reader=st.none() | citizens)
    def read_offer_card(
        self, offer: tuple[Publisher, OfferId], reader: CitizenPrincipal | None
    ) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.card(reader or publisher, offer_id))

    @rule(
        target=applications,
        citizen=citizens,
        offer=offers,
        letter=st.none() | st.just("Ho lavorato tre anni in cucina."),
        twice=st.booleans(),
    )
    def apply(
        self,
        citizen: CitizenPrincipal,
        offer: tuple[Publisher, OfferId],
        letter: str | None,
        twice: bool,
    ) -> Any:
        publisher, offer_id = offer
        request = ApplicationRequest(cover_letter=letter)
        applied = self.both(lambda p: p.applications.apply(citizen, offer_id, request))
        if twice:  # the second application to the same offer is always refused
            again = self.both(lambda p: p.applications.apply(citizen, offer_id, request))
            assert isinstance(again, Failure)
        if not isinstance(applied, Success):
            return multiple()
        return (publisher, applied.unwrap().id)

    @rule(application=applications)
    def open_application(self, application: tuple[Publisher, ApplicationId]) -> None:
        publisher, application_id = application
        self.both(lambda p: p.applications.get(publisher, application_id))

    @rule(
        application=applications,
        status=st.sampled_from(ApplicationStatus),
        reason=st.none() | st.sampled_from(RejectionReason),
    )
    def review(
        self,
        application: tuple[Publisher, ApplicationId],
        status: ApplicationStatus,
        reason: RejectionReason | None,
    ) -> None:
        publisher, application_id = application
        self.both(lambda p: p.applications.review(publisher, application_id, status, reason=reason))

    @rule(publisher=companies | centres, offer=offers)
    def list_applications(self, publisher: Publisher, offer: tuple[Publisher, OfferId]) -> None:
        self.both(lambda p: p.applications.for_offer(publisher, offer[1]))
        self.both(lambda p: p.offers.mine(publisher))

    # -- events -------------------------------------------------------------------------

    @rule(
        target=events,
        centre=centres,
        days=st.sampled_from((-1, 1, 3, 40)),
        registration=st.booleans(),
    )
    def create_event(self, centre: CpiPrincipal, days: int, registration: bool) -> Any:
        starts = self.clock.now() + dt.timedelta(days=days)
        details = EventDetails(
            name="Recruiting day turismo",
            description="Incontra le aziende del turismo.",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=8),
            mode=EventMode.IN_PERSON,
            place=MunicipalityCode("D969"),
            address="Magazzini del Cotone",
        )
        created = self.both(lambda p: p.events.create(centre, details))
        if not isinstance(created, Success):
            return multiple()
        event_id = created.unwrap().id
        if not registration:
            self.both(lambda p: p.events.set_registration(centre, event_id, is_open=False))
        return (centre, event_id)

    @rule(citizen=citizens, event=events)
    def join_event(self, citizen: CitizenPrincipal, event: tuple[CpiPrincipal, EventId]) -> None:
        self.both(lambda p: p.events.join(citizen, event[1]))
        self.both(lambda p: p.events.offers(citizen))

    @rule(event=events, offer=offers, preselection=st.booleans())
    def attach_offer(
        self,
        event: tuple[CpiPrincipal, EventId],
        offer: tuple[Publisher, OfferId],
        preselection: bool,
    ) -> None:
        centre, event_id = event
        offer_id = offer[1]
        self.both(
            lambda p: p.events.attach_offer(centre, event_id, offer_id, preselection=preselection)
        )

    @rule(event=events)
    def participants(self, event: tuple[CpiPrincipal, EventId]) -> None:
        self.both(lambda p: p.events.participants(event[0], event[1]))

    # -- talent: interest and unlock ----------------------------------------------------

    @rule(target=unlock_requests, company=companies, citizen=citizens)
    def express_interest(self, company: CompanyPrincipal, citizen: CitizenPrincipal) -> Any:
        cv = self.cv_of(citizen)
        if cv is None:
            return multiple()
        self.both(lambda p: p.talent.view(company, cv.id))
        request = self.both(lambda p: p.talent.express_interest(company, cv.id))
        if not isinstance(request, Success):
            return multiple()
        return (citizen, request.unwrap().id)

    @rule(
        request=unlock_requests,
        decision=st.sampled_from(("unlock", "refuse", "revoke")),
    )
    def decide(self, request: tuple[CitizenPrincipal, UnlockRequestId], decision: str) -> None:
        citizen, request_id = request
        self.both(lambda p: getattr(p.talent, decision)(citizen, request_id))
        self.both(lambda p: p.talent.requests_received(citizen))

    @rule(company=companies, query=CV_QUERIES)
    def browse(self, company: CompanyPrincipal, query: CvQuery) -> None:
        self.both(lambda p: p.talent.browse(company, query))
        self.both(lambda p: p.talent.requests_sent(company))

    # -- messages -----------------------------------------------------------------------

    @rule(citizen=citizens, index=st.integers(0, 9), body=st.sampled_from(("Grazie!", "Quando?")))
    def reply(self, citizen: CitizenPrincipal, index: int, body: str) -> None:
        inbox = self.both(lambda p: p.messages.inbox(citizen))
        if isinstance(inbox, Success) and inbox.unwrap().items:
            items = inbox.unwrap().items
            message = items[index % len(items)]
            self.both(lambda p: p.messages.open(citizen, message.id))
            self.both(lambda p: p.messages.thread(citizen, message.id))
            self.both(lambda p: p.messages.reply(citizen, message.id, Reply(body=body)))

    @rule(publisher=companies | centres, index=st.integers(0, 9))
    def answer(self, publisher: Publisher, index: int) -> None:
        replies = self.both(lambda p: p.messages.replies_received(publisher))
        if isinstance(replies, Success) and replies.unwrap().items:
            items = replies.unwrap().items
            message = items[index % len(items)]
            reply = Reply(body="Ci vediamo lunedì alle 9.")
            self.both(lambda p: p.messages.answer(publisher, message.id, reply))

    # -- searches, alerts and time ------------------------------------------------------

    @rule(
        citizen=citizens,
        query=QUERIES,
        frequency=st.sampled_from(AlertFrequency),
        delete_it=st.booleans(),
    )
    def save_search(
        self,
        citizen: CitizenPrincipal,
        query: OfferQuery,
        frequency: AlertFrequency,
        delete_it: bool,
    ) -> None:
        request = SavedSearchRequest(name="Cuoco a Genova", query=query, frequency=frequency)
        saved = self.both(lambda p: p.offers.save_search(citizen, request))
        self.both(lambda p: p.offers.saved_searches(citizen))
        if delete_it and isinstance(saved, Success):
            search_id = saved.unwrap().id
            self.both(lambda p: p.offers.delete_search(citizen, search_id))

    @rule(query=QUERIES, size=st.integers(1, 5), reader=st.none() | citizens)
    def search_offers(self, query: OfferQuery, size: int, reader: CitizenPrincipal | None) -> None:
        actor = reader or ANONYMOUS
        first = self.both(lambda p: p.offers.search(actor, query, PageRequest(size=size)))
        if isinstance(first, Success) and first.unwrap().next_after is not None:
            after = PageRequest(size=size, after=first.unwrap().next_after)
            self.both(lambda p: p.offers.search(actor, query, after))

    @rule(citizen=citizens)
    def dashboard(self, citizen: CitizenPrincipal) -> None:
        self.both(lambda p: p.home.latest(citizen))
        self.both(lambda p: p.applications.event_applications(citizen))

    @rule(hours=st.sampled_from((1, 20, 24 * 7, 24 * 30, 24 * 85)))
    def advance_clock(self, hours: int) -> None:
        self.clock.advance(dt.timedelta(hours=hours))

    @rule()
    def run_due_jobs(self) -> None:
        self.both(lambda p: p.jobs.run_due(SYSTEM))
        self.both(lambda p: p.mail.deliver_pending(SYSTEM))
        assert self.sql.mailer.sent == self.memory.mailer.sent

    # -- what people see, after every step ----------------------------------------------

    def _citizen_sees_the_same(self, citizen: CitizenPrincipal) -> None:
        self.both(lambda p: p.home.summary(citizen))
        self.both(lambda p: p.applications.mine(citizen))
        self.both(lambda p: p.messages.inbox(citizen))

    @invariant()
    def people_see_the_same(self) -> None:
        for citizen in sorted(self.known_citizens, key=lambda c: c.account_id):
            self._citizen_sees_the_same(citizen)
        self.both(lambda p: p.offers.search(ANONYMOUS, OfferQuery(), PageRequest(size=100)))
        self.both(lambda p: p.events.listing(ANONYMOUS))
        assert self.sql.mailer.sent == self.memory.mailer.sent


def _run(storages: Iterator[SqlStorage], release: Callable[[SqlStorage], None]) -> None:
    class Machine(PortalsAgree):
        def __init__(self) -> None:
            super().__init__(next(storages), release)

    run_state_machine_as_test(Machine, settings=SETTINGS)


def test_the_portal_on_sqlite_agrees_with_the_portal_in_memory(tmp_path: pathlib.Path) -> None:
    # A fresh migrated file per example; synchronous=OFF, durability is not under test.
    files = (
        sqlite_storage(tmp_path / f"portal-{number}.db", synchronous="OFF")
        for number in itertools.count()
    )
    _run(files, SqlStorage.dispose)


def test_the_portal_on_postgres_agrees_with_the_portal_in_memory(
    postgres_storage: SqlStorage,
) -> None:
    emptied = (_empty(postgres_storage) for _ in itertools.count())
    _run(emptied, lambda _storage: None)
    _empty(postgres_storage)
