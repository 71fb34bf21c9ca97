"""Test support shipped with the library: the storage contract and hypothesis strategies.

This subpackage may import pytest and hypothesis (the ``[dev]`` extra); nothing else in
``formlavoro_core`` imports it.
"""
