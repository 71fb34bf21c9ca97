"""ISTAT CP2021 professions: a shipped sample, or ISTAT's own classification file (ON-3).

**The sample** (``data/cp2021_sample.csv``) holds the nine grandi gruppi and the full
chain of levels above 38 unità professionali useful for a demo (cooks, bartenders,
shop assistants and cashiers, programmers and web technicians, doctors, pharmacists,
teachers, secretaries, bookkeepers, builders, welders, truck and forklift drivers,
delivery workers, farm hands, employment-service technicians...). Provenance, per level:

* grandi gruppi: ISTAT's titles, the same in CP2011 and CP2021;
* gruppi: ISTAT's CP2011 group titles, which CP2021 keeps for the groups sampled, and
  the new ICT group 2.7 as ISTAT announced it (January 2024);
* classi and unità professionali: CP2021 codes and titles as published with the
  classification (ISTAT, in force since 1 January 2023), cross-checked against public
  copies of the CP2021 class list and of the 813 unità professionali;
* categorie: only single-unit categories, whose title is the unit's title; units in
  multi-unit categories (nurses, waiters, software analysts, plumbers, electricians,
  cleaners) are left out rather than given a guessed category title. Load ISTAT's file
  to have them all.

**ISTAT's file**: ISTAT publishes CP2021 as a spreadsheet; save the sheet as CSV and
pass it to :meth:`Cp2021Professions.from_istat_file`. Two layouts are recognised by
their header, whatever the case, accents, separator (``;``, ``,``, tab) and encoding
(UTF-8 or Windows-1252):

* one row per node: a code column (``Codice``, ``Cod``, ``Codice CP2021``...) and a
  title column (``Nome``, ``Denominazione``, ``Titolo``, ``Descrizione``...);
* one row per unit with its ancestors: ``cod_1``/``nome_1`` up to ``cod_5``/``nome_5``
  (any subset of levels).

>>> sample = Cp2021Professions.sample()
>>> sample.profession("5.2.2.1.0").title
'Cuochi in alberghi e ristoranti'
>>> [p.code for p in sample.professions(parent="5.2.2")]
['5.2.2.1', '5.2.2.4']
"""

from __future__ import annotations

import re
from importlib import resources
from typing import TYPE_CHECKING, Final

from formlavoro_adapters.reference._tables import Table, read_table
from formlavoro_core.errors import ReferenceDataError
from formlavoro_core.reference.classifications import (
    Profession,
    fold_text,
    profession_code_is_well_formed,
)
from formlavoro_core.reference.static import StaticReferenceData

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

__all__ = ["Cp2021Professions"]

_SAMPLE: Final = "cp2021_sample.csv"
_CODE_HEADERS: Final = frozenset(
    {"codice", "cod", "code", "codice_cp2021", "codice_professione", "cod_professione", "cp2021"}
)
_TITLE_HEADERS: Final = frozenset(
    {
        "nome",
        "denominazione",
        "titolo",
        "title",
        "descrizione",
        "nome_professione",
        "denominazione_professione",
    }
)
_WIDE_CODE: Final = re.compile(r"(?:cod|codice)_?([1-5])")
_WIDE_TITLE: Final = re.compile(r"(?:nome|denominazione|titolo|descrizione)_?([1-5])")


class Cp2021Professions:
    """CP2021 professions held in memory; implements the profession part of the port.

    Build it with :meth:`sample` or :meth:`from_istat_file`, or from any iterable of
    :class:`~formlavoro_core.reference.Profession`.
    """

    def __init__(self, professions: Iterable[Profession]) -> None:
        loaded = tuple(professions)
        self._data = StaticReferenceData(professions=loaded)
        self._size = len(loaded)

    @classmethod
    def sample(cls) -> Cp2021Professions:
        """The sample shipped with the package (see the module documentation)."""
        resource = resources.files("formlavoro_adapters.reference").joinpath("data", _SAMPLE)
        table = read_table(resource.read_bytes(), source=f"formlavoro sample {_SAMPLE}")
        return cls(_professions(table))

    @classmethod
    def from_istat_file(cls, path: Path) -> Cp2021Professions:
        """Load ISTAT's CP2021 classification, saved as CSV, from ``path``.

        Raises:
            ReferenceDataError: when the file cannot be read, has no recognisable code
                and title columns, or a row holds a malformed code, a blank title or a
                title conflicting with an earlier row; the message names file and line.
        """
        try:
            data = path.read_bytes()
        except OSError as error:
            msg = f"{path}: cannot read the CP2021 file ({error.strerror or error})"
            raise ReferenceDataError(msg) from error
        return cls(_professions(read_table(data, source=str(path))))

    def __len__(self) -> int:
        """How many professions (nodes of every level) are loaded."""
        return self._size

    def profession(self, code: str) -> Profession | None:
        """See :meth:`formlavoro_core.reference.ProfessionReference.profession`."""
        return self._data.profession(code)

    def professions(self, *, parent: str | None = None) -> Sequence[Profession]:
        """See :meth:`formlavoro_core.reference.ProfessionReference.professions`."""
        return self._data.professions(parent=parent)

    def find_professions(self, text: str, *, limit: int = 20) -> Sequence[Profession]:
        """See :meth:`formlavoro_core.reference.ProfessionReference.find_professions`."""
        return self._data.find_professions(text, limit=limit)


def _professions(table: Table) -> tuple[Profession, ...]:
    columns = _column_pairs(table)
    titles: dict[str, str] = {}
    for line, row in table.rows:
        for code_column, title_column in columns:
            code = row[code_column] if code_column < len(row) else ""
            title = row[title_column] if title_column < len(row) else ""
            if not code and not title:
                continue
            _check(table, line, code, title, titles.get(code))
            titles[code] = title
    if not titles:
        msg = f"{table.source}: no professions found"
        raise ReferenceDataError(msg)
    return tuple(Profession(code=code, title=title) for code, title in titles.items())


def _check(table: Table, line: int, code: str, title: str, earlier: str | None) -> None:
    if not profession_code_is_well_formed(code):
        raise table.error(line, f"not a CP2021 code: {code!r}")
    if not title:
        raise table.error(line, f"profession {code} has no title")
    if earlier is not None and earlier != title:
        raise table.error(line, f"profession {code} is titled both {earlier!r} and {title!r}")


def _column_pairs(table: Table) -> tuple[tuple[int, int], ...]:
    names = [fold_text(name).replace(" ", "_").replace("-", "_") for name in table.header]
    wide_codes = {m.group(1): i for i, n in enumerate(names) if (m := _WIDE_CODE.fullmatch(n))}
    wide_titles = {m.group(1): i for i, n in enumerate(names) if (m := _WIDE_TITLE.fullmatch(n))}
    levels = sorted(wide_codes.keys() & wide_titles.keys())
    if levels:
        return tuple((wide_codes[level], wide_titles[level]) for level in levels)
    code = next((i for i, name in enumerate(names) if name in _CODE_HEADERS), None)
    title = next((i for i, name in enumerate(names) if name in _TITLE_HEADERS), None)
    if code is None or title is None:
        raise table.error(
            table.header_line,
            "no CP2021 code and title columns in the header "
            f"{list(table.header)!r}; expected e.g. 'Codice;Nome' or 'cod_5;nome_5'",
        )
    return ((code, title),)
