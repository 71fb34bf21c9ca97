"""SEC-1: the access-control table's rows for the marketplace and the scheduler.

Organisations, offers, applications, courses, events, messages, the company side of
CVs (talent and matching), and the jobs and mail the scheduler runs.
"""

from __future__ import annotations

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.values import EmailAddress
from tests.core.courses.builders import course_details
from tests.core.security.access_rules import (
    ANY_KIND,
    CITIZEN,
    COMPANIES,
    CPIS,
    ENTITIES,
    EVERYONE,
    PUBLISHER,
    PUBLISHERS,
    Rule,
    anyone,
    citizens,
    id_of,
    owner,
)
from tests.core.security.parties import EVENT
from tests.support import draft_offer

_ORGANISATION = OrganisationDetails(
    name="Nuova", contacts=Contacts(email=EmailAddress("info@nuova.example"))
)


MARKETPLACE_TABLE: dict[str, Rule] = {
    # -- organisations ---------------------------------------------------------------------
    "organisations.register_company": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_company(a, _ORGANISATION),
    ),
    "organisations.register_employment_centre": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_employment_centre(a, _ORGANISATION),
    ),
    "organisations.register_training_entity": Rule(
        {"operator"},
        {"operator"},
        lambda s, a: s.portal.organisations.register_training_entity(a, _ORGANISATION),
    ),
    "organisations.company": anyone(
        lambda s, a: s.portal.organisations.company(a, s.ids["offer"].publisher.id)
    ),
    "organisations.employment_centre": anyone(
        lambda s, a: s.portal.organisations.employment_centre(a, s.ids["event"].organiser)
    ),
    "organisations.training_entity": anyone(
        lambda s, a: s.portal.organisations.training_entity(a, s.ids["course"].entity)
    ),
    # -- offers ---------------------------------------------------------------------------
    "offers.create": Rule(
        PUBLISHER, PUBLISHERS, lambda s, a: s.portal.offers.create(a, draft_offer())
    ),
    "offers.update": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.offers.update(a, id_of(s, "draft"), draft_offer(title="Nuovo")),
    ),
    "offers.publish": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.offers.publish(a, id_of(s, "draft"))
    ),
    "offers.close": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.offers.close(a, id_of(s, "offer"))
    ),
    "offers.mine": Rule(PUBLISHER, PUBLISHERS, lambda s, a: s.portal.offers.mine(a)),
    "offers.search": anyone(lambda s, a: s.portal.offers.search(a, OfferQuery())),
    "offers.card": anyone(lambda s, a: s.portal.offers.card(a, id_of(s, "offer"))),
    "offers.job_posting": anyone(lambda s, a: s.portal.offers.job_posting(a, id_of(s, "offer"))),
    "offers.save_search": citizens(
        lambda s, a: s.portal.offers.save_search(
            a, SavedSearchRequest(name="y", query=OfferQuery())
        )
    ),
    "offers.saved_searches": citizens(lambda s, a: s.portal.offers.saved_searches(a)),
    "offers.delete_search": owner(
        lambda s, a: s.portal.offers.delete_search(a, id_of(s, "search"))
    ),
    "offers.unsubscribe": Rule(
        ANY_KIND,
        EVERYONE,
        lambda s, a: s.portal.offers.unsubscribe(a, s.ids["search"].unsubscribe_token),
        bearer=True,
    ),
    # -- applications ---------------------------------------------------------------------
    "applications.apply": citizens(lambda s, a: s.portal.applications.apply(a, id_of(s, "offer"))),
    "applications.mine": citizens(lambda s, a: s.portal.applications.mine(a)),
    "applications.event_applications": citizens(
        lambda s, a: s.portal.applications.event_applications(a)
    ),
    "applications.get": Rule(
        CITIZEN | PUBLISHER,
        {"owner", "company"},
        lambda s, a: s.portal.applications.get(a, id_of(s, "application")),
    ),
    "applications.attachment": Rule(
        CITIZEN | PUBLISHER,
        {"owner", "company"},
        lambda s, a: s.portal.applications.attachment(a, id_of(s, "application")),
    ),
    "applications.for_offer": Rule(
        PUBLISHER, {"company"}, lambda s, a: s.portal.applications.for_offer(a, id_of(s, "offer"))
    ),
    "applications.review": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.applications.review(
            a, id_of(s, "application"), ApplicationStatus.SELECTED
        ),
    ),
    "applications.export_csv": citizens(lambda s, a: s.portal.applications.export_csv(a)),
    "applications.export_pdf": citizens(lambda s, a: s.portal.applications.export_pdf(a)),
    # -- courses --------------------------------------------------------------------------
    "courses.publish": Rule(
        {"entity"}, ENTITIES, lambda s, a: s.portal.courses.publish(a, course_details())
    ),
    "courses.update": Rule(
        {"entity"},
        {"entity"},
        lambda s, a: s.portal.courses.update(a, id_of(s, "course"), course_details(title="Nuovo")),
    ),
    "courses.withdraw": Rule(
        {"entity"}, {"entity"}, lambda s, a: s.portal.courses.withdraw(a, id_of(s, "course"))
    ),
    "courses.mine": Rule({"entity"}, ENTITIES, lambda s, a: s.portal.courses.mine(a)),
    "courses.search": anyone(lambda s, a: s.portal.courses.search(a, CourseQuery())),
    "courses.card": anyone(lambda s, a: s.portal.courses.card(a, id_of(s, "course"))),
    # -- events ----------------------------------------------------------------------------
    "events.create": Rule({"cpi"}, CPIS, lambda s, a: s.portal.events.create(a, EVENT)),
    "events.set_registration": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.set_registration(a, id_of(s, "event"), is_open=False),
    ),
    "events.attach_offer": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.attach_offer(
            a, id_of(s, "event"), id_of(s, "cpi_draft"), preselection=True
        ),
    ),
    "events.participants": Rule(
        {"cpi"}, {"cpi"}, lambda s, a: s.portal.events.participants(a, id_of(s, "event"))
    ),
    "events.check_in": Rule(
        {"cpi"},
        {"cpi"},
        lambda s, a: s.portal.events.check_in(a, s.ids["ticket"].code),
        refusal="event.ticket.invalid",
    ),
    "events.listing": anyone(lambda s, a: s.portal.events.listing(a)),
    "events.join": citizens(lambda s, a: s.portal.events.join(a, id_of(s, "event"))),
    "events.ticket": citizens(lambda s, a: s.portal.events.ticket(a, id_of(s, "event"))),
    "events.ticket_file": citizens(lambda s, a: s.portal.events.ticket_file(a, id_of(s, "event"))),
    "events.offers": citizens(lambda s, a: s.portal.events.offers(a)),
    "events.calendar_file": anyone(
        lambda s, a: s.portal.events.calendar_file(a, id_of(s, "event"))
    ),
    # -- messages ---------------------------------------------------------------------------
    "messages.inbox": citizens(lambda s, a: s.portal.messages.inbox(a)),
    "messages.unread_count": citizens(lambda s, a: s.portal.messages.unread_count(a)),
    "messages.open": owner(lambda s, a: s.portal.messages.open(a, id_of(s, "message"))),
    "messages.thread": owner(lambda s, a: s.portal.messages.thread(a, id_of(s, "message"))),
    "messages.reply": owner(
        lambda s, a: s.portal.messages.reply(a, id_of(s, "message"), Reply(body="Grazie"))
    ),
    "messages.replies_received": Rule(
        PUBLISHER, PUBLISHERS, lambda s, a: s.portal.messages.replies_received(a)
    ),
    "messages.answer": Rule(
        PUBLISHER,
        {"company"},
        lambda s, a: s.portal.messages.answer(a, id_of(s, "reply"), Reply(body="Alle 18.")),
    ),
    # -- company side of CVs -----------------------------------------------------------------
    "talent.browse": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.browse(a, CvQuery())
    ),
    "talent.view": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.view(a, id_of(s, "cv"))
    ),
    "talent.express_interest": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.express_interest(a, id_of(s, "cv"))
    ),
    "talent.requests_sent": Rule(
        {"company"}, COMPANIES, lambda s, a: s.portal.talent.requests_sent(a)
    ),
    "matching.rank_candidates": Rule(
        {"company"},
        {"company"},
        lambda s, a: s.portal.matching.rank_candidates(a, id_of(s, "offer")),
    ),
    "matching.suggest_offers": citizens(lambda s, a: s.portal.matching.suggest_offers(a)),
    "talent.requests_received": citizens(lambda s, a: s.portal.talent.requests_received(a)),
    "talent.unlock": owner(lambda s, a: s.portal.talent.unlock(a, id_of(s, "unlock"))),
    "talent.refuse": owner(lambda s, a: s.portal.talent.refuse(a, id_of(s, "unlock"))),
    "talent.revoke": owner(lambda s, a: s.portal.talent.revoke(a, id_of(s, "unlock"))),
    # -- the scheduler ---------------------------------------------------------------------
    "jobs.run_due": Rule({"system"}, {"system"}, lambda s, a: s.portal.jobs.run_due(a)),
    "mail.dead_letters": Rule(
        {"operator", "system"}, {"operator", "system"}, lambda s, a: s.portal.mail.dead_letters(a)
    ),
    "mail.requeue": Rule(
        {"operator", "system"},
        {"operator", "system"},
        lambda s, a: s.portal.mail.requeue(a, id_of(s, "dead_letter")),
    ),
    "mail.deliver_pending": Rule(
        {"system"}, {"system"}, lambda s, a: s.portal.mail.deliver_pending(a)
    ),
}
