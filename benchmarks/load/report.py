"""What the load run measured, as tables: per page requests, requests/s, p50, p95, p99 and errors."""

import math
import threading
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One request: which page, its path, the status (or the exception's name), its time in
    seconds, and why it counts as an error (None when it was what the page should answer)."""

    page: str
    path: str
    status: int | str
    seconds: float
    error: str | None
    step: int = 0  # the saturation run's step; 0 in the load run


class Recorder:
    """Every request's sample, from every thread, in the order they finished, until it is
    closed (the run is over: the people stop, and what is still in flight is not counted)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.samples: list[Sample] = []
        self.closed = False

    def add(self, sample: Sample):
        with self._lock:
            if not self.closed:
                self.samples.append(sample)

    def close(self):
        with self._lock:
            self.closed = True

    def snapshot(self) -> list[Sample]:
        with self._lock:
            return list(self.samples)


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan


def ms(seconds: float) -> str:
    return "–" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


HEADER = f"{'page':<22} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"


def line(name: str, samples: list[Sample], seconds: float) -> str:
    times = [s.seconds for s in samples]  # a request that failed counts with the time it took to fail
    errors = sum(1 for s in samples if s.error)
    rate = len(samples) / seconds if seconds > 0 else math.nan
    return (f"{name:<22} {len(samples):>8} {rate:>7.1f} {ms(percentile(times, 50)):>8} "
            f"{ms(percentile(times, 95)):>8} {ms(percentile(times, 99)):>8} {errors:>6}")


def table(samples: list[Sample], seconds: float, pages: list[str], overall: dict[str, set[str]]) -> list[str]:
    """One line per page (in `pages`' order, those with requests), then each overall group."""
    lines = [HEADER]
    for page in pages:
        chosen = [s for s in samples if s.page == page]
        if chosen:
            lines.append(line(page, chosen, seconds))
    for name, group in overall.items():
        chosen = [s for s in samples if s.page in group]
        if chosen:
            lines.append(line(name, chosen, seconds))
    return lines


def errors(samples: list[Sample], shown: int = 20) -> list[str]:
    """Each kind of error once, most frequent first: page, path, status, why, how many."""
    counts = Counter((s.page, s.path, s.status, s.error) for s in samples if s.error)
    lines = [f"  {n} × {page} {path}: {status} ({why})" for (page, path, status, why), n in counts.most_common(shown)]
    if len(counts) > shown:
        lines.append(f"  … and {len(counts) - shown} more kinds of error")
    return lines
