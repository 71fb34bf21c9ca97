"""Query strings of offer and course searches, read into the library's queries.

``?car_required=true&contract_types=permanent&location=GE&text=cuoco&size=20`` becomes
an :class:`~formlavoro_core.offers.query.OfferQuery` and a
:class:`~formlavoro_core.paging.PageRequest`; every mistake becomes one
``input.invalid`` failure listing each parameter at fault, never an exception. The
parameters are the fields of the query class:

* yes/no filters take ``true``/``false`` (also ``1``/``0``, ``on``/``off``,
  ``yes``/``no``, ``si``); a blank value is no filter;
* lists (``contract_types``, ``working_conditions``) take the parameter repeated or
  values separated by commas;
* codes and texts as they are; a blank value is no filter;
* ``location`` (offers only) is HM-3's one field: a province abbreviation or a
  municipality's cadastral code;
* ``size``, ``after`` and ``offset`` choose the page.

:func:`search_query_string` writes a query back, for the links of the next page.

>>> search = parse_offer_search("car_required=on&contract_types=permanent,fixed_term&size=5")
>>> query, page = search.unwrap().query, search.unwrap().page
>>> query.car_required, [kind.value for kind in query.contract_types], page.size
(True, ['permanent', 'fixed_term'], 5)
>>> [str(p) for p in parse_offer_search("car_required=maybe&size=500").failure().problems]
['car_required: true or false', 'size: must be 1 to 100']
"""

from __future__ import annotations

import enum
import types
import urllib.parse
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar, Union, get_args, get_origin

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.codec import Codec
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.texts import _

__all__ = [
    "Params",
    "Search",
    "parse_course_search",
    "parse_offer_search",
    "parse_search",
    "search_query_string",
]

Q = TypeVar("Q")

Params = str | Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]]
"""A query string, a mapping of names to a value or values, or (name, value) pairs."""

_TRUE: Final = frozenset({"true", "1", "on", "yes", "si", "sì"})
_FALSE: Final = frozenset({"false", "0", "off", "no"})
_PAGING: Final = ("size", "after", "offset")
_MAX_PARAMS: Final = 200
_CODEC: Final = Codec.for_documents()


@attrs.frozen(kw_only=True)
class Search(Generic[Q]):
    """A search read from a query string: the query and the page asked for."""

    query: Q
    page: PageRequest


def _pairs(params: Params) -> list[tuple[str, str]]:
    if isinstance(params, str):
        return urllib.parse.parse_qsl(
            params.lstrip("?"), keep_blank_values=True, max_num_fields=_MAX_PARAMS
        )
    if isinstance(params, Mapping):
        pairs: list[tuple[str, str]] = []
        for name, value in params.items():
            values = [value] if isinstance(value, str) else list(value)
            pairs.extend((name, str(item)) for item in values)
        return pairs
    return [(str(name), str(value)) for name, value in params]


def _kind(annotation: Any) -> str:
    """``flag``, ``list`` or ``text``: how a field is read from a query string."""
    if get_origin(annotation) in (Union, types.UnionType):
        arguments = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = arguments[0] if len(arguments) == 1 else annotation
    if annotation is bool:
        return "flag"
    if get_origin(annotation) in (tuple, list):
        return "list"
    return "text"


def _flag(name: str, value: str, problems: list[Problem]) -> bool | None:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    problems.append(Problem(path=name, message=_("true or false")))
    return None


def _page(values: dict[str, list[str]], problems: list[Problem]) -> PageRequest:
    numbers: dict[str, int] = {}
    for name in ("size", "offset"):
        given = values.get(name, [""])[-1].strip()
        if given:
            if given.isascii() and given.lstrip("-").isdigit() and len(given) < 12:  # noqa: PLR2004
                numbers[name] = int(given)
            else:
                problems.append(Problem(path=name, message=_("a whole number")))
    after = values.get("after", [""])[-1].strip() or None
    page = PageRequest(after=after, **numbers)
    problems.extend(page.problems())
    return page


def _fields(
    query_class: type[Any], values: dict[str, list[str]], problems: list[Problem]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in attrs.fields(attrs.resolve_types(query_class)):
        given = values.get(field.name)
        if given is None:
            continue
        kind = _kind(field.type)
        if kind == "list":
            data[field.name] = [
                item.strip() for value in given for item in value.split(",") if item.strip()
            ]
            continue
        if len(given) > 1:
            problems.append(Problem(path=field.name, message=_("give one value")))
            continue
        value = given[0]
        if not value.strip():
            continue  # a blank value is no filter
        data[field.name] = _flag(field.name, value, problems) if kind == "flag" else value.strip()
    return {name: value for name, value in data.items() if value is not None}


def parse_search(
    params: Params, query_class: type[Q], *, ignore: Collection[str] = ()
) -> Result[Search[Q], InvalidInput]:
    """Read a search of ``query_class`` (an attrs class of filters) and its page.

    Parameters named in ``ignore`` (the app's own, such as ``lang``) are passed over;
    any other unknown parameter is a mistake (a misspelt filter is not silently no
    filter).
    """
    values: dict[str, list[str]] = {}
    try:
        pairs = _pairs(params)
    except ValueError:
        return Failure(
            InvalidInput.at("", _("at most {max_params} parameters", max_params=_MAX_PARAMS))
        )
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    names = {field.name for field in attrs.fields(query_class)}  # type: ignore[arg-type]
    problems = [
        Problem(path=name, message=_("unknown parameter"))
        for name in values
        if name not in names and name not in _PAGING and name not in ignore
    ]
    data = _fields(query_class, values, problems)
    page = _page(values, problems)
    parsed = _CODEC.parse(data, query_class)
    if isinstance(parsed, InvalidInput):
        problems.extend(parsed.problems)
    else:
        checker = getattr(parsed, "problems", None)
        problems.extend(checker() if callable(checker) else ())
    if problems or isinstance(parsed, InvalidInput):
        return Failure(InvalidInput(problems=tuple(problems)))
    return Success(Search(query=parsed, page=page))


def parse_offer_search(
    params: Params, *, ignore: Collection[str] = ()
) -> Result[Search[OfferQuery], InvalidInput]:
    """An offer search (OF-3, OF-4, HM-3), with ``location`` for a place in one field."""
    try:
        pairs = _pairs(params)
    except ValueError:
        return Failure(
            InvalidInput.at("", _("at most {max_params} parameters", max_params=_MAX_PARAMS))
        )
    located = [value for name, value in pairs if name == "location"]
    kept = [(name, value) for name, value in pairs if name != "location"]
    problems: list[Problem] = []
    if len(located) > 1:
        problems.append(Problem(path="location", message=_("give one value")))
    elif located and OfferQuery().with_location(located[0]) is None:
        problems.append(
            Problem(path="location", message=_("a province (GE) or a municipality code (D969)"))
        )
    match parse_search(kept, OfferQuery, ignore=ignore):
        case Failure(InvalidInput(problems=found)):
            return Failure(InvalidInput(problems=(*found, *problems)))
        case Success(Search(query=OfferQuery() as query, page=page)) if not problems:
            moved = query.with_location(located[0]) if located else query
            return Success(Search(query=moved or query, page=page))
    return Failure(InvalidInput(problems=tuple(problems)))


def parse_course_search(
    params: Params, *, ignore: Collection[str] = ()
) -> Result[Search[CourseQuery], InvalidInput]:
    """A course search (CO-4, and HM-3's place or province)."""
    return parse_search(params, CourseQuery, ignore=ignore)


def _plain(value: object) -> list[str]:
    if value is None or value is False or value == ():
        return []
    if value is True:
        return ["true"]
    if isinstance(value, enum.Enum):
        return [str(value.value)]
    if isinstance(value, tuple):
        return [item for part in value for item in _plain(part)]
    return [str(value)]


def search_query_string(query: object, page: PageRequest | None = None) -> str:
    """The query string that :func:`parse_search` reads back as ``query`` and ``page``.

    Filters left at their default are left out; so is a first page of default size.

    >>> search_query_string(OfferQuery(car_required=True, text="cuoco"), PageRequest(size=10))
    'car_required=true&text=cuoco&size=10'
    """
    pairs: list[tuple[str, str]] = []
    for field in attrs.fields(type(query)):  # type: ignore[arg-type]
        value = getattr(query, field.name)
        if value != field.default:
            pairs.extend((field.name, item) for item in _plain(value))
    if page is not None:
        default = PageRequest()
        pairs.extend(
            (name, str(getattr(page, name)))
            for name in _PAGING
            if getattr(page, name) != getattr(default, name)
        )
    return urllib.parse.urlencode(pairs)
