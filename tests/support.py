"""Builders shared by the test suites: a small reference catalogue and a ready portal."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib
import re
import threading
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SecretsTokenGenerator,
    SequentialIdGenerator,
    SettableClock,
    bootstrap,
)
from formlavoro_adapters.memory.storage import InMemoryUnitOfWork
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.model import Address, Cv, Experience, LanguageSkill, Study
from formlavoro_core.errors import DomainError
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.ids import OperatorId
from formlavoro_core.messaging.model import CounterpartKind, Message
from formlavoro_core.offers.model import Offer, OfferDraft
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.portal import Portal
from formlavoro_core.principals import (
    ANONYMOUS,
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    OperatorPrincipal,
    TrainingEntityPrincipal,
)
from formlavoro_core.reference import (
    ContractType,
    EducationLevel,
    LanguageLevel,
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    StaticReferenceData,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.values import EmailAddress, PhoneNumber

ROME = zoneinfo.ZoneInfo("Europe/Rome")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ANNA = FiscalCode.parse("RSSNNA85T50D969K")
MARIO = FiscalCode.parse("RSSMRA85T10A562S")

T = TypeVar("T")
E = TypeVar("E")


def reference() -> StaticReferenceData:
    """A tiny catalogue: three ATECO sections, a CP2021 branch, four Ligurian places."""
    professions = [
        ("5", "Professioni qualificate nelle attività commerciali e nei servizi"),
        ("5.2", "Professioni qualificate nelle attività ricettive e della ristorazione"),
        ("5.2.2", "Esercenti ed addetti nelle attività di ristorazione"),
        ("5.2.2.1", "Cuochi in alberghi e ristoranti"),
        ("5.2.2.1.0", "Cuochi in alberghi e ristoranti"),
        ("5.2.2.4", "Baristi e e professioni assimilate"),
        ("5.2.2.4.0", "Baristi e e professioni assimilate"),
        ("2", "Professioni intellettuali, scientifiche e di elevata specializzazione"),
        ("2.1", "Specialisti in scienze matematiche, informatiche, chimiche, fisiche e naturali"),
        ("2.1.1", "Specialisti in scienze matematiche, informatiche, chimiche e fisiche"),
        ("2.1.1.4", "Analisti e progettisti di software"),
        ("2.1.1.4.1", "Analisti e progettisti di software"),
    ]
    return StaticReferenceData(
        sectors=[
            Sector(
                code="I",
                title="Attività dei servizi di alloggio e di ristorazione",
                level=SectorLevel.SECTION,
            ),
            Sector(code="C", title="Attività manifatturiere", level=SectorLevel.SECTION),
            Sector(
                code="J",
                title="Attività editoriali, trasmissione e produzione",
                level=SectorLevel.SECTION,
            ),
            Sector(
                code="56",
                title="Attività di servizi di ristorazione",
                level=SectorLevel.DIVISION,
                parent="I",
            ),
        ],
        professions=[Profession(code=code, title=title) for code, title in professions],
        provinces=[
            Province(code="GE", name="Genova", region="Liguria"),
            Province(code="SP", name="La Spezia", region="Liguria"),
            Province(code="SV", name="Savona", region="Liguria"),
            Province(code="IM", name="Imperia", region="Liguria"),
        ],
        municipalities=[
            Municipality(code="D969", name="Genova", province="GE"),
            Municipality(code="E463", name="La Spezia", province="SP"),
            Municipality(code="I480", name="Savona", province="SV"),
            Municipality(code="E290", name="Imperia", province="IM"),
        ],
    )


class CountingHasher(ScryptPasswordHasher):
    """A real (cheap) hasher that also counts its verifications and hashes (thread-safe)."""

    def __init__(self) -> None:
        super().__init__(log2_n=4)
        self.verifications = 0
        self.hashes = 0
        self._count = threading.Lock()

    def verify(self, password_hash: str, password: str) -> bool:
        with self._count:
            self.verifications += 1
        return super().verify(password_hash, password)

    def hash(self, password: str) -> str:
        with self._count:
            self.hashes += 1
        return super().hash(password)


class CountingTokens(SecretsTokenGenerator):
    """Real random tokens, counted as they are drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn = 0

    def new_token(self) -> str:
        self.drawn += 1
        return super().new_token()


class CountingStorage(InMemoryStorage):
    """In-memory storage that also counts its commits and the rows each table got written.

    A row counts once per commit however often the unit of work changed it; a held
    throttling record counts as written.
    """

    def __init__(self) -> None:
        super().__init__()
        self.commits = 0
        self.writes: Counter[str] = Counter()

    def __call__(self, *, exclusive: bool = False) -> InMemoryUnitOfWork:
        return _CountingUnitOfWork(self)


class _CountingUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, storage: CountingStorage) -> None:
        super().__init__(storage.store)
        self._counts = storage

    def commit(self) -> None:
        staged = {table: len(rows) for table, rows in self.staged.items() if rows}
        super().commit()
        self._counts.commits += 1
        self._counts.writes.update(staged)


SECRET_KEY = b"formlavoro test suite secret key"
"""The portal secret of the test worlds: two portals made by :func:`world` share it."""


def load_example(name: str) -> Any:
    """Import ``examples/<name>.py`` as a module (the examples are not a package)."""
    path = pathlib.Path(__file__).resolve().parents[1] / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@attrs.define
class World:
    """A portal over in-memory adapters, with handles on the adapters tests look at."""

    portal: Portal
    clock: SettableClock
    storage: InMemoryStorage
    mailer: RecordingMailer
    files: InMemoryFileStore

    def consent(self) -> ConsentReceipt:
        """Accept the current notices, as the login page does."""
        notices = self.portal.identity.notices()
        return ok(
            self.portal.identity.accept_notices(
                ANONYMOUS,
                privacy_notice_version=notices.privacy_notice_version,
                citizen_regulation_version=notices.citizen_regulation_version,
            )
        )

    def login(
        self, fiscal_code: FiscalCode = ANNA, method: LoginMethod = LoginMethod.SPID
    ) -> CitizenPrincipal:
        """Log in with a verified assertion and return the principal."""
        assertion = IdentityAssertion(
            method=method,
            fiscal_code=fiscal_code,
            given_name="Anna",
            family_name="Rossi",
            email=EmailAddress("anna.rossi@example.it"),
            level=AssuranceLevel.SUBSTANTIAL,
        )
        return ok(
            self.portal.identity.login(ANONYMOUS, assertion, consent=self.consent())
        ).principal

    def onboard(self, citizen: CitizenPrincipal, *, worked: bool = True) -> Cv:
        """Answer the four questions and return the seeded CV."""
        answers = (
            SectorsAnswer(sectors=(SectorCode("I"),)),
            ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
            EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
            WorkAnswer(has_worked=False)
            if not worked
            else WorkAnswer(
                has_worked=True,
                experience=Experience(
                    job_title="Aiuto cuoca", employer="Trattoria da Pina", start=dt.date(2019, 5, 1)
                ),
            ),
        )
        for answer in answers:
            ok(self.portal.onboarding.answer(citizen, answer))
        return ok(self.portal.cv.mine(citizen))

    def citizen_with_cv(self, fiscal_code: FiscalCode = ANNA) -> tuple[CitizenPrincipal, Cv]:
        """A logged-in, onboarded citizen and their CV."""
        citizen = self.login(fiscal_code)
        return citizen, self.onboard(citizen)

    def citizen_with_published_cv(
        self, fiscal_code: FiscalCode = ANNA
    ) -> tuple[CitizenPrincipal, Cv]:
        """A citizen whose CV is complete enough and published."""
        citizen, cv = self.citizen_with_cv(fiscal_code)
        personal = attrs.evolve(
            cv.personal,
            phone=PhoneNumber("+39 010 555 0101"),
            residence=Address(municipality=MunicipalityCode("D969")),
        )
        ok(self.portal.cv.set_personal_data(citizen, cv.id, personal))
        study = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero")
        ok(self.portal.cv.replace_entry(citizen, cv.id, cv.studies[0].id, study))
        english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
        ok(self.portal.cv.add_entry(citizen, cv.id, english))
        return citizen, ok(self.portal.cv.publish(citizen, cv.id))

    def _details(self, name: str) -> OrganisationDetails:
        return OrganisationDetails(
            name=name,
            contacts=Contacts(
                email=EmailAddress(f"info@{re.sub(r'[^a-z]', '', name.lower())}.example")
            ),
        )

    def company(self, name: str = "Trattoria") -> CompanyPrincipal:
        """Register a company and act for it."""
        company = ok(self.portal.organisations.register_company(OPERATOR, self._details(name)))
        return CompanyPrincipal(company.id)

    def cpi(self, name: str = "CPI Genova") -> CpiPrincipal:
        """Register an employment centre and act for it."""
        details = attrs.evolve(self._details(name.replace(" ", "")), name=name)
        centre = ok(self.portal.organisations.register_employment_centre(OPERATOR, details))
        return CpiPrincipal(centre.id)

    def training_entity(self, name: str = "Scuola") -> TrainingEntityPrincipal:
        """Register a training entity and act for it."""
        entity = ok(
            self.portal.organisations.register_training_entity(OPERATOR, self._details(name))
        )
        return TrainingEntityPrincipal(entity.id)

    def offer(
        self,
        publisher: CompanyPrincipal | CpiPrincipal,
        *,
        title: str = "Cuoco/a",
        publish: bool = True,
        **changes: Any,
    ) -> Offer:
        """A draft (or published) offer of ``publisher``."""
        draft = attrs.evolve(draft_offer(title=title), **changes)
        offer = ok(self.portal.offers.create(publisher, draft))
        return ok(self.portal.offers.publish(publisher, offer.id)) if publish else offer


OPERATOR = OperatorPrincipal(OperatorId("operator-1"))


def draft_offer(**changes: Any) -> OfferDraft:
    """An offer draft with every required field, for a cook in Genova."""
    draft = OfferDraft(
        title="Cuoco/a",
        description="Cucina ligure per un ristorante del centro storico.",
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        contract_type=ContractType.FIXED_TERM,
        expires_on=dt.date(2026, 6, 30),
    )
    return attrs.evolve(draft, **changes)


def world(config: PortalConfig | None = None, *, start: dt.datetime = START) -> World:
    """A fresh portal at ``start`` with cheap password hashing."""
    clock = SettableClock(start)
    storage = InMemoryStorage()
    mailer = RecordingMailer()
    files = InMemoryFileStore()
    portal = bootstrap(
        config=config or PortalConfig(timezone=ROME),
        storage=storage,
        clock=clock,
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=files,
        mailer=mailer,
        reference=reference(),
        sealer=HmacSealer(SECRET_KEY),
    )
    return World(portal=portal, clock=clock, storage=storage, mailer=mailer, files=files)


def from_publishers(messages: Iterable[Message]) -> tuple[Message, ...]:
    """The messages that companies and employment centres sent, not the portal's own.

    Applying is acknowledged by a message of the portal (AP-12); tests about the
    publishers' messages look past it.
    """
    return tuple(m for m in messages if m.counterpart.kind is not CounterpartKind.SYSTEM)


def ok(result: Result[T, E]) -> T:
    """The value of a ``Success``; fails the test with the error otherwise."""
    match result:
        case Success(value):
            return value  # type: ignore[no-any-return]
        case Failure(error):
            raise AssertionError(f"expected success, got {error!r}")
    raise AssertionError(result)  # pragma: no cover


def failure(result: Result[object, DomainError]) -> DomainError:
    """The error of a ``Failure``; fails the test on success."""
    match result:
        case Failure(error):
            return error  # type: ignore[no-any-return]
        case Success(value):
            raise AssertionError(f"expected a failure, got {value!r}")
    raise AssertionError(result)  # pragma: no cover


def strings_in(value: object) -> Iterator[str]:
    """Every string inside nested dicts and lists (to look for leaked personal data)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
