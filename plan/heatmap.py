"""The risk register's heat maps: how many risks (or opportunities) sit in each cell of impact
by likelihood, and which are not placed because the register's words are not on the scale.
Pure Python, so the page, its chart and the tests count the same way."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rated:
    """A risk or opportunity as the map reads it: impact and likelihood 1-4, or None."""

    number: int
    title: str
    impact: int | None
    likelihood: int | None
    as_printed: str = ""


@dataclass(frozen=True)
class HeatCell:
    impact: int
    likelihood: int
    numbers: tuple[int, ...]  # the risks in the cell, by number

    @property
    def count(self) -> int:
        return len(self.numbers)

    @property
    def lines(self) -> tuple[str, ...]:
        """ ("2", "25, 31"): how many, then their numbers; ("0",) for none. The picture's label."""
        return (str(self.count), ", ".join(map(str, self.numbers))) if self.numbers else ("0",)


@dataclass(frozen=True)
class HeatRow:
    impact: int
    label: str
    cells: tuple[HeatCell, ...]  # by likelihood, lowest first


@dataclass(frozen=True)
class HeatMap:
    impacts: tuple[tuple[int, str], ...]  # highest first: the map's rows, top to bottom
    likelihoods: tuple[tuple[int, str], ...]  # lowest first: its columns, left to right
    rows: tuple[HeatRow, ...]
    not_placed: tuple[Rated, ...]

    @property
    def placed(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)


def heat_map(items: Iterable[Rated], impacts: Sequence[tuple[int, str]],
             likelihoods: Sequence[tuple[int, str]]) -> HeatMap:
    """Counts `items` by (impact, likelihood). `impacts` and `likelihoods` are the scales'
    (value, word) pairs (plan.models.Risk.Impact.choices ...); an item off either scale is not
    placed, kept with the words the register printed for it, rather than put in a cell by guess."""
    impact_values = {value for value, _ in impacts}
    likelihood_values = {value for value, _ in likelihoods}
    cells: dict[tuple[int, int], list[int]] = {}
    not_placed = []
    for item in sorted(items, key=lambda item: item.number):
        if item.impact in impact_values and item.likelihood in likelihood_values:
            cells.setdefault((item.impact, item.likelihood), []).append(item.number)
        else:
            not_placed.append(item)
    top_first = tuple(sorted(impacts, reverse=True))
    columns = tuple(sorted(likelihoods))
    rows = tuple(HeatRow(impact, label, tuple(HeatCell(impact, likelihood, tuple(cells.get((impact, likelihood), ())))
                                              for likelihood, _ in columns))
                 for impact, label in top_first)
    return HeatMap(top_first, columns, rows, tuple(not_placed))
