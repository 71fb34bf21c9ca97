"""``Portal``: the one entry point of the library, use cases grouped by context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_core.cv.services import CvService
from formlavoro_core.identity.onboarding_services import OnboardingService
from formlavoro_core.identity.services import IdentityService
from formlavoro_core.jobs import JobsService, MailService
from formlavoro_core.runtime import Dependencies

if TYPE_CHECKING:
    from formlavoro_core.config import PortalConfig
    from formlavoro_core.ports import (
        Clock,
        FileStore,
        IdGenerator,
        Mailer,
        PasswordHasher,
        TokenGenerator,
        UnitOfWorkFactory,
    )
    from formlavoro_core.reference import ReferenceData

__all__ = ["Portal"]


class Portal:
    """A job-and-training portal: every use case, each taking the acting principal.

    Build one with ``formlavoro_adapters.bootstrap(...)``; construct it directly only to
    plug in adapters of your own.

    Attributes:
        identity: notices, login by SPID/CIE/CNS or regional credentials, resets.
        onboarding: the four questions of the first login.
        cv: the citizen's CV.
        jobs: time-driven rules for the scheduler.
        mail: delivery of the email outbox.
        reference: the reference data (sectors, professions, places) for pick lists.
        config: the policy settings.
    """

    def __init__(
        self,
        *,
        storage: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        tokens: TokenGenerator,
        passwords: PasswordHasher,
        files: FileStore,
        mailer: Mailer,
        reference: ReferenceData,
        config: PortalConfig,
    ) -> None:
        deps = Dependencies(
            storage=storage,
            clock=clock,
            ids=ids,
            tokens=tokens,
            passwords=passwords,
            files=files,
            mailer=mailer,
            reference=reference,
            config=config,
        )
        self.config = config
        self.reference = reference
        self.identity = IdentityService(deps)
        self.onboarding = OnboardingService(deps)
        self.cv = CvService(deps)
        self.jobs = JobsService(deps)
        self.mail = MailService(deps)
