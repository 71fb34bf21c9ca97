"""How long a password-reset request takes for an account and for no account (ID-4).

Usage: ``python benchmarks/reset_timing.py [--calls N] [--synchronous FULL|NORMAL]``.
It builds a portal on a new SQLite file, registers one citizen with regional
credentials, then sends N requests of each kind, interleaved: her email and username
(a link is emailed), an unknown username, and her username with another email. Each
comes from its own address and the clock moves 16 minutes after each, so the throttle
never answers instead. It prints p50 and p90 of each kind and their differences from
the first. It asserts nothing: a request that reveals accounts by its time shows up
here, not in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import statistics
import tempfile
import time
import zoneinfo

from formlavoro_adapters import ScryptPasswordHasher, SettableClock, Settings, bootstrap
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_core import ANONYMOUS, FiscalCode, PortalConfig
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.reference import StaticReferenceData
from formlavoro_core.values import EmailAddress

EMAIL = "laura.bianchi@example.it"


def main() -> None:
    """Time every kind of request and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="requests per kind")
    parser.add_argument("--synchronous", default="FULL", help="SQLite synchronous mode")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="formlavoro-reset-") as folder:
        storage = sqlite_storage(
            pathlib.Path(folder) / "portal.db", synchronous=arguments.synchronous
        )
        try:
            run(storage, arguments.calls, arguments.synchronous)
        finally:
            storage.dispose()


def run(storage: SqlStorage, calls: int, synchronous: str) -> None:
    """Register the citizen, send ``calls`` requests of each kind, print the figures."""
    clock = SettableClock(dt.datetime(2021, 1, 15, 9, 0, tzinfo=dt.UTC))
    portal = bootstrap(
        Settings(storage="memory"),
        config=PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Rome")),
        storage=storage,
        clock=clock,
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=StaticReferenceData(),
    )
    notices = portal.identity.notices()
    receipt = portal.identity.accept_notices(
        ANONYMOUS,
        privacy_notice_version=notices.privacy_notice_version,
        citizen_regulation_version=notices.citizen_regulation_version,
    ).unwrap()
    registration = RegionalRegistration(
        fiscal_code=FiscalCode.parse("BNCLRA90A41D969K"),
        given_name="Laura",
        family_name="Bianchi",
        email=EmailAddress(EMAIL),
        username="laura.b",
        password="tramonto sul porto antico",  # noqa: S106 - a demo citizen
    )
    portal.identity.register_regional(ANONYMOUS, registration, consent=receipt).unwrap()
    kinds = {
        "matching": (EMAIL, "laura.b"),
        "unknown username": (EMAIL, "nobody"),
        "other email": ("other@example.it", "laura.b"),
    }
    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    for number in range(calls):
        for side, (kind, (email, username)) in enumerate(kinds.items()):
            source = f"10.{side}.{number // 250}.{number % 250}"
            start = time.perf_counter()
            answer = portal.identity.request_password_reset(
                ANONYMOUS, email=email, username=username, source=source
            )
            timings[kind].append(time.perf_counter() - start)
            answer.unwrap()
            # Past its three free requests a username waits up to 15 minutes.
            clock.advance(dt.timedelta(minutes=16))
    print(f"{calls} reset requests per kind, SQLite synchronous={synchronous}")
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    for kind, values in timings.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        difference = (medians[kind] - medians["matching"]) * 1000
        print(
            f"{kind:>16}: p50 {medians[kind] * 1000:.3f} ms  p90 {p90 * 1000:.3f} ms  "
            f"p50 - matching {difference:+.3f} ms"
        )


if __name__ == "__main__":
    main()
