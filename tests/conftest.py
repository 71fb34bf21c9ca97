"""Fixtures and settings shared by every test module."""

from hypothesis import HealthCheck, settings

from tests.postgres import postgres_storage

__all__ = ["postgres_storage"]

# Timing is the benchmarks' business: on a busy machine a slow example is no failure.
settings.register_profile("formlavoro", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("formlavoro")
