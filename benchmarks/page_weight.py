"""What a reader's browser fetches for each kind of page, and how long the page takes to load.

    .venv/bin/python benchmarks/page_weight.py --rounds 7
    .venv/bin/python benchmarks/page_weight.py --rounds 7 --mbps 10   # over a 10 Mbit/s link

Serves the demo data as production does, in a temporary folder: the demo workbook imported
into a fresh SQLite database, `collectstatic` into a temporary STATIC_ROOT (whitenoise's
compressed manifest storage: gzip and brotli copies, hashed names), gunicorn with DEBUG=False
(the Makefile's `make serve`, without warm_cache so every round's first request is alike).
Then Debian's Chromium (Playwright) opens each kind of page as an anonymous reader, every
round in a new browser context, so with an empty cache, as a first visit:

- home; the quarter summary /scorecards/2016/q3/; its table; an indicator's page with its
  chart (/indicators/RENT/?year=2016); the first portfolio's page, by name.

Per page, from the browser's Resource Timing entries (the page and everything it loaded):
the bytes transferred (encodedBodySize: the bodies as they came over the wire, compressed;
headers left out), the bytes once decoded, the number of requests, the load event's end,
and on the indicator page the moment its chart's lines were in the page (a MutationObserver
added before the page's own scripts). Printed: medians with min-max over the rounds.

Chromium asks for brotli over HTTPS only, so over this plain-HTTP server whitenoise sends
the gzip copies; behind the TLS proxy browsers get the smaller brotli ones (the sizes of
both copies of the plotly bundle are printed). Over loopback the load time is mostly
parsing and running scripts; --mbps throttles the link (Chrome DevTools' network
emulation) to see what the bytes cost on a slower one. Not part of the test suite.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "fixtures" / "thurrock_2016_17.xlsx"
CHROMIUM = "/usr/bin/chromium"
CHART_DRAWN = "[data-chart] .scatterlayer .trace"
# Before the page's own scripts: the moment (ms since navigation start) the chart's lines appear.
WATCH_CHART = """
new MutationObserver(function (changes, observer) {
  if (document.querySelector(SELECTOR)) { window.__chartDrawnAt = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
""".replace("SELECTOR", json.dumps(CHART_DRAWN))
# Everything the page loaded, as the browser counted it.
WEIGHT = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const entries = [nav, ...performance.getEntriesByType("resource")];
  const sum = (key) => entries.reduce((total, entry) => total + entry[key], 0);
  return {encoded: sum("encodedBodySize"), decoded: sum("decodedBodySize"), requests: entries.length,
          load: nav.loadEventEnd, chart: window.__chartDrawnAt || null,
          files: entries.map((entry) => [entry.name, entry.encodedBodySize])};
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(folder: Path) -> dict:
    return {**os.environ, "DEBUG": "False", "SECRET_KEY": "page-weight-benchmark-" + "x" * 40,
            "DATABASE_URL": f"sqlite:///{folder / 'weight.sqlite3'}", "STATIC_ROOT": str(folder / "static"),
            "STATIC_MANIFEST": "True", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
            "REDIS_URL": "", "TASKS_BACKEND": "immediate"}


def manage(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "thurrock_kpi.wsgi:application",
                               "--bind", f"127.0.0.1:{port}", "--workers", "2"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 20 s")


def visit(browser, base: str, path: str, mbps: float) -> dict:
    """One first visit, in a new context (empty cache, no cookies)."""
    context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        if mbps:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                          "downloadThroughput": mbps * 1e6 / 8,
                                                          "uploadThroughput": mbps * 1e6 / 8})
        page.add_init_script(WATCH_CHART)
        response = page.goto(path, wait_until="load")
        assert response.ok, f"{path} answered {response.status}"
        if path.startswith("/indicators/"):
            page.wait_for_selector(CHART_DRAWN, state="attached", timeout=30_000)
        # wait_for_function evaluates its predicate in a way the page's CSP (no eval) forbids;
        # evaluate() does not. The load event's end is written just after "load" fires.
        while not page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"):
            time.sleep(0.01)
        return page.evaluate(WEIGHT)
    finally:
        context.close()


def summary(values: list[float], unit: str, scale: float = 1) -> str:
    return (f"{statistics.median(values) / scale:,.0f} {unit} "
            f"({min(values) / scale:,.0f}-{max(values) / scale:,.0f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--mbps", type=float, default=0, help="throttle the link to this many Mbit/s (0: loopback)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="page-weight-") as temporary:
        folder = Path(temporary)
        env = production_env(folder)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "import_workbook", str(WORKBOOK))
        manage(env, "collectstatic", "--noinput")
        # No page links a portfolio's own page: the first portfolio by name.
        portfolio = manage(env, "shell", "-c", "from kpis.models import Portfolio; "
                           "print(Portfolio.objects.order_by('name').first().slug)").split()[-1]
        port = free_port()
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                pages = {"home": "/", "summary": "/scorecards/2016/q3/",
                         "table": "/scorecards/2016/q3/indicators/",
                         "indicator (chart)": "/indicators/RENT/?year=2016", "portfolio": f"/portfolios/{portfolio}/"}
                for path in pages.values():  # untimed: templates compiled, caches filled in each worker
                    visit(browser, base, path, 0)
                samples = {name: [] for name in pages}
                for _ in range(args.rounds):
                    for name, path in pages.items():  # pages in turn within each round
                        samples[name].append(visit(browser, base, path, args.mbps))
                browser.close()
        finally:
            server.terminate()
            server.wait()
        report(pages, samples, args, folder / "static")


def report(pages: dict, samples: dict, args, static_root: Path) -> None:
    link = f"{args.mbps:g} Mbit/s, 20 ms" if args.mbps else "loopback"
    print(f"{args.rounds} rounds, first visit each (empty cache), gunicorn with DEBUG=False, {link}; "
          "median (min-max)")
    header = ["page", "requests", "transferred", "decoded", "load event", "chart drawn"]
    rows = []
    for name, path in pages.items():
        runs = samples[name]
        charts = [run["chart"] for run in runs if run["chart"]]
        rows.append([f"{name} {path}", str(runs[0]["requests"]),
                     summary([run["encoded"] for run in runs], "kB", 1000),
                     summary([run["decoded"] for run in runs], "kB", 1000),
                     summary([run["load"] for run in runs], "ms"),
                     summary(charts, "ms") if charts else "-"])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width)
                        in enumerate(zip(row, widths, strict=True))))
    print("\nThe indicator page's files, as transferred (bytes):")
    for url, size in samples["indicator (chart)"][0]["files"]:
        print(f"  {size:>10,}  {url}")
    for bundle in sorted(static_root.glob("plotly/*.min.*.js")) + sorted(static_root.glob("vendor/plotly/*.min.*.js")):
        sizes = ", ".join(f"{suffix} {Path(f'{bundle}{suffix}').stat().st_size:,}" for suffix in (".gz", ".br")
                          if Path(f"{bundle}{suffix}").exists())
        print(f"{bundle.relative_to(static_root)}: {bundle.stat().st_size:,} bytes; {sizes}")


if __name__ == "__main__":
    main()
