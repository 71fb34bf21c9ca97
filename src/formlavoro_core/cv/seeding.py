"""The CV a citizen starts from, seeded by the onboarding answers (ON-6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from formlavoro_core.cv.model import Cv, Entry, Experience, Gender, PersonalData, Preferences, Study
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import CvId, EntryId

__all__ = ["seed_cv"]


def seed_cv(
    account: Account,
    *,
    cv_id: CvId,
    new_entry_id: Callable[[], EntryId],
    now: dt.datetime,
    today: dt.date,
) -> Cv:
    """Build the first CV from the account and its completed onboarding.

    Personal data come from the identity (names, email, fiscal code, and the birth date
    and gender the fiscal code encodes); preferences from questions 1 and 2; the
    highest education level from question 3 (its title is left for the citizen); the
    most significant experience from question 4.
    """
    onboarding = account.onboarding
    fiscal_code = account.fiscal_code
    personal = PersonalData(
        given_name=account.given_name,
        family_name=account.family_name,
        fiscal_code=fiscal_code,
        birth_date=fiscal_code.birth_date(today=today),
        gender=Gender(fiscal_code.gender),
        email=account.email,
    )
    studies: tuple[Entry[Study], ...] = ()
    if onboarding.education is not None:
        studies = (
            Entry(
                id=new_entry_id(),
                value=Study(
                    level=onboarding.education.highest_level,
                    in_progress=False,
                ),
            ),
        )
    experiences: tuple[Entry[Experience], ...] = ()
    if onboarding.work is not None and onboarding.work.experience is not None:
        experiences = (Entry(id=new_entry_id(), value=onboarding.work.experience),)
    preferences = Preferences(
        professions=onboarding.professions.professions if onboarding.professions else (),
        sectors=onboarding.sectors.sectors if onboarding.sectors else (),
    )
    return Cv(
        id=cv_id,
        owner=account.id,
        personal=personal,
        experiences=experiences,
        studies=studies,
        preferences=preferences,
        created_at=now,
        updated_at=now,
    )
