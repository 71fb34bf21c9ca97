"""The demo portal behind the reference web apps: in memory, with offers to find.

The regional-credentials policy is moved forward (login allowed until 2100) so that the
demo can be walked with a username and password; a real portal keeps ID-3's dates.
SPID and CIE are mounted when identity-provider metadata is given (``--idp-metadata``,
or ``idp_metadata=`` in tests): the apps then list its providers on the login page.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import secrets
import threading
import zoneinfo
from collections.abc import Sequence
from typing import TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters import InMemoryStorage, SystemClock, bootstrap
from formlavoro_adapters.identity.saml import (
    Contact,
    IdentityProviderRegistry,
    InMemorySamlRequestStore,
    Organization,
    SamlProfile,
    SamlServiceProvider,
    ServiceProviderSettings,
    make_sp_certificate,
)
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.web import SessionTokens
from formlavoro_core import ANONYMOUS, DomainError, FiscalCode, Portal, PortalConfig
from formlavoro_core.identity.model import ConsentReceipt, RegionalCredentialsPolicy
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.ids import OperatorId
from formlavoro_core.offers.model import OfferDraft
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.ports import Clock, PasswordHasher
from formlavoro_core.principals import CompanyPrincipal, OperatorPrincipal
from formlavoro_core.reference import ContractType, EducationLevel, ReferenceData, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.values import EmailAddress

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "Site", "demo_site"]

DEMO_USERNAME = "anna.rossi"
DEMO_PASSWORD = "Pesto-alla-genovese-2026"
OPERATOR = OperatorPrincipal(OperatorId("demo-operator"))
IPA_CODE = "c_d969"
T = TypeVar("T")


def _ok(result: Result[T, DomainError]) -> T:
    match result:
        case Success(value):
            return value  # type: ignore[no-any-return]
        case Failure(error):
            raise RuntimeError(f"demo data refused: {error.code}")
    raise AssertionError(result)


@attrs.define
class Site:
    """What the apps share: the portal, its session tokens, its SAML providers."""

    portal: Portal
    tokens: SessionTokens
    clock: Clock
    providers: dict[str, SamlServiceProvider] = attrs.field(factory=dict)
    _relayed: dict[str, ConsentReceipt] = attrs.field(factory=dict)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def keep_for_relay(self, receipt: ConsentReceipt) -> str:
        """Keep the consent receipt under a new RelayState while the citizen is at the IdP.

        The identity provider posts its answer from another site, where the session
        cookie (SameSite=Lax) is not sent: the receipt waits here instead.
        """
        relay_state = secrets.token_urlsafe(16)
        with self._lock:
            self._relayed[relay_state] = receipt
        return relay_state

    def take_relayed(self, relay_state: str) -> ConsentReceipt | None:
        """The receipt kept for ``relay_state``, once."""
        with self._lock:
            return self._relayed.pop(relay_state, None)


def _offers(portal: Portal) -> None:
    details = OrganisationDetails(
        name="Trattoria da Pina",
        contacts=Contacts(email=EmailAddress("lavoro@trattoriadapina.example")),
    )
    company = CompanyPrincipal(_ok(portal.organisations.register_company(OPERATOR, details)).id)
    today = dt.datetime.now(dt.UTC).date()
    drafts = (
        OfferDraft(
            title="Cuoco/a per ristorante nel centro storico",
            description="Cucina ligure, pasta fresca; turni serali dal martedì alla domenica.",
            profession=ProfessionCode("5.2.2.1.0"),
            workplace=MunicipalityCode("D969"),
            contract_type=ContractType.PERMANENT,
            working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.SHIFT_WORK),
            education_level=EducationLevel.UPPER_SECONDARY,
            expires_on=today + dt.timedelta(days=60),
        ),
        OfferDraft(
            title="Aiuto cuoco/a stagionale in riviera",
            description="Stagione estiva in uno stabilimento balneare. Serve l'auto.",
            profession=ProfessionCode("5.2.2.1.0"),
            workplace=MunicipalityCode("I480"),
            contract_type=ContractType.FIXED_TERM,
            car_required=True,
            expires_on=today + dt.timedelta(days=45),
        ),
        OfferDraft(
            title="Barista",
            description="Caffetteria e aperitivi, part-time al mattino.",
            profession=ProfessionCode("5.2.2.4.0"),
            workplace=MunicipalityCode("D969"),
            contract_type=ContractType.FIXED_TERM,
            working_conditions=(WorkingCondition.PART_TIME,),
            expires_on=today + dt.timedelta(days=30),
        ),
    )
    for draft in drafts:
        offer = _ok(portal.offers.create(company, draft))
        _ok(portal.offers.publish(company, offer.id))


def _regional_account(portal: Portal) -> None:
    notices = portal.identity.notices()
    receipt = _ok(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )
    registration = RegionalRegistration(
        fiscal_code=FiscalCode.parse("RSSNNA85T50D969K"),
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
    )
    _ok(portal.identity.register_regional(ANONYMOUS, registration, consent=receipt))


def service_provider(
    profile: SamlProfile,
    *,
    base_url: str,
    folder: pathlib.Path,
    registry: IdentityProviderRegistry,
    clock: Clock,
) -> SamlServiceProvider:
    """A SPID or CIE service provider mounted under ``<base_url>/<profile>/``."""
    prefix = f"{base_url}/{profile.value}"
    entity_id = f"{prefix}/metadata"
    key_file, cert_file = folder / f"{profile.value}-key.pem", folder / f"{profile.value}.pem"
    if not key_file.exists() or not cert_file.exists():
        pair = make_sp_certificate(
            entity_id=entity_id,
            ipa_code=IPA_CODE,
            organization="Comune di Esempio",
            locality="Genova",
            now=clock.now(),
        )
        key_file.write_bytes(pair.key_pem)
        key_file.chmod(0o600)
        cert_file.write_bytes(pair.certificate_pem)
    settings = ServiceProviderSettings(
        profile=profile,
        entity_id=entity_id,
        acs_url=f"{prefix}/acs",
        slo_url=f"{prefix}/slo",
        key_file=key_file,
        certificate_file=cert_file,
        organization=Organization(
            name="Comune di Esempio", display_name="Comune di Esempio", url=f"{base_url}/"
        ),
        contact=Contact(
            ipa_code=IPA_CODE,
            email="servizi.digitali@example.it",
            telephone="+390101234567",
            municipality="010025",
            province="GE",
        ),
        service_name="Portale lavoro e formazione",
    )
    return SamlServiceProvider(settings, registry, InMemorySamlRequestStore(), clock=clock)


def demo_site(
    *,
    base_url: str = "http://127.0.0.1:8000",
    idp_metadata: Sequence[str] = (),
    folder: pathlib.Path | None = None,
    secret_key: str | None = None,
    clock: Clock | None = None,
    passwords: PasswordHasher | None = None,
    reference: ReferenceData | None = None,
) -> Site:
    """A portal in memory with three offers and the demo's regional account.

    With ``idp_metadata`` (texts of SAML metadata) and a ``folder`` for the service
    provider's keys, SPID and CIE logins are mounted too. Tests pass cheap
    ``passwords`` hashing and share one ``reference`` data set; the demo hashes as a
    portal does and loads the default reference data.
    """
    clock = clock or SystemClock()
    sealer = HmacSealer.from_secret(secret_key or secrets.token_hex(32))
    policy = RegionalCredentialsPolicy(
        self_registration_closed_from=dt.date(2100, 1, 1),
        login_allowed_until=dt.date(2100, 1, 1),
    )
    portal = bootstrap(
        config=PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Rome"), regional_credentials=policy),
        storage=InMemoryStorage(),
        clock=clock,
        sealer=sealer,
        passwords=passwords,
        reference=reference,
    )
    _offers(portal)
    _regional_account(portal)
    site = Site(portal=portal, tokens=SessionTokens(sealer, clock), clock=clock)
    if idp_metadata:
        if folder is None:
            raise ValueError("give a folder for the service provider's keys")
        registry = IdentityProviderRegistry.from_texts(list(idp_metadata))
        for profile in SamlProfile:
            site.providers[profile.value] = service_provider(
                profile, base_url=base_url, folder=folder, registry=registry, clock=clock
            )
    return site
