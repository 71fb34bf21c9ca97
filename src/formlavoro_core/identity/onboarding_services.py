"""Onboarding use cases: the welcome step and the four questions (ON-1 ... ON-6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.cv.seeding import seed_cv
from formlavoro_core.errors import DomainError, InvalidInput, NotFound
from formlavoro_core.identity.failures import OnboardingCompleted, StepOutOfOrder
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.model import Account
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    Onboarding,
    OnboardingAnswer,
    OnboardingAnswers,
    OnboardingStep,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.ids import CvId, EntryId
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["OnboardingService", "Welcome"]

_ANSWER_TYPES: dict[OnboardingStep, type[OnboardingAnswer]] = {
    OnboardingStep.SECTORS: SectorsAnswer,
    OnboardingStep.PROFESSIONS: ProfessionsAnswer,
    OnboardingStep.EDUCATION: EducationAnswer,
    OnboardingStep.WORK: WorkAnswer,
}


@attrs.frozen(kw_only=True)
class Welcome:
    """ON-1: what the welcome step shows, and where the citizen resumes."""

    given_name: str
    family_name: str
    email: str | None
    fiscal_code: FiscalCode
    next_step: OnboardingStep | None
    completed: bool


class OnboardingService:
    """``portal.onboarding``: the four questions of the first login."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _account(self, uow: UnitOfWork, actor: Principal, action: str) -> Account | DomainError:
        citizen = require_citizen(actor, action)
        if isinstance(citizen, DomainError):
            return citizen
        account = uow.accounts.get(citizen.account_id)
        if account is None:
            return NotFound(entity="account", key=citizen.account_id)
        return account

    def welcome(self, actor: Principal) -> Result[Welcome, DomainError]:
        """ON-1: first name, last name, email and fiscal code, and the next question."""

        def work(uow: UnitOfWork) -> Welcome | DomainError:
            account = self._account(uow, actor, "see the welcome step")
            if isinstance(account, DomainError):
                return account
            return Welcome(
                given_name=account.given_name,
                family_name=account.family_name,
                email=account.email,
                fiscal_code=account.fiscal_code,
                next_step=account.onboarding.next_step,
                completed=account.onboarding.is_completed,
            )

        return self._deps.run(work)

    def answer(self, actor: Principal, answer: OnboardingAnswer) -> Result[Onboarding, DomainError]:
        """ON-2 ... ON-6: record one answer, validated, in order.

        A question already answered may be answered again until the fourth completes
        the onboarding; then the CV is seeded and onboarding never runs again.
        """
        citizen = require_citizen(actor, "answer the welcome questions")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._deps.codec.check(answer)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        return self._deps.run(lambda uow: self._record(uow, actor, (checked,)))

    def answer_from_data(
        self, actor: Principal, step: OnboardingStep, data: Mapping[str, object]
    ) -> Result[Onboarding, DomainError]:
        """Like :meth:`answer`, from plain data (a form or JSON body) for ``step``."""
        citizen = require_citizen(actor, "answer the welcome questions")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        structured = self._deps.codec.parse(data, _ANSWER_TYPES[step])
        if isinstance(structured, InvalidInput):
            return Failure(structured)
        return self._deps.run(lambda uow: self._record(uow, actor, (structured,)))

    def complete_from_data(
        self, actor: Principal, data: Mapping[str, object]
    ) -> Result[Onboarding, DomainError]:
        """Answer the four questions at once from plain data (an API client).

        Every mistake in the four answers is reported in one ``InvalidInput``.
        """
        citizen = require_citizen(actor, "answer the welcome questions")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        structured = self._deps.codec.parse(data, OnboardingAnswers)
        if isinstance(structured, InvalidInput):
            return Failure(structured)
        answers = structured.in_order()
        return self._deps.run(lambda uow: self._record(uow, actor, answers))

    def _record(
        self, uow: UnitOfWork, actor: Principal, answers: tuple[OnboardingAnswer, ...]
    ) -> Onboarding | DomainError:
        account = self._account(uow, actor, "answer the welcome questions")
        if isinstance(account, DomainError):
            return account
        onboarding = account.onboarding
        if onboarding.is_completed:
            return OnboardingCompleted()
        for answer in answers:
            if not onboarding.may_answer(answer.STEP):
                return StepOutOfOrder(step=answer.STEP, expected=onboarding.next_step)
            onboarding = onboarding.with_answer(answer)
        now = self._deps.clock.now()
        if onboarding.next_step is None:
            onboarding = onboarding.completed(now)
        account = uow.accounts.update(attrs.evolve(account, onboarding=onboarding))
        if onboarding.is_completed and uow.cvs.by_owner(account.id) is None:
            ids = self._deps.ids
            uow.cvs.add(
                seed_cv(
                    account,
                    cv_id=CvId(ids.new_id()),
                    new_entry_id=lambda: EntryId(ids.new_id()),
                    now=now,
                    today=self._deps.config.local_date(now),
                )
            )
        return account.onboarding
