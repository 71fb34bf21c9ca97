"""What the fiscal-code tests share: a fixed today, and codes signed with their check character."""

from __future__ import annotations

import datetime

from formlavoro_core.identity.fiscal_code import compute_check_character

__all__ = ["TODAY", "signed"]

# Births generated for the oracle fall in 1930-2010, so with this `today` our century
# resolution is unambiguous and equals the generated date.
TODAY = datetime.date(2025, 1, 1)


def signed(body: str) -> str:
    """Fifteen characters plus their check character."""
    return body + compute_check_character(body)
