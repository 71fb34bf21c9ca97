"""CO-4 on every storage: a course is "paid" when a cost above zero is set (issue 9, 15)."""

from __future__ import annotations

import pathlib

import pytest

from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.principals import ANONYMOUS
from tests.adapters.sql.every_storage import KINDS, portal_world
from tests.core.courses.builders import course_details, register_entity
from tests.support import ok


@pytest.mark.parametrize("kind", KINDS)
def test_co_4_paid_means_a_cost_above_zero_on_every_storage(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """CO-4 (decided): no cost and a zero cost are free; one cent is paid. Same answers
    from memory, SQLite and PostgreSQL, through the portal."""
    w = portal_world(kind, request, tmp_path)
    entity = register_entity(w)
    for title, cost in (
        ("Nessun costo", None),
        ("Zero", 0),
        ("Un centesimo", 1),
        ("Pieno", 45_000),
    ):
        course = ok(w.portal.courses.publish(entity, course_details(title=title, cost_cents=cost)))
        assert course.is_paid == (cost is not None and cost > 0)

    def titles(paid: bool | None) -> set[str]:
        page = ok(w.portal.courses.search(ANONYMOUS, CourseQuery(paid=paid)))
        return {course.title for course in page.items}

    assert titles(True) == {"Un centesimo", "Pieno"}
    assert titles(False) == {"Nessun costo", "Zero"}
    assert titles(None) == {"Nessun costo", "Zero", "Un centesimo", "Pieno"}
