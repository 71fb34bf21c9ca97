"""TX-1: the catalogues are complete, consistent with the sources, and compiled."""

from __future__ import annotations

import gettext
import importlib.util
import pathlib
import string
import sys
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from formlavoro_adapters.texts import DOMAIN, LOCALES
from formlavoro_core.locale import Language

ROOT = pathlib.Path(__file__).resolve().parents[3]
TRANSLATED = [Language.ITALIAN, Language.FRENCH, Language.GERMAN]

# English words that other languages write the same way: proper nouns, codes, loanwords
# and the formats made only of placeholders. Any other entry that equals the English
# source is a translation someone forgot.
SAME_AS_ENGLISH = {
    Language.ITALIAN: {"account", "{path}: {problem}", "{problem}", "{day}"},
    Language.FRENCH: {
        "CV",
        "message",
        "active",
        "Date",
        "{problem}",
        "{day}",
        "{day} {month} {year}",
        "Messages",
        "Profession",
    },
    Language.GERMAN: {
        "April",
        "August",
        "September",
        "November",
        "Status",
        "{path}: {problem}",
        "{problem}",
    },
}
SAME_IN_EVERY_LANGUAGE = {"{day} {month} {year}", "{problem}", "{first}, {rest}"}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("messages", module)
    spec.loader.exec_module(module)
    return module


MESSAGES = _script()


def _catalogue(language: Language) -> Catalog:
    with (LOCALES / language.value / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle, locale=language.value)


def _entries(language: Language) -> list[Message]:
    return [message for message in _catalogue(language) if message.id]


def _forms(message: Message) -> tuple[str, ...]:
    value = message.string
    forms = value if isinstance(value, tuple) else (value,)
    return tuple(str(form or "") for form in forms)


def _ids(message: Message) -> tuple[str, ...]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return tuple(str(text) for text in ids)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_tx_1_every_entry_is_translated_in_every_language(language: Language) -> None:
    """TX-1: no entry of any catalogue lacks a translation (any plural form included)."""
    missing = [_ids(message)[0] for message in _entries(language) if not all(_forms(message))]
    assert not missing, missing


def test_tx_1_every_language_has_the_same_entries_as_the_sources() -> None:
    """TX-1: the catalogues hold exactly the texts marked in the sources (make messages)."""
    template = MESSAGES.extract()
    marked = {(message.context, _ids(message)) for message in template if message.id}
    assert len(marked) > 100
    for language in Language:
        held = {(message.context, _ids(message)) for message in _entries(language)}
        assert held == marked, (language, marked ^ held)


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_tx_1_placeholders_are_the_same_in_source_and_translation(language: Language) -> None:
    """TX-1: a translation uses exactly the placeholders of its source, in every form."""
    wrong = []
    for message in _entries(language):
        expected = set().union(*(_placeholders(text) for text in _ids(message)))
        for form in _forms(message):
            # A singular form may leave the number out ("un messaggio"), never add one.
            found = _placeholders(form)
            if not found <= expected or not expected - {"count"} <= found:
                wrong.append((_ids(message)[0], form))
    assert not wrong, wrong


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.value)
def test_tx_1_translations_differ_from_the_english_source(language: Language) -> None:
    """TX-1: an entry equal to its English source is a proper noun, a code or a format."""
    same = {
        _ids(message)[0] for message in _entries(language) if _forms(message)[0] == _ids(message)[0]
    }
    assert same <= SAME_AS_ENGLISH[language] | SAME_IN_EVERY_LANGUAGE, sorted(
        same - SAME_AS_ENGLISH[language]
    )


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
def test_tx_1_compiled_catalogues_are_up_to_date_with_their_sources(language: Language) -> None:
    """TX-1: each shipped ``.mo`` holds exactly what its ``.po`` says (none is stale)."""
    folder = LOCALES / language.value / "LC_MESSAGES"
    with (folder / f"{DOMAIN}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalogue = _catalogue(language)
    assert MESSAGES.mo_entries((folder / f"{DOMAIN}.mo").read_bytes()) == MESSAGES.mo_entries(
        MESSAGES.mo_bytes(catalogue)
    )
    for message in _entries(language):
        singular = _ids(message)[0]
        if isinstance(message.id, tuple):
            got = (
                compiled.npgettext(message.context, singular, message.id[1], 1)
                if (message.context)
                else compiled.ngettext(singular, message.id[1], 1)
            )
        elif message.context:
            got = compiled.pgettext(message.context, singular)
        else:
            got = compiled.gettext(singular)
        assert got == _forms(message)[0], singular


def test_tx_1_make_messages_would_change_nothing() -> None:
    """TX-1: ``make messages --check`` passes: sources, ``.po`` and ``.mo`` agree."""
    assert MESSAGES.main(["--check"]) == 0


def test_tx_1_the_catalogues_ship_in_the_package() -> None:
    """TX-1: the compiled catalogues are package data of ``formlavoro_adapters``."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"texts/locales/*/LC_MESSAGES/*.mo"' in pyproject
    for language in Language:
        assert (LOCALES / language.value / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
