"""Arguments for every use case of the portal: realistic ones, wrong ones, out of range.

The generator behind ``test_portal_bad_input`` (point 10): per parameter annotation,
values drawn from a portal where everything exists, and wrong or out-of-range ones. An
annotation it does not know raises :class:`NotCovered`.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, NewType, get_args, get_origin

import attrs
from hypothesis import strategies as st
from returns.result import Failure

from formlavoro_core.errors import Forbidden
from formlavoro_core.ids import (
    AccountId,
    CompanyId,
    CpiId,
    TrainingEntityId,
)
from formlavoro_core.paging import PageRequest
from formlavoro_core.portal import Portal
from formlavoro_core.principals import (
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    OperatorPrincipal,
    Principal,
    TrainingEntityPrincipal,
)
from tests.core.cv.minimal_files import make_pdf
from tests.core.seeded_portal import Seeded, good_values
from tests.support import (
    ANNA,
)

NOT_SERVICES = {
    "config": "the policy settings, not use cases",
    "reference": "pick-list lookups answering a value or None, not use cases",
    "texts": "rendering a text in a language: answers a string and cannot fail (TX-2)",
}
NOT_USE_CASES = {
    "identity.notices": "takes no input and cannot fail: the current notice versions",
}

# -- the use cases ------------------------------------------------------------------------


def use_cases(portal: Portal) -> dict[str, Callable[..., Any]]:
    """Every public method of every service of ``portal``, by ``service.method``."""
    found: dict[str, Callable[..., Any]] = {}
    for service_name, service in vars(portal).items():
        if service_name.startswith("_") or service_name in NOT_SERVICES:
            continue
        for name, method in inspect.getmembers(service, callable):
            if not name.startswith("_"):
                found[f"{service_name}.{name}"] = method
    return found


def hints_of(method: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(method)


# -- a portal where everything exists ------------------------------------------------------

LONG = "x" * 100_000
WRONG: tuple[object, ...] = (
    None,
    0,
    -1,
    2**31,  # past a 32-bit SQL integer
    2**62,
    2**63,  # past a 64-bit one
    -(10**30),
    3.5,
    float("nan"),
    True,
    "",
    " ",
    LONG,
    "\x00",
    "ab\x00cd",
    "\ud800",
    "B2",
    "2026-02-30",
    "GE",
    [],
    {},
    (),
    ["\x00"],
    {"a": "\x00"},
    {1: 2},
    b"\x00",
    dt.datetime(2026, 3, 2, 9),  # noqa: DTZ001 - naive on purpose
    dt.date(2026, 3, 2),
    object(),
)
NAUGHTY_TEXTS = ("", " ", LONG, "\x00", "a\x00", "\ud800", "\ud83d", "é" * 300, "x" * 65)


def _cursor(at: dt.datetime, key: str, total: str = "") -> str:
    raw = f"{at.isoformat()}|{total}|{key}".encode("utf-8", "surrogatepass")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


FOREIGN_CURSORS = (
    "garbage",
    "",
    "=",
    "\x00",
    LONG,
    _cursor(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "\x00"),
    _cursor(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "x" * 1000),
    _cursor(dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))), "offer"),
    _cursor(dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=23))), "o"),
    _cursor(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "offer", "99999999999999999999"),
    _cursor(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "offer", "-1"),
    _cursor(dt.datetime(2026, 3, 2), "offer"),  # noqa: DTZ001 - naive on purpose
)

wrong = st.sampled_from(WRONG)


class NotCovered(LookupError):
    """The generator has no arguments for an annotation: add them below."""


# -- arguments by annotation --------------------------------------------------------------

PRINCIPAL_WRONGS: tuple[object, ...] = (
    CitizenPrincipal(AccountId("no-such-account")),
    CitizenPrincipal(AccountId("\x00")),
    CitizenPrincipal(None),  # type: ignore[arg-type]
    CitizenPrincipal(5),  # type: ignore[arg-type]
    CompanyPrincipal(CompanyId("")),
    CompanyPrincipal(CompanyId(LONG)),
    CpiPrincipal(CpiId("no-such-cpi")),
    TrainingEntityPrincipal(TrainingEntityId("\ud800")),
    OperatorPrincipal(None),  # type: ignore[arg-type]
    "citizen",
)


@st.composite
def _corrupted(draw: st.DrawFn, value: Any) -> object:
    """``value`` with one field, at any depth, replaced by a wrong or naughty value."""
    fields = attrs.fields(type(value))
    if not fields:
        return value
    field = draw(st.sampled_from(fields))
    current = getattr(value, field.name)
    if attrs.has(type(current)) and draw(st.booleans()):
        replacement = draw(_corrupted(current))
    elif isinstance(current, tuple) and current and draw(st.booleans()):
        index = draw(st.integers(0, len(current) - 1))
        item = current[index]
        inner = draw(_corrupted(item)) if attrs.has(type(item)) else draw(wrong)
        replacement = (*current[:index], inner, *current[index + 1 :])
    else:
        replacement = draw(st.one_of(wrong, st.sampled_from(NAUGHTY_TEXTS)))
    try:
        return attrs.evolve(value, **{field.alias: replacement})
    except Exception:  # noqa: BLE001 - a validator refuses it: no caller can build it either
        return value


def _pages(s: Seeded) -> st.SearchStrategy[object]:
    sizes = st.sampled_from((0, -1, 101, 10**9, 2**63, 20, 1))
    offsets = st.sampled_from((0, -1, 10_001, 2**63, 5))
    afters = st.one_of(
        st.none(), st.sampled_from(s.cursors), st.sampled_from(FOREIGN_CURSORS), wrong
    )
    return st.builds(PageRequest, size=sizes, after=afters, offset=offsets)


GOOD_DOCUMENTS: tuple[Mapping[str, object], ...] = (
    {"sectors": ["I"]},
    {"professions": ["5.2.2.1.0"]},
    {"in_education": False, "highest_level": "upper_secondary"},
    {"has_worked": False},
    {
        "personal": {"given_name": "Anna", "fiscal_code": str(ANNA)},
        "languages": [{"language": "en", "level": "advanced"}],
    },
)


def _documents() -> st.SearchStrategy[object]:
    """Plain data for the ``data`` of imports and onboarding steps, mostly broken."""
    leaves = st.one_of(wrong, st.sampled_from(NAUGHTY_TEXTS), st.text(max_size=5))
    nested = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.one_of(st.text(max_size=8), st.sampled_from(NAUGHTY_TEXTS)), inner, max_size=3
            ),
        ),
        max_leaves=8,
    )
    return st.one_of(
        st.dictionaries(
            st.sampled_from(("personal", "sectors", "languages", "has_worked", "x")),
            nested,
            max_size=3,
        ),
        wrong,
    )


@attrs.frozen
class Arguments:
    """What a parameter gets: realistic values, and wrong or out-of-range ones."""

    first: object
    good: st.SearchStrategy[object]
    bad: st.SearchStrategy[object]


def _plain_arguments(  # noqa: PLR0911 - one return per kind of argument
    s: Seeded, annotation: Any, parameter: str
) -> Arguments | None:
    """Ids, texts, numbers, flags, bytes and enums; ``None`` for other annotations."""
    if isinstance(annotation, NewType):
        if annotation not in s.ids:
            raise NotCovered(f"no ids for {annotation.__name__} ({parameter})")
        others = tuple(key for pool in s.ids.values() for key in pool)
        return Arguments(
            first=s.ids[annotation][0],
            good=st.sampled_from(s.ids[annotation]),
            bad=st.one_of(
                st.sampled_from(others),  # an id of another kind of entity
                st.sampled_from(("no-such-id", *NAUGHTY_TEXTS)),
                wrong,
            ),
        )
    if annotation is str:
        if parameter not in s.texts:
            raise NotCovered(f"no texts for the parameter {parameter!r}")
        return Arguments(
            first=s.texts[parameter][0],
            good=st.sampled_from(s.texts[parameter]),
            bad=st.one_of(st.sampled_from(NAUGHTY_TEXTS), st.text(max_size=20), wrong),
        )
    if annotation is int:
        return Arguments(
            first=0,
            good=st.integers(0, 200),
            bad=st.one_of(st.sampled_from((-1, 2**62, 2**63, -(2**63) - 1, 10**30)), wrong),
        )
    if annotation is bool:
        return Arguments(first=False, good=st.booleans(), bad=wrong)
    if annotation is bytes:
        return Arguments(
            first=make_pdf(),
            good=st.sampled_from((make_pdf(),)),
            bad=st.one_of(st.sampled_from((b"", b"%PDF-1.4\x00", b"MZ" * 100)), wrong),
        )
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = [member.value for member in annotation]
        return Arguments(
            first=next(iter(annotation)),
            good=st.sampled_from(list(annotation)),
            bad=st.one_of(st.sampled_from(values), wrong),
        )
    return None


def arguments(  # noqa: PLR0911 - one return per kind of argument
    s: Seeded, annotation: Any, parameter: str
) -> Arguments:
    """The arguments of a parameter of this annotation; ``NotCovered`` if unknown."""
    if annotation == Principal:
        return Arguments(
            first=s.principals[0],
            good=st.sampled_from(s.principals),
            bad=st.one_of(st.sampled_from(PRINCIPAL_WRONGS), wrong),
        )
    if get_origin(annotation) in {typing.Union, types.UnionType}:
        members = [arguments(s, member, parameter) for member in get_args(annotation)]
        return Arguments(
            first=members[0].first,
            good=st.one_of(*(member.good for member in members)),
            bad=st.one_of(*(member.bad for member in members)),
        )
    if annotation is type(None):
        return Arguments(first=None, good=st.none(), bad=wrong)
    plain = _plain_arguments(s, annotation, parameter)
    if plain is not None:
        return plain
    if annotation is PageRequest:
        pages = good_values(s)[PageRequest]
        return Arguments(first=pages[0], good=st.sampled_from(pages), bad=_pages(s))
    if get_origin(annotation) in {Mapping, dict} or annotation in {Mapping, dict}:
        return Arguments(
            first=GOOD_DOCUMENTS[0], good=st.sampled_from(GOOD_DOCUMENTS), bad=_documents()
        )
    if isinstance(annotation, type) and attrs.has(annotation):
        good = good_values(s).get(annotation)
        if good is None:
            raise NotCovered(f"no values of {annotation.__name__} ({parameter})")
        examples = st.sampled_from(good)
        return Arguments(
            first=good[0], good=examples, bad=st.one_of(examples.flatmap(_corrupted), wrong)
        )
    raise NotCovered(f"no arguments for {annotation!r} ({parameter})")


Call = tuple[tuple[object, ...], dict[str, object]]


def _split(parameters: list[inspect.Parameter], values: list[object]) -> Call:
    args = [v for p, v in zip(parameters, values, strict=True) if p.kind is not p.KEYWORD_ONLY]
    kwargs = {
        p.name: v for p, v in zip(parameters, values, strict=True) if p.kind is p.KEYWORD_ONLY
    }
    return tuple(args), kwargs


def _allowed(
    s: Seeded,
    method: Callable[..., Any],
    parameters: list[inspect.Parameter],
    options: list[Arguments],
) -> Arguments:
    """The actor's arguments, realistic ones being the principals the use case lets in.

    Each principal is tried once with the first realistic arguments; those refused with
    ``access.forbidden`` are drawn only as wrong actors, so that most calls get past
    the access check to the code behind it.
    """
    actor = options[0]
    allowed = []
    for principal in s.principals:
        args, kwargs = _split(parameters, [principal, *(option.first for option in options[1:])])
        result = method(*args, **kwargs)
        if not (isinstance(result, Failure) and isinstance(result.failure(), Forbidden)):
            allowed.append(principal)
    if not allowed:
        return actor
    return Arguments(
        first=allowed[0],
        good=st.sampled_from(allowed),
        bad=st.one_of(actor.bad, st.sampled_from(s.principals)),
    )


def calls(s: Seeded, method: Callable[..., Any]) -> st.SearchStrategy[Call]:
    """Arguments for ``method``: all realistic but one, which is wrong (or none is)."""
    hints = hints_of(method)
    parameters = list(inspect.signature(method).parameters.values())
    options = [arguments(s, hints[parameter.name], parameter.name) for parameter in parameters]
    if parameters and hints[parameters[0].name] == Principal:
        options[0] = _allowed(s, method, parameters, options)

    @st.composite
    def call(draw: st.DrawFn) -> Call:
        spoiled = draw(st.integers(-1, len(parameters) - 1))
        values = [
            draw(option.bad if index == spoiled else option.good)
            for index, option in enumerate(options)
        ]
        return _split(parameters, values)

    return call()
