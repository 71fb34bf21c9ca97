"""The error model: failures are plain values with stable codes; outages are exceptions."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import pkgutil
import re
import sys

import attrs
import pytest

import formlavoro_core
from formlavoro_core.cv.attachments import AttachmentFormat, AttachmentRejected, Hazard
from formlavoro_core.cv.failures import AlreadyPublished
from formlavoro_core.errors import (
    ConcurrencyConflictError,
    ConfigurationError,
    Conflict,
    DeliveryError,
    DomainError,
    DuplicateKeyError,
    Forbidden,
    FormlavoroError,
    InvalidInput,
    NotFound,
    Problem,
    ReferenceDataError,
    StorageError,
)

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")

# Failures whose code depends on their data: examples of every code they can take.
ATTACHMENT_REASONS = (
    "empty",
    "too_large",
    "unknown_format",
    "extension_mismatch",
    "bad_filename",
    *(hazard.value for hazard in Hazard),  # SEC-7
)
DYNAMIC_CODE_EXAMPLES: dict[type[DomainError], tuple[DomainError, ...]] = {
    NotFound: tuple(
        NotFound(entity=entity, key="k-1") for entity in ("cv", "account", "attachment")
    ),
    AttachmentRejected: tuple(
        AttachmentRejected(reason=reason, filename="cv.pdf", size=10, detected=None)
        for reason in ATTACHMENT_REASONS
    ),
}

# Codes published so far. Apps branch on them: renaming or dropping one breaks them.
PUBLISHED_CODES = frozenset(
    {
        "input.invalid",
        "access.forbidden",
        "storage.conflict",
        "cv.not_found",
        "fiscal_code.invalid",
        "identity.consent.outdated",
        "identity.login.consent_required",
        "identity.regional.retired",
        "identity.regional.registration_closed",
        "identity.login.invalid_credentials",
        "identity.register.account_exists",
        "identity.register.username_rejected",
        "identity.password.rejected",
        "identity.reset.invalid_token",
        "identity.reset.throttled",
        "identity.login.throttled",
        "identity.consent.invalid",
        "onboarding.required",
        "onboarding.already_completed",
        "onboarding.step_out_of_order",
        "cv.attachment.too_many",
        "cv.section.full",
        "cv.personal_data.fiscal_code_fixed",
        "cv.publish.below_threshold",
        "cv.publish.still_active",
        "cv.personal_data.locked",
        *(f"cv.attachment.{reason}" for reason in ATTACHMENT_REASONS),
    }
)


# --- the generic failures -------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "code"), [("cv", "cv.not_found"), ("password_reset", "password_reset.not_found")]
)
def test_not_found_is_coded_by_its_entity(entity: str, code: str) -> None:
    assert NotFound(entity=entity, key="x").code == code


def test_not_found_names_the_entity_and_key() -> None:
    error = NotFound(entity="password_reset", key="r-7")
    assert error.message == "No password reset with key 'r-7'."
    assert error.to_dict() == {
        "code": "password_reset.not_found",
        "message": "No password reset with key 'r-7'.",
        "entity": "password_reset",
        "key": "r-7",
    }


def test_forbidden_names_the_action_refused() -> None:
    error = Forbidden(action="publish a CV")
    assert error.code == "access.forbidden"
    assert error.message == "You are not allowed to publish a CV."
    assert error.to_dict() == {
        "code": "access.forbidden",
        "message": "You are not allowed to publish a CV.",
        "action": "publish a CV",
    }


def test_conflict_asks_to_reload_and_retry() -> None:
    error = Conflict(entity="cv", key="cv-1")
    assert error.code == "storage.conflict"
    assert error.message == "The CV 'cv-1' was changed by someone else; reload it and try again."
    assert error.to_dict()["entity"] == "cv"
    assert error.to_dict()["key"] == "cv-1"


def test_invalid_input_lists_every_problem_with_its_path() -> None:
    error = InvalidInput(
        problems=(
            Problem(path="experiences[2].start", message="not a date (YYYY-MM-DD)"),
            Problem(path="", message="expected an object"),
        )
    )
    assert error.code == "input.invalid"
    assert error.message == (
        "The input has 2 problems: experiences[2].start: not a date (YYYY-MM-DD); "
        "expected an object"
    )
    assert error.to_dict() == {
        "code": "input.invalid",
        "message": error.message,
        "problems": [
            {"path": "experiences[2].start", "message": "not a date (YYYY-MM-DD)"},
            {"path": "", "message": "expected an object"},
        ],
    }


@pytest.mark.parametrize(
    "error",
    [
        NotFound(entity="cv", key="cv-1"),
        Forbidden(action="read a CV"),
        Conflict(entity="account", key="a-1"),
        InvalidInput(problems=(Problem(path="start", message="required"),)),
    ],
    ids=lambda error: type(error).__name__,
)
def test_to_dict_of_a_generic_failure_is_json(error: DomainError) -> None:
    assert json.loads(json.dumps(error.to_dict()))["code"] == error.code


@pytest.mark.parametrize(
    "error",
    [
        AlreadyPublished(
            expires_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
            renewable_from=dt.datetime(2026, 5, 25, tzinfo=dt.UTC),
        ),
        AttachmentRejected(
            reason="extension_mismatch",
            filename="cv.png",
            size=10,
            detected=AttachmentFormat.PDF,
        ),
    ],
    ids=lambda error: type(error).__name__,
)
def test_to_dict_of_a_failure_carrying_dates_or_enums_is_json(error: DomainError) -> None:
    assert json.loads(json.dumps(error.to_dict()))["code"] == error.code


def test_a_problem_reads_as_path_and_message() -> None:
    assert str(Problem(path="personal.email", message="not an email address")) == (
        "personal.email: not an email address"
    )
    assert str(Problem(path="", message="expected an object")) == "expected an object"


# --- failures are values --------------------------------------------------------------


def test_failures_are_frozen() -> None:
    error = NotFound(entity="cv", key="cv-1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        error.key = "cv-2"  # type: ignore[misc]
    assert error.key == "cv-1"


def test_failures_compare_and_hash_by_value() -> None:
    assert NotFound(entity="cv", key="cv-1") == NotFound(entity="cv", key="cv-1")
    assert NotFound(entity="cv", key="cv-1") != NotFound(entity="cv", key="cv-2")
    conflict: DomainError = Conflict(entity="cv", key="cv-1")
    assert conflict != NotFound(entity="cv", key="cv-1")
    assert len({Forbidden(action="x"), Forbidden(action="x"), Forbidden(action="y")}) == 2


def _describe(error: DomainError) -> str:
    match error:
        case NotFound(entity="cv", key=key):
            return f"no CV {key}"
        case InvalidInput(problems=(Problem(path=path), *_)):
            return f"first problem at {path}"
        case DomainError(code="access.forbidden"):
            return "forbidden"
        case _:
            return error.code


def test_failures_work_with_match_statements() -> None:
    assert _describe(NotFound(entity="cv", key="cv-9")) == "no CV cv-9"
    assert _describe(NotFound(entity="account", key="a")) == "account.not_found"
    problem = Problem(path="experiences[0].start", message="required")
    assert _describe(InvalidInput(problems=(problem,))) == "first problem at experiences[0].start"
    assert _describe(Forbidden(action="publish a CV")) == "forbidden"
    assert _describe(Conflict(entity="cv", key="cv-1")) == "storage.conflict"


# --- exceptions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "exception",
    [ConfigurationError, StorageError, DeliveryError, ReferenceDataError],
)
def test_every_infrastructure_error_is_a_formlavoro_error(exception: type[Exception]) -> None:
    assert issubclass(exception, FormlavoroError)


def test_a_stale_or_duplicate_write_is_a_storage_error_naming_the_entity() -> None:
    error = DuplicateKeyError("account", "RSSMRA85T10A562S")
    assert isinstance(error, ConcurrencyConflictError)
    assert isinstance(error, StorageError)
    assert (error.entity, error.key) == ("account", "RSSMRA85T10A562S")
    assert "account" in str(error)


# --- codes are a stable public contract -----------------------------------------------


def _domain_error_classes() -> list[type[DomainError]]:
    """Every ``DomainError`` subclass defined anywhere in ``formlavoro_core``."""
    for info in pkgutil.walk_packages(formlavoro_core.__path__, "formlavoro_core."):
        importlib.import_module(info.name)
    found: set[type[DomainError]] = set()
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            module = sys.modules.get(sub.__module__)
            # attrs replaces a slotted class by a new one; keep only the published class.
            if sub.__module__.startswith("formlavoro_core.") and (
                getattr(module, sub.__qualname__, None) is sub
            ):
                found.add(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _has_static_code(cls: type[DomainError]) -> bool:
    return inspect.getattr_static(cls, "code") is inspect.getattr_static(DomainError, "code")


def _codes() -> dict[str, list[str]]:
    """Every code a failure can take, with the classes (or examples) that produce it."""
    codes: dict[str, list[str]] = {}
    for cls in _domain_error_classes():
        if _has_static_code(cls):
            codes.setdefault(cls.CODE, []).append(f"{cls.__module__}.{cls.__qualname__}")
        else:
            for example in DYNAMIC_CODE_EXAMPLES.get(cls, ()):
                codes.setdefault(example.code, []).append(f"{cls.__qualname__} {example!r}")
    return codes


def test_the_failures_of_every_context_are_found() -> None:
    names = {cls.__qualname__ for cls in _domain_error_classes()}
    assert {"NotFound", "InvalidInput", "InvalidFiscalCode", "BelowThreshold"} <= names


def test_a_failure_whose_code_depends_on_its_data_has_examples_here() -> None:
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _domain_error_classes()
        if not _has_static_code(cls) and cls not in DYNAMIC_CODE_EXAMPLES
    ]
    assert not missing, (
        f"{missing} override `code`: add examples of every code they produce to "
        "DYNAMIC_CODE_EXAMPLES"
    )


def test_every_failure_sets_its_own_code() -> None:
    inherited = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _domain_error_classes()
        if _has_static_code(cls) and cls.CODE == DomainError.CODE
    ]
    assert not inherited, f"{inherited} inherit the placeholder code {DomainError.CODE!r}"


def test_every_code_is_dotted_and_lower_case() -> None:
    malformed = sorted(code for code in _codes() if not CODE_PATTERN.fullmatch(code))
    assert not malformed, f"codes must look like 'cv.publish.below_threshold': {malformed}"


def test_no_two_failures_share_a_code() -> None:
    shared = {code: owners for code, owners in _codes().items() if len(owners) > 1}
    assert not shared, f"codes used by more than one failure: {shared}"


def test_no_published_code_disappears() -> None:
    gone = sorted(PUBLISHED_CODES - set(_codes()))
    assert not gone, f"codes are a public contract; these were renamed or dropped: {gone}"
