"""The simulated people: readers of the public pages and officers entering their month's figures.

Only HTTP (one `requests` session per person), nothing of Django: what they see is what a
browser gets. Every request is timed with time.perf_counter and recorded, right or wrong.
"""

import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from html.parser import HTMLParser

import requests

from benchmarks.load.report import Recorder, Sample

PUBLIC_PAGES = ["home", "quarter summary", "scorecard table", "filtered table", "portfolio", "indicator"]
OFFICER_PAGES = ["login form", "log in", "my data", "month sheet", "save draft", "submit"]


@dataclass(frozen=True)
class Council:
    """What exists to be read, in a fixed order so a seeded choice is the same every run."""

    quarters: list[tuple[int, int]]  # (financial year, quarter number), latest first
    portfolios: list[str]  # slugs
    directorates: list[int]  # ids, in name order
    indicator_years: list[tuple[str, int]]  # (code, financial year with published figures)
    # Which quarters readers open: "recent" as a council's readers do (the latest published
    # quarter half the time, one of the three before it three times in ten, any older one the
    # rest), or "any" (every quarter of ten years alike: nearly every page a first request).
    spread: str = "recent"

    def quarter(self, rng: random.Random) -> tuple[int, int]:
        if self.spread == "any" or len(self.quarters) < 5:
            return rng.choice(self.quarters)
        draw = rng.random()
        if draw < 0.5:
            return self.quarters[0]
        return rng.choice(self.quarters[1:4] if draw < 0.8 else self.quarters[4:])

    @cached_property
    def codes_by_year(self) -> dict[int, list[str]]:
        codes = defaultdict(list)
        for code, year in self.indicator_years:
            codes[year].append(code)
        return codes

    def page(self, rng: random.Random) -> tuple[str, str]:
        """A public page at random, and its path."""
        kind = rng.choice(PUBLIC_PAGES)
        year, number = self.quarter(rng)
        quarter = f"/scorecards/{year}/q{number}/"
        if kind == "home":
            return kind, "/"
        if kind == "quarter summary":
            return kind, quarter
        if kind == "scorecard table":
            return kind, quarter + "indicators/"
        if kind == "filtered table":
            name, value = rng.choice([
                ("status", rng.choice(["achieved", "failed"])),
                ("dot_year", rng.choice(["better", "worse"])),
                ("portfolio", rng.choice(self.portfolios)),
                ("directorate", rng.choice(self.directorates)),
            ])
            return kind, f"{quarter}indicators/?{name}={value}"
        if kind == "portfolio":
            return kind, f"/portfolios/{rng.choice(self.portfolios)}/?quarter={year}-Q{number}"
        if self.spread == "any" or not self.codes_by_year[year]:
            code, year = rng.choice(self.indicator_years)
        else:
            code = rng.choice(self.codes_by_year[year])
        return kind, f"/indicators/{code}/?year={year}"


class Browser:
    """One person's session: each request timed and recorded; redirects are never followed
    (a page that should answer 200 and redirects is an error, with where it went)."""

    def __init__(self, base: str, recorder: Recorder, timeout: float, step: int = 0):
        self.base, self.recorder, self.timeout, self.step = base, recorder, timeout, step
        self.session = requests.Session()

    def request(self, page: str, method: str, path: str, *, data=None, expect: int = 200,
                redirect: str | None = None) -> requests.Response | None:
        """The response when it is what was expected (status `expect`, and for a redirect a
        Location matching the regular expression `redirect`), else None, recorded as an error."""
        start = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, data=data, allow_redirects=False,
                                            timeout=(5, self.timeout))
            response.content  # noqa: B018 (the body is part of the request's time)
        except requests.RequestException as error:
            self.recorder.add(Sample(page, path, type(error).__name__, time.perf_counter() - start,
                                     str(error)[:120], self.step))
            return None
        seconds = time.perf_counter() - start
        problem = None
        location = response.headers.get("Location", "")
        if response.status_code != expect:
            problem = f"redirected to {location}" if location else refusal(response.text) or "unexpected status"
        elif redirect is not None and not re.fullmatch(redirect, location):
            problem = f"redirected to {location}, not {redirect}"
        self.recorder.add(Sample(page, path, response.status_code, seconds, problem, self.step))
        return None if problem else response

    def pause(self, low: float, high: float, rng: random.Random, end: float):
        time.sleep(max(0.0, min(rng.uniform(low, high), end - time.perf_counter())))


def refusal(html: str) -> str:
    """The first message a refused form shows (field message or error summary), in one line."""
    match = re.search(r'class="(?:field-message|error-summary)"[^>]*>(.*?)</(?:p|div)>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()[:160] if match else ""


def reader(base: str, council: Council, rng: random.Random, end: float, recorder: Recorder, *,
           reading: tuple[float, float] | None, timeout: float, step: int = 0, first_pause: bool = False):
    """Open a public page, read it (`reading` seconds, uniform; none in the saturation run), again
    until `end`. With `first_pause`, begin as if half-way through reading (so readers do not all
    arrive in the same instant)."""
    browser = Browser(base, recorder, timeout, step)
    if reading and first_pause:
        browser.pause(0, reading[1], rng, end)
    while time.perf_counter() < end and not recorder.closed:
        page, path = council.page(rng)
        browser.request(page, "GET", path)
        if reading:
            browser.pause(*reading, rng, end)


# --- officers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """A figure the server accepted: who saved it, for which indicator and month, the value
    it must hold (a time in seconds) and the state it was saved in."""

    officer: str
    code: str
    month: date
    value: Decimal
    state: str


@dataclass(frozen=True)
class Officer:
    username: str
    password: str


class FormParser(HTMLParser):
    """The fields a browser would post from the form with id `form_id` (disabled fields are not
    posted, an unticked box neither), and each field's label text by the field's id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields: dict[str, str] = {}
        self.disabled: set[str] = set()
        self.labels: dict[str, str] = {}
        self._text: list[str] | None = None
        self._textarea: str | None = None
        self._label: str | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._field(name, a.get("value", "on" if kind in ("checkbox", "radio") else ""), "disabled" in a)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
            if "disabled" in a:
                self.disabled.add(name)
        elif tag == "select" and name:
            self._select = {"name": name, "disabled": "disabled" in a, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["first"] = value if self._select["first"] is None else self._select["first"]
            if "selected" in a:
                self._select["selected"] = value
        elif tag == "label":
            self._label, self._text = a.get("for"), []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._field(self._textarea, text[1:] if text.startswith("\n") else text, self._textarea in self.disabled)
            self._textarea = self._text = None
        elif tag == "select" and self._select:
            s = self._select
            self._field(s["name"], s["selected"] if s["selected"] is not None else s["first"] or "", s["disabled"])
            self._select = None
        elif tag == "label" and self._label:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def _field(self, name, value, disabled):
        if disabled:
            self.disabled.add(name)
        else:
            self.fields[name] = value


@dataclass
class Sheet:
    fields: dict[str, str]
    editable: dict[str, str]  # indicator code -> unit word ("percent", "count", "time" ...)

    @classmethod
    def parse(cls, html: str) -> "Sheet":
        parser = FormParser("month-form")
        parser.feed(html)
        editable = {}
        for name in parser.fields:
            if name.endswith("-value"):
                words = parser.labels.get(f"id_{name}", "")
                unit = re.match(r"Figure \((\w+)", words)
                editable[name.removesuffix("-value")] = unit.group(1).lower() if unit else "number"
        return cls(parser.fields, editable)

    def filled(self, rng: random.Random, officer: str, month: str, action: str) -> tuple[dict, dict[str, Decimal]]:
        """The form as posted after typing a new figure into every editable row (ticking "Yes,
        this figure is right", as random figures are often outside the usual range, and giving
        the quarter's commentary a failing figure needs), and each figure's stored value."""
        data, values = dict(self.fields), {}
        for code, unit in self.editable.items():
            text, value = figure(unit, rng)
            data[f"{code}-value"] = text
            data[f"{code}-confirm"] = "on"
            data[f"{code}-commentary"] = f"Load run, {officer}, {month}: cause, action and forecast."
            values[code] = value
        data["action"] = action
        return data, values


def figure(unit: str, rng: random.Random) -> tuple[str, Decimal]:
    """A figure as typed in the unit, and the value it is stored as (a time in seconds)."""
    if unit == "time":
        minutes, seconds = rng.randint(0, 59), rng.randint(0, 59)
        return f"{minutes}:{seconds:02d}", Decimal(minutes * 60 + seconds)
    text = str(rng.randint(0, 5000)) if unit == "count" else f"{rng.uniform(0, 100):.1f}"
    return text, Decimal(text)


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


MONTH_PATH = r"/entry/(\d{4}-\d{2})/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def officer(base: str, person: Officer, rng: random.Random, end: float, recorder: Recorder, *,
            pause: tuple[float, float], timeout: float, saved: list[Saved], lock: threading.Lock):
    """Log in through the form, then month by month from the one /entry/ offers: open the sheet,
    type every figure it lets one change, save a draft; again; then submit and go on to the next
    month, `pause` seconds (uniform) before each save. What the server accepted is added to
    `saved` (under `lock`, so in the order the server answered). Each begins `pause` seconds
    (uniform, from 0) after the start, so they do not all log in at the same instant."""
    browser = Browser(base, recorder, timeout)
    browser.pause(0, pause[1], rng, end)
    form = browser.request("login form", "GET", "/accounts/login/")
    token = CSRF.search(form.text) if form is not None else None
    if token is None:
        return
    data = {"csrfmiddlewaretoken": token.group(1), "username": person.username, "password": person.password,
            "next": ""}
    if browser.request("log in", "POST", "/accounts/login/", data=data, expect=302,
                       redirect="/accounts/start/") is None:
        return
    entry = browser.request("my data", "GET", "/entry/", expect=302, redirect=MONTH_PATH)
    if entry is None:
        return
    month = re.fullmatch(MONTH_PATH, entry.headers["Location"]).group(1)
    while time.perf_counter() < end and not recorder.closed:
        for action in ("save", "save", "submit"):
            path = f"/entry/{month}/"
            page = browser.request("month sheet", "GET", path)
            if page is None:
                browser.pause(*pause, rng, end)
                break
            sheet = Sheet.parse(page.text)
            if not sheet.editable:
                break
            browser.pause(*pause, rng, end)
            if time.perf_counter() >= end or recorder.closed:
                return
            data, values = sheet.filled(rng, person.username, month, action)
            name = "submit" if action == "submit" else "save draft"
            if browser.request(name, "POST", path, data=data, expect=302, redirect=path) is not None:
                state = "submitted" if action == "submit" else "draft"
                first_day = date(int(month[:4]), int(month[5:]), 1)
                with lock:
                    saved.extend(Saved(person.username, code, first_day, value, state)
                                        for code, value in values.items())
        month = next_month(month)
