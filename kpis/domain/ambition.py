"""Target ambition: whether a target asks for less than was already done (last year's outturn)
or than others do (a benchmark). Pure Python: no Django, no database.

The 2025 scrutiny tracker's worry is that "a sea of green means soft targets"; the summary says
what share of "achieved" rests on such a target, and the scorecard marks each one in words.
Decided here alone; the scorecard row carries the answer to every reader (page, JSON, Excel).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.terms import Polarity
from kpis.domain.writing import plain_number

# A benchmark of this kind is where a demand measure started, not what others achieve.
NOT_A_COMPARATOR = {"baseline"}
LAST_OUTTURN = "last year's outturn"


@dataclass(frozen=True)
class Reference:
    """What a target is set against: last year's outturn or a benchmark, with its printed text."""

    name: str  # "last year's outturn", "the national benchmark"
    value: Decimal
    text: str = ""  # as printed ("94.4%"); the value when the paper gave none


@dataclass(frozen=True)
class Ambition:
    """The references a target is easier than (none: not easier, or nothing to compare)."""

    easier_than: tuple[Reference, ...] = ()

    @property
    def easier(self) -> bool:
        return bool(self.easier_than)

    @property
    def words(self) -> str:
        """ "Easier than last year's outturn (94.4%) and the national benchmark (77.7%)"; "" when not."""
        if not self.easier_than:
            return ""
        parts = [f"{r.name} ({r.text or plain_number(r.value)})" for r in self.easier_than]
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        return f"Easier than {listed}"


NOT_EASIER = Ambition()


def is_easier(target: Decimal, reference: Decimal, polarity: Polarity) -> bool:
    """Higher is better: a target below the reference is easier; smaller is better: above it.
    A target equal to the reference is not easier; a measure with no polarity never is."""
    if polarity is Polarity.UP:
        return target < reference
    if polarity is Polarity.DOWN:
        return target > reference
    return False


def benchmark_name(kind: str) -> str:
    """ "national" -> "the national benchmark"; "benchmark" -> "the benchmark"."""
    kind = " ".join(kind.split()).lower()
    return "the benchmark" if kind in ("", "benchmark") else f"the {kind} benchmark"


def target_ambition(target: Decimal | None, polarity: Polarity, last_outturn: Reference | None,
                    benchmarks: Iterable[tuple[str, Decimal | None, str]] = ()) -> Ambition:
    """The year's target against last year's outturn and each benchmark (kind, value, text) of
    the latest year up to this one; none without a target, a polarity or a reference."""
    if target is None or polarity is Polarity.NONE:
        return NOT_EASIER
    references = [last_outturn] if last_outturn is not None else []
    references += [Reference(benchmark_name(kind), value, text) for kind, value, text in benchmarks
                   if value is not None and kind.strip().lower() not in NOT_A_COMPARATOR]
    return Ambition(tuple(r for r in references if is_easier(target, r.value, polarity)))

