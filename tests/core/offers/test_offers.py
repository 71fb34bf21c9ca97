"""Offers through the portal: lifecycle, search, cards, saved searches (OF-1 ... OF-7)."""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.errors import InvalidInput, NotFound, Problem
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.offers.alerts import AlertFrequency, SavedSearchRequest
from formlavoro_core.offers.failures import ExpiryPassed, NotADraft, OfferNotOpen
from formlavoro_core.offers.model import OfferStatus, PublisherKind
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from tests.support import ROME, draft_offer, failure, ok, world


def test_of_5_an_offer_has_publisher_profession_workplace_status_and_dates() -> None:
    """OF-5: publisher, profession, workplace, status, publication and expiry date."""
    w = world()
    company = w.company("Trattoria")
    offer = ok(w.portal.offers.create(company, draft_offer()))
    assert (offer.publisher.kind, offer.publisher.name) == (PublisherKind.COMPANY, "Trattoria")
    assert (offer.profession, offer.workplace, offer.province) == ("5.2.2.1.0", "D969", "GE")
    assert offer.status is OfferStatus.DRAFT
    assert offer.published_at is None
    assert offer.expires_at == dt.datetime(2026, 7, 1, 0, 0, tzinfo=ROME)
    published = ok(w.portal.offers.publish(company, offer.id))
    assert (published.status, published.published_at) == (OfferStatus.ACTIVE, w.clock.now())


def test_of_5_employment_centres_publish_offers_too() -> None:
    """OF-5: a CPI is a publisher."""
    w = world()
    offer = w.offer(w.cpi("CPI Genova"))
    assert (offer.publisher.kind, offer.publisher.name) == (PublisherKind.CPI, "CPI Genova")


def test_of_5_only_drafts_change_and_publish() -> None:
    """OF-5: a published offer is not rewritten under its applicants' feet."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    assert failure(w.portal.offers.update(company, offer.id, draft_offer(title="Altro"))) == (
        NotADraft(status=OfferStatus.ACTIVE)
    )
    assert failure(w.portal.offers.publish(company, offer.id)) == NotADraft(
        status=OfferStatus.ACTIVE
    )


def test_of_5_a_draft_past_its_expiry_cannot_be_published() -> None:
    """OF-5: the expiry date must lie ahead."""
    w = world()
    company = w.company()
    draft = ok(w.portal.offers.create(company, draft_offer(expires_on=dt.date(2026, 3, 1))))
    assert failure(w.portal.offers.publish(company, draft.id)) == ExpiryPassed(
        expires_at=draft.expires_at
    )


def test_of_6_an_offer_expires_on_its_own_at_the_end_of_its_last_day() -> None:
    """OF-6: no operator: past its expiry date the offer leaves every list."""
    w = world()
    company = w.company()
    offer = w.offer(company, expires_on=dt.date(2026, 3, 10))
    w.clock.set(dt.datetime(2026, 3, 10, 23, 59, tzinfo=ROME))
    assert [o.id for o in ok(w.portal.offers.search(ANONYMOUS, OfferQuery())).items] == [offer.id]
    w.clock.set(dt.datetime(2026, 3, 11, 0, 0, tzinfo=ROME))
    assert ok(w.portal.offers.search(ANONYMOUS, OfferQuery())).items == ()
    card = ok(w.portal.offers.card(company, offer.id))
    assert card.status is OfferStatus.EXPIRED
    assert failure(w.portal.offers.card(ANONYMOUS, offer.id)) == NotFound(
        entity="offer", key=offer.id
    )


def test_of_1_the_list_shows_active_standard_offers_newest_first_paginated() -> None:
    """OF-1: active, standard (not event) offers, newest first, in pages."""
    w = world()
    company = w.company()
    offers = []
    for number in range(5):
        offers.append(w.offer(company, title=f"Offerta {number}"))
        w.clock.advance(dt.timedelta(minutes=1))
    ok(w.portal.offers.create(company, draft_offer(title="Bozza")))
    closed = w.offer(company, title="Chiusa")
    ok(w.portal.offers.close(company, closed.id))
    first = ok(w.portal.offers.search(ANONYMOUS, OfferQuery(), PageRequest(size=2)))
    assert [o.title for o in first.items] == ["Offerta 4", "Offerta 3"]
    assert (first.total, first.total_label) == (5, "5")
    second = ok(
        w.portal.offers.search(ANONYMOUS, OfferQuery(), PageRequest(size=2, after=first.next_after))
    )
    assert [o.title for o in second.items] == ["Offerta 2", "Offerta 1"]


def test_of_3_filters_combine_with_and_through_the_portal() -> None:
    """OF-3, OF-4: filters, free text and location combine with AND; clearing them lists all."""
    w = world()
    company = w.company("Bar Sport")
    wanted = w.offer(
        company,
        title="Cameriere",
        car_required=True,
        contract_type=ContractType.PERMANENT,
        working_conditions=(WorkingCondition.WEEKEND_WORK,),
        education_level=EducationLevel.LOWER_SECONDARY,
        workplace=MunicipalityCode("E463"),
    )
    w.offer(company, title="Cameriere senza auto", workplace=MunicipalityCode("E463"))
    w.offer(company, title="Cuoco", car_required=True)
    query = OfferQuery(
        car_required=True,
        contract_types=(ContractType.PERMANENT,),
        working_conditions=(WorkingCondition.WEEKEND_WORK,),
        education_level=EducationLevel.UPPER_SECONDARY,
        province=ProvinceCode("SP"),
        text="camer sport",
        action="anything",
    )
    assert [o.id for o in ok(w.portal.offers.search(ANONYMOUS, query)).items] == [wanted.id]
    assert ok(w.portal.offers.search(ANONYMOUS, OfferQuery())).total == 3


def test_of_3_bad_filters_are_refused_with_their_paths() -> None:
    """OF-3: unknown codes and impossible combinations come back as input problems."""
    w = world()
    query = OfferQuery(
        profession=ProfessionCode("9.9.9.9.9"),
        municipality=MunicipalityCode("D969"),
        province=ProvinceCode("GE"),
    )
    error = failure(w.portal.offers.search(ANONYMOUS, query))
    assert isinstance(error, InvalidInput)
    assert [p.path for p in error.problems] == ["profession"]
    bad_cursor = w.portal.offers.search(ANONYMOUS, OfferQuery(), PageRequest(after="nonsense"))
    assert failure(bad_cursor) == InvalidInput(
        problems=(Problem(path="after", message="not a valid page cursor"),)
    )


def test_of_3_a_query_sent_again_is_checked_as_the_first_time() -> None:
    """OF-3: a query checked once is recognised by value, its codes made canonical again;
    a refused query is refused each time, and an equal query of other types is checked."""
    w = world()
    company = w.company()
    wanted = w.offer(company, workplace=MunicipalityCode("E463"))
    w.offer(company)
    lower = OfferQuery(province=ProvinceCode("sp"))
    for _ in range(2):
        assert [o.id for o in ok(w.portal.offers.search(ANONYMOUS, lower)).items] == [wanted.id]
    bad = OfferQuery(profession=ProfessionCode("9.9.9.9.9"))
    for _ in range(2):
        refused = failure(w.portal.offers.search(ANONYMOUS, bad))
        assert isinstance(refused, InvalidInput)
        assert [p.path for p in refused.problems] == ["profession"]
    flag = OfferQuery(car_required=True)
    assert ok(w.portal.offers.search(ANONYMOUS, flag)).total == 0
    as_number = attrs.evolve(flag, car_required=1)  # type: ignore[arg-type] # 1 == True
    refused = failure(w.portal.offers.search(ANONYMOUS, as_number))
    assert isinstance(refused, InvalidInput)
    assert [p.path for p in refused.problems] == ["car_required"]


def test_of_2_the_card_shows_the_whole_offer_and_whether_one_can_apply() -> None:
    """OF-2: the card is the whole offer; a citizen with a published CV may apply."""
    w = world()
    offer = w.offer(w.company())
    citizen, _ = w.citizen_with_published_cv()
    card = ok(w.portal.offers.card(citizen, offer.id))
    assert (card.offer, card.applied, card.can_apply) == (offer, False, True)
    assert not ok(w.portal.offers.card(ANONYMOUS, offer.id)).can_apply


def test_of_5_drafts_are_seen_by_their_publisher_only() -> None:
    """OF-5: a draft is not public; another company does not see it."""
    w = world()
    company = w.company("A")
    draft = w.offer(company, publish=False)
    assert ok(w.portal.offers.card(company, draft.id)).status is OfferStatus.DRAFT
    for stranger in (w.company("B"), ANONYMOUS):
        assert failure(w.portal.offers.card(stranger, draft.id)).code == "offer.not_found"
    assert failure(w.portal.offers.close(w.company("C"), draft.id)).code == "offer.not_found"


def test_of_5_closing_needs_an_open_offer_and_mine_lists_every_status() -> None:
    """OF-5: closed offers stay in the publisher's own list."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    ok(w.portal.offers.close(company, offer.id))
    assert failure(w.portal.offers.close(company, offer.id)) == OfferNotOpen(
        status=OfferStatus.CLOSED
    )
    draft = w.offer(company, publish=False, title="Bozza")
    mine = ok(w.portal.offers.mine(company))
    assert {o.id for o in mine.items} == {offer.id, draft.id}
    assert failure(w.portal.offers.mine(ANONYMOUS)).code == "access.forbidden"


def test_of_5_a_bad_draft_is_refused_with_every_problem_and_nothing_stored() -> None:
    """OF-5: an offer draft is validated like any input."""
    w = world()
    company = w.company()
    before = w.storage.dump()
    draft = attrs.evolve(
        draft_offer(),
        title=" ",
        positions=0,
        workplace=MunicipalityCode("Z999"),
        preselection=False,
    )
    error = failure(w.portal.offers.create(company, draft))
    assert isinstance(error, InvalidInput)
    assert [p.path for p in error.problems] == ["workplace"]
    fixed = attrs.evolve(draft, workplace=MunicipalityCode("D969"))
    error = failure(w.portal.offers.create(company, fixed))
    assert [p.path for p in error.problems] == ["title", "positions", "preselection"]  # type: ignore[attr-defined]
    assert w.storage.dump() == before


def test_of_7_new_matching_offers_are_emailed_once_with_an_unsubscribe_link() -> None:
    """OF-7: a saved search emails new matches daily; an offer is never announced twice."""
    w = world()
    company = w.company()
    citizen, _ = w.citizen_with_cv()
    request = SavedSearchRequest(
        name="Cuoco a Genova",
        query=OfferQuery(profession=ProfessionCode("5.2.2.1"), province=ProvinceCode("GE")),
        frequency=AlertFrequency.DAILY,
    )
    saved = ok(w.portal.offers.save_search(citizen, request))
    second = ok(w.portal.offers.save_search(citizen, attrs.evolve(request, name="Anche questo")))
    w.clock.advance(dt.timedelta(hours=2))
    first_offer = w.offer(company, title="Cuoco capo")
    w.offer(company, title="Barista", profession=ProfessionCode("5.2.2.4.0"))
    w.offer(company, title="Cuoco a Savona", workplace=MunicipalityCode("I480"))
    w.clock.advance(dt.timedelta(hours=22))
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 1
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 0
    ok(w.portal.mail.deliver_pending(SYSTEM))
    (alert,) = [m for m in w.mailer.sent if m.kind is EmailKind.OFFER_ALERT]
    assert "Cuoco capo" in alert.body
    assert "Barista" not in alert.body
    assert "Savona" not in alert.body
    assert alert.unsubscribe_url is not None
    assert alert.unsubscribe_url.endswith((saved.unsubscribe_token, second.unsubscribe_token))
    w.clock.advance(dt.timedelta(days=1))
    later = w.offer(company, title="Cuoco di notte")
    w.clock.advance(dt.timedelta(days=1))
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 1
    ok(w.portal.mail.deliver_pending(SYSTEM))
    alerts = [m for m in w.mailer.sent if m.kind is EmailKind.OFFER_ALERT]
    assert "Cuoco di notte" in alerts[-1].body
    assert first_offer.title not in alerts[-1].body
    assert later.title in alerts[-1].body


def test_of_7_the_unsubscribe_link_switches_the_alert_off() -> None:
    """OF-7: one click, no login."""
    w = world()
    citizen, _ = w.citizen_with_cv()
    saved = ok(
        w.portal.offers.save_search(citizen, SavedSearchRequest(name="Tutto", query=OfferQuery()))
    )
    assert ok(w.portal.offers.unsubscribe(ANONYMOUS, saved.unsubscribe_token)).active is False
    assert ok(w.portal.offers.saved_searches(citizen)) == ()
    assert failure(w.portal.offers.unsubscribe(ANONYMOUS, "nope")).code == "saved_search.not_found"


def test_of_7_saved_searches_are_the_citizens_own() -> None:
    """OF-7: only citizens save searches, and delete only their own."""
    w = world()
    citizen, _ = w.citizen_with_cv()
    saved = ok(
        w.portal.offers.save_search(citizen, SavedSearchRequest(name="Tutto", query=OfferQuery()))
    )
    from tests.support import MARIO  # noqa: PLC0415

    other = w.login(MARIO)
    assert failure(w.portal.offers.delete_search(other, saved.id)).code == "saved_search.not_found"
    assert (
        failure(
            w.portal.offers.save_search(
                w.company(), SavedSearchRequest(name="x", query=OfferQuery())
            )
        ).code
        == "access.forbidden"
    )
    ok(w.portal.offers.delete_search(citizen, saved.id))
    assert ok(w.portal.offers.saved_searches(citizen)) == ()


def test_of_7_every_new_offer_is_announced_even_beyond_one_email_s_list() -> None:
    """OF-7: an alert lists the newest 50 and announces them all; none is left behind."""
    w = world()
    company = w.company()
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.offers.save_search(citizen, SavedSearchRequest(name="Tutto", query=OfferQuery())))
    w.clock.advance(dt.timedelta(hours=1))
    for number in range(120):
        w.offer(company, title=f"Offerta {number:03d}")
    w.clock.advance(dt.timedelta(days=1))
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 1
    with w.storage() as uow:
        ledger = uow.alert_ledgers.get(citizen.account_id)
        assert ledger is not None
        assert len(ledger.announced) == 120
    ok(w.portal.mail.deliver_pending(SYSTEM))
    (alert,) = [m for m in w.mailer.sent if m.kind is EmailKind.OFFER_ALERT]
    assert alert.body.count("- Offerta") == 50
    assert "... +70" in alert.body


def test_of_2_the_apply_button_needs_a_published_cv() -> None:
    """OF-2, AP-1: the card does not offer to apply before the CV is published."""
    w = world()
    offer = w.offer(w.company())
    citizen, _ = w.citizen_with_cv()
    assert not ok(w.portal.offers.card(citizen, offer.id)).can_apply
