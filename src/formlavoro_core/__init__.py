"""formlavoro's core: every rule of a public job-and-training portal, with no I/O.

Build a :class:`Portal` with ``formlavoro_adapters.bootstrap(...)``; every use case takes
the acting principal and returns a ``returns.result.Result``.

>>> from formlavoro_core import Portal, PortalConfig, FiscalCode
>>> FiscalCode.parse("rssmra85t10a562s").gender
'M'
"""

from formlavoro_core._version import __version__
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import (
    ConfigurationError,
    Conflict,
    DeliveryError,
    DomainError,
    Forbidden,
    FormlavoroError,
    InvalidInput,
    NotFound,
    Problem,
    StorageError,
)
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.locale import Language
from formlavoro_core.portal import Portal
from formlavoro_core.principals import (
    ANONYMOUS,
    SYSTEM,
    Anonymous,
    CitizenPrincipal,
    Principal,
    System,
)

__all__ = [
    "ANONYMOUS",
    "SYSTEM",
    "Anonymous",
    "AssuranceLevel",
    "CitizenPrincipal",
    "ConfigurationError",
    "Conflict",
    "DeliveryError",
    "DomainError",
    "FiscalCode",
    "Forbidden",
    "FormlavoroError",
    "IdentityAssertion",
    "InvalidInput",
    "Language",
    "LoginMethod",
    "NotFound",
    "Portal",
    "PortalConfig",
    "Principal",
    "Problem",
    "StorageError",
    "System",
    "__version__",
]
