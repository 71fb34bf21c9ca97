"""The default reference data passes the port's contract; composition and extras."""

from __future__ import annotations

import functools
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from formlavoro_adapters.reference import (
    AtecoSectors,
    Cp2021Professions,
    ReferenceCatalogue,
    default_reference_data,
)
from formlavoro_adapters.reference._tables import require_module
from formlavoro_core.errors import ConfigurationError, ReferenceDataError
from formlavoro_core.reference import ReferenceData, StaticReferenceData
from tests.core.reference.reference_contract import ReferenceDataContract, contract_catalogue

if TYPE_CHECKING:
    from pathlib import Path


@functools.cache
def _default() -> ReferenceData:
    return default_reference_data()


class TestDefaultReferenceData(ReferenceDataContract):
    def make_reference_data(self) -> ReferenceData:
        return _default()


class TestMixedCatalogue(ReferenceDataContract):
    """A catalogue can swap one source, here places, for an in-memory one."""

    def make_reference_data(self) -> ReferenceData:
        return ReferenceCatalogue(
            sectors=AtecoSectors(),
            professions=Cp2021Professions.sample(),
            places=contract_catalogue(),
        )


def test_an_istat_file_replaces_the_sample(tmp_path: Path) -> None:
    """ON-3: ISTAT's full CP2021 file replaces the sample."""
    istat = tmp_path / "CP2021.csv"
    istat.write_text("Codice;Nome\n8;Professioni non qualificate\n", encoding="utf-8")
    reference = default_reference_data(istat_file=istat)
    assert [p.code for p in reference.professions()] == ["8"]
    assert reference.sector("I") is not None


def test_a_broken_istat_file_fails_the_composition(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match=r"missing\.csv"):
        default_reference_data(istat_file=tmp_path / "missing.csv")


def test_a_missing_optional_package_names_the_extra_to_install() -> None:
    with pytest.raises(ConfigurationError, match=r"formlavoro\[reference\]"):
        require_module("formlavoro_no_such_reference_package")


def test_importing_the_adapters_reads_no_data_and_imports_no_optional_package() -> None:
    probe = (
        "import sys, formlavoro_adapters.reference as r; "
        "print(sorted(m for m in ('ateco', 'codicefiscale') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed snippet
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_static_catalogue_is_a_reference_data_too() -> None:
    reference: ReferenceData = StaticReferenceData()
    assert reference.provinces() == ()
