"""Workbooks built from scorecard rows: the committee appendix, the portfolio table, their contract sheets."""
