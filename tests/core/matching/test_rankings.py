"""Rankings through the portal: companies' candidates, citizens' suggestions (MA-1 ... MA-5)."""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.codec import Codec
from formlavoro_core.config import PortalConfig
from formlavoro_core.courses.model import TrainingSector
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import Forbidden, InvalidInput, NotFound
from formlavoro_core.locale import Language
from formlavoro_core.matching.policy import Criterion, MatchingPolicy
from formlavoro_core.matching.wording import explain
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.privacy.audit import Actor, AuditAction
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from tests.core.courses.builders import course_details, register_entity
from tests.core.matching.people import MARKERS, published
from tests.support import ROME, failure, ok, strings_in, world

COOK = "5.2.2.1.0"
BARISTA = "5.2.2.4.0"
DEVELOPER = "2.1.1.4.1"

TEXTS = GettextTranslator()


def test_ma_1_a_company_ranks_published_cvs_for_its_offer_closest_first() -> None:
    """MA-1, MA-2: the cook in Genova, then the cook in La Spezia, the barista, the developer."""
    w = world()
    _, developer = published(w, 1, profession=DEVELOPER)
    _, barista = published(w, 2, profession=BARISTA)
    _, far_cook = published(w, 3, municipality="E463")
    _, cook = published(w, 4)
    published(w, 5, publish=False)
    company = w.company()
    offer = w.offer(company)
    ranking = ok(w.portal.matching.rank_candidates(company, offer.id))
    assert [c.cv.id for c in ranking.candidates] == [cook.id, far_cook.id, barista.id, developer.id]
    totals = [c.score.total for c in ranking.candidates]
    assert totals == sorted(totals, reverse=True)
    first = ranking.candidates[0].score
    assert first.part(Criterion.PROFESSION).points == 35
    assert first.total == round(sum(part.points for part in first.parts), 2)


def test_cv_12_ranked_candidates_carry_no_personal_data() -> None:
    """CV-12, MA-1: the company sees anonymised views and scores, nothing personal."""
    w = world()
    published(w, 1)
    company = w.company()
    ranking = ok(w.portal.matching.rank_candidates(company, w.offer(company).id))
    texts = set(strings_in(Codec.for_documents().unstructure(ranking)))
    assert texts.isdisjoint(MARKERS)
    assert len(ranking.candidates) == 1


def test_ma_5_ranking_hides_no_cv_that_the_plain_filters_show() -> None:
    """MA-5: with hard filters, the ranked CVs are exactly those the same filters show."""
    policy = MatchingPolicy(hard=frozenset({Criterion.LICENCES}))
    w = world(PortalConfig(timezone=ROME, matching=policy))
    for number in range(1, 9):
        licences = (DrivingLicence.B,) if number % 2 else ()
        profession = (COOK, BARISTA, DEVELOPER)[number % 3]
        published(w, number, profession=profession, licences=licences)
    company = w.company()
    offer = w.offer(company, driving_licences=(DrivingLicence.B,))
    ranked = ok(w.portal.matching.rank_candidates(company, offer.id, limit=500))
    shown = ok(
        w.portal.talent.browse(
            company, CvQuery(driving_licences=(DrivingLicence.B,)), PageRequest(size=100)
        )
    )
    assert {c.cv.id for c in ranked.candidates} == {cv.id for cv in shown.items}
    assert len(ranked.candidates) == 4
    soft = world()
    for number in range(1, 5):
        published(soft, number, licences=(DrivingLicence.B,) if number % 2 else ())
    soft_company = soft.company()
    soft_offer = soft.offer(soft_company, driving_licences=(DrivingLicence.B,))
    every = ok(soft.portal.matching.rank_candidates(soft_company, soft_offer.id, limit=500))
    everyone = ok(soft.portal.talent.browse(soft_company, CvQuery(), PageRequest(size=100)))
    assert {c.cv.id for c in every.candidates} == {cv.id for cv in everyone.items}
    holders = [c for c in every.candidates if c.score.part(Criterion.LICENCES).points == 6]
    assert list(every.candidates[: len(holders)]) == holders  # soft: lower, never hidden


def test_ma_5_ties_are_broken_by_cv_id_and_a_larger_limit_shows_more() -> None:
    """MA-5: equal scores in id order; the first N of a longer ranking are the top N."""
    w = world()
    for number in range(1, 7):
        published(w, number)
    company = w.company()
    offer = w.offer(company)
    every = ok(w.portal.matching.rank_candidates(company, offer.id, limit=6)).candidates
    assert len({c.score.total for c in every}) == 1
    assert [c.cv.id for c in every] == sorted(c.cv.id for c in every)
    top = ok(w.portal.matching.rank_candidates(company, offer.id, limit=3)).candidates
    assert top == every[:3]


def test_ma_5_every_company_ranking_run_is_recorded_without_personal_data() -> None:
    """MA-5, SEC-3: who, which offer, when, how many results; no CV, no score."""
    w = world()
    published(w, 1)
    published(w, 2, profession=BARISTA)
    company = w.company()
    offer = w.offer(company)
    w.clock.advance(dt.timedelta(minutes=5))
    ok(w.portal.matching.rank_candidates(company, offer.id, limit=1))
    with w.storage() as uow:
        runs = [
            entry
            for entry in uow.audit.entries(after=0, limit=1000)
            if entry.action is AuditAction.RANKING_RUN
        ]
    (run,) = runs
    assert (run.actor, run.use_case, run.refs, run.at, run.subject) == (
        Actor.of(company),
        "matching.rank_candidates",
        (offer.id, "1"),
        w.clock.now(),
        None,
    )
    assert set(strings_in(Codec.for_documents().unstructure(run))).isdisjoint(MARKERS)


def test_ma_1_only_the_offers_company_ranks_and_only_companies() -> None:
    """MA-1, SEC-1: another company's offer is not found; citizens and others are refused."""
    w = world()
    citizen, _ = published(w, 1)
    company, other = w.company(), w.company("Altra")
    offer = w.offer(company)
    assert isinstance(failure(w.portal.matching.rank_candidates(other, offer.id)), NotFound)
    for actor in (citizen, ANONYMOUS, w.cpi()):
        assert isinstance(failure(w.portal.matching.rank_candidates(actor, offer.id)), Forbidden)
    assert isinstance(
        failure(w.portal.matching.rank_candidates(company, offer.id, limit=0)), InvalidInput
    )
    with w.storage() as uow:
        entries = uow.audit.entries(after=0, limit=1000)
        assert not [e for e in entries if e.action is AuditAction.RANKING_RUN]


def test_ma_4_a_citizen_sees_why_what_would_raise_the_score_and_courses() -> None:
    """MA-4, MA-2: suggested offers, their explanation, the gaps and courses teaching them."""
    w = world()
    citizen, _ = published(w, 1)
    company = w.company()
    english = RequiredLanguage(language="en", level=LanguageLevel.ADVANCED)
    german = RequiredLanguage(language="de", level=LanguageLevel.ELEMENTARY)
    demanding = w.offer(
        company,
        title="Chef",
        languages=(english, german),
        driving_licences=(DrivingLicence.B,),
        education_level=EducationLevel.IFTS,
    )
    w.offer(company, title="Sviluppatore", profession=ProfessionCode(DEVELOPER))
    barista = w.offer(company, title="Barista", profession=ProfessionCode(BARISTA))
    entity = register_entity(w)
    german_course = ok(
        w.portal.courses.publish(
            entity,
            course_details(title="Tedesco per la ristorazione", sector=TrainingSector.LANGUAGES),
        )
    )
    ok(w.portal.courses.publish(entity, course_details(title="Cucina ligure")))
    suggestions = ok(w.portal.matching.suggest_offers(citizen))
    assert {s.offer.id for s in suggestions[:2]} == {demanding.id, barista.id}
    chef = next(s for s in suggestions if s.offer.id == demanding.id)
    gaps = [(r.missing.kind, r.missing.what) for r in chef.raises]
    assert gaps == [
        ("education", "ifts"),
        ("licence", "B"),
        ("language", "en"),
        ("language", "de"),
    ]
    assert chef.raises[0].gain == 10
    assert [c.id for c in chef.courses] == [german_course.id]
    lines = [explain(part, Language.ENGLISH, TEXTS) for part in chef.score.parts]
    assert "missing: English at Advanced (C2), German at Elementary (A2)" in lines[4]
    italian = [explain(part, Language.ITALIAN, TEXTS) for part in chef.score.parts]
    assert "manca: inglese livello Avanzato (C2), tedesco livello Elementare (A2)" in italian[4]


def test_cv_9_the_citizens_preferences_steer_the_suggestions() -> None:
    """CV-9: desired professions and availability to travel change the ranking."""
    w = world()
    citizen, cv = published(w, 1, profession=BARISTA)
    company = w.company()
    cook = w.offer(company, title="Cuoco")
    barista = w.offer(company, title="Barista", profession=ProfessionCode(BARISTA))
    far_barista = w.offer(
        company,
        title="Barista a Spezia",
        profession=ProfessionCode(BARISTA),
        workplace=MunicipalityCode("E463"),
    )
    assert [s.offer.id for s in ok(w.portal.matching.suggest_offers(citizen))] == [
        barista.id,
        far_barista.id,
        cook.id,
    ]
    wanted = attrs.evolve(cv.preferences, professions=(ProfessionCode(COOK),))
    ok(w.portal.cv.set_preferences(citizen, cv.id, wanted))
    assert ok(w.portal.matching.suggest_offers(citizen))[0].offer.id == cook.id


def test_hm_2_the_dashboard_offers_of_interest_are_the_best_matches_with_scores() -> None:
    """HM-2, MA-1: the dashboard uses matching when the citizen has a CV."""
    w = world()
    citizen, _ = published(w, 1, profession=BARISTA)
    company = w.company()
    w.offer(company, title="Sviluppatore", profession=ProfessionCode(DEVELOPER))
    barista = w.offer(company, title="Barista", profession=ProfessionCode(BARISTA))
    cook = w.offer(company, title="Cuoco")
    dashboard = ok(w.portal.home.latest(citizen))
    # The onboarding chose the cook's profession, the CV the barista's: both count.
    assert [o.id for o in dashboard.offers][:2] in ([barista.id, cook.id], [cook.id, barista.id])
    assert len(dashboard.scores) == len(dashboard.offers) == 3
    suggested = ok(w.portal.matching.suggest_offers(citizen))
    assert dashboard.scores[-1].total <= dashboard.scores[0].total
    assert {s.offer.id for s in suggested} == {o.id for o in dashboard.offers}


def test_ma_1_a_citizen_without_a_cv_gets_no_suggestions_but_a_clear_failure() -> None:
    """MA-1: there is nothing to match without a CV."""
    w = world()
    citizen = w.login()
    assert isinstance(failure(w.portal.matching.suggest_offers(citizen)), NotFound)
    assert isinstance(failure(w.portal.matching.suggest_offers(w.company())), Forbidden)
