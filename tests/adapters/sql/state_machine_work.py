"""The SQL state machine's rules for what people do on the portal, and time passing.

Offers and applications, recruitment events, the talent search and its unlock requests,
messages, saved searches and alerts, and the clock advancing with the due jobs run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import multiple, rule
from returns.result import Failure, Success

from formlavoro_core.applications.model import (
    ApplicationRequest,
    ApplicationStatus,
    RejectionReason,
)
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.ids import ApplicationId, EventId, OfferId, UnlockRequestId
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import AlertFrequency, SavedSearchRequest
from formlavoro_core.offers.model import OfferDraft
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import (
    ANONYMOUS,
    SYSTEM,
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
)
from formlavoro_core.reference.code_types import MunicipalityCode
from tests.adapters.sql.state_machine_inputs import CV_QUERIES, DRAFTS, QUERIES
from tests.adapters.sql.state_machine_portals import (
    PortalPair,
    Publisher,
    applications,
    centres,
    citizens,
    companies,
    events,
    offers,
    unlock_requests,
)


class WorkRules(PortalPair):
    """Publish offers and apply, run events, unlock CVs, exchange messages, search, wait."""

    # -- offers and applications --------------------------------------------------------

    @rule(target=offers, publisher=companies | centres, draft=DRAFTS, publish=st.booleans())
    def create_offer(self, publisher: Publisher, draft: OfferDraft, publish: bool) -> Any:
        created = self.both(lambda p: p.offers.create(publisher, draft))
        if not isinstance(created, Success):
            return multiple()
        offer_id = created.unwrap().id
        if publish:
            self.both(lambda p: p.offers.publish(publisher, offer_id))
        return (publisher, offer_id)

    @rule(offer=offers)
    def publish_offer(self, offer: tuple[Publisher, OfferId]) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.publish(publisher, offer_id))

    @rule(offer=offers)
    def close_offer(self, offer: tuple[Publisher, OfferId]) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.close(publisher, offer_id))

    @rule(offer=offers, reader=st.none() | citizens)
    def read_offer_card(
        self, offer: tuple[Publisher, OfferId], reader: CitizenPrincipal | None
    ) -> None:
        publisher, offer_id = offer
        self.both(lambda p: p.offers.card(reader or publisher, offer_id))

    @rule(
        target=applications,
        citizen=citizens,
        offer=offers,
        letter=st.none() | st.just("Ho lavorato tre anni in cucina."),
        twice=st.booleans(),
    )
    def apply(
        self,
        citizen: CitizenPrincipal,
        offer: tuple[Publisher, OfferId],
        letter: str | None,
        twice: bool,
    ) -> Any:
        publisher, offer_id = offer
        request = ApplicationRequest(cover_letter=letter)
        applied = self.both(lambda p: p.applications.apply(citizen, offer_id, request))
        if twice:  # the second application to the same offer is always refused
            again = self.both(lambda p: p.applications.apply(citizen, offer_id, request))
            assert isinstance(again, Failure)
        if not isinstance(applied, Success):
            return multiple()
        return (publisher, applied.unwrap().id)

    @rule(application=applications)
    def open_application(self, application: tuple[Publisher, ApplicationId]) -> None:
        publisher, application_id = application
        self.both(lambda p: p.applications.get(publisher, application_id))

    @rule(
        application=applications,
        status=st.sampled_from(ApplicationStatus),
        reason=st.none() | st.sampled_from(RejectionReason),
    )
    def review(
        self,
        application: tuple[Publisher, ApplicationId],
        status: ApplicationStatus,
        reason: RejectionReason | None,
    ) -> None:
        publisher, application_id = application
        self.both(lambda p: p.applications.review(publisher, application_id, status, reason=reason))

    @rule(publisher=companies | centres, offer=offers)
    def list_applications(self, publisher: Publisher, offer: tuple[Publisher, OfferId]) -> None:
        self.both(lambda p: p.applications.for_offer(publisher, offer[1]))
        self.both(lambda p: p.offers.mine(publisher))

    # -- events -------------------------------------------------------------------------

    @rule(
        target=events,
        centre=centres,
        days=st.sampled_from((-1, 1, 3, 40)),
        registration=st.booleans(),
    )
    def create_event(self, centre: CpiPrincipal, days: int, registration: bool) -> Any:
        starts = self.clock.now() + dt.timedelta(days=days)
        details = EventDetails(
            name="Recruiting day turismo",
            description="Incontra le aziende del turismo.",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=8),
            mode=EventMode.IN_PERSON,
            place=MunicipalityCode("D969"),
            address="Magazzini del Cotone",
        )
        created = self.both(lambda p: p.events.create(centre, details))
        if not isinstance(created, Success):
            return multiple()
        event_id = created.unwrap().id
        if not registration:
            self.both(lambda p: p.events.set_registration(centre, event_id, is_open=False))
        return (centre, event_id)

    @rule(citizen=citizens, event=events)
    def join_event(self, citizen: CitizenPrincipal, event: tuple[CpiPrincipal, EventId]) -> None:
        self.both(lambda p: p.events.join(citizen, event[1]))
        self.both(lambda p: p.events.offers(citizen))

    @rule(event=events, offer=offers, preselection=st.booleans())
    def attach_offer(
        self,
        event: tuple[CpiPrincipal, EventId],
        offer: tuple[Publisher, OfferId],
        preselection: bool,
    ) -> None:
        centre, event_id = event
        offer_id = offer[1]
        self.both(
            lambda p: p.events.attach_offer(centre, event_id, offer_id, preselection=preselection)
        )

    @rule(event=events)
    def participants(self, event: tuple[CpiPrincipal, EventId]) -> None:
        self.both(lambda p: p.events.participants(event[0], event[1]))

    # -- talent: interest and unlock ----------------------------------------------------

    @rule(target=unlock_requests, company=companies, citizen=citizens)
    def express_interest(self, company: CompanyPrincipal, citizen: CitizenPrincipal) -> Any:
        cv = self.cv_of(citizen)
        if cv is None:
            return multiple()
        self.both(lambda p: p.talent.view(company, cv.id))
        request = self.both(lambda p: p.talent.express_interest(company, cv.id))
        if not isinstance(request, Success):
            return multiple()
        return (citizen, request.unwrap().id)

    @rule(
        request=unlock_requests,
        decision=st.sampled_from(("unlock", "refuse", "revoke")),
    )
    def decide(self, request: tuple[CitizenPrincipal, UnlockRequestId], decision: str) -> None:
        citizen, request_id = request
        self.both(lambda p: getattr(p.talent, decision)(citizen, request_id))
        self.both(lambda p: p.talent.requests_received(citizen))

    @rule(company=companies, query=CV_QUERIES)
    def browse(self, company: CompanyPrincipal, query: CvQuery) -> None:
        self.both(lambda p: p.talent.browse(company, query))
        self.both(lambda p: p.talent.requests_sent(company))

    # -- messages -----------------------------------------------------------------------

    @rule(citizen=citizens, index=st.integers(0, 9), body=st.sampled_from(("Grazie!", "Quando?")))
    def reply(self, citizen: CitizenPrincipal, index: int, body: str) -> None:
        inbox = self.both(lambda p: p.messages.inbox(citizen))
        if isinstance(inbox, Success) and inbox.unwrap().items:
            items = inbox.unwrap().items
            message = items[index % len(items)]
            self.both(lambda p: p.messages.open(citizen, message.id))
            self.both(lambda p: p.messages.thread(citizen, message.id))
            self.both(lambda p: p.messages.reply(citizen, message.id, Reply(body=body)))

    @rule(publisher=companies | centres, index=st.integers(0, 9))
    def answer(self, publisher: Publisher, index: int) -> None:
        replies = self.both(lambda p: p.messages.replies_received(publisher))
        if isinstance(replies, Success) and replies.unwrap().items:
            items = replies.unwrap().items
            message = items[index % len(items)]
            reply = Reply(body="Ci vediamo lunedì alle 9.")
            self.both(lambda p: p.messages.answer(publisher, message.id, reply))

    # -- searches, alerts and time ------------------------------------------------------

    @rule(
        citizen=citizens,
        query=QUERIES,
        frequency=st.sampled_from(AlertFrequency),
        delete_it=st.booleans(),
    )
    def save_search(
        self,
        citizen: CitizenPrincipal,
        query: OfferQuery,
        frequency: AlertFrequency,
        delete_it: bool,
    ) -> None:
        request = SavedSearchRequest(name="Cuoco a Genova", query=query, frequency=frequency)
        saved = self.both(lambda p: p.offers.save_search(citizen, request))
        self.both(lambda p: p.offers.saved_searches(citizen))
        if delete_it and isinstance(saved, Success):
            search_id = saved.unwrap().id
            self.both(lambda p: p.offers.delete_search(citizen, search_id))

    @rule(query=QUERIES, size=st.integers(1, 5), reader=st.none() | citizens)
    def search_offers(self, query: OfferQuery, size: int, reader: CitizenPrincipal | None) -> None:
        actor = reader or ANONYMOUS
        first = self.both(lambda p: p.offers.search(actor, query, PageRequest(size=size)))
        if isinstance(first, Success) and first.unwrap().next_after is not None:
            after = PageRequest(size=size, after=first.unwrap().next_after)
            self.both(lambda p: p.offers.search(actor, query, after))

    @rule(citizen=citizens)
    def dashboard(self, citizen: CitizenPrincipal) -> None:
        self.both(lambda p: p.home.latest(citizen))
        self.both(lambda p: p.applications.event_applications(citizen))

    @rule(hours=st.sampled_from((1, 20, 24 * 7, 24 * 30, 24 * 85)))
    def advance_clock(self, hours: int) -> None:
        self.clock.advance(dt.timedelta(hours=hours))

    @rule()
    def run_due_jobs(self) -> None:
        self.both(lambda p: p.jobs.run_due(SYSTEM))
        self.both(lambda p: p.mail.deliver_pending(SYSTEM))
        assert self.sql.mailer.sent == self.memory.mailer.sent
