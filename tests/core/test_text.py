"""Free-text matching (OF-4): words, accents, case, prefixes, and no query syntax."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_core.text import Document, matches, query_words, words

# Latin letters with and without accents, digits and the punctuation people type.
latin_text = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàèéìòùÀÈÉÌÒÙçñäöü0123456789"
        " .,;:'\"\u2019-_/()*+!?«»\t\n"
    ),
    max_size=60,
)
any_text = st.text(max_size=40)
ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)


def _defined_words(text: str) -> tuple[str, ...]:
    """The definition, character by character: NFKD, no marks, case-folded, L*/N* runs."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    found: list[str] = []
    current = ""
    for char in folded.casefold():
        if unicodedata.category(char)[0] in "LN":
            current += char
        elif current:
            found.append(current)
            current = ""
    return (*found, current) if current else tuple(found)


class TestWords:
    def test_words_are_runs_of_letters_and_digits(self) -> None:
        assert words("Cuoco/a, 2 turni: 8-16 e 16-24.") == (
            "cuoco",
            "a",
            "2",
            "turni",
            "8",
            "16",
            "e",
            "16",
            "24",
        )

    def test_accents_are_removed_and_case_is_folded(self) -> None:
        assert words("Perché CAFFÈ Città") == ("perche", "caffe", "citta")

    def test_an_accent_written_as_a_combining_mark_is_removed_too(self) -> None:
        assert words("caffe\u0300 perche\u0301") == ("caffe", "perche")

    def test_apostrophes_separate_words(self) -> None:
        assert words("dell'hotel all\u2019aperto") == ("dell", "hotel", "all", "aperto")

    def test_digits_are_words(self) -> None:
        assert words("CCNL 2024, livello 5S") == ("ccnl", "2024", "livello", "5s")

    def test_underscores_and_symbols_separate_words(self) -> None:
        assert words("front_end&back@end #1 €1.500") == (
            "front",
            "end",
            "back",
            "end",
            "1",
            "1",
            "500",
        )

    def test_text_without_letters_or_digits_has_no_words(self) -> None:
        assert words(" \t*** -- ()\n") == ()

    def test_query_words_are_distinct_and_keep_their_order(self) -> None:
        assert query_words("Hotel cuoco HOTEL hôtel cuoco") == ("hotel", "cuoco")

    @given(st.one_of(ascii_text, latin_text, any_text))
    def test_words_follow_the_definition_character_by_character(self, text: str) -> None:
        assert words(text) == _defined_words(text)

    @given(any_text)
    def test_words_are_already_in_their_own_form(self, text: str) -> None:
        for word in words(text):
            assert words(word) == (word,)


class TestMatching:
    def test_accents_do_not_matter_either_way(self) -> None:
        assert matches("caffe", "Caffè Roma")
        assert matches("caffè", "CAFFE ROMA")
        assert matches("perche", "Perché lavorare con noi")
        assert matches("PERCHÉ", "perche")

    def test_case_does_not_matter(self) -> None:
        assert matches("CUOCO", "cuoco")
        assert matches("cuoco", "CUOCO")

    def test_a_query_word_matches_the_start_of_a_word(self) -> None:
        assert matches("cuo", "Aiuto cuoco")
        assert matches("cuoco", "Aiuto cuoco")
        assert not matches("uoco", "Aiuto cuoco")
        assert not matches("cuochi", "Aiuto cuoco")

    def test_words_after_an_apostrophe_are_found(self) -> None:
        assert matches("hotel", "Cameriere dell'hotel")
        assert matches("dell", "Cameriere dell'hotel")
        assert not matches("dellhotel", "Cameriere dell'hotel")

    def test_digits_match_as_words(self) -> None:
        assert matches("20", "Contratto di 24 mesi, 20 ore")
        assert matches("2", "Contratto di 24 mesi")
        assert not matches("4", "Contratto di 24 mesi")

    def test_punctuation_in_the_query_only_separates_words(self) -> None:
        assert matches("cuoco,hotel!", "Hotel cerca cuoco")
        assert matches("...", "anything")

    def test_every_query_word_is_required(self) -> None:
        assert matches("cuoco genova", "Cuoco a Genova")
        assert not matches("cuoco savona", "Cuoco a Genova")

    def test_words_may_come_from_any_field(self) -> None:
        assert matches("cuoco pino", "Aiuto cuoco", "Esperienza richiesta", "Trattoria da Pino")

    def test_a_query_without_words_matches_everything(self) -> None:
        assert matches("", "Cuoco")
        assert matches("  ", "")
        assert matches((), "Cuoco")

    def test_nothing_matches_a_word_in_an_empty_document(self) -> None:
        assert not matches("cuoco")
        assert not matches("cuoco", "", "  ")

    def test_pre_split_words_give_the_same_answer(self) -> None:
        wanted = query_words("Caffè Genova")
        assert matches(wanted, "Bar caffetteria a Genova")
        assert Document.of("Bar caffetteria a Genova").matches(wanted)

    @pytest.mark.parametrize(
        "query",
        [
            '"cuoco',
            "cuoco*",
            "*",
            "-cuoco",
            "cuoco OR pizza",
            "NEAR(cuoco pizza)",
            "title:cuoco",
            "^cuoco",
            "+cuoco",
            "cuoco AND NOT pizza",
            "((((",
            "'; DROP TABLE offers; --",
        ],
    )
    def test_search_syntax_is_taken_literally(self, query: str) -> None:
        """OF-4: no query language; the symbols separate words, operators are words."""
        plain = " ".join(query_words(query))
        assert matches(query, plain)
        assert matches(query, "cuoco pizza") == all(
            matches(word, "cuoco pizza") for word in query_words(query)
        )

    def test_operators_are_ordinary_words(self) -> None:
        assert not matches("cuoco OR pizza", "cuoco")
        assert matches("cuoco OR pizza", "pizza e cuoco in orario")
        assert not matches("NOT pizza", "cuoco")


class TestMatchingProperties:
    @given(latin_text, st.data())
    def test_a_document_matches_the_prefixes_of_its_own_words(
        self, text: str, data: st.DataObject
    ) -> None:
        found = words(text)
        chosen = data.draw(st.lists(st.sampled_from(found), max_size=5) if found else st.just([]))
        prefixes = [word[: data.draw(st.integers(1, len(word)))] for word in chosen]
        assert matches(" ".join(prefixes), text)
        assert matches(tuple(prefixes), text)

    @given(any_text, st.data())
    def test_any_text_matches_its_own_words_whatever_the_script(
        self, text: str, data: st.DataObject
    ) -> None:
        assert matches(text, text)
        for word in words(text):
            assert matches(word[: data.draw(st.integers(1, len(word)))], text)

    @given(latin_text, latin_text, latin_text)
    def test_another_query_word_never_adds_matches(
        self, query: str, extra: str, document: str
    ) -> None:
        if matches(f"{query} {extra}", document):
            assert matches(query, document)

    @given(latin_text, st.lists(latin_text, max_size=4))
    def test_the_document_agrees_with_a_plain_scan(self, query: str, fields: list[str]) -> None:
        found = [word for field in fields for word in words(field)]
        expected = all(any(word.startswith(q) for word in found) for q in query_words(query))
        assert matches(query, *fields) == expected
