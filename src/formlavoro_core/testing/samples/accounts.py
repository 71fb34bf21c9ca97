"""Sample citizen accounts: every field set, one of a few distinct fiscal codes."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.cv.model import Experience
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import Account, Consent, Notice, RegionalCredentials
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    Onboarding,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.ids import AccountId
from formlavoro_core.locale import Language
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import ProfessionCode, SectorCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import T0
from formlavoro_core.values import EmailAddress

__all__ = ["sample_account"]

_FISCAL_CODES = ("RSSMRA85T10A562S", "BNCLRA90A41D969K", "VRDGPP80M01H501L")


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
