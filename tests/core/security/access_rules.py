"""SEC-1: how a row of the access-control table says who may run a use case.

:class:`Rule` names the kinds of principal a use case is for, the roles of
:mod:`tests.core.security.parties` it answers and the call to make; the role and kind
sets and the short constructors here write the rows of ``access_table_citizens`` and
``access_table_marketplace``.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

import attrs
from returns.result import Result

from formlavoro_core.errors import DomainError
from formlavoro_core.principals import Principal
from tests.core.security.parties import KIND, ROLES, Scene

EVERYONE = frozenset(ROLES)
CITIZENS = frozenset({"owner", "other_citizen"})
COMPANIES = frozenset({"company", "other_company"})
CPIS = frozenset({"cpi", "other_cpi"})
PUBLISHERS = COMPANIES | CPIS
ENTITIES = frozenset({"entity", "other_entity"})
OWNER = frozenset({"owner"})

ANY_KIND = frozenset(KIND.values())
CITIZEN = frozenset({"citizen"})
PUBLISHER = frozenset({"company", "cpi"})

Call = Callable[[Scene, Principal], Result[Any, DomainError]]


@attrs.frozen
class Rule:
    """Who may run a use case.

    Attributes:
        kinds: the kinds of principal it is for; any other kind is ``access.forbidden``.
        allowed: the roles it answers; the others of the right kinds ask about another
            party's record and get ``refusal`` (a ``*.not_found`` by default).
        call: the call, with the owner's records.
        refusal: the code for the right kind asking about another party's record.
        bearer: the call carries a credential of the owner (an unsubscribe link's
            token): its answer may show what the owner sees, whoever sends it.
    """

    kinds: AbstractSet[str]
    allowed: AbstractSet[str]
    call: Call
    refusal: str = ".not_found"
    bearer: bool = False


def id_of(s: Scene, name: str) -> Any:
    return s.ids[name].id


def anyone(call: Call) -> Rule:
    return Rule(ANY_KIND, EVERYONE, call)


def citizens(call: Call) -> Rule:
    return Rule(CITIZEN, CITIZENS, call)


def owner(call: Call) -> Rule:
    return Rule(CITIZEN, OWNER, call)
