"""The scene every marketplace sample shares: when, who and where.

The instant ``T0`` and its steps, the three citizens and the Ligurian places the
catalogues are set in.
"""

from __future__ import annotations

import datetime as dt

from formlavoro_core.ids import AccountId
from formlavoro_core.testing.ids import long_id

__all__ = ["ANNA", "BRUNO", "CARLA", "DAY", "HOUR", "MICROSECOND", "T0"]


T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
MICROSECOND = dt.timedelta(microseconds=1)

ANNA = AccountId(long_id("account-1"))
BRUNO = AccountId(long_id("account-2"))
CARLA = AccountId(long_id("account-3"))

_PROVINCE_OF = {"D969": "GE", "H183": "GE", "E463": "SP", "I480": "SV", "E290": "IM"}
