"""The SQL state machine's rules for organisations and people, and the citizens' CVs.

Companies and employment centres register; citizens log in, answer the welcome
questions, fill in their CVs and publish them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import initialize, multiple, rule
from returns.result import Success

from formlavoro_core.cv.model import Address, LanguageSkill, Preferences, Study
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import OnboardingAnswer
from formlavoro_core.ids import OfferId
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal, CompanyPrincipal, CpiPrincipal
from formlavoro_core.reference import EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.adapters.sql.state_machine_inputs import (
    FISCAL_CODES,
    PLACES,
    PROFESSIONS,
    onboarding_answers,
    organisation,
)
from tests.adapters.sql.state_machine_portals import (
    PortalPair,
    Publisher,
    centres,
    citizens,
    companies,
    offers,
)
from tests.support import ANNA, OPERATOR, START, draft_offer


class PeopleRules(PortalPair):
    """Register organisations, log citizens in, onboard them, edit and publish their CVs."""

    # -- organisations and people ------------------------------------------------------

    def _company(self, name: str) -> CompanyPrincipal:
        details = organisation(name)
        company = self.both(lambda p: p.organisations.register_company(OPERATOR, details))
        return CompanyPrincipal(company.unwrap().id)

    def _centre(self, name: str) -> CpiPrincipal:
        details = organisation(name)
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
        for answer in onboarding_answers(worked, level):
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
