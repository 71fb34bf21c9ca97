"""What the search benchmark measured, printed beside the raw SQL and the targets."""

from __future__ import annotations

import statistics
from collections import defaultdict

import attrs
from raw import Cost

__all__ = ["TARGETS", "Figures", "report", "report_queries"]


@attrs.define
class Figures:
    """Every figure of one backend's run."""

    library: dict[str, list[Cost]] = attrs.Factory(lambda: defaultdict(list))
    """Per kind of query, each call through ``Portal``."""
    raw: dict[str, list[Cost]] = attrs.Factory(lambda: defaultdict(list))
    """Per kind of query, the same statements sent raw right after each call."""
    mix_seconds: float = 0.0
    ingest: float = 0.0
    ingest_cpu: float = 0.0
    raw_ingest: float = 0.0
    """The same rows and statements sent through the driver alone (0: not measured)."""
    raw_ingest_cpu: float = 0.0
    one_writer: float = 0.0
    """Applications per second by one writer (the median of its blocks)."""
    writers: float = 0.0
    """Applications per second by several threads (the median of their blocks)."""
    one_writer_blocks: list[float] = attrs.Factory(list)
    writers_blocks: list[float] = attrs.Factory(list)
    """The rates of each block, in the order they ran (taking turns with one writer's)."""
    one_writer_cpu_ms: float = 0.0
    writers_cpu_ms: float = 0.0
    """This process's CPU time per application, in ms (the median of the blocks), by one
    writer and by the threads."""
    raw_one_writer: float = 0.0
    """The same statements as one writer's, sent by the driver alone, one durable
    transaction each (0: not measured)."""
    raw_one_writer_cpu_ms: float = 0.0
    process_writers: float = 0.0
    """Applications per second by as many processes as ``writers`` threads (0: not run)."""
    peak_mib: float = 0.0
    mapped_mib: float = 0.0
    """Of the resident memory after the queries, the file's pages mapped (``RssFile``)."""


# Per figure and backend: (p95 at most in ms, p95 ratio to raw at most); None: no target.
TARGETS: dict[str, dict[str, tuple[float | None, float | None]]] = {
    "sqlite": {
        "detail by id": (None, 3.0),
        "keyset next page": (1.0, 4.0),
        "filters": (5.0, 2.0),
        "filters+text": (30.0, None),
    },
    "postgres": {
        "detail by id": (None, 2.0),
        "keyset next page": (2.0, None),
        "filters": (10.0, None),
        "filters+text": (50.0, None),
    },
}
INGEST_TARGET = 50_000
ONE_WRITER_TARGET = {"sqlite": 1_500, "postgres": 1_000}
WRITERS_TARGET = {"sqlite": 1.0, "postgres": 2.0}
MEMORY_MIX_SECONDS = 30.0
PEAK_MIB = 1_536


def percentile(costs: list[Cost], percent: int, *, cpu: bool = False) -> float:
    """The ``percent``-th percentile of wall (or CPU) time, in milliseconds."""
    values = [cost.cpu if cpu else cost.wall for cost in costs]
    if len(values) == 1:
        return values[0] * 1e3
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1] * 1e3


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSES"


def report_queries(figures: Figures) -> None:
    """The table of query times, each beside its raw SQL."""
    header = (
        f"{'query (ms)':<18}{'n':>5} | {'p50':>7}{'p95':>8}{'cpu50':>7}{'cpu95':>7}"
        f" | {'raw p50':>8}{'p95':>7}{'cpu50':>7}{'cpu95':>7}"
        f" | {'x p50':>6}{'x p95':>6}{'x cpu50':>7}"
    )
    print(header)
    for kind, costs in figures.library.items():
        line = f"{kind:<18}{len(costs):>5} | " + "".join(
            f"{percentile(costs, p, cpu=cpu):{width}.2f}"
            for p, cpu, width in ((50, False, 7), (95, False, 8), (50, True, 7), (95, True, 7))
        )
        raw = figures.raw.get(kind)
        if raw:
            line += " | " + "".join(
                f"{percentile(raw, p, cpu=cpu):{width}.2f}"
                for p, cpu, width in ((50, False, 8), (95, False, 7), (50, True, 7), (95, True, 7))
            )
            ratios = [
                percentile(costs, 50) / percentile(raw, 50),
                percentile(costs, 95) / percentile(raw, 95),
                percentile(costs, 50, cpu=True) / max(percentile(raw, 50, cpu=True), 1e-6),
            ]
            line += " | " + "".join(
                f"{ratio:{width}.1f}" for ratio, width in zip(ratios, (6, 6, 7), strict=True)
            )
        print(line)


def _rates(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.0f}" for rate in rates) + "/s"


def report(name: str, size_name: str, size: int, writers: int, figures: Figures) -> None:
    """Print one backend's figures, then the summary against the size-L targets."""
    print(f"\n== {name} ({size_name}: {size:,} offers)")
    print(
        f"ingest: {figures.ingest:,.0f} offers/s (wall, generation left out);"
        f" {figures.ingest_cpu:,.0f} offers per CPU second (generation included)"
    )
    if figures.raw_ingest:
        print(
            f"ingest raw (same rows and statements, driver alone, preparation left out):"
            f" {figures.raw_ingest:,.0f} offers/s wall, {figures.raw_ingest_cpu:,.0f} per CPU"
            f" second; library/raw {figures.ingest / figures.raw_ingest:.2f} (wall)"
        )
    print(
        f"durable applications through Portal: {figures.one_writer:,.0f}/s with 1 writer,"
        f" {figures.writers:,.0f}/s with {writers} threads"
        + (
            f", {figures.process_writers:,.0f}/s with {writers} processes"
            if figures.process_writers
            else ""
        )
    )
    if figures.one_writer_blocks:
        print(
            "  in turns, medians of blocks:"
            f" 1 writer {_rates(figures.one_writer_blocks)};"
            f" {writers} threads {_rates(figures.writers_blocks)}"
        )
        print(
            "  this process's CPU per application, medians of blocks:"
            f" 1 writer {figures.one_writer_cpu_ms:.2f} ms;"
            f" {writers} threads {figures.writers_cpu_ms:.2f} ms"
        )
    if figures.raw_one_writer:
        print(
            "  1 writer's statements raw (driver alone, one durable transaction each,"
            f" right after each block): {figures.raw_one_writer:,.0f}/s,"
            f" {figures.raw_one_writer_cpu_ms:.2f} ms of CPU each;"
            f" library/raw {figures.one_writer / figures.raw_one_writer:.2f}"
        )
    print(f"whole query mix: {figures.mix_seconds:,.1f} s")
    report_queries(figures)
    print(f"peak RSS: {figures.peak_mib:,.0f} MiB")
    if name == "memory":
        ok = figures.mix_seconds < MEMORY_MIX_SECONDS
        print(
            f"-- memory, whole mix at S: {figures.mix_seconds:.1f} s, target < 30 s  {_verdict(ok)}"
        )
        return
    targets = TARGETS.get(name, {})
    print(f"-- against the size-L targets ({name}):")
    for kind, (limit, ratio) in targets.items():
        costs, raw = figures.library.get(kind), figures.raw.get(kind)
        if not costs or not raw:
            print(f"   {kind:<22} not measured")
            continue
        p95, raw95 = percentile(costs, 95), percentile(raw, 95)
        wanted = []
        ok = True
        if limit is not None:
            wanted.append(f"<= {limit} ms")
            ok = ok and p95 <= limit
        if ratio is not None:
            wanted.append(f"<= {ratio}x raw")
            ok = ok and p95 / raw95 <= ratio
        print(
            f"   {kind:<22} p95 {p95:7.2f} ms, raw {raw95:7.2f} ms, {p95 / raw95:5.1f}x"
            f"   target {' and '.join(wanted):<22} {_verdict(ok)}"
        )
    print(
        f"   {'bulk ingest':<22} {figures.ingest:>10,.0f}/s"
        f"   target >= {INGEST_TARGET:,}/s  {_verdict(figures.ingest >= INGEST_TARGET)}"
        f"   (raw {figures.raw_ingest:,.0f}/s)"
    )
    one = ONE_WRITER_TARGET[name]
    print(
        f"   {'applications, 1 writer':<22} {figures.one_writer:>10,.0f}/s"
        f"   target >= {one:,}/s  {_verdict(figures.one_writer >= one)}"
        f"   (raw {figures.raw_one_writer:,.0f}/s)"
    )
    speedup = figures.writers / max(figures.one_writer, 1e-9)
    print(
        f"   {f'{writers} writers vs 1':<22} {speedup:>10.2f}x"
        f"   target >= {WRITERS_TARGET[name]}x  {_verdict(speedup >= WRITERS_TARGET[name])}"
    )
    by_processes = figures.process_writers / max(figures.one_writer, 1e-9)
    print(f"   {f'{writers} processes vs 1':<22} {by_processes:>10.2f}x   (no target)")
    print(
        f"   {'peak RSS':<22} {figures.peak_mib:>8,.0f} MiB"
        f"   target <= {PEAK_MIB:,} MiB  {_verdict(figures.peak_mib <= PEAK_MIB)}"
    )
