"""Default reference-data adapters: ATECO 2025, ISTAT CP2021, municipalities, provinces.

They need the ``formlavoro[reference]`` extra (``ateco`` and ``python-codicefiscale``);
without it, building them raises :class:`~formlavoro_core.errors.ConfigurationError`.
Importing this package reads no data.
"""

from formlavoro_adapters.reference.catalogue import ReferenceCatalogue, default_reference_data
from formlavoro_adapters.reference.places import MunicipalityPlaces
from formlavoro_adapters.reference.professions import Cp2021Professions
from formlavoro_adapters.reference.sectors import AtecoSectors

__all__ = [
    "AtecoSectors",
    "Cp2021Professions",
    "MunicipalityPlaces",
    "ReferenceCatalogue",
    "default_reference_data",
]
