"""Fixtures and settings shared by every test module."""

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from formlavoro_core.locale import Language
from formlavoro_core.texts import SourceTranslator, use_default
from tests.postgres import postgres_storage

__all__ = ["postgres_storage"]

# Timing is the benchmarks' business: on a busy machine a slow example is no failure.
settings.register_profile("formlavoro", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("formlavoro")


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Each test starts with ``error.message`` in the English source, whatever ran before.

    ``bootstrap`` makes the portal's translator (Italian by default) render
    ``error.message``; tests that build no portal read the source texts.
    """
    use_default(SourceTranslator(), Language.ENGLISH)
    yield
    use_default(SourceTranslator(), Language.ENGLISH)
