"""Timing for the benchmarks: subjects interleaved round by round, median and spread, peak memory.

A subject and its floor are timed in turn within each round (page, floor, page, floor ...),
so whatever else the machine does at a moment weighs on both alike, and the ratio of their
medians travels between machines where seconds do not.
"""

import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Timings:
    """A subject's times in seconds, one per round."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def q1(self) -> float:
        return self._quartiles()[0]

    @property
    def q3(self) -> float:
        return self._quartiles()[2]

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def _quartiles(self) -> list[float]:
        if len(self.samples) < 2:
            return [self.samples[0]] * 3
        return statistics.quantiles(self.samples, n=4, method="inclusive")

    def ms(self) -> str:
        """"123.4 ms (118.0-130.2)": the median and the interquartile range."""
        return f"{self.median * 1000:.1f} ms ({self.q1 * 1000:.1f}-{self.q3 * 1000:.1f})"


def interleaved(subjects: Mapping[str, Callable], rounds: int, *, before: Mapping[str, Callable] | None = None,
                warmup: int = 1) -> dict[str, Timings]:
    """Runs each subject once per round, in turn, `rounds` times (after `warmup` untimed rounds),
    and returns each one's times. `before[name]`, when given, runs untimed just before that
    subject each time (a write that changes what a page shows, say)."""
    before = before or {}
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    for round_number in range(warmup + rounds):
        for name, subject in subjects.items():
            if name in before:
                before[name]()
            gc.collect()
            start = time.perf_counter()
            subject()
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                samples[name].append(elapsed)
    return {name: Timings(tuple(times)) for name, times in samples.items()}


def peak_memory(action: Callable) -> int:
    """The most memory Python allocated at once while `action` ran, in bytes (tracemalloc).
    tracemalloc slows what it watches: measure memory in its own run, never while timing."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def ratio(subject: Timings, floor: Timings) -> str:
    return f"{subject.median / floor.median:.1f}x" if floor.median else "-"


def table(headers: list[str], rows: list[list]) -> str:
    """Rows under their headers, each column as wide as its widest cell, numbers right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                               for column, (cell, width) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine() -> str:
    """The machine and database a run measured: cores, Python, database vendor and version."""
    from django.db import connection

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with connection.cursor():
        pass
    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version}"
    elif connection.vendor == "postgresql":
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    else:
        database = connection.vendor
    return (f"{os.cpu_count()} cores ({usable} usable), {platform.python_implementation()} "
            f"{platform.python_version()} on {platform.system()} {platform.machine()}, {database} "
            f"({connection.settings_dict['NAME']})")
