"""The words failures name: kinds of records (``NotFound``, ``Conflict``) and actions.

Failures carry these as plain strings (stable, for programs); people read them through
the texts below. A string with no text here is shown as it is, underscores as spaces.

>>> entity_label("saved_search").source()
'saved search'
>>> action_label("change a CV").source()
'change a CV'
>>> entity_label("gadget")
'gadget'
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.texts.model import Text, _p

__all__ = ["ACTIONS", "ENTITIES", "action_label", "entity_label"]

ENTITIES: Final[dict[str, Text]] = {
    "account": _p("record", "account"),
    "application": _p("record", "application"),
    "attachment": _p("record", "attachment"),
    "company": _p("record", "company"),
    "course": _p("record", "course"),
    "cv": _p("record", "CV"),
    "cv_entry": _p("record", "CV entry"),
    "dead_letter": _p("record", "undelivered email"),
    "employment_centre": _p("record", "employment centre"),
    "event": _p("record", "recruitment day"),
    "message": _p("record", "message"),
    "offer": _p("record", "job offer"),
    "saved_search": _p("record", "saved search"),
    "training_entity": _p("record", "training entity"),
    "unlock_request": _p("record", "data unlock request"),
    "unit_of_work": _p("record", "change"),
    "password_reset": _p("record", "password reset"),
    "membership": _p("record", "registration"),
    "ticket": _p("record", "ticket"),
    "audit_anchor": _p("record", "audit log"),
    "audit_log": _p("record", "audit log"),
}
"""Every kind of record a failure can name, as people call it."""

ACTIONS: Final[dict[str, Text]] = {
    "change a CV": _p("action", "change a CV"),
    "read a CV": _p("action", "read a CV"),
    "publish a CV": _p("action", "publish a CV"),
    "read messages": _p("action", "read messages"),
    "reply to messages": _p("action", "reply to messages"),
    "answer the welcome questions": _p("action", "answer the welcome questions"),
    "run scheduled jobs": _p("action", "run scheduled jobs"),
    "deliver mail": _p("action", "deliver mail"),
    "see the home page": _p("action", "see the home page"),
    "see the dashboard": _p("action", "see the dashboard"),
    "save searches": _p("action", "save searches"),
    "read saved searches": _p("action", "read saved searches"),
    "delete saved searches": _p("action", "delete saved searches"),
    "read unlock requests": _p("action", "read data unlock requests"),
    "decide on unlock requests": _p("action", "decide on data unlock requests"),
    "read event offers": _p("action", "read the offers of a recruitment day"),
    "read applications": _p("action", "read applications"),
    "export applications": _p("action", "export applications"),
    "apply to offers": _p("action", "apply to job offers"),
    "review applications": _p("action", "review applications"),
    "log out": _p("action", "log out"),
    "join events": _p("action", "join recruitment days"),
    "get tickets": _p("action", "get tickets"),
    "check tickets": _p("action", "check tickets"),
    "publish offers": _p("action", "publish job offers"),
    "register organisations": _p("action", "register organisations"),
    "read replies of citizens": _p("action", "read the replies of citizens"),
    "organise events": _p("action", "organise recruitment days"),
    "manage events": _p("action", "manage recruitment days"),
    "browse CVs": _p("action", "browse CVs"),
    "answer citizens": _p("action", "answer citizens"),
    "prune the audit log": _p("action", "prune the audit log"),
    "read an access log": _p("action", "read an access log"),
    "verify the audit log": _p("action", "verify the audit log"),
    "change courses": _p("action", "change courses"),
    "list its own courses": _p("action", "list the courses of your training entity"),
    "look after dead letters": _p("action", "look after undelivered emails"),
    "publish courses": _p("action", "publish courses"),
    "withdraw courses": _p("action", "withdraw courses"),
}
"""Every action a ``Forbidden`` failure can name, as people say it."""


def entity_label(entity: str) -> Text | str:
    """How people call the kind of record ``entity``."""
    return ENTITIES.get(entity, entity.replace("_", " "))


def action_label(action: str) -> Text | str:
    """How people say ``action``."""
    return ACTIONS.get(action, action)
