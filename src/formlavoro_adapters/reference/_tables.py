"""Reading the delimited text tables that statistical offices publish.

ISTAT's tables reach users as CSV exported from spreadsheets: UTF-8 (with or without a
byte-order mark) or Windows-1252, separated by semicolons (the Italian Excel default),
commas or tabs. Leading lines starting with ``#`` are comments (our own data files use
them to record provenance). Every problem is reported with the source and the line.
"""

from __future__ import annotations

import csv
import importlib
import io
from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_core.errors import ConfigurationError, ReferenceDataError

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["Table", "read_table", "require_module"]

_DELIMITERS: Final = (";", "\t", ",", "|")
_ENCODINGS: Final = ("utf-8-sig", "cp1252")


@attrs.frozen(kw_only=True)
class Table:
    """A parsed table: its header and its non-blank rows with their line numbers."""

    source: str
    header_line: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def error(self, line: int, problem: str) -> ReferenceDataError:
        """An error locating ``problem`` at ``line`` of this table's source."""
        return ReferenceDataError(f"{self.source}, line {line}: {problem}")


def read_table(data: bytes, *, source: str) -> Table:
    """Parse ``data`` (the bytes of a file named ``source``) into a :class:`Table`.

    Raises:
        ReferenceDataError: when there is no header or the text cannot be decoded.
    """
    text = _decode(data, source)
    lines = text.splitlines()
    first = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
        None,
    )
    if first is None:
        msg = f"{source}: no header line found (the file is empty or only has comments)"
        raise ReferenceDataError(msg)
    delimiter = max(_DELIMITERS, key=lines[first].count)
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter)
    try:
        header = tuple(cell.strip() for cell in next(reader))
        rows = tuple(
            (first + reader.line_num, tuple(cell.strip() for cell in row))
            for row in reader
            if any(cell.strip() for cell in row)
        )
    except csv.Error as error:
        msg = f"{source}, line {first + reader.line_num}: {error}"
        raise ReferenceDataError(msg) from error
    return Table(source=source, header_line=first + 1, header=header, rows=rows)


def _decode(data: bytes, source: str) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    msg = f"{source}: not text in UTF-8 or Windows-1252"
    raise ReferenceDataError(msg)


def require_module(name: str) -> ModuleType:
    """Import an optional dependency of the reference adapters.

    Raises:
        ConfigurationError: when it is not installed, naming the extra that brings it.
    """
    try:
        return importlib.import_module(name)
    except ImportError as error:
        msg = (
            f"the default reference data needs the {name!r} package: "
            "install the formlavoro[reference] extra (pip install 'formlavoro[reference]')"
        )
        raise ConfigurationError(msg) from error
