"""What is wrong with a workbook, each problem as `Sheet!ROW column: reason`.

Every reader (the import contract's, the committee appendix's) collects them all and raises
WorkbookError once, so an officer can mend the whole file in one go.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None = None
    column: str | None = None
    reason: str = ""

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet}!{self.row}"
        return f"{where} {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


# A page (or a terminal) of problems an officer can work through; the rest are counted.
MAX_PROBLEMS = 200


class Problems(list):
    """Problems as a reader finds them: the first MAX_PROBLEMS kept, the rest only counted, so
    a sheet of thousands of bad rows gives a page to read, not megabytes."""

    def __init__(self):
        super().__init__()
        self.more = 0

    def append(self, problem: Problem):
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1


class WorkbookError(Exception):
    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = list(problems[:MAX_PROBLEMS])
        self.more = more + len(problems) - len(self.problems)
        super().__init__("\n".join(self.lines()))

    @property
    def count(self) -> int:
        return len(self.problems) + self.more

    def lines(self) -> list[str]:
        """Each problem, then how many more there are."""
        more = [f"… and {self.more} more problem{'s' if self.more != 1 else ''}"] if self.more else []
        return [str(p) for p in self.problems] + more
