"""Reads, by job: what a page or a service needs of the database, in the plain types
kpis.domain.rules takes. Import from the module that does the job (no re-exports here):

- scorecard: every indicator at once for a quarter's scorecard (reports.scorecards);
- month: a month as an officer enters it, judged before it is saved;
- review: the performance team's queue and the quarters' locks;
- history: an indicator's changes, who, when and why;
- indicator: one indicator's page, its years, chart figures and commentary.
- catalogue: the indicators and portfolios as lists to search and browse.
"""
