"""How a deliverable's RAG status is written, once, for the plan's pages, its form and its
workbook. Pure Python. The words are the 2014/15 mid-year report's key (seeds/001): a status is
always its word and meaning, never a colour alone."""

# The report's key to its RAG column (plan.models.Progress.Status values).
MEANINGS = {
    "green": "progressing as planned",
    "amber": "some slippage but within tolerance",
    "red": "requires remedial action",
    "n/a": "no status this quarter, the commentary says why",
}
LABELS = {"green": "Green", "amber": "Amber", "red": "Red", "n/a": "n/a"}
ORDER = tuple(MEANINGS)
# The scorecards' tones (kpis.domain.terms.STATUS_TONES gives a KPI's Green, Amber and Red these),
# so a RAG tag has the colour of the same word on a scorecard.
TONES = {"green": "good", "amber": "warn", "red": "bad", "n/a": ""}
NO_PROGRESS = "No progress reported"


def rag_text(status: str | None) -> str:
    """ "Green: progressing as planned"; "No progress reported" for none."""
    if not status:
        return NO_PROGRESS
    return f"{LABELS[status]}: {MEANINGS[status]}"


def rag_label(status: str | None) -> str:
    """ "Green" alone, where the key beside it gives the meaning (the plan's counts)."""
    return LABELS[status] if status else NO_PROGRESS


def rag_tone(status: str | None) -> str:
    return TONES.get(status or "", "")
