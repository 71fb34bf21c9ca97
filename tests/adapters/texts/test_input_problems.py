"""TX-1, TX-2: what is wrong with some input is said in the reader's language too.

A failure ``input.invalid`` lists its problems with their paths; each problem's words
come from the catalogues like every other text, whether the codec found it (a field of
the wrong type, an unknown field, a malformed fiscal code) or a value's own rules did.
"""

from __future__ import annotations

import ast
import pathlib

import attrs
import pytest

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_adapters.web import parse_offer_search, read_json
from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.locale import Language
from formlavoro_core.text import MAX_QUERY_WORDS

TRANSLATOR = GettextTranslator()
SOURCES = pathlib.Path(__file__).resolve().parents[3] / "src"


@attrs.frozen
class Booking:
    """A small value read from JSON, as an app's own form would be."""

    seats: int
    holder: FiscalCode


def _said(error: InvalidInput, language: Language) -> str:
    return TRANSLATOR.render(error.text, language)


@pytest.mark.parametrize(
    ("language", "wrong_type", "unknown", "fiscal_code"),
    [
        (
            Language.ITALIAN,
            "seats: serve un numero intero",
            "room: campo sconosciuto",
            "holder: Codice fiscale non valido",
        ),
        (
            Language.ENGLISH,
            "seats: expected an integer",
            "room: unknown field",
            "holder: Not a valid fiscal code",
        ),
        (
            Language.FRENCH,
            "seats : un nombre entier est attendu",
            "room : champ inconnu",
            "holder : Code fiscal non valide",
        ),
        (
            Language.GERMAN,
            "seats: eine ganze Zahl wird erwartet",
            "room: unbekanntes Feld",
            "holder: Keine gültige Steuernummer",
        ),
    ],
)
def test_tx_2_the_codecs_problems_are_said_in_the_readers_language(
    language: Language, wrong_type: str, unknown: str, fiscal_code: str
) -> None:
    """TX-2: the codec's own words (type, unknown field, fiscal code) follow the language."""
    body = b'{"seats": "2", "holder": "RSSMRA85T10A562X", "room": 1}'
    error = read_json(body, Booking, Codec.for_documents()).failure()
    said = _said(error, language)
    assert wrong_type in said
    assert unknown in said
    assert fiscal_code in said


def test_sec_5_a_malformed_fiscal_code_is_not_repeated_in_the_problem() -> None:
    """SEC-5: the problem names the broken rule, not the characters that were given."""
    body = b'{"seats": 2, "holder": "RSSMRA85T10A562X"}'
    error = read_json(body, Booking, Codec.for_documents()).failure()
    for language in Language:
        said = _said(error, language)
        assert "'X'" not in said
        assert "'S'" not in said
        assert "RSSMRA" not in said
    assert "the last character does not match the other 15" in _said(error, Language.ENGLISH)


def test_tx_2_a_values_own_rules_and_the_query_string_speak_german() -> None:
    """TX-2: problems a query finds itself, and those of the query string, in German."""
    too_many_words = " ".join(f"koch{index}" for index in range(MAX_QUERY_WORDS + 1))
    error = parse_offer_search({"text": too_many_words, "eures": "vielleicht"}).failure()
    said = _said(error, Language.GERMAN)
    assert "eures: wahr oder falsch" in said
    error = parse_offer_search({"text": too_many_words}).failure()
    assert "text: höchstens" in _said(error, Language.GERMAN)
    assert "Wörter" in _said(error, Language.GERMAN)


def _literal_messages(tree: ast.AST) -> list[int]:
    """Lines where a ``Problem`` or ``InvalidInput.at`` gets a plain string message."""
    found: list[int] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        message: ast.expr | None = None
        if name == "Problem":
            message = next((k.value for k in node.keywords if k.arg == "message"), None)
        elif name == "at" and len(node.args) == 2:
            message = node.args[1]
        if isinstance(message, ast.JoinedStr) or (
            isinstance(message, ast.Constant) and isinstance(message.value, str)
        ):
            found.append(node.lineno)
    return found


def test_tx_1_every_problem_the_library_reports_is_a_catalogue_text() -> None:
    """TX-1: no problem message of the library is a plain string the catalogues miss."""
    plain = {
        str(path.relative_to(SOURCES)): lines
        for path in sorted(SOURCES.rglob("*.py"))
        if (lines := _literal_messages(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert plain == {}
