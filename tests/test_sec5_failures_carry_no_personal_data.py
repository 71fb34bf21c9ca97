"""SEC-5 (issue 9 point 6): no failure carries personal data or text from outside.

Every ``DomainError`` class of ``formlavoro_core`` and ``formlavoro_adapters`` (the
modules whose optional dependencies are installed) is built with personal-looking
values in each of its text fields: a fiscal code, a name, an email address, a
certificate subject, a message an identity provider wrote. None of them may show in the
failure's ``message``, ``repr``, ``code`` or ``to_dict()``.

A text field escapes the personal values only in one of these ways, each visible here:

- it is a closed vocabulary (an ``in_`` validator) or a checked format (:data:`SAMPLES`,
  a regular expression): the test then proves that it refuses the personal values;
- it is typed with an id of the library (``AccountId``, ``EventId``... ``NewType``s of
  ``str``): a pseudonymous id issued by the library's ``Ids`` port;
- it is listed in :data:`NOT_PERSONAL` with the reason why its content never comes from
  a person, only from the library or the portal's configuration.

A field that holds the caller's own input for the caller (``repr=False``) gets the
personal values too: ``repr`` and ``to_dict()`` must leave it out.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import json
import pkgutil
import sys
import types
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import formlavoro_adapters
import formlavoro_core
from formlavoro_core.codec import Codec
from formlavoro_core.errors import DomainError, InvalidInput
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.locale import Language
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.reference.static import StaticReferenceData
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

PERSONAL = {
    "fiscal code": "RSSMRA85T10A562S",
    "name": "Mario Rossi",
    "email": "mario.rossi@example.it",
    "certificate subject": "CN=RSSMRA85T10A562S/7420001234567890.abc=,GN=MARIO,SN=ROSSI,C=IT",
    "identity provider text": "Utente MARIO ROSSI (TINIT-RSSMRA85T10A562S) bloccato",
}
MARKERS = ("rssmra85t10a562s", "mario", "rossi")
"""What gives any of the personal values away, in any letter case."""

NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("formlavoro_core.errors.NotFound", "entity"): "the kind of record, a use case's constant",
    ("formlavoro_core.errors.NotFound", "key"): "the record's id, issued by the library",
    ("formlavoro_core.errors.Conflict", "entity"): "the kind of record, a use case's constant",
    ("formlavoro_core.errors.Conflict", "key"): "the record's key as the storage names it",
    ("formlavoro_core.errors.Forbidden", "action"): "the action refused, a use case's constant",
    ("formlavoro_core.errors.Problem", "path"): "the path of a field in the input's shape",
    ("formlavoro_core.errors.Problem", "message"): (
        "a validator's sentence; test_sec5_invalid_input_never_repeats_the_input checks it"
    ),
    ("formlavoro_core.cv.failures.SectionFull", "section"): "a CV section, a constant",
    ("formlavoro_core.cv.failures.BelowThreshold", "missing"): "CV sections, constants",
    ("formlavoro_core.identity.failures.OutdatedNotices", "privacy_notice_version"): (
        "the portal's configuration"
    ),
    ("formlavoro_core.identity.failures.OutdatedNotices", "citizen_regulation_version"): (
        "the portal's configuration"
    ),
    ("formlavoro_core.identity.failures.PasswordRejected", "reason"): "a password-policy rule",
    ("formlavoro_core.identity.failures.UsernameRejected", "reason"): "a registration rule",
    ("formlavoro_core.identity.fiscal_code.InvalidFiscalCode", "reason"): "a rule's name",
    ("formlavoro_adapters.identity.saml.failures.MalformedResponse", "reason"): (
        "the rule broken and the element's path, never a value read from it "
        "(test_response_strictness checks the SPID level)"
    ),
    ("formlavoro_adapters.identity.saml.failures.StaleResponse", "reason"): (
        "the instant's element path and which bound it passed"
    ),
    ("formlavoro_adapters.identity.saml.failures.IdpCertificateExpired", "entity_id"): (
        "an identity provider of the portal's own registry"
    ),
    ("formlavoro_adapters.identity.saml.failures.MissingAttributes", "names"): (
        "attribute names the portal's settings request"
    ),
}
"""Text fields whose content never comes from a person, and why."""

SAMPLES: dict[tuple[str, str], object] = {
    ("formlavoro_adapters.identity.certificate_failures.UntrustedRoot", "key_id"): "0A1B",
    ("formlavoro_adapters.identity.certificate_failures.IncompleteChain", "key_id"): "0A1B",
    ("formlavoro_adapters.identity.certificate_failures.CertificateRevoked", "serial_number"): (
        "1F"
    ),
    ("formlavoro_adapters.identity.certificate_failures.WrongPolicy", "found"): ("1.3.76.1",),
    ("formlavoro_adapters.identity.certificate_failures.WrongPolicy", "accepted"): ("1.3.76.1",),
}
"""Valid values of text fields checked against a format; each must refuse the personal ones."""

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
NEUTRAL = "neutral"
ID = "id-7f3a"
_PLAIN: dict[Any, object] = {bool: True, int: 1, dt.datetime: NOW, dt.date: NOW.date()}


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _import_everything() -> None:
    for package in (formlavoro_core, formlavoro_adapters):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            try:
                importlib.import_module(info.name)
            except ModuleNotFoundError as missing:  # an optional dependency not installed
                if (missing.name or "").startswith("formlavoro"):
                    raise


def failure_classes() -> list[type[DomainError]]:
    """Every published ``DomainError`` subclass of both packages."""
    _import_everything()
    found: set[type[DomainError]] = set()
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            module = sys.modules.get(sub.__module__)
            # attrs replaces a slotted class by a new one; keep only the published class.
            if sub.__module__.startswith("formlavoro") and (
                getattr(module, sub.__qualname__, None) is sub
            ):
                found.add(sub)
    return sorted(found, key=_name)


CLASSES = failure_classes()


def _options(validator: Any) -> tuple[Any, ...] | None:
    """The closed vocabulary an ``in_`` validator (maybe nested) allows, or ``None``."""
    if validator is None:
        return None
    options = getattr(validator, "options", None)
    if options is not None and not isinstance(options, range):
        return tuple(sorted(options, key=str))
    for inner in (
        getattr(validator, "member_validator", None),
        *getattr(validator, "_validators", ()),
    ):
        found = _options(inner)
        if found is not None:
            return found
    return None


def _is_text(hint: Any) -> bool:
    if hint is str:
        return True
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple:
        return bool(args) and _is_text(args[0])
    if typing.get_origin(hint) in {typing.Union, types.UnionType}:
        return any(_is_text(arg) for arg in args if arg is not type(None))
    return False


def _value(hint: Any, text: str) -> Any:
    """A value of type ``hint`` whose text parts are ``text``."""
    if getattr(hint, "__supertype__", None) is str:
        return ID  # a NewType id of the library: pseudonymous by construction
    if hint is str:
        return text
    if hint in _PLAIN:
        return _PLAIN[hint]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return next(iter(hint))
    if isinstance(hint, type) and attrs.has(hint):
        return build(hint, text)
    return _generic(hint, text)


def _generic(hint: Any, text: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return (_value(args[0], text),)
    if origin in {typing.Union, types.UnionType}:
        return _value(next(arg for arg in args if arg is not type(None)), text)
    message = f"no sample value for {hint!r}: teach this test the type"
    raise AssertionError(message)


def _field_value(cls: type, field: attrs.Attribute[Any], hint: Any, text: str) -> Any:
    key = (_name(cls), field.name)
    if key in NOT_PERSONAL:
        return _value(hint, NEUTRAL)
    if key in SAMPLES:
        return SAMPLES[key]
    options = _options(field.validator)
    if options is not None:
        return (options[0],) if typing.get_origin(hint) is tuple else options[0]
    return _value(hint, text)


def _fields(cls: type) -> Iterator[tuple[attrs.Attribute[Any], Any]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if field.init:
            yield field, hints[field.name]


def build(cls: type, text: str, **overrides: Any) -> Any:
    """An instance of ``cls`` with ``text`` in every free text field."""
    values = {field.name: _field_value(cls, field, hint, text) for field, hint in _fields(cls)}
    return cls(**{**values, **overrides})


def shown(failure: DomainError) -> str:
    """Everything a failure puts on a page, in an HTTP body or in a log line."""
    return "\n".join((failure.code, failure.message, repr(failure), json.dumps(failure.to_dict())))


def test_sec5_the_failures_of_both_packages_are_found() -> None:
    names = {cls.__qualname__ for cls in CLASSES}
    assert {
        "NotFound",
        "InvalidInput",
        "AttachmentRejected",
        "CertificateRevoked",
        "AuthenticationFailed",
        "InvalidFiscalNumber",
    } <= names


@pytest.mark.parametrize("cls", CLASSES, ids=_name)
@pytest.mark.parametrize("kind", list(PERSONAL))
def test_sec5_no_failure_shows_personal_data(cls: type[DomainError], kind: str) -> None:
    """SEC-5: message, repr, code and to_dict() of every failure, built with personal data."""
    failure = build(cls, PERSONAL[kind])

    text = shown(failure).lower()

    assert not [marker for marker in MARKERS if marker in text], shown(failure)


CHECKED_FIELDS = [
    (cls, field.name)
    for cls in CLASSES
    for field, hint in _fields(cls)
    if _is_text(hint)
    and (_name(cls), field.name) not in NOT_PERSONAL
    and ((_name(cls), field.name) in SAMPLES or _options(field.validator) is not None)
]


@pytest.mark.parametrize(
    ("cls", "field"), CHECKED_FIELDS, ids=[f"{_name(c)}.{f}" for c, f in CHECKED_FIELDS]
)
def test_sec5_a_checked_text_field_refuses_personal_data(
    cls: type[DomainError], field: str
) -> None:
    """SEC-5: a field trusted for its vocabulary or format cannot be given personal text."""
    hint = typing.get_type_hints(cls)[field]
    for text in PERSONAL.values():
        value = (text,) if typing.get_origin(hint) is tuple else text
        with pytest.raises((ValueError, TypeError)):
            build(cls, NEUTRAL, **{field: value})


def test_sec5_every_exception_of_this_test_names_a_real_field() -> None:
    fields = {(_name(cls), field.name) for cls in CLASSES for field in attrs.fields(cls)}
    fields |= {
        ("formlavoro_core.errors.Problem", "path"),
        ("formlavoro_core.errors.Problem", "message"),
    }

    assert set(NOT_PERSONAL) <= fields
    assert set(SAMPLES) <= fields


# InvalidInput: the problems the codec reports never repeat the input.


@attrs.frozen(kw_only=True)
class _Form:
    email: EmailAddress
    phone: PhoneNumber
    postcode: Postcode
    fiscal_code: FiscalCode
    born: dt.date
    sent_at: dt.datetime
    language: Language
    age: int
    agreed: bool
    sector: SectorCode
    profession: ProfessionCode
    municipality: MunicipalityCode
    tags: tuple[str, ...]


@pytest.mark.parametrize("kind", list(PERSONAL))
def test_sec5_invalid_input_never_repeats_the_input(kind: str) -> None:
    """SEC-5: every value refused, each problem has its path and none repeats the value."""
    text = PERSONAL[kind]
    names = {field.name for field in attrs.fields(_Form)}

    problems = Codec.for_input(StaticReferenceData()).parse(dict.fromkeys(names, text), _Form)

    assert isinstance(problems, InvalidInput)
    paths = {problem.path for problem in problems.problems}
    assert paths <= names
    assert len(paths) >= len(names) - 1  # the fiscal code or the email may be valid
    rendered = shown(problems).lower()
    assert not [marker for marker in MARKERS if marker in rendered], shown(problems)
