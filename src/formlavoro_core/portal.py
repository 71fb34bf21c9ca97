"""``Portal``: the one entry point of the library, use cases grouped by context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from formlavoro_core.applications.services import ApplicationService
from formlavoro_core.boundary import guard_use_cases
from formlavoro_core.courses.services import CourseService
from formlavoro_core.cv.services import CvService
from formlavoro_core.events.services import EventService
from formlavoro_core.home.services import HomeService
from formlavoro_core.identity.onboarding_services import OnboardingService
from formlavoro_core.identity.password_policy import COMMON_PASSWORDS
from formlavoro_core.identity.services import IdentityService
from formlavoro_core.jobs import JobsService, MailService
from formlavoro_core.matching.services import MatchingService
from formlavoro_core.messaging.services import MessageService
from formlavoro_core.offers.services import OfferService
from formlavoro_core.organisations.services import OrganisationService
from formlavoro_core.privacy.services import PrivacyService
from formlavoro_core.runtime import Dependencies
from formlavoro_core.talent.services import TalentService
from formlavoro_core.texts import SourceTranslator
from formlavoro_core.texts.service import TextService

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    from formlavoro_core.config import PortalConfig
    from formlavoro_core.ports import (
        ApplicationsReportRenderer,
        Clock,
        EventCalendar,
        FileStore,
        IdGenerator,
        Mailer,
        PasswordBlocklist,
        PasswordHasher,
        PrivacySummaryRenderer,
        Sealer,
        TicketRenderer,
        TicketSigner,
        TokenGenerator,
        UnitOfWorkFactory,
    )
    from formlavoro_core.reference import ReferenceData
    from formlavoro_core.texts import Translator

__all__ = ["Portal"]


class Portal:
    """A job-and-training portal: every use case, each taking the acting principal.

    Build one with ``formlavoro_adapters.bootstrap(...)``; construct it directly only to
    plug in adapters of your own. A portal holds what its builder opened for it (database
    connections, a mail server's session): :meth:`close` releases them, and ``with``
    closes it at the end of the block.

    Attributes:
        identity: notices, login by SPID/CIE/CNS or regional credentials, resets.
        onboarding: the four questions of the first login.
        cv: the citizen's CV.
        home: the citizen's home page and dashboard.
        organisations: companies, employment centres, training entities.
        offers: job offers and saved searches.
        applications: applying to offers, and the publishers' review.
        courses: training courses.
        events: recruitment days, memberships and tickets.
        messages: the citizen's inbox and the replies companies receive.
        talent: companies browsing anonymised CVs, and unlock requests.
        matching: explained rankings of CVs for offers and of offers for citizens.
        jobs: time-driven rules for the scheduler.
        mail: delivery of the email outbox.
        privacy: data rights: the access log, export and erasure (SEC-3, SEC-4).
        reference: the reference data (sectors, professions, places) for pick lists.
        texts: any text or failure in any of the portal's languages (TX-2).
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
        tickets: TicketSigner,
        sealer: Sealer,
        ticket_renderer: TicketRenderer | None = None,
        calendar: EventCalendar | None = None,
        reports: ApplicationsReportRenderer | None = None,
        blocklist: PasswordBlocklist | None = None,
        privacy_summary: PrivacySummaryRenderer | None = None,
        closers: Sequence[Callable[[], None]] = (),
        translator: Translator | None = None,
    ) -> None:
        """Wire the use cases to the adapters.

        ``closers`` release what was opened for this portal, called by :meth:`close` in
        the reverse order; adapters passed in by their owner are theirs to close.
        """
        self._closers = tuple(closers)
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
            tickets=tickets,
            sealer=sealer,
            ticket_renderer=ticket_renderer,
            calendar=calendar,
            reports=reports,
            privacy_summary=privacy_summary,
            blocklist=blocklist if blocklist is not None else COMMON_PASSWORDS,
            translator=translator if translator is not None else SourceTranslator(),
        )
        self.config = config
        self.reference = reference
        self.texts = TextService(deps.translator, default=config.default_language)
        # Each use case checks its arguments' types first (formlavoro_core.boundary).
        self.identity = guard_use_cases(IdentityService(deps))
        self.onboarding = guard_use_cases(OnboardingService(deps))
        self.cv = guard_use_cases(CvService(deps))
        self.home = guard_use_cases(HomeService(deps))
        self.organisations = guard_use_cases(OrganisationService(deps))
        self.offers = guard_use_cases(OfferService(deps))
        self.applications = guard_use_cases(ApplicationService(deps))
        self.courses = guard_use_cases(CourseService(deps))
        self.events = guard_use_cases(EventService(deps))
        self.messages = guard_use_cases(MessageService(deps))
        self.talent = guard_use_cases(TalentService(deps))
        self.matching = guard_use_cases(MatchingService(deps))
        self.jobs = guard_use_cases(JobsService(deps))
        self.mail = guard_use_cases(MailService(deps))
        self.privacy = guard_use_cases(PrivacyService(deps))

    def close(self) -> None:
        """Release what was opened for this portal; closing twice does nothing more.

        Every closer runs even when one raises; the first error is raised after them.
        """
        closers, self._closers = self._closers, ()
        first: BaseException | None = None
        for close in reversed(closers):
            try:
                close()
            except Exception as exc:  # noqa: BLE001 - the others still close
                first = first if first is not None else exc
        if first is not None:
            raise first

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
