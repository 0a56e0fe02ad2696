"""manage.py warm_cache computes every quarter's public scorecard into the cache, so the pages'
first readers find it there."""

import io

from django.core.management import call_command

from reports import scorecards, spc_words


def test_warm_cache_leaves_each_quarters_scorecard_in_the_cache(thurrock, monkeypatch):
    from kpis.selectors.scorecard import quarters_with_data

    quarters = list(quarters_with_data())
    out = io.StringIO()
    call_command("warm_cache", stdout=out)
    assert out.getvalue().startswith(f"{len(quarters)} quarter(s) computed into the cache")

    def not_again(*args, **kwargs):
        raise AssertionError("a scorecard was computed again")

    monkeypatch.setattr(scorecards, "_computed_scorecard", not_again)
    monkeypatch.setattr(spc_words, "spc_results", not_again)  # the table's variation, assurance, year end
    assert [scorecards.scorecard_for(q.year, q.number).quarter for q in quarters] == quarters
    assert all(spc_words.every_judgement(q) for q in quarters)


def test_warm_cache_can_keep_to_the_latest_quarters(thurrock):
    out = io.StringIO()
    call_command("warm_cache", "--latest", "1", stdout=out)
    assert out.getvalue().startswith("1 quarter(s) computed")
