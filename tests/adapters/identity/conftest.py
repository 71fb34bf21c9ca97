"""The test PKI shared by the certificate tests: built once per module."""

from __future__ import annotations

import pytest

from tests.adapters.identity.certificates_support import Pki


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.build()
