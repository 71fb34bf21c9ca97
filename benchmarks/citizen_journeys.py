"""How fast the access and CV use cases run through ``Portal`` on in-memory storage.

Usage: ``python benchmarks/citizen_journeys.py [--citizens N]``. For each use case it
prints p50/p95/p99 latency over N citizens, and the peak memory of the process. It
asserts nothing: figures go in notes, not in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import attrs
from returns.result import Failure, Result, Success

from formlavoro_adapters import InMemoryStorage, SettableClock, bootstrap
from formlavoro_core import (
    ANONYMOUS,
    FiscalCode,
    IdentityAssertion,
    LoginMethod,
    Portal,
    PortalConfig,
)
from formlavoro_core.cv.model import Address, LanguageSkill, Skill, Study
from formlavoro_core.identity.fiscal_code import compute_check_character
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.reference import (
    EducationLevel,
    LanguageLevel,
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    SkillCategory,
    StaticReferenceData,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.values import PhoneNumber

T = TypeVar("T")
timings: dict[str, list[float]] = defaultdict(list)


def timed(name: str, call: Callable[[], Result[T, object]]) -> T:
    start = time.perf_counter()
    result = call()
    timings[name].append(time.perf_counter() - start)
    match result:
        case Success(value):
            return value  # type: ignore[no-any-return]
        case Failure(error):
            raise SystemExit(f"{name} failed: {error!r}")
    raise AssertionError(result)


def fiscal_code(number: int) -> FiscalCode:
    """A distinct valid fiscal code for each number below 26**6."""
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(ord("A") + digit)
    body = f"{letters}85A01D969"
    return FiscalCode.parse(body + compute_check_character(body))


def reference() -> StaticReferenceData:
    return StaticReferenceData(
        sectors=[Sector(code="I", title="Alloggio e ristorazione", level=SectorLevel.SECTION)],
        professions=[
            Profession(code=code, title=code)
            for code in ("5", "5.2", "5.2.2", "5.2.2.1", "5.2.2.1.0")
        ],
        provinces=[Province(code="GE", name="Genova", region="Liguria")],
        municipalities=[Municipality(code="D969", name="Genova", province="GE")],
    )


def journey(portal: Portal, number: int) -> None:
    notices = portal.identity.notices()
    receipt = timed(
        "accept_notices",
        lambda: portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        ),
    )
    assertion = IdentityAssertion(
        method=LoginMethod.SPID, fiscal_code=fiscal_code(number), given_name="A", family_name="B"
    )
    citizen = timed(
        "login", lambda: portal.identity.login(ANONYMOUS, assertion, consent=receipt)
    ).principal
    answers = (
        SectorsAnswer(sectors=(SectorCode("I"),)),
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
        EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        WorkAnswer(has_worked=False),
    )
    for answer in answers:
        timed("onboarding.answer", partial(portal.onboarding.answer, citizen, answer))
    cv = timed("cv.mine", lambda: portal.cv.mine(citizen))
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 123456"),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    timed("cv.set_personal_data", lambda: portal.cv.set_personal_data(citizen, cv.id, personal))
    study = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma")
    timed(
        "cv.replace_entry", lambda: portal.cv.replace_entry(citizen, cv.id, cv.studies[0].id, study)
    )
    for entry in (
        LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),
        Skill(category=SkillCategory.BASIC, description="Lavoro di squadra"),
    ):
        timed("cv.add_entry", partial(portal.cv.add_entry, citizen, cv.id, entry))
    cv = timed("cv.get", lambda: portal.cv.get(citizen, cv.id))
    preferences = attrs.evolve(
        cv.preferences, available_to_travel=True, working_conditions=(WorkingCondition.FULL_TIME,)
    )
    timed("cv.set_preferences", lambda: portal.cv.set_preferences(citizen, cv.id, preferences))
    timed("cv.completion", lambda: portal.cv.completion(citizen, cv.id))
    timed("cv.publish", lambda: portal.cv.publish(citizen, cv.id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=2000)
    args = parser.parse_args()
    portal = bootstrap(
        config=PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Rome")),
        storage=InMemoryStorage(),
        clock=SettableClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)),
        reference=reference(),
    )
    started = time.perf_counter()
    for number in range(args.citizens):
        journey(portal, number)
    elapsed = time.perf_counter() - started
    print(f"{args.citizens} citizen journeys in {elapsed:.2f} s (in-memory storage)")
    print(f"{'use case':<24}{'calls':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for name, samples in timings.items():
        cuts = statistics.quantiles(samples, n=100) if len(samples) > 1 else samples * 99
        print(
            f"{name:<24}{len(samples):>8}{cuts[49] * 1e3:>10.3f}"
            f"{cuts[94] * 1e3:>10.3f}{cuts[98] * 1e3:>10.3f}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
