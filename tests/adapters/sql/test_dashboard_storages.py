"""HM-3 on every storage: the dashboard's place is a filter of the course search."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from formlavoro_core.home.services import DashboardFilter
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from tests.adapters.sql.every_storage import KINDS, portal_world
from tests.core.courses.builders import course_details, register_entity
from tests.support import ok


@pytest.mark.parametrize("kind", KINDS)
def test_hm_3_a_genova_course_behind_101_newer_la_spezia_ones_on_every_storage(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """HM-3 / issue 9 point 13: memory, SQLite and PostgreSQL find it alike."""
    w = portal_world(kind, request, tmp_path)
    entity = register_entity(w)
    ok(w.portal.courses.publish(entity, course_details(title="Genova")))
    for number in range(101):
        w.clock.advance(dt.timedelta(seconds=1))
        spezia = course_details(title=f"Spezia {number}", place=MunicipalityCode("E463"))
        ok(w.portal.courses.publish(entity, spezia))
    citizen, _ = w.citizen_with_cv()
    for narrow in (
        DashboardFilter(province=ProvinceCode("GE")),
        DashboardFilter(municipality=MunicipalityCode("D969")),
    ):
        assert [c.title for c in ok(w.portal.home.latest(citizen, narrow)).courses] == ["Genova"]
