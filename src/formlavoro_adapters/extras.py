"""What each optional extra of ``formlavoro`` brings: the modules its adapters import.

The core needs only its own dependencies; every other import of the library belongs to
one extra (``pip install 'formlavoro[sql]'``), declared here once. The command line
uses it to turn a missing module into a one-line advice, and a test checks that the
declarations match both the imports of the source and ``pyproject.toml``.

>>> extra_for("sqlalchemy.engine")
'sql'
>>> extra_for("json") is None
True
>>> print(missing_extra_advice(ModuleNotFoundError("No module named 'fpdf'", name="fpdf")))
this needs the fpdf module: install formlavoro[documents]
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["CORE_IMPORTS", "EXTRA_IMPORTS", "extra_for", "missing_extra_advice"]

CORE_IMPORTS: Final = frozenset({"attrs", "cattrs", "returns", "dateutil"})
"""The top-level modules the core imports besides the standard library."""

EXTRA_IMPORTS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        # The default reference data: ATECO 2025 sectors, Italian municipalities.
        "reference": frozenset({"ateco", "codicefiscale"}),
        # SQLite storage (and the SAML replay store on SQL).
        "sql": frozenset({"sqlalchemy", "orjson"}),
        # PostgreSQL storage: psycopg is loaded by SQLAlchemy's dialect.
        "postgres": frozenset({"sqlalchemy", "orjson", "psycopg"}),
        # Tickets with a QR code, PDF reports, iCalendar files.
        "documents": frozenset({"fpdf", "segno", "icalendar"}),
        # Argon2id passwords, CNS and CIE client certificates.
        "identity": frozenset({"argon2", "cryptography"}),
        # SPID and CIE over SAML: pysaml2, with safe XML parsing of the responses.
        "spid": frozenset({"saml2", "defusedxml", "cryptography"}),
        # formlavoro_core.testing: the contract suites and the hypothesis strategies.
        "dev": frozenset({"pytest", "hypothesis"}),
    }
)
"""For each extra, the top-level modules that installing it makes importable."""

# Where a module belongs to several extras, the one to advise (the smallest).
_ADVISED: Final = {"sqlalchemy": "sql", "orjson": "sql", "cryptography": "identity"}


def extra_for(module: str) -> str | None:
    """The extra that brings ``module`` (a dotted name), or ``None`` if none does."""
    top = module.partition(".")[0]
    if top in _ADVISED:
        return _ADVISED[top]
    for extra, modules in EXTRA_IMPORTS.items():
        if top in modules:
            return extra
    return None


def missing_extra_advice(error: ModuleNotFoundError) -> str | None:
    """One line naming the extra that would bring the missing module, if one does."""
    name = error.name or ""
    extra = extra_for(name)
    if extra is None:
        return None
    return f"this needs the {name.partition('.')[0]} module: install formlavoro[{extra}]"
