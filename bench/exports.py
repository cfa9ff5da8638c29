#!/usr/bin/env python3
"""Exports of 50,000 registrations as CSV and as XLSX, against plain floors.

    .venv/bin/python bench/exports.py [--rows 50000] [--repeat 3] [--lang en]

Builds a throw-away SQLite database (real migrations, demo event, one place per person
in session 2 with Arabic, French, Spanish and English names), then, ``--repeat`` times,
back to back so both see the same machine load:
- ``flask --app wsgi export registrations --format csv|xlsx`` in a new process (what an
  organiser runs: process start-up included), against the floor, a new Python process
  (``bench/exports.py --floor csv|xlsx``) that reads the same join with ``sqlite3`` and
  writes it with ``csv.writer`` / openpyxl's ``write_only`` workbook;
- ``flask --app wsgi --help`` (start-up alone; target < 0.8 s).
Then once in this process under tracemalloc: the peak of Python allocations of the same
export functions the console and the API use (memory must stay flat in the row count).
Targets (issue 20): CSV ≤ 2× its floor including start-up, XLSX ≤ 1.3× its floor.
Source files are byte-compiled first (``compileall``), as an installed package is: with
``PYTHONDONTWRITEBYTECODE`` set every start would otherwise compile eventhub again.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAMES = [("Amina", "Diallo"), ("محمد", "الخطيب"), ("Lucía", "Pérez"), ("Jean-Pierre", "Lefèvre"),
         ("فاطمة", "الزهراء"), ("María José", "Gómez"), ("Kwame", "Mensah"), ("=Eve", "@Attacker")]
COUNTRIES = ["SN", "EG", "MX", "FR", "JO", "CO", "CH", "PH", "NZ", "ZA", "MA", "CA"]


def build_database(app, rows: int) -> None:
    from flask_migrate import upgrade

    from eventhub.events.demo import load_demo_event
    from eventhub.extensions import db
    from eventhub.registration.models import Registration, SessionRegistration

    upgrade()
    event, _ = load_demo_event()
    session = event.session_by_number(2)
    rnd = random.Random(7)
    now = dt.datetime(2022, 11, 20, tzinfo=dt.timezone.utc)
    registrations = []
    for n in range(rows):
        given, family = NAMES[n % len(NAMES)]
        registrations.append({
            "event_id": event.id, "email": f"person{n}@parliament.example", "honorific": "Hon.",
            "given_name": given, "family_name": f"{family} {n}", "country": rnd.choice(COUNTRIES),
            "parliament": "Assemblée nationale", "role": rnd.choice(["member", "staff", "other"]),
            "language": rnd.choice(["en", "fr", "es", "ar"]), "timezone": "Europe/Zurich",
            "accessibility_needs": "", "consented_at": now, "created_at": now, "updated_at": now,
        })
    db.session.execute(db.insert(Registration), registrations)
    ids = db.session.execute(db.select(Registration.id).order_by(Registration.id)).scalars().all()
    db.session.execute(db.insert(SessionRegistration), [
        {"registration_id": registration_id, "session_id": session.id,
         "listening_language": rnd.choice(["en", "fr", "es", "ar"]), "status": "confirmed",
         "zoom_state": "link", "created_at": now, "updated_at": now}
        for registration_id in ids
    ])
    db.session.commit()


def run_export(event, file_format: str, target: Path) -> int:
    from eventhub.exports.selection import DEFAULT_COLUMNS, RegistrationFilters
    from eventhub.exports.services import export_registrations

    export = export_registrations(event, RegistrationFilters(), list(DEFAULT_COLUMNS), file_format,
                                  actor="bench", via="cli")
    size = 0
    with target.open("wb") as handle:
        for chunk in export.chunks:
            handle.write(chunk)
            size += len(chunk)
    return size


FLOOR_QUERY = """
SELECT r.id, r.honorific, r.given_name, r.family_name, r.email, r.parliament, r.country, r.role,
       r.language, r.timezone, r.created_at, s.number, p.status, p.listening_language, p.zoom_state,
       p.attended, p.minutes_attended
FROM registrations r JOIN session_registrations p ON p.registration_id = r.id
JOIN sessions s ON s.id = p.session_id
WHERE r.event_id = (SELECT id FROM events WHERE slug = ?)
ORDER BY r.id, s.number
"""
FLOOR_HEADER = ["id", "honorific", "given name", "family name", "email", "parliament", "country", "role",
                "language", "time zone", "registered", "session", "status", "listening language", "zoom",
                "attended", "minutes"]


def floor(file_format: str, database: str, slug: str, output: str) -> int:
    """The least an export can cost: the same join read with sqlite3, written plainly."""
    import sqlite3

    connection = sqlite3.connect(database)
    rows = connection.execute(FLOOR_QUERY, (slug,))
    if file_format == "csv":
        import csv

        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(FLOOR_HEADER)
            writer.writerows(rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Registrations")
        sheet.append(FLOOR_HEADER)
        for row in rows:
            sheet.append(row)
        workbook.save(output)
    return 0


def timed_process(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--floor":
        return floor(*sys.argv[2:6])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="en", choices=["en", "fr", "es", "ar"])
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()

    from flask_babel import force_locale

    from bench import harness
    from eventhub import create_app
    from eventhub.events.services import get_event
    from eventhub.exports.models import ExportRecord
    from eventhub.extensions import db

    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "eventhub"), str(root / "wsgi.py")],
                   check=False, stdout=subprocess.DEVNULL)
    slug = "safe-cyberspace-2022"
    with tempfile.TemporaryDirectory(prefix="eventhub-bench-") as tmp:
        tmp_path = Path(tmp)
        database = tmp_path / "bench.sqlite3"
        config = {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}",
                  "SECRET_KEY": "bench", "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3")}
        app = create_app(config)
        env = dict(os.environ, **{f"EVENTHUB_{key}": value for key, value in config.items()})
        flask = [str(Path(sys.executable).with_name("flask")), "--app", str(root / "wsgi.py")]
        with app.app_context(), force_locale(args.lang):
            started = time.perf_counter()
            build_database(app, args.rows)
            print(f"built {args.rows:,} registrations in SQLite in {time.perf_counter() - started:.1f} s")
            db.session.remove()
        print(f"== bench/exports.py: {args.rows:,} registrations, {args.repeat} runs, seconds including "
              "process start-up, median [range]")
        results = {"csv": ([], [], []), "xlsx": ([], [], [])}
        startup = []
        for _ in range(args.repeat):
            startup.append(timed_process(flask + ["--help"], env))
            for file_format, (ours, floors, ratios) in results.items():
                target = tmp_path / f"export.{file_format}"
                base = timed_process([sys.executable, __file__, "--floor", file_format, str(database), slug,
                                      str(tmp_path / f"floor.{file_format}")], env)
                mine = timed_process(flask + ["export", "registrations", "--event", slug, "--format",
                                              file_format, "--lang", args.lang, "-o", str(target)], env)
                ours.append(mine)
                floors.append(base)
                ratios.append(mine / base)
        goals = {"csv": 2.0, "xlsx": 1.3}
        print(f"{'what':<28} {'eventhub (s)':>20} {'floor (s)':>20} {'ratio':>20} {'target':>8}")
        failures = 0
        for file_format, (ours, floors, ratios) in results.items():
            met = harness.report(f"{file_format.upper()} export vs plain writer (incl. start-up)", ratios,
                                 goals[file_format], higher_is_better=False)
            failures += not met
            print(f"{file_format.upper() + ' export':<28} {harness.median_range(ours):>20} "
                  f"{harness.median_range(floors):>20} {harness.median_range(ratios):>20} "
                  f"{'≤ %.1f×' % goals[file_format]:>8} {'' if met else 'MISSED'}")
        met = harness.report("flask --help start-up", startup, 0.8, higher_is_better=False, unit="s")
        failures += not met
        print(f"{'flask --help':<28} {harness.median_range(startup):>20} {'':>20} {'':>20} {'< 0.8 s':>8} "
              f"{'' if met else 'MISSED'}")
        if not args.no_memory:
            with app.app_context(), force_locale(args.lang):
                event = get_event(slug)
                print(f"{'format':<6} {'rows':>8} {'size':>10} {'peak (tracemalloc)':>20}")
                for file_format in ("csv", "xlsx"):
                    target = tmp_path / f"export.{file_format}"
                    tracemalloc.start()
                    size = run_export(event, file_format, target)
                    _, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
                    record = db.session.execute(
                        db.select(ExportRecord).order_by(ExportRecord.id.desc())).scalars().first()
                    print(f"{file_format:<6} {record.row_count:>8,} {size / 1e6:>8.1f} MB {peak / 1e6:>17.1f} MB")
            maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"process peak resident set (ru_maxrss, includes building the data): {maxrss_mb:.0f} MB")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
