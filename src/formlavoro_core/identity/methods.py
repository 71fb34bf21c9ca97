"""The ways a citizen logs in (ID-2)."""

from __future__ import annotations

import enum

__all__ = ["LoginMethod"]


class LoginMethod(enum.Enum):
    """A login method of ID-2.

    SPID, CIE and CNS deliver a verified fiscal code; regional credentials are a
    username and a password kept by the portal itself.

    >>> LoginMethod.SPID.delivers_fiscal_code
    True
    """

    SPID = "spid"
    CIE = "cie"
    CNS = "cns"
    REGIONAL = "regional"

    @property
    def delivers_fiscal_code(self) -> bool:
        """Whether an identity provider vouches for the citizen's fiscal code."""
        return self is not LoginMethod.REGIONAL
