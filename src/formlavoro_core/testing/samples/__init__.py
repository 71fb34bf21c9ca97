"""Sample aggregates for the contract suites: fixed, readable, every field set.

One module per aggregate family. Each ``sample_X(number, **changes)`` builds one fully
filled aggregate; each ``sample_Xs()`` a small catalogue chosen to exercise every filter
and order of the matching repository. All of them share the scene of
:mod:`formlavoro_core.testing.samples.scene`.
"""
