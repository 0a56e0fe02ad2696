"""What the reading pages keep between requests: a quarter's scorecard, the quarters with
figures, and the HTML of each page's content. Each is computed once per change of the data
it was made from and reused until then: its key holds the data's token
(kpis.selectors.freshness), which every write changes (kpis.services.freshness).

Drafts are shown to the performance team only, so what includes them is keyed by the token
that every change moves; what the public reads, by the token that only published changes
move, so an officer saving a draft does not make the next councillor's page slower.

The cache is Django's (settings.CACHES: the database by default, Redis when REDIS_URL is
set), shared by every process and server. A token is read from the database on each use, so
every process sees a change at once, whatever cache it has, and the few scorecards kept in a
process's own memory (`kept_here`) are never stale either."""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from kpis.selectors.freshness import versions

T = TypeVar("T")
# Entries never go stale (a change makes a new key); the timeout only frees what is no longer asked for.
TIMEOUT = 24 * 60 * 60


def remembered(kind: str, parts: tuple, compute: Callable[[], T], *, drafts: bool, kept_here: bool = False) -> T:
    """compute(), or what it returned last time for these parts and the same data. With
    `kept_here`, the last few values are also kept as they are in this process, so a big one
    (a quarter's scorecard) is not unpickled from the cache for every page made from it."""
    tokens = versions()
    if tokens is None:
        return compute()
    token = tokens.working if drafts else tokens.public
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"kpi:{kind}:{'drafts' if drafts else 'public'}:{token}:{digest}"
    if kept_here and (value := _here.get(key)) is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    if kept_here:
        _here.put(key, value)
    return value


class _Recent:
    """The last few values, as they are, in this process (a lock, for threaded servers)."""

    def __init__(self, size: int):
        self.size, self.values, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
            return self.values.get(key)

    def put(self, key, value):
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self):
        with self.lock:
            self.values.clear()


# A council's readers mostly read the latest quarters: a few scorecards kept whole here.
_here = _Recent(size=6)


def forget_here():
    """Empty this process's own copies (tests do, with the cache)."""
    _here.clear()


@dataclass(frozen=True)
class Content:
    """A page's title and main content (autoescaped HTML), as templates/page.html shows them."""

    title: str
    html: SafeString


def page_content(kind: str, parts: tuple, render: Callable[[], tuple[str, str]], *, drafts: bool) -> Content:
    """A page's title and content as render() writes them, kept like any other value. The parts
    must name everything the content depends on, the request's query string included; nothing
    personal may be in it (no name, no CSRF token): the page around it adds those."""
    # The SPC rule set and screening (settings) change what the indicator and scorecard pages say with no
    # change of data: they are part of every page's key, so a restart with other rules shows them at once.
    parts = (*parts, settings.KPI_SPC_RULES, settings.KPI_SPC_SCREEN_OUTLIERS)
    title, html = remembered(f"page-{kind}", parts, lambda: tuple(str(text) for text in render()), drafts=drafts)
    # Bandit B308/B703, no XSS: html is what render() wrote through autoescaping templates, kept as text in the cache.
    return Content(title, mark_safe(html))  # nosec
