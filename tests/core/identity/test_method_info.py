"""ID-5: how to obtain each login method's credentials, in Italian, English, French, German."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.identity.method_info import MethodInfo, method_info
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.locale import Language

CLOSED_FROM = datetime.date(2021, 2, 28)  # ID-3 defaults
LOGIN_UNTIL = datetime.date(2021, 9, 30)

# A word each language's texts use and the other two never do.
MARKERS = {
    Language.ITALIAN: r"\bdi\b",
    Language.ENGLISH: r"\bthe\b",
    Language.FRENCH: r"\bvous\b",
    Language.GERMAN: r"\bSie\b",
}
TRANSLATOR = GettextTranslator()

ALL_PAIRS = list(itertools.product(LoginMethod, Language))


def info(
    method: LoginMethod,
    language: Language,
    closed_from: datetime.date = CLOSED_FROM,
    login_until: datetime.date = LOGIN_UNTIL,
) -> MethodInfo:
    return method_info(
        method,
        language,
        self_registration_closed_from=closed_from,
        regional_login_until=login_until,
        translator=TRANSLATOR,
    )


@pytest.mark.parametrize(("method", "language"), ALL_PAIRS)
def test_id_5_every_method_has_a_title_and_text_in_the_requested_language(
    method: LoginMethod, language: Language
) -> None:
    """ID-5: every method has a title and text in the requested language."""
    answer = info(method, language)
    assert answer.method is method
    assert answer.language is language
    assert answer.title.strip()
    assert answer.text.strip()
    assert re.search(MARKERS[language], answer.text, flags=re.IGNORECASE)
    for other, marker in MARKERS.items():
        if other is not language:
            assert not re.search(marker, answer.text, flags=re.IGNORECASE), other


@pytest.mark.parametrize(("method", "language"), ALL_PAIRS)
def test_id_5_texts_are_short_three_to_five_sentences(
    method: LoginMethod, language: Language
) -> None:
    """ID-5: texts are short three to five sentences."""
    text = info(method, language).text
    # Sentence ends: a full stop followed by a space and a capital, or the end; not the
    # dot of a German ordinal ("16. Juli").
    sentences = re.findall(r"(?<!\d)[.!?](?=\s+[A-ZÀ-Ý]|$)", text)
    assert 3 <= len(sentences) <= 5, text
    assert "{" not in text
    assert "}" not in text


@pytest.mark.parametrize("method", list(LoginMethod))
def test_id_5_titles_differ_between_languages(method: LoginMethod) -> None:
    """ID-5: titles differ between languages."""
    titles = {info(method, language).title for language in Language}
    assert len(titles) == len(Language)


@pytest.mark.parametrize(("method", "language"), ALL_PAIRS)
def test_id_5_every_link_is_https(method: LoginMethod, language: Language) -> None:
    """ID-5: every link is https."""
    for link in info(method, language).links:
        assert link.startswith("https://")


def test_id_5_spid_and_cie_link_to_their_official_sites() -> None:
    """ID-5: spid and cie link to their official sites."""
    for language in Language:
        assert info(LoginMethod.SPID, language).links == ("https://www.spid.gov.it",)
        assert info(LoginMethod.CIE, language).links == (
            "https://www.cartaidentita.interno.gov.it",
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (Language.ITALIAN, ("gestori di identità", "livell", "AgID")),
        (Language.ENGLISH, ("identity providers", "level", "AgID")),
        (Language.FRENCH, ("fournisseurs d'identité", "niveau", "AgID")),
        (Language.GERMAN, ("Identitätsanbieter", "Stufe", "AgID")),
    ],
)
def test_id_5_spid_text_names_the_accredited_providers_and_the_levels(
    language: Language, words: tuple[str, ...]
) -> None:
    """ID-5: spid text names the accredited providers and the levels."""
    text = info(LoginMethod.SPID, language).text
    for word in words:
        assert word in text


@pytest.mark.parametrize("language", list(Language))
def test_id_5_cie_text_explains_the_cieid_app_the_reader_and_the_pin(
    language: Language,
) -> None:
    """ID-5: cie text explains the cieid app the reader and the pin."""
    text = info(LoginMethod.CIE, language).text
    for word in ("CieID", "PIN", "NFC"):
        assert word in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (Language.ITALIAN, ("attivarla", "PIN", "lettore di smart card")),
        (Language.ENGLISH, ("activate", "PIN", "smart-card reader")),
        (Language.FRENCH, ("activer", "PIN", "lecteur de cartes à puce")),
        (Language.GERMAN, ("aktivieren", "PIN", "Chipkartenlesegerät")),
    ],
)
def test_id_5_cns_text_explains_activation_pin_and_reader(
    language: Language, words: tuple[str, ...]
) -> None:
    """ID-5: cns text explains activation pin and reader."""
    text = info(LoginMethod.CNS, language).text
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("language", "closed_from", "login_until"),
    [
        (Language.ITALIAN, "28 febbraio 2021", "30 settembre 2021"),
        (Language.ENGLISH, "28 February 2021", "30 September 2021"),
        (Language.FRENCH, "28 février 2021", "30 septembre 2021"),
        (Language.GERMAN, "28. Februar 2021", "30. September 2021"),
    ],
)
def test_id_5_regional_text_quotes_the_id_3_dates_in_words(
    language: Language, closed_from: str, login_until: str
) -> None:
    """ID-5: regional text quotes the id 3 dates in words."""
    text = info(LoginMethod.REGIONAL, language).text
    assert closed_from in text
    assert login_until in text
    assert "76" in text
    assert "2020" in text
    for method in ("SPID", "CIE", "CNS"):
        assert method in text


@pytest.mark.parametrize(
    ("language", "closed_from", "login_until"),
    [
        (Language.ITALIAN, "dal giorno 1º marzo 2022", "fino al giorno 8 agosto 2023 compreso"),
        (Language.ENGLISH, "from 1 March 2022", "up to and including 8 August 2023"),
        (Language.FRENCH, "à partir du 1er mars 2022", "jusqu'au 8 août 2023 inclus"),
        (Language.GERMAN, "ab dem 1. März 2022", "bis einschließlich 8. August 2023"),
    ],
)
def test_id_5_regional_text_follows_the_configured_dates(
    language: Language, closed_from: str, login_until: str
) -> None:
    """ID-5: regional text follows the configured dates."""
    text = info(
        LoginMethod.REGIONAL,
        language,
        closed_from=datetime.date(2022, 3, 1),
        login_until=datetime.date(2023, 8, 8),
    ).text
    assert closed_from in text
    assert login_until in text
    assert "2021" not in text


@given(
    language=st.sampled_from(Language),
    closed_from=st.dates(),
    login_until=st.dates(),
)
def test_id_5_regional_text_changes_with_the_dates_and_other_texts_do_not(
    language: Language, closed_from: datetime.date, login_until: datetime.date
) -> None:
    """ID-5: regional text changes with the dates and other texts do not."""
    regional = info(LoginMethod.REGIONAL, language, closed_from, login_until).text
    assert str(closed_from.year) in regional
    assert str(login_until.year) in regional
    if (closed_from, login_until) != (CLOSED_FROM, LOGIN_UNTIL):
        assert regional != info(LoginMethod.REGIONAL, language).text
    for method in (LoginMethod.SPID, LoginMethod.CIE, LoginMethod.CNS):
        assert info(method, language, closed_from, login_until) == info(method, language)


def test_id_5_an_info_with_a_plain_http_link_cannot_be_built() -> None:
    """ID-5: an info with a plain http link cannot be built."""
    with pytest.raises(ValueError, match="https"):
        MethodInfo(
            method=LoginMethod.SPID,
            language=Language.ENGLISH,
            title="SPID",
            text="Text.",
            links=("http://www.spid.gov.it",),
        )
