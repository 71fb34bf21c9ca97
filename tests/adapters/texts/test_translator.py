"""TX-2, TX-3: texts rendered in the reader's language, and a portal's own wording first."""

from __future__ import annotations

import datetime as dt
import pathlib
import zoneinfo

import attrs
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from formlavoro_adapters import (
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    Settings,
    bootstrap,
)
from formlavoro_adapters.texts import DOMAIN, GettextTranslator
from formlavoro_core.courses.failures import CourseWithdrawn
from formlavoro_core.errors import ConfigurationError, Forbidden, InvalidInput, NotFound
from formlavoro_core.identity.failures import InvalidCredentials
from formlavoro_core.ids import CourseId
from formlavoro_core.locale import Language
from formlavoro_core.messaging.labels import unread_count
from formlavoro_core.portal import Portal
from formlavoro_core.texts import Text, _, _p
from tests.support import START, reference

TRANSLATOR = GettextTranslator()


def _portal(**settings: object) -> Portal:
    return bootstrap(
        Settings(storage="memory", **settings),  # type: ignore[arg-type]
        clock=SettableClock(START),
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=reference(),
    )


def _override(
    folder: pathlib.Path, language: str, entries: dict[str | tuple[str, str], str]
) -> None:
    """Write a portal's own compiled catalogue for ``language`` into ``folder``."""
    catalogue = Catalog(locale=language)
    for key, string in entries.items():
        context, message = key if isinstance(key, tuple) else (None, key)
        catalogue.add(message, string, context=context)
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalogue)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (Language.ITALIAN, "Elemento non trovato: offerta di lavoro con chiave 'of-1'."),
        (Language.ENGLISH, "No job offer with key 'of-1'."),
        (Language.FRENCH, "Introuvable : offre d'emploi avec la clé 'of-1'."),
        (Language.GERMAN, "Nicht gefunden: Stellenangebot mit dem Schlüssel 'of-1'."),
    ],
)
def test_tx_2_any_failure_renders_in_any_supported_language(
    language: Language, expected: str
) -> None:
    """TX-2: one failure value, four languages; labels inside it follow the language."""
    assert TRANSLATOR.render(NotFound(entity="offer", key="of-1").text, language) == expected


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [
        (Language.ITALIAN, "1 messaggio non letto", "3 messaggi non letti"),
        (Language.ENGLISH, "1 unread message", "3 unread messages"),
        (Language.FRENCH, "1 message non lu", "3 messages non lus"),
        (Language.GERMAN, "1 ungelesene Nachricht", "3 ungelesene Nachrichten"),
    ],
)
def test_tx_1_a_number_shown_takes_the_plural_form_of_the_language(
    language: Language, one: str, three: str
) -> None:
    """TX-1: "1 messaggio non letto", "3 messaggi non letti"; French counts 0 as singular."""
    assert TRANSLATOR.render(unread_count(1), language) == one
    assert TRANSLATOR.render(unread_count(3), language) == three
    zero = TRANSLATOR.render(unread_count(0), language)
    assert zero == ("0 message non lu" if language is Language.FRENCH else three.replace("3", "0"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (Language.ITALIAN, "1º marzo 2026, ore 00:30"),
        (Language.ENGLISH, "1 March 2026, 00:30"),
        (Language.FRENCH, "1er mars 2026 à 00:30"),
        (Language.GERMAN, "1. März 2026, 00:30 Uhr"),
    ],
)
def test_tx_2_times_are_shown_in_rome_in_each_languages_format(
    language: Language, expected: str
) -> None:
    """TX-2: an instant is shown in Europe/Rome (UTC+1 in winter), the language's way."""
    withdrawn = CourseWithdrawn(
        course_id=CourseId("c-1"), withdrawn_at=dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)
    )
    assert expected in TRANSLATOR.render(withdrawn.text, language)


def test_tx_2_summer_time_moves_the_hour_shown() -> None:
    """TX-2: in summer Rome is UTC+2; the translator's time zone is a setting."""
    moment = _("{at}", at=dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC))
    assert TRANSLATOR.render(moment, Language.ITALIAN) == "1º luglio 2026, ore 12:00"
    paris_free = GettextTranslator(timezone=zoneinfo.ZoneInfo("UTC"))
    assert paris_free.render(moment, Language.ITALIAN) == "1º luglio 2026, ore 10:00"


def test_tx_2_a_day_is_written_in_each_language_however_often_it_is_shown() -> None:
    """TX-2: days are written out once per language and then reused; a day shown in one
    language never comes out in another's words, nor after many other days."""
    translator = GettextTranslator()
    day = _("{day}", day=dt.date(2026, 12, 3))
    expected = {
        Language.ITALIAN: "3 dicembre 2026",
        Language.ENGLISH: "3 December 2026",
        Language.FRENCH: "3 décembre 2026",
        Language.GERMAN: "3. Dezember 2026",
    }
    for _round in range(2):
        for language, written in expected.items():
            assert translator.render(day, language) == written
    first = dt.date(2020, 1, 1)
    for offset in range(1_500):  # more days than are kept
        shown = first + dt.timedelta(days=offset)
        assert translator.render(_("{day}", day=shown), Language.ENGLISH).endswith(str(shown.year))
    assert {language: translator.render(day, language) for language in expected} == expected


def test_tx_2_texts_inside_texts_and_lists_render_in_the_same_language() -> None:
    """TX-2: a label parameter and each problem of a list follow the outer language."""
    error = InvalidInput(
        problems=(
            InvalidInput.at("file", _("is empty")).problems[0],
            InvalidInput.at("title", "too long").problems[0],
        )
    )
    assert TRANSLATOR.render(error.text, Language.GERMAN) == (
        "Die Eingabe hat 2 Probleme: file: ist leer; title: too long"
    )


def test_tx_2_an_unknown_text_comes_out_in_its_english_source() -> None:
    """TX-2: a text no catalogue has (an app's own) is shown as written, filled in."""
    assert TRANSLATOR.render(_("Hello {name}", name="Anna"), Language.GERMAN) == "Hello Anna"


def test_tx_2_error_message_speaks_the_portals_default_language() -> None:
    """TX-2: ``error.message`` is Italian by default, English with FORMLAVORO_LANGUAGE=en."""
    error = Forbidden(action="publish offers")
    portal = _portal()
    assert error.message == "Non sei autorizzato a pubblicare offerte di lavoro."
    assert error.to_dict()["message"] == error.message
    assert portal.texts.default_language is Language.ITALIAN
    english = bootstrap(
        Settings.from_env({"FORMLAVORO_STORAGE": "memory", "FORMLAVORO_LANGUAGE": "en"}),
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=reference(),
    )
    assert english.texts.default_language is Language.ENGLISH
    assert error.message == "You are not allowed to publish job offers."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", Language.GERMAN),
        ("fr-CH, fr;q=0.9", Language.FRENCH),
        ("en-GB;q=0.8, it;q=0.9", Language.ITALIAN),
        ("es, pt;q=0.9", Language.ITALIAN),
        ("", Language.ITALIAN),
        (None, Language.ITALIAN),
        ("de;q=abc, en;q=0.1", Language.ENGLISH),
    ],
)
def test_tx_2_a_failure_renders_for_the_requests_accept_language(
    header: str | None, expected: Language
) -> None:
    """TX-2: ``portal.texts.negotiate`` picks the request's language; ``render`` uses it."""
    portal = _portal()
    assert portal.texts.negotiate(header) is expected
    error = NotFound(entity="course", key="c-9")
    assert portal.texts.render(error, portal.texts.negotiate(header)) == TRANSLATOR.render(
        error.text, expected
    )


def test_tx_2_portal_texts_render_in_the_default_language_when_none_is_asked() -> None:
    """TX-2: ``portal.texts.render(text)`` speaks the portal's default language."""
    portal = _portal(language="de")
    assert portal.texts.render(_p("offer status", "closed")) == "geschlossen"
    assert set(portal.texts.languages) == set(Language)


def test_tx_2_an_unknown_default_language_names_the_setting() -> None:
    """TX-2: the default language is one of the four; another names its variable."""
    with pytest.raises(ConfigurationError, match=r"FORMLAVORO_LANGUAGE.*'es'.*it, en, fr, de"):
        _portal(language="es")


def test_tx_3_a_portals_own_catalogue_wins_entry_by_entry(tmp_path: pathlib.Path) -> None:
    """TX-3: the portal's folder replaces the entries it has and no other."""
    _override(
        tmp_path,
        "it",
        {
            ("record", "recruitment day"): "giornata del lavoro",
            "This event is over.": "Questa giornata del lavoro è terminata.",
        },
    )
    translator = GettextTranslator(overrides=tmp_path)
    over = Text(message="This event is over.")
    assert translator.render(over, Language.ITALIAN) == "Questa giornata del lavoro è terminata."
    assert translator.render(NotFound(entity="event", key="e-1").text, Language.ITALIAN) == (
        "Elemento non trovato: giornata del lavoro con chiave 'e-1'."
    )
    # Entries the folder lacks, and languages it lacks, keep the library's wording.
    assert translator.render(_("This ticket was used already."), Language.ITALIAN) == (
        "Questo biglietto è già stato usato."
    )
    assert translator.render(over, Language.FRENCH) == "Cette journée de recrutement est terminée."


def test_tx_3_the_folder_is_a_setting_of_bootstrap(tmp_path: pathlib.Path) -> None:
    """TX-3: FORMLAVORO_TEXTS_DIR gives the folder; the portal's failures use it."""
    _override(
        tmp_path, "en", {"Wrong username or password.": "Username or password not recognised."}
    )
    settings = Settings.from_env(
        {
            "FORMLAVORO_STORAGE": "memory",
            "FORMLAVORO_TEXTS_DIR": str(tmp_path),
            "FORMLAVORO_LANGUAGE": "en",
        }
    )
    assert settings.texts_dir == tmp_path
    portal = bootstrap(settings, passwords=ScryptPasswordHasher(log2_n=4), reference=reference())
    assert InvalidCredentials().message == "Username or password not recognised."
    assert (
        portal.texts.render(InvalidCredentials(), Language.ITALIAN)
        == "Nome utente o password errati."
    )


def test_tx_3_an_override_with_a_wrong_placeholder_falls_back_to_the_source(
    tmp_path: pathlib.Path,
) -> None:
    """TX-3: a broken override never breaks a page: the source wording is shown."""
    _override(tmp_path, "it", {"No {entity} with key {key}.": "Manca {entita} {key}."})
    translator = GettextTranslator(overrides=tmp_path)
    assert translator.render(NotFound(entity="cv", key="k").text, Language.ITALIAN) == (
        "No curriculum with key 'k'."
    )


def test_tx_3_a_missing_folder_names_the_setting(tmp_path: pathlib.Path) -> None:
    """TX-3: a folder that is not there is a configuration error naming the variable."""
    with pytest.raises(ConfigurationError, match="FORMLAVORO_TEXTS_DIR"):
        GettextTranslator(overrides=tmp_path / "nowhere")
    assert attrs.fields(Settings).texts_dir.default is None
