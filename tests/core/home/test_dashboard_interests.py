"""The dashboard shows what interests the citizen, filtered in the searches (HM-2, HM-3, ON-6).

Issue 9, point 13: the courses were the 100 newest, filtered by place afterwards, so a
Genova course behind 101 newer La Spezia ones was lost; courses and events were the
newest, not those of interest. Interests are the onboarding's sectors (question 1) and
professions (question 2) and the CV's desired professions
(:mod:`formlavoro_core.home.interests`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from formlavoro_core.courses.model import TrainingSector
from formlavoro_core.cv.model import Preferences
from formlavoro_core.events.model import Event, EventDetails, EventMode
from formlavoro_core.home.interests import (
    PROFESSION_TRAINING_SECTORS,
    SECTION_TRAINING_SECTORS,
    Interests,
    training_sectors_of_profession,
)
from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.principals import CpiPrincipal
from formlavoro_core.reference import profession_code_is_well_formed
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from tests.core.courses.builders import course_details, register_entity
from tests.support import ROME, World, draft_offer, ok, reference, world

COOK = ProfessionCode("5.2.2.1.0")
BARISTA = ProfessionCode("5.2.2.4.0")
DEVELOPER = ProfessionCode("2.1.1.4.1")


def _courses(w: World, count: int, **details: Any) -> list[str]:
    """Publish ``count`` courses a minute apart (one entity); return their titles."""
    entity = register_entity(w)
    titles = []
    for number in range(count):
        w.clock.advance(dt.timedelta(minutes=1))
        title = f"{details.get('title', 'Corso')} {number}"
        ok(w.portal.courses.publish(entity, course_details(**{**details, "title": title})))
        titles.append(title)
    return titles


def test_hm_3_a_genova_course_behind_101_newer_la_spezia_ones_is_on_the_dashboard() -> None:
    """HM-3 / point 13: the place is a filter of the course search, not of its first page."""
    w = world()
    (genova,) = _courses(w, 1, title="Genova")
    spezia = _courses(w, 101, title="Spezia", place=MunicipalityCode("E463"))
    citizen, _ = w.citizen_with_cv()
    for narrow in (
        DashboardFilter(province=ProvinceCode("GE")),
        DashboardFilter(municipality=MunicipalityCode("D969")),
    ):
        assert [c.title for c in ok(w.portal.home.latest(citizen, narrow)).courses] == [genova]
    listed = ok(w.portal.home.latest(citizen, DashboardFilter(province=ProvinceCode("SP"))))
    assert [c.title for c in listed.courses] == spezia[::-1][:10]


def test_hm_2_on_6_courses_of_the_citizens_sectors_and_professions_come_first() -> None:
    """HM-2, ON-6 / point 13: by the training sectors the interests lead to, then newest.

    The onboarding chose sector C (manufacturing: mechanics, crafts) and the cook's
    profession (tourism and hospitality); the CV adds the software developer (IT). Twelve
    newer commerce courses come after the older courses of interest.
    """
    w = world()
    hospitality = _courses(w, 1, title="Cucina", sector=TrainingSector.TOURISM_AND_HOSPITALITY)
    mechanics = _courses(w, 1, title="Saldatura", sector=TrainingSector.MECHANICS)
    software = _courses(w, 1, title="Python", sector=TrainingSector.INFORMATION_TECHNOLOGY)
    commerce = _courses(w, 12, title="Vendite", sector=TrainingSector.COMMERCE)
    citizen = w.login()
    ok(
        w.portal.onboarding.complete_from_data(
            citizen,
            {
                "sectors": {"sectors": ["C"]},
                "professions": {"professions": [COOK]},
                "education": {"in_education": False, "highest_level": "upper_secondary"},
                "work": {"has_worked": False},
            },
        )
    )
    titles = [c.title for c in ok(w.portal.home.latest(citizen)).courses]
    assert titles[:2] == [*mechanics, *hospitality]  # newest first among those of interest
    assert titles[2:] == commerce[::-1][:8]
    cv = ok(w.portal.cv.mine(citizen))
    ok(w.portal.cv.set_preferences(citizen, cv.id, Preferences(professions=(DEVELOPER,))))
    titles = [c.title for c in ok(w.portal.home.latest(citizen)).courses]
    assert titles[:3] == [*software, *mechanics, *hospitality]


def test_hm_3_a_professional_figure_narrows_courses_to_its_training_sectors() -> None:
    """HM-3 / point 13: with a figure, only the courses of its training sectors."""
    w = world()
    hospitality = _courses(w, 2, title="Cucina", sector=TrainingSector.TOURISM_AND_HOSPITALITY)
    _courses(w, 3, title="Vendite", sector=TrainingSector.COMMERCE)
    citizen, _ = w.citizen_with_cv()

    def titles(profession: str) -> list[str]:
        narrow = DashboardFilter(profession=ProfessionCode(profession))
        return [c.title for c in ok(w.portal.home.latest(citizen, narrow)).courses]

    assert titles("5.2.2.4.0") == hospitality[::-1]
    assert titles("5.2") == hospitality[::-1]
    assert titles("2.1") == []  # IT: no such course


def _event(w: World, cpi: CpiPrincipal, name: str, day: int, *, place: str = "D969") -> Event:
    details = EventDetails(
        name=name,
        starts_at=dt.datetime(2026, 4, day, 9, tzinfo=ROME),
        ends_at=dt.datetime(2026, 4, day, 13, tzinfo=ROME),
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode(place),
    )
    return ok(w.portal.events.create(cpi, details))


def _event_offer(w: World, cpi: CpiPrincipal, event: Event, **draft: Any) -> None:
    offer = ok(w.portal.offers.create(cpi, attrs.evolve(draft_offer(), **draft)))
    ok(w.portal.events.attach_offer(cpi, event.id, offer.id, preselection=True))
    ok(w.portal.offers.publish(cpi, offer.id))


def test_hm_2_on_6_events_holding_offers_of_interest_come_first() -> None:
    """HM-2, ON-6 / point 13: an event is of interest by its offers.

    Its offer's profession is in the group of one of the citizen's professions, or its
    sector in one of the onboarding's sections (here I, through the division 56).
    """
    w = world()
    cpi = w.cpi()
    plain = _event(w, cpi, "Senza offerte", 1)
    other = _event(w, cpi, "Informatica", 2)
    _event_offer(w, cpi, other, title="Sistemista", profession=DEVELOPER)
    bar = _event(w, cpi, "Bar", 3)
    _event_offer(w, cpi, bar, title="Barista", profession=BARISTA)
    kitchen = _event(w, cpi, "Mense", 4)
    _event_offer(
        w, cpi, kitchen, title="Gestionale mense", profession=DEVELOPER, sector=SectorCode("56")
    )
    citizen, _ = w.citizen_with_cv()  # onboarding: sector I, the cook's profession
    names = [e.name for e in ok(w.portal.home.latest(citizen)).events]
    assert names == ["Bar", "Mense", "Senza offerte", "Informatica"]
    narrow = DashboardFilter(profession=ProfessionCode("2.1"))
    narrowed = [e.name for e in ok(w.portal.home.latest(citizen, narrow)).events]
    assert narrowed == [other.name, kitchen.name]
    assert plain.name not in narrowed


def test_hm_2_a_cooks_offer_behind_many_newer_baristas_offers_still_comes_first() -> None:
    """HM-2 / point 13: offers are ranked over every candidate that could rank first.

    The 100 newest of the cook's group were all baristas: the older cook's offer, the
    closest to the citizen's profession, was lost before the ranking.
    """
    w = world()
    company = w.company()
    cook = w.offer(company, title="Cuoco")
    for number in range(101):
        w.clock.advance(dt.timedelta(seconds=1))
        w.offer(company, title=f"Barista {number}", profession=BARISTA)
    citizen, _ = w.citizen_with_cv()
    offers = ok(w.portal.home.latest(citizen)).offers
    assert offers[0].id == cook.id
    assert [o.title for o in offers[1:]] == [f"Barista {n}" for n in range(100, 91, -1)]


def test_hm_2_without_interests_the_newest_courses_and_the_next_events() -> None:
    """HM-2: a citizen who has not answered the onboarding gets the newest ones."""
    w = world()
    titles = _courses(w, 3, sector=TrainingSector.COMMERCE)
    cpi = w.cpi()
    later, sooner = _event(w, cpi, "Dopo", 20), _event(w, cpi, "Prima", 10)
    citizen = w.login()
    dashboard = ok(w.portal.home.latest(citizen))
    assert [c.title for c in dashboard.courses] == titles[::-1]
    assert [e.id for e in dashboard.events] == [sooner.id, later.id]


def test_on_6_the_interests_are_the_onboarding_answers_and_the_cv_preferences() -> None:
    """ON-6, CV-9: question 1's sections and question 2's professions, then the CV's
    professions and the sections of its sectors (of any ATECO level)."""
    w = world()
    citizen, cv = w.citizen_with_cv()  # onboarding: section I, the cook
    preferences = Preferences(professions=(DEVELOPER, COOK), sectors=(SectorCode("56"),))
    ok(w.portal.cv.set_preferences(citizen, cv.id, preferences))
    with w.storage() as uow:
        account = uow.accounts.get(citizen.account_id)
        assert account is not None
        interests = Interests.of(account, preferences, reference())
        with_c = Interests.of(account, Preferences(sectors=(SectorCode("C"),)), reference())
    assert interests == Interests(professions=(COOK, DEVELOPER), sections=(SectorCode("I"),))
    assert with_c.sections == (SectorCode("I"), SectorCode("C"))
    assert interests.groups == {ProfessionCode("5.2"), ProfessionCode("2.1")}
    assert interests.training_sectors == {
        TrainingSector.TOURISM_AND_HOSPITALITY,
        TrainingSector.INFORMATION_TECHNOLOGY,
    }


def test_hm_2_the_mapping_tables_hold_real_codes_and_reach_every_sector() -> None:
    """HM-2 (decided): the tables name ATECO sections and CP2021 codes, and every
    training sector but "languages" and "other" is reached from some of them."""
    assert set(SECTION_TRAINING_SECTORS) <= set("ABCDEFGHIJKLMNOPQRSTUV")
    assert all(profession_code_is_well_formed(code) for code in PROFESSION_TRAINING_SECTORS)
    reached = set(PROFESSION_TRAINING_SECTORS.values()).union(*SECTION_TRAINING_SECTORS.values())
    assert reached == set(TrainingSector) - {TrainingSector.LANGUAGES, TrainingSector.OTHER}
    assert training_sectors_of_profession(ProfessionCode("6.5.1.2.0")) == {
        TrainingSector.AGRICULTURE
    }
    assert training_sectors_of_profession(ProfessionCode("6.5.2")) == {TrainingSector.CRAFTS}
    assert TrainingSector.MARITIME in SECTION_TRAINING_SECTORS["H"]
