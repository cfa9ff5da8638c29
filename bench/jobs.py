#!/usr/bin/env python3
"""What job leases cost: jobs run per second with and without them.

    .venv/bin/python bench/jobs.py [--jobs 1000] [--rounds 5] [--redis redis://127.0.0.1:6379/0]
    .venv/bin/python bench/jobs.py --backend postgresql   # PostgreSQL database, queue in Redis

Each job does nothing, so the figure is the queue's own overhead: dequeue, run, look up
its failure record in the database (to mark it resolved), and (with leases) one write when the job starts and one delete when it ends, in the same
store as the queue: a SQLite file (the embedded default) and, with --redis, Redis.
A real job (an email over SMTP, a Zoom call) takes tens of milliseconds, which this
overhead should be small beside. Prints jobs per second of wall time and of CPU time
(steadier on a shared machine) for each store, with and without leases.

Floor, in the same rounds: plain huey (``huey.Huey``, no eventhub code) on the same store
(the same SQLite file or Redis server, a queue of its own) running a no-op task, drained
the same way (dequeue, execute). Recorded for ``make bench``: the floor's CPU per job over
eventhub's (with leases, as production runs), one value per round. Target >= 0.25 (issue
20 is silent): an eventhub job adds an application context and database session, the
failure lookup and the lease's write and delete, about three times the store work plain
huey does for a job (its enqueue and dequeue); four times the floor's cost is the most
that should cost.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# Python puts this script's folder first on sys.path, where bench/calendar.py would shadow
# the standard library's calendar module.
_BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH_DIR]
sys.path.insert(0, str(_BENCH_DIR.parent))

from eventhub import create_app, jobs  # noqa: E402
from eventhub.extensions import db  # noqa: E402
from eventhub.jobs import leases  # noqa: E402

sys.path.append(str(_BENCH_DIR))  # after the standard library: harness only
import harness  # noqa: E402

done = []


@jobs.task(retries=3, retry_delay=30)
def nothing(number: int) -> None:
    done.append(number)


def measure(app, count: int, with_leases: bool) -> tuple[float, float]:
    """Jobs per second of wall time and of this process's CPU time."""
    original = leases.takes_lease
    if not with_leases:
        leases.takes_lease = lambda huey, task: False
    try:
        with app.app_context():
            jobs.huey.flush()
            done.clear()
            for number in range(count):
                nothing(number)
            started, cpu_started = time.perf_counter(), time.process_time()
            ran = jobs.drain()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            assert ran == count == len(done), (ran, len(done))
            assert leases.all_leases(jobs.huey) == []
    finally:
        leases.takes_lease = original
    return count / elapsed, count / cpu


def floor_huey(config: dict):
    """Plain huey on the store ``config`` names, with a no-op task."""
    from huey import Huey
    from huey.storage import RedisStorage, SqliteStorage

    name = f"{config['JOBS_QUEUE_NAME']}-floor"
    if config.get("REDIS_URL"):
        plain = Huey(name, storage_class=RedisStorage, url=config["REDIS_URL"], utc=True, results=False)
    else:
        plain = Huey(name, storage_class=SqliteStorage, filename=config["JOBS_SQLITE_PATH"], utc=True,
                     results=False)
    floor_done = []

    @plain.task(retries=3, retry_delay=30)
    def floor_nothing(number: int) -> None:
        floor_done.append(number)

    return plain, floor_nothing, floor_done


def measure_floor(floor, count: int) -> tuple[float, float]:
    plain, task, floor_done = floor
    plain.flush()
    floor_done.clear()
    for number in range(count):
        task(number)
    started, cpu_started = time.perf_counter(), time.process_time()
    ran = 0
    while plain.pending_count():
        queued = plain.dequeue()
        if queued is None:
            break
        plain.execute(queued)
        ran += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert ran == count == len(floor_done), (ran, len(floor_done))
    return count / elapsed, count / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--redis", default="", help="also measure with this Redis URL")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: the database on PostgreSQL ($EVENTHUB_TEST_DATABASE_URL's server) "
                             "and the queue in Redis ($EVENTHUB_TEST_REDIS_URL) only")
    options = parser.parse_args()
    cleanup = lambda: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        base = dict(SECRET_KEY="bench", INSTANCE_PATH=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
                    JOBS_QUEUE_NAME=f"bench-{uuid.uuid4().hex[:8]}", TESTING=False)
        stores = [("SQLite", dict(base, JOBS_SQLITE_PATH=f"{tmp}/jobs.sqlite3", REDIS_URL=""))]
        if options.backend == "postgresql":
            env, cleanup = harness.bench_environment("postgresql")
            base["DATABASE_URL"] = env["EVENTHUB_DATABASE_URL"]
            stores = [("Redis", dict(base, REDIS_URL=env.get("EVENTHUB_REDIS_URL") or options.redis))]
        elif options.redis:
            stores.append(("Redis", dict(base, REDIS_URL=options.redis)))
        try:
            run_stores(options, stores)
        finally:
            cleanup()


def run_stores(options, stores) -> None:
    print(f"{options.jobs} no-op jobs drained in one process, median of {options.rounds} rounds")
    for name, config in stores:
        app = create_app(config)
        with app.app_context():  # job failures are looked up when a job completes
            db.create_all()
        # Alternate the two, several rounds, and keep the medians: on a shared
        # machine one round says more about the neighbours than about leases.
        floor = floor_huey(config)
        rounds = [(measure(app, options.jobs, with_leases=False),
                   measure(app, options.jobs, with_leases=True),
                   measure_floor(floor, options.jobs)) for _ in range(options.rounds)]
        for label, index in (("wall", 0), ("CPU", 1)):
            without = statistics.median(r[0][index] for r in rounds)
            with_ = statistics.median(r[1][index] for r in rounds)
            per_job_ms = (1 / with_ - 1 / without) * 1000
            plain = statistics.median(r[2][index] for r in rounds)
            print(f"{name:7} {label:4}  without leases {without:7.0f} jobs/s   with leases {with_:7.0f} jobs/s"
                  f"   lease cost {per_job_ms:+.2f} ms a job   plain huey floor {plain:7.0f} jobs/s")
        ratios = [r[1][1] / r[2][1] for r in rounds]
        met = harness.report(f"no-op job, {name} store: CPU ratio vs plain huey", ratios, 0.25)
        print(f"{name:7} CPU ratio vs plain huey (with leases): {harness.median_range(ratios)} "
              f"(target >= 0.25: {'met' if met else 'MISSED'})")
        with app.app_context():
            db.engine.dispose()  # before a PostgreSQL database of its own is dropped


if __name__ == "__main__":
    main()
