"""Fixtures and settings shared by every test module."""

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.postgres import postgres_storage

__all__ = ["postgres_storage"]

# Timing is the benchmarks' business: on a busy machine a slow example is no failure.
settings.register_profile("formlavoro", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("formlavoro")


_STORAGE_KINDS = frozenset({"memory", "sqlite", "postgres"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the storages ``FORMLAVORO_TEST_STORAGES`` names (``make check``: memory).

    A test parametrized by storage kind (``memory``, ``sqlite``, ``postgres``) runs for the
    kinds listed, comma-separated; unset, it runs for every kind (``make test``).
    """
    wanted = os.environ.get("FORMLAVORO_TEST_STORAGES")
    if not wanted:
        return
    allowed = {kind.strip() for kind in wanted.split(",")}
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        kinds = set() if callspec is None else set(map(str, callspec.params.values()))
        (dropped if (kinds & _STORAGE_KINDS) - allowed else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
