"""The citizen's home and the "latest offers" dashboard (HM-1 ... HM-4)."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.errors import InvalidInput
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.home.services import DashboardFilter, HomeEntry
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from tests.core.courses.builders import course_details, register_entity
from tests.support import ROME, failure, ok, world


def test_hm_1_the_home_shows_name_username_completion_and_the_four_entries() -> None:
    """HM-1: full name, username, CV completion, and the four menu entries."""
    w = world()
    citizen = w.login()
    home = ok(w.portal.home.summary(citizen))
    assert (home.full_name, home.username, home.cv_completion, home.onboarding_pending) == (
        "Anna Rossi",
        "RSSNNA85T50D969K",
        None,
        True,
    )
    assert home.entries == (
        HomeEntry.LATEST_OFFERS,
        HomeEntry.CV,
        HomeEntry.MESSAGES,
        HomeEntry.APPLICATIONS,
    )
    cv = w.onboard(citizen)
    completion = ok(w.portal.cv.completion(citizen, cv.id)).percent
    assert ok(w.portal.home.summary(citizen)).cv_completion == completion
    assert failure(w.portal.home.summary(ANONYMOUS)).code == "access.forbidden"


def test_hm_4_the_unread_count_is_always_on_the_home() -> None:
    """HM-4: the number of unread messages."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    assert ok(w.portal.home.summary(citizen)).unread_messages == 0
    application = ok(w.portal.applications.apply(citizen, offer.id))
    assert ok(w.portal.home.summary(citizen)).unread_messages == 1  # AP-12's acknowledgement
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    assert ok(w.portal.home.summary(citizen)).unread_messages == 2


def test_hm_2_the_dashboard_puts_offers_of_interest_first() -> None:
    """HM-2: offers closest to the onboarding and CV professions come first."""
    w = world()
    company = w.company()
    developer = w.offer(company, title="Sviluppatore", profession=ProfessionCode("2.1.1.4.1"))
    w.clock.advance(dt.timedelta(minutes=1))
    barman = w.offer(company, title="Barista", profession=ProfessionCode("5.2.2.4.0"))
    w.clock.advance(dt.timedelta(minutes=1))
    cook = w.offer(company, title="Cuoco", profession=ProfessionCode("5.2.2.1.0"))
    citizen, _ = w.citizen_with_cv()  # onboarding chose 5.2.2.1.0
    dashboard = ok(w.portal.home.latest(citizen))
    assert [o.id for o in dashboard.offers] == [cook.id, barman.id, developer.id]


def test_hm_2_the_dashboard_lists_courses_and_events_too() -> None:
    """HM-2: offers, training courses and events."""
    w = world()
    cpi = w.cpi()
    event = ok(
        w.portal.events.create(
            cpi,
            EventDetails(
                name="Recruiting day",
                starts_at=dt.datetime(2026, 4, 1, 9, tzinfo=ROME),
                ends_at=dt.datetime(2026, 4, 1, 13, tzinfo=ROME),
                mode=EventMode.IN_PERSON,
                place=MunicipalityCode("D969"),
            ),
        )
    )
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    citizen, _ = w.citizen_with_cv()
    dashboard = ok(w.portal.home.latest(citizen))
    assert [e.id for e in dashboard.events] == [event.id]
    assert [c.id for c in dashboard.courses] == [course.id]


def test_hm_3_the_dashboard_filters_by_professional_figure_and_place() -> None:
    """HM-3: by profession, by municipality, by province abbreviation."""
    w = world()
    company = w.company()
    genova = w.offer(company, title="Cuoco Genova")
    spezia = w.offer(company, title="Cuoco Spezia", workplace=MunicipalityCode("E463"))
    barman = w.offer(company, title="Barista Genova", profession=ProfessionCode("5.2.2.4.0"))
    citizen, _ = w.citizen_with_cv()

    def titles(narrow: DashboardFilter) -> set[str]:
        return {o.title for o in ok(w.portal.home.latest(citizen, narrow)).offers}

    assert titles(DashboardFilter(province=ProvinceCode("SP"))) == {spezia.title}
    assert titles(DashboardFilter(municipality=MunicipalityCode("D969"))) == {
        genova.title,
        barman.title,
    }
    assert titles(DashboardFilter(profession=ProfessionCode("5.2.2.4"))) == {barman.title}
    error = failure(
        w.portal.home.latest(
            citizen,
            DashboardFilter(municipality=MunicipalityCode("D969"), province=ProvinceCode("GE")),
        )
    )
    assert isinstance(error, InvalidInput)
