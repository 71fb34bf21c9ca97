"""Hypothesis strategies for search catalogues, one module per catalogue.

:mod:`~formlavoro_core.testing.search.vocabulary` holds what they all draw from;
:mod:`~formlavoro_core.testing.search.offers`,
:mod:`~formlavoro_core.testing.search.courses` and
:mod:`~formlavoro_core.testing.search.talent` build the catalogues and their queries.
:mod:`formlavoro_core.testing.search_strategies` gathers them under one name.
"""
