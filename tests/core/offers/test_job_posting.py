"""INT-2: active offers as schema.org JobPosting JSON-LD, parsed back with pyld."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pytest
from pyld import jsonld

from formlavoro_core.errors import NotFound
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.offers.failures import NoJobPosting
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.principals import ANONYMOUS, CompanyPrincipal
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import SectorCode
from formlavoro_core.values import EmailAddress
from tests.support import OPERATOR, ROME, World, ok, world

SCHEMA = "http://schema.org/"
CONTEXT = json.loads(
    (pathlib.Path(__file__).parent / "data" / "schema-org-context.jsonld").read_text("utf-8")
)


def _offline_loader(url: str, options: object = None) -> dict[str, Any]:
    """Serves the vendored schema.org context; any other URL is a test failure."""
    if url.rstrip("/") not in {"https://schema.org", "http://schema.org"}:
        raise AssertionError(f"the test tried to load {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expand(posting: dict[str, Any]) -> dict[str, Any]:
    """The posting serialised as JSON, read back and expanded as JSON-LD (one node)."""
    text = json.dumps(posting)
    expanded = jsonld.expand(json.loads(text), {"documentLoader": _offline_loader})
    assert len(expanded) == 1
    node: dict[str, Any] = expanded[0]
    return node


def value(node: dict[str, Any], name: str) -> Any:
    values = node[SCHEMA + name]
    assert len(values) == 1, values
    found = values[0]
    return found.get("@value", found.get("@id", found))


def values(node: dict[str, Any], name: str) -> list[Any]:
    return [item.get("@value", item) for item in node.get(SCHEMA + name, [])]


def _company_with_website(w: World) -> CompanyPrincipal:
    details = OrganisationDetails(
        name="Trattoria da Pina",
        contacts=Contacts(
            email=EmailAddress("lavoro@pina.example"), website="https://pina.example.it"
        ),
    )
    return CompanyPrincipal(ok(w.portal.organisations.register_company(OPERATOR, details)).id)


def test_int_2_an_active_offer_is_a_job_posting_with_every_property() -> None:
    """INT-2: title, description, dates, type, organisation, place, identifier, apply."""
    w = world()
    company = _company_with_website(w)
    offer = w.offer(
        company,
        title="Cuoco/a di linea",
        description="Cucina ligure.\nTurni <serali> & festivi.",
        contract_type=ContractType.PERMANENT,
        working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.SHIFT_WORK),
        education_level=EducationLevel.UPPER_SECONDARY,
        requires_experience=True,
        sector=SectorCode("I"),
        positions=2,
        expires_on=dt.date(2026, 6, 30),
    )
    posting = ok(w.portal.offers.job_posting(ANONYMOUS, offer.id))
    node = expand(posting)
    assert node["@type"] == [SCHEMA + "JobPosting"]
    assert value(node, "title") == "Cuoco/a di linea"
    assert value(node, "description") == "Cucina ligure.<br>Turni &lt;serali&gt; &amp; festivi."
    assert node[SCHEMA + "datePosted"] == [{"@type": SCHEMA + "Date", "@value": "2026-03-02"}]
    assert node[SCHEMA + "validThrough"] == [
        {"@type": SCHEMA + "DateTime", "@value": "2026-07-01T00:00:00+02:00"}
    ]
    assert values(node, "employmentType") == ["FULL_TIME"]
    assert value(node, "workHours") == "Shift work"
    organisation = value(node, "hiringOrganization")
    assert organisation["@type"] == [SCHEMA + "Organization"]
    assert value(organisation, "name") == "Trattoria da Pina"
    assert value(organisation, "sameAs") == "https://pina.example.it"
    place = value(node, "jobLocation")
    assert place["@type"] == [SCHEMA + "Place"]
    address = value(place, "address")
    assert address["@type"] == [SCHEMA + "PostalAddress"]
    assert value(address, "addressLocality") == "Genova"
    assert value(address, "addressRegion") == "Liguria"
    assert value(address, "addressCountry") == "IT"
    assert SCHEMA + "postalCode" not in address  # the library knows none for a workplace
    identifier = value(node, "identifier")
    assert identifier["@type"] == [SCHEMA + "PropertyValue"]
    assert (value(identifier, "name"), value(identifier, "value")) == (
        "Trattoria da Pina",
        offer.id,
    )
    assert value(node, "directApply") is True
    assert value(node, "totalJobOpenings") == 2
    education = value(node, "educationRequirements")
    assert education["@type"] == [SCHEMA + "EducationalOccupationalCredential"]
    assert value(education, "credentialCategory") == "high school"
    assert value(node, "experienceRequirements") == "previous work experience"
    assert value(node, "occupationalCategory") == (
        "ISTAT CP2021 5.2.2.1.0 Cuochi in alberghi e ristoranti"
    )
    assert value(node, "industry") == "Attività dei servizi di alloggio e di ristorazione"


@pytest.mark.parametrize(
    ("contract", "conditions", "expected"),
    [
        (ContractType.PERMANENT, (WorkingCondition.PART_TIME_VERTICAL,), ["PART_TIME"]),
        (ContractType.FIXED_TERM, (WorkingCondition.FULL_TIME,), ["TEMPORARY", "FULL_TIME"]),
        (ContractType.TEMPORARY_AGENCY, (), ["TEMPORARY"]),
        (ContractType.INTERNSHIP, (WorkingCondition.PART_TIME,), ["INTERN", "PART_TIME"]),
        (ContractType.APPRENTICESHIP, (), ["OTHER"]),
        (ContractType.COORDINATED_COLLABORATION, (), ["CONTRACTOR"]),
        (ContractType.SELF_EMPLOYMENT, (), ["CONTRACTOR"]),
        (ContractType.ON_CALL, (), ["PER_DIEM"]),
        (ContractType.OCCASIONAL, (), ["PER_DIEM"]),
        (ContractType.FIXED_TERM, (WorkingCondition.SEASONAL_WORK,), ["TEMPORARY"]),
        (ContractType.PERMANENT, (), []),
    ],
)
def test_int_2_employment_type_comes_from_the_contract_and_the_conditions(
    contract: ContractType, conditions: tuple[WorkingCondition, ...], expected: list[str]
) -> None:
    """INT-2: the documented mapping; nothing is guessed when nothing is said."""
    w = world()
    offer = w.offer(w.company(), contract_type=contract, working_conditions=conditions)
    node = expand(ok(w.portal.offers.job_posting(ANONYMOUS, offer.id)))
    assert values(node, "employmentType") == expected


def test_int_2_remote_work_adds_telecommute_and_no_requirements_are_said() -> None:
    """INT-2: TELECOMMUTE for remote work; 'no requirements' for education and experience."""
    w = world()
    offer = w.offer(
        w.company(),
        working_conditions=(WorkingCondition.REMOTE_WORK, WorkingCondition.NIGHT_WORK),
        education_level=None,
        requires_experience=False,
    )
    node = expand(ok(w.portal.offers.job_posting(ANONYMOUS, offer.id)))
    assert value(node, "jobLocationType") == "TELECOMMUTE"
    country = value(node, "applicantLocationRequirements")
    assert (country["@type"], value(country, "name")) == ([SCHEMA + "Country"], "IT")
    assert value(node, "educationRequirements") == "no requirements"
    assert value(node, "experienceRequirements") == "no requirements"
    assert value(node, "workHours") == "Night work"
    organisation = value(node, "hiringOrganization")
    assert SCHEMA + "sameAs" not in organisation  # no website registered


def test_int_2_lower_education_levels_have_no_google_category() -> None:
    """INT-2: licenza media has an educational level but no credential category."""
    w = world()
    offer = w.offer(w.company(), education_level=EducationLevel.LOWER_SECONDARY)
    node = expand(ok(w.portal.offers.job_posting(ANONYMOUS, offer.id)))
    education = value(node, "educationRequirements")
    assert value(education, "educationalLevel") == EducationLevel.LOWER_SECONDARY.label_en
    assert SCHEMA + "credentialCategory" not in education


def test_int_2_event_offers_are_not_applied_to_directly() -> None:
    """INT-2: an event offer needs the event first (EV-5): directApply is false."""
    w = world()
    cpi = w.cpi()
    standard = w.offer(cpi)
    assert value(expand(ok(w.portal.offers.job_posting(ANONYMOUS, standard.id))), "directApply")
    event = ok(
        w.portal.events.create(
            cpi,
            EventDetails(
                name="Recruiting day",
                starts_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=ROME),
                ends_at=dt.datetime(2026, 4, 15, 17, 0, tzinfo=ROME),
                mode=EventMode.ONLINE,
            ),
        )
    )
    at_event = w.offer(cpi, event=event.id)
    node = expand(ok(w.portal.offers.job_posting(ANONYMOUS, at_event.id)))
    assert value(node, "directApply") is False


def failure_of(w: World, actor: Any, offer_id: Any) -> object:
    result = w.portal.offers.job_posting(actor, offer_id)
    return result.failure()


def test_int_2_closed_expired_and_draft_offers_have_no_job_posting() -> None:
    """INT-2: none for expired, closed or draft offers, with a stable code."""
    w = world()
    company = w.company()
    closed = w.offer(company, title="Chiusa")
    ok(w.portal.offers.close(company, closed.id))
    error = failure_of(w, ANONYMOUS, closed.id)
    assert error == NoJobPosting(status=OfferStatus.CLOSED)
    assert getattr(error, "code", None) == "offer.job_posting.not_active"
    expiring = w.offer(company, expires_on=dt.date(2026, 3, 10))
    ok(w.portal.offers.job_posting(ANONYMOUS, expiring.id))
    w.clock.set(dt.datetime(2026, 3, 11, 0, 0, tzinfo=ROME))
    assert failure_of(w, ANONYMOUS, expiring.id) == NoJobPosting(status=OfferStatus.EXPIRED)
    draft = w.offer(company, publish=False)
    assert failure_of(w, ANONYMOUS, draft.id) == NotFound(entity="offer", key=draft.id)
    assert failure_of(w, w.company("Altra"), draft.id) == NotFound(entity="offer", key=draft.id)
    assert failure_of(w, company, draft.id) == NoJobPosting(status=OfferStatus.DRAFT)
