"""The product under load: gunicorn + PostgreSQL on the synthetic council, loopback only, bounded in time.

    .venv/bin/python -m benchmarks.load                    # 50 readers + 5 officers for 60 s
    .venv/bin/python -m benchmarks.load --saturation       # readers with no reading time, stepped up
    .venv/bin/python -m benchmarks.load --indicators 50 --users 5 --seconds 10      # a quick look
    .venv/bin/python -m benchmarks.load --reuse ...        # keep the council already in the database

Run from the repository's root. What it does:

1. The database: --database (default postgres://postgres@127.0.0.1:5432/kpi_load; DATABASE_URL
   is ignored, so a run never empties another database), created if missing. The synthetic
   council (benchmarks/synthetic.py: --indicators, --years up to 2016/17, --seed) is built in
   it, emptying our tables first, unless --reuse finds one of that size there already (it then
   keeps what earlier runs' officers saved, after March 2017: they go on from the next month).
   --officers data officers are made (bench-officer-N, one directorate each).
2. The server: gunicorn, --workers sync workers (3 by default; gunicorn's 30 s worker timeout),
   on 127.0.0.1 at a free port, DEBUG=False, a SECRET_KEY made for the run, ALLOWED_HOSTS
   127.0.0.1, CONN_MAX_AGE 60 as .env.example has it (unless set in the environment). No warm-up:
   caches start cold, as after a deploy. Stopped at the end whatever happens (Ctrl-C too), and
   the whole run is cut off at the server's start (60 s at most) + the run + --margin.
3. The load run: --users readers (one requests session each, a seeded random.Random each),
   each opening a public page at random (home, a quarter's summary, its scorecard table, the
   table filtered by status, direction, portfolio or directorate, a portfolio's table for a
   quarter, an indicator's year; quarters, portfolios, indicators and years that have
   published figures) and reading it for 1-3 s (uniform): about 25 requests/s offered by 50.
   --redis URL caches in Redis, shared by the workers (the database it names is emptied first),
   as production does; without it each worker keeps its own cache in memory.
   --warm (with --redis) runs `manage.py warm_cache` first, untimed: every quarter's public
   scorecard is then in the shared cache, as in a service that has been running; without it
   the caches start cold, as after a deploy that emptied Redis.
   --spread recent (the default) opens quarters as a council's readers do: the latest
   published quarter half the time, one of the three before it three times in ten, any older
   one the rest; --spread any opens every quarter of the ten years alike, so nearly every page
   is the first request for its data since the start (the worst case, reported beside it).
   Beside them --officers officers log in through the form (each 0-5 s after the start), open
   /entry/, and month by month from the one it offers: open the month sheet, type a figure into
   every row they may change, save a draft; again; then submit, 2-5 s (uniform) before each
   save. --seconds long; a request started before the end is waited for (--margin s at most).
   Afterwards every figure the server accepted (a save answered with the redirect back to the
   month) is looked up in the database: the value and state of the last accepted save, and a
   history row (simple_history) for each accepted save. Any missing: exit status 1.
4. The saturation run (--saturation): readers only, no reading time, --steps users
   (1,2,5,10,20,50) for --step-seconds (15) each; requests/s, p50, p95, p99 per step and the
   requests/s at which p95 passes 1 s.

Per page and overall: requests, requests/s, p50, p95, p99 (nearest rank, in ms; a failed
request counts with the time it took to fail) and errors. An error is any answer but the
expected one: a non-200 page, a redirect where the page should answer (with where it went),
a refused form (with its first message), a timeout or a dropped connection. The goal the
issue sets, p95 < 300 ms and 0 errors over all requests, is reported against, not enforced.
Not part of the test suite (pytest collects tests/ only) nor of CI: runs stay on the machine.
"""

import argparse
import dataclasses
import importlib.metadata
import os
import platform
import random
import secrets
import signal
import subprocess
import sys
import threading
import time

from benchmarks.load import client, council, report
from benchmarks.load.server import ROOT, Gunicorn

DATABASE = "postgres://postgres@127.0.0.1:5432/kpi_load"
READING = (1.0, 3.0)  # seconds a reader reads a page
OFFICER_PAUSE = (2.0, 5.0)  # seconds an officer types before each save
START_WAIT = 60  # seconds gunicorn may take to answer
GOAL_P95 = 0.300  # seconds
SATURATED_P95 = 1.0  # seconds


class HardStop(Exception):
    """The run's time is up: stop the server and report what was measured."""


def terminated(signum, frame):
    raise KeyboardInterrupt("terminated")


def arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="readers of the public pages (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the load run (default 60)")
    parser.add_argument("--officers", type=int, default=5, help="officers saving and submitting figures (5)")
    parser.add_argument("--indicators", type=int, default=1000, help="size of the synthetic council (1000)")
    parser.add_argument("--years", type=int, default=10, help="financial years of figures, to 2016/17 (10)")
    parser.add_argument("--seed", type=int, default=2016, help="seed of the council and of every person (2016)")
    parser.add_argument("--reuse", action="store_true", help="keep the council already in the database if it has "
                                                             "--indicators indicators and --years years")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3)")
    parser.add_argument("--database", default=DATABASE, help=f"PostgreSQL URL (default {DATABASE})")
    parser.add_argument("--spread", choices=["recent", "any"], default="recent",
                        help="quarters readers open: mostly the latest few (recent, default) or any alike")
    parser.add_argument("--redis", metavar="URL", default="",
                        help="cache in Redis (e.g. redis://127.0.0.1:6379/15, a database it empties) shared by "
                             "the workers, instead of each worker's memory")
    parser.add_argument("--warm", action="store_true",
                        help="with --redis: every quarter's scorecard computed into the cache before the run "
                             "(manage.py warm_cache), as in a service that has been running")
    parser.add_argument("--saturation", action="store_true", help="readers only, no reading time, stepped up")
    parser.add_argument("--steps", default="1,2,5,10,20,50", help="users per saturation step (1,2,5,10,20,50)")
    parser.add_argument("--step-seconds", type=float, default=15, help="length of a saturation step (15)")
    parser.add_argument("--margin", type=float, default=30,
                        help="seconds a request started in time may take to finish; past it, it is cut off (30)")
    args = parser.parse_args(argv)
    args.steps = [int(n) for n in args.steps.split(",")]
    if args.warm and not args.redis:
        parser.error("--warm needs --redis: each worker's own memory cannot be warmed from outside")
    return args


def setup_django(database: str):
    os.environ["DATABASE_URL"] = database
    from benchmarks import synthetic

    synthetic.configure()


def machine(args, server: Gunicorn) -> list[str]:
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    return [
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}",
        f"server: gunicorn {importlib.metadata.version('gunicorn')}, {args.workers} sync workers, "
        f"{server.base}, Django {get_version()}, DEBUG=False, CONN_MAX_AGE={server.env['CONN_MAX_AGE']}, "
        f"cache {'RedisCache ' + server.env['REDIS_URL'] if server.env.get('REDIS_URL') else 'LocMemCache'}",
        f"database: {database.split(' on ')[0]} ({connection.settings_dict['NAME']})",
        f"client: requests {importlib.metadata.version('requests')}, one thread and session per person",
    ]


def wait_for(threads: list[threading.Thread], deadline: float) -> int:
    """Join the threads until `deadline` (perf_counter); how many are still waiting for an answer."""
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    return sum(thread.is_alive() for thread in threads)


def load_run(args, base: str, readable: client.Council, people: list[client.Officer], recorder: report.Recorder,
             saved: list[client.Saved]) -> int:
    end = time.perf_counter() + args.seconds
    lock = threading.Lock()
    threads = [threading.Thread(target=client.reader, daemon=True, args=(
        base, readable, random.Random(f"{args.seed}-reader-{n}"), end, recorder),
        kwargs={"reading": READING, "timeout": args.margin, "first_pause": True}) for n in range(args.users)]
    threads += [threading.Thread(target=client.officer, daemon=True, args=(
        base, person, random.Random(f"{args.seed}-officer-{n}"), end, recorder),
        kwargs={"pause": OFFICER_PAUSE, "timeout": args.margin, "saved": saved, "lock": lock})
        for n, person in enumerate(people)]
    for thread in threads:
        thread.start()
    return wait_for(threads, end + args.margin)


def saturation_run(args, base: str, readable: client.Council, recorder: report.Recorder, steps: list[tuple]):
    """Adds to `steps`, per step: (users, seconds it took, people still waiting at its cut-off)."""
    for step, users in enumerate(args.steps, start=1):
        start = time.perf_counter()
        end = start + args.step_seconds
        threads = [threading.Thread(target=client.reader, daemon=True, args=(
            base, readable, random.Random(f"{args.seed}-saturation-{step}-{n}"), end, recorder),
            kwargs={"reading": None, "timeout": args.margin, "step": step}) for n in range(users)]
        for thread in threads:
            thread.start()
        waiting = wait_for(threads, end + args.margin)
        steps.append((users, time.perf_counter() - start, waiting))
        print(f"  step {step}: {users} users done", flush=True)


def saturation_lines(steps: list[tuple], samples: list[report.Sample]) -> list[str]:
    """Per step: users and its length, then the page table's columns; then where p95 passes 1 s."""
    lines = [report.HEADER.replace("page", "step", 1)]
    crossing, below, rate = None, None, 0.0
    for step, (users, seconds, waiting) in enumerate(steps, start=1):
        chosen = [s for s in samples if s.step == step]
        lines.append(report.line(f"{users} users, {seconds:.1f} s", chosen, seconds)
                     + (f"  ({waiting} cut off)" if waiting else ""))
        rate, p95 = len(chosen) / seconds, report.percentile([s.seconds for s in chosen], 95)
        if p95 > SATURATED_P95:
            crossing = crossing or (users, rate, p95)
        elif crossing is None:
            below = (users, rate, p95)
    if crossing is None:
        lines.append(f"p95 stayed under {SATURATED_P95:.0f} s at every step, up to {rate:.1f} requests/s.")
    else:
        users, rate, p95 = crossing
        text = f"p95 passes {SATURATED_P95:.0f} s at {rate:.1f} requests/s ({users} users, p95 {report.ms(p95)} ms)"
        if below:
            text += f"; the step before: {below[1]:.1f} requests/s, p95 {report.ms(below[2])} ms at {below[0]} users"
        lines.append(text + ".")
    return lines


def main(argv=None) -> int:
    args = arguments(argv)
    made = council.ensure_database(args.database)
    setup_django(args.database)
    from django.db import connections

    started = time.perf_counter()
    reused, people, readable = council.prepare(args.indicators, args.years, 2016, args.seed, args.reuse,
                                               0 if args.saturation else args.officers)
    readable = dataclasses.replace(readable, spread=args.spread)
    size = council.sizes()
    print(f"council: {size['indicators']} indicators, {size['readings']} readings, "
          f"{len(readable.quarters)} quarters with published figures; "
          + ("reused" if reused else f"built in {time.perf_counter() - started:.0f} s")
          + (" (database created)" if made else ""), flush=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thurrock_kpi.settings", "DATABASE_URL": args.database,
           "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
           # Plain HTTP on loopback: cookies a client sends over it, and static files without collectstatic.
           "SESSION_COOKIE_SECURE": "False", "CSRF_COOKIE_SECURE": "False", "STATIC_MANIFEST": "False"}
    env.setdefault("CONN_MAX_AGE", "60")
    if args.redis:
        env["REDIS_URL"] = args.redis
        import redis

        redis.Redis.from_url(args.redis).flushdb()  # cold, as after a deploy: nothing kept from an earlier run
    server = Gunicorn(args.workers, env)
    for text in machine(args, server):
        print(text)
    if args.warm:
        # As a running service has it: every quarter's scorecard already in the shared cache.
        warmed = subprocess.run([sys.executable, "manage.py", "warm_cache"], cwd=ROOT, env=env, check=True,
                                capture_output=True, text=True, timeout=START_WAIT * 10)
        print(f"warm: {warmed.stdout.strip()}")
    connections.close_all()

    recorder, saved = report.Recorder(), []
    run = len(args.steps) * (args.step_seconds + args.margin) if args.saturation else args.seconds + args.margin
    limit = START_WAIT + run + 15

    def hard_stop(signum, frame):
        raise HardStop(f"the run passed its {limit:.0f} s limit")

    signal.signal(signal.SIGALRM, hard_stop)
    signal.signal(signal.SIGTERM, terminated)
    signal.alarm(int(limit) + 1)
    interrupted, waiting, steps, began = None, 0, [], None
    try:
        server.start(START_WAIT)
        began = time.perf_counter()
        if args.saturation:
            print(f"saturation: readers with no reading time, {args.spread} quarters, {args.steps} users, "
                  f"{args.step_seconds:.0f} s each",
                  flush=True)
            saturation_run(args, server.base, readable, recorder, steps)
        else:
            print(f"load: {args.users} readers (reading 1-3 s, {args.spread} quarters) and {len(people)} officers "
                  f"(2-5 s before each save) for {args.seconds:.0f} s", flush=True)
            waiting = load_run(args, server.base, readable, people, recorder, saved)
    except (KeyboardInterrupt, HardStop) as error:
        interrupted = str(error) or "interrupted"
    except RuntimeError as error:  # the server did not start
        print(error, file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        recorder.close()  # what is still in flight is not counted: the server stops under it
        ended = time.perf_counter()
        server.stop()
        log = server.tail()
        server.remove_log()

    samples = recorder.snapshot()
    if interrupted:
        print(f"STOPPED EARLY: {interrupted}; what was measured until then:")
    seconds = args.seconds if not interrupted and not args.saturation else ended - (began or ended)
    public, officer = set(client.PUBLIC_PAGES), set(client.OFFICER_PAGES)
    print()
    print("\n".join(report.table(samples, seconds, client.PUBLIC_PAGES + client.OFFICER_PAGES, {
        "all public pages": public, "all officer requests": officer, "all requests": public | officer})))
    if waiting:
        print(f"{waiting} people were still waiting for an answer {args.margin:.0f} s after the end (not counted)")
    failures = [s for s in samples if s.error]
    if failures:
        print(f"errors ({len(failures)}):")
        print("\n".join(report.errors(samples)))
        if any(isinstance(s.status, int) and s.status >= 500 for s in samples) and log:
            print("gunicorn's log, last lines:\n" + log)
    if args.saturation:
        print()
        print("\n".join(saturation_lines(steps, samples)))
        return 130 if interrupted else 0
    p95 = report.percentile([s.seconds for s in samples], 95)
    met = p95 < GOAL_P95 and not failures
    print(f"goal p95 < {GOAL_P95 * 1000:.0f} ms and 0 errors over all requests: p95 {report.ms(p95)} ms, "
          f"{len(failures)} errors: {'met' if met else 'NOT MET'}")
    print()
    lines, missing = council.check_saved(saved)
    print("\n".join(lines))
    connections.close_all()
    if missing:
        print(f"FAILED: {missing} saved figures missing or wrong in the database")
        return 1
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
