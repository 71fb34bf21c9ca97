"""Checks of the plain-text arguments of the access use cases (usernames, addresses, …).

Web forms hand these over as they come: a wrong type, a NUL or an endless text is
``input.invalid`` with the argument's name as path, before any work is done.
"""

from __future__ import annotations

from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.texts import _

__all__ = ["text_problems"]


def text_problems(
    limits: dict[str, int], values: dict[str, object], *, not_blank: tuple[str, ...] = ()
) -> InvalidInput | None:
    """Each of ``values`` must be text without NUL of at most its ``limits`` characters.

    Those named in ``not_blank`` must also hold more than blanks.

    >>> text_problems({"source": 5}, {"source": 7}).problems[0].path
    'source'
    >>> str(text_problems({"source": 5}, {"source": " "}, not_blank=("source",)).problems[0])
    'source: text of 1 to 5 characters'
    >>> text_problems({"source": 5}, {"source": "ok"}) is None
    True
    """
    problems = []
    for name, value in values.items():
        blank_allowed = name not in not_blank
        if (
            not isinstance(value, str)
            or "\x00" in value
            or len(value) > limits[name]
            or (not blank_allowed and not value.strip())
        ):
            said = (
                _("text of at most {maximum} characters", maximum=limits[name])
                if blank_allowed
                else _("text of 1 to {maximum} characters", maximum=limits[name])
            )
            problems.append(Problem(path=name, message=said))
    return InvalidInput(problems=tuple(problems)) if problems else None
