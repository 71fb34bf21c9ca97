"""PostgreSQL: the words' index holds each offer's place, contract and profession too.

A search with words counts its total from the words' index (GIN on ``words_tsv``),
then reads every offer holding the words to check its other filters: at 1,000,000
offers a word in 17,000 of them read 16,000 pages of the table to count the 3,000 in
one province (105 ms). Migration 14 adds to each offer's ``words_tsv`` a lexeme for
its province, its municipality, its contract type and its profession at each of the
five levels, so that the index itself keeps only the offers in the province (or the
other places, contracts and professions the search names): the same count reads the
4,700 offers holding the word there (33 ms).

These lexemes start with ``~``, which no word of a document or of a query has
(:func:`formlavoro_core.text.words` keeps letters and digits): a word typed by a user,
taken as a prefix, never finds them. The SQLite storage counts from its narrow copies
of the offers instead (:mod:`~formlavoro_adapters.sql.narrow_offers`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from formlavoro_core.offers.query import OfferQuery

__all__ = ["WORDS_TSV", "filter_terms", "text_filters", "vacuum_offers", "with_filters"]

_MARKS = {
    "province": "~p",
    "workplace": "~w",
    "contract_type": "~c",
    **{f"prof_{level}": f"~{level}" for level in range(1, 6)},
}
"""Each column held in the words' index, and the mark its lexemes start with."""

WORDS_TSV = (
    "array_to_tsvector(string_to_array(words, ' ') || array_remove(ARRAY["
    + ", ".join(f"'{mark}' || {column}" for column, mark in _MARKS.items())
    + "], NULL))"
)
"""The words (the library's own, folded and blank-separated, taken as lexemes as they
are, without the text-search parser, which would split some: ``1e5x``) and the marked
filter values; a profession level the offer lacks (``NULL``) adds nothing."""


def _term(column: str, value: str) -> str:
    lexeme = f"{_MARKS[column]}{value}".replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


def filter_terms(query: OfferQuery) -> list[str]:
    """The ``tsquery`` terms of the query's filters held in the words' index, all required.

    A list of contract types is one term: any of them.
    """
    terms = []
    if query.province is not None:
        terms.append(_term("province", query.province))
    if query.municipality is not None:
        terms.append(_term("workplace", query.municipality))
    if query.contract_types:
        contracts = [_term("contract_type", contract.value) for contract in query.contract_types]
        terms.append(contracts[0] if len(contracts) == 1 else f"({' | '.join(contracts)})")
    if query.profession is not None:
        terms.append(_term(f"prof_{query.profession.count('.') + 1}", query.profession))
    return terms


def with_filters(words_query: str, terms: Sequence[str]) -> str:
    """A ``tsquery`` of the words (``fts_query``'s) and of the filters' terms."""
    return " & ".join((words_query, *terms))


_POSTGRES = (
    "ALTER TABLE offers DROP COLUMN words_tsv",  # its index goes with it
    f"ALTER TABLE offers ADD COLUMN words_tsv tsvector GENERATED ALWAYS AS ({WORDS_TSV}) STORED",
    "CREATE INDEX ix_offers_words ON offers USING GIN (words_tsv)",
)


def text_filters(connection: Connection) -> None:
    """Migration 14: ``words_tsv`` made again with the filters' lexemes (PostgreSQL).

    PostgreSQL 15 cannot change a generated column's expression, so the column is made
    again: the table is rewritten and its indexes built again (85 seconds for 1,000,000
    offers on a 2-core machine). SQLite records the version and changes nothing.
    """
    if connection.dialect.name != "postgresql":
        return
    for statement in _POSTGRES:
        connection.execute(text(statement))


def vacuum_offers(engine: Engine) -> None:
    """After migration 14 (PostgreSQL): ``VACUUM (ANALYZE)`` the rewritten offers.

    The new table's pages are not yet marked all-visible, so searches would read rows
    their indexes already answer, and the planner has no statistics of the new words'
    lexemes. Nothing to do on an empty table, nor on SQLite.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        if connection.exec_driver_sql("SELECT 1 FROM offers LIMIT 1").first() is not None:
            connection.exec_driver_sql("VACUUM (ANALYZE) offers")
