"""Fixtures for every test the project collects: ``tests/`` and the doctests of ``src/``."""

from collections.abc import Iterator

import pytest

from formlavoro_core.locale import Language
from formlavoro_core.texts import SourceTranslator, use_default


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Each test starts with ``error.message`` in the English source, whatever ran before.

    ``bootstrap`` makes the portal's translator (Italian by default) render
    ``error.message``; tests and doctests that build no portal read the source texts,
    whichever test ran before them in the same process (pytest-xdist's workers too).
    """
    use_default(SourceTranslator(), Language.ENGLISH)
    yield
    use_default(SourceTranslator(), Language.ENGLISH)
