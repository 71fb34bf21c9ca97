"""TX-1: every label people read — vocabularies, statuses, reasons — in every language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.applications.model import ApplicationStatus, RejectionReason
from formlavoro_core.locale import Language
from formlavoro_core.messaging.labels import unread_count
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.reference._vocabulary import Vocabulary
from formlavoro_core.reference.languages import CefrLevel
from formlavoro_core.talent.model import UnlockStatus
from formlavoro_core.texts import Text
from tests.adapters.texts.test_catalogues import SAME_AS_ENGLISH
from tests.adapters.texts.test_every_failure import FAILURES  # imports every module

TRANSLATOR = GettextTranslator()
TRANSLATED = (Language.ITALIAN, Language.FRENCH, Language.GERMAN)


def _vocabularies() -> list[type[Vocabulary]]:
    found: list[type[Vocabulary]] = []
    pending = list(Vocabulary.__subclasses__())
    while pending:
        vocabulary = pending.pop()
        found.append(vocabulary)
        pending.extend(vocabulary.__subclasses__())
    return sorted(found, key=lambda vocabulary: vocabulary.__name__)


VOCABULARIES = _vocabularies()
STATUSES: list[type[Any]] = [
    OfferStatus,
    ApplicationStatus,
    UnlockStatus,
    RejectionReason,
]


def test_tx_1_every_vocabulary_of_the_library_is_checked() -> None:
    """TX-1: contract types, conditions, education, CEFR and portal levels, licences..."""
    assert len(FAILURES) > 60
    names = {vocabulary.__name__ for vocabulary in VOCABULARIES}
    assert {
        "ContractType",
        "WorkingCondition",
        "EducationLevel",
        "CefrLevel",
        "LanguageLevel",
        "DrivingLicence",
        "MinistryQualification",
        "Certificate",
    } <= names


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda vocabulary: vocabulary.__name__)
def test_tx_1_vocabulary_labels_read_in_every_language(vocabulary: type[Vocabulary]) -> None:
    """TX-1: each label is translated; the Italian catalogue says what the manual says."""
    for member in vocabulary:
        english = TRANSLATOR.render(member.label, Language.ENGLISH)
        assert english == member.label_en
        assert TRANSLATOR.render(member.label, Language.ITALIAN) == member.label_it
        for language in TRANSLATED:
            rendered = TRANSLATOR.render(member.label, language)
            assert rendered != english, (member, language)
            assert not re.search(r"\{\w*\}", rendered)


@pytest.mark.parametrize("kind", STATUSES, ids=lambda kind: kind.__name__)
def test_tx_1_statuses_and_reasons_read_in_every_language(kind: type[Any]) -> None:
    """TX-1: application, offer and unlock statuses, and the AP-10 reasons, translated."""
    for member in kind:
        label: Text = member.label
        english = TRANSLATOR.render(label, Language.ENGLISH)
        for language in TRANSLATED:
            rendered = TRANSLATOR.render(label, language)
            assert rendered != english or english in SAME_AS_ENGLISH[language], member
    labels = {TRANSLATOR.render(member.label, Language.ITALIAN) for member in kind}
    assert len(labels) == len(kind.__members__)  # no two statuses read the same


def test_tx_1_the_cefr_levels_keep_their_names_in_every_language() -> None:
    """TX-1: a CEFR label starts with its level code in every language (A1 ... C2)."""
    for level in CefrLevel:
        for language in Language:
            assert TRANSLATOR.render(level.label, language).startswith(level.name)


@pytest.mark.parametrize("count", [0, 1, 2, 21])
def test_tx_1_the_unread_count_uses_each_languages_plural_rules(count: int) -> None:
    """TX-1: a number shown takes the plural form its language wants."""
    for language in TRANSLATED:
        rendered = TRANSLATOR.render(unread_count(count), language)
        assert rendered.startswith(f"{count} ")
        assert rendered != TRANSLATOR.render(unread_count(count), Language.ENGLISH)
