"""What the SQL state machine draws: places, professions, words, offers, people, queries.

The drafts, fiscal codes and searches its rules draw, and the organisation details and
onboarding answers they give, alike for both portals.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from formlavoro_core.cv.model import Experience
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    OnboardingAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.reference import ContractType, DrivingLicence, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.testing.search_strategies import cv_queries, offer_queries
from formlavoro_core.testing.strategies import fiscal_codes
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, MARIO, START, draft_offer

PLACES = ("D969", "E463", "I480", "E290")  # the municipalities of tests.support.reference()
PROFESSIONS = ("5.2.2.1.0", "5.2.2.4.0", "2.1.1.4.1", "5.2.2", "2")
WORDS = ("Cuoco", "cuoca", "Barista", "Caffè", "perché", "dell'Hotel", "Sviluppatore", "Java")


def organisation(name: str) -> OrganisationDetails:
    local = "".join(char for char in name.lower() if char.isascii() and char.isalnum())
    return OrganisationDetails(
        name=name, contacts=Contacts(email=EmailAddress(f"info@{local}.example"))
    )


def onboarding_answers(worked: bool, level: EducationLevel) -> tuple[OnboardingAnswer, ...]:
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
