"""What the codec tests share: the input and document codecs, and the problems reported."""

from __future__ import annotations

import pytest

from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput
from tests.support import reference

__all__ = ["BOTH", "DOCUMENTS", "INPUT", "problems"]

INPUT = Codec.for_input(reference())
DOCUMENTS = Codec.for_documents()
BOTH = pytest.mark.parametrize("codec", [INPUT, DOCUMENTS], ids=["input", "documents"])


def problems(outcome: object) -> list[str]:
    """The problems of an ``InvalidInput`` as ``path: message`` strings."""
    assert isinstance(outcome, InvalidInput), f"expected InvalidInput, got {outcome!r}"
    return [str(problem) for problem in outcome.problems]
