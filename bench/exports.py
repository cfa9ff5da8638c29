#!/usr/bin/env python3
"""Time and peak memory to export 50,000 registrations as CSV and as XLSX.

    .venv/bin/python bench/exports.py [--rows 50000] [--lang en]

Builds a throw-away SQLite database (real migrations, demo event, one place per person
in session 2 with Arabic, French, Spanish and English names), then runs the same export
functions the console, the API and ``flask export`` use, consuming the streamed bytes.
Each format is run twice: once for wall-clock time (no tracing), once under tracemalloc
for the peak of Python allocations. ``ru_maxrss`` (the process's resident high-water
mark) is printed at the end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--lang", default="en", choices=["en", "fr", "es", "ar"])
    args = parser.parse_args()

    from flask_babel import force_locale

    from eventhub import create_app
    from eventhub.events.services import get_event
    from eventhub.exports.models import ExportRecord
    from eventhub.extensions import db

    with tempfile.TemporaryDirectory(prefix="eventhub-bench-") as tmp:
        tmp_path = Path(tmp)
        app = create_app({
            "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
            "SECRET_KEY": "bench", "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        })
        with app.app_context(), force_locale(args.lang):
            started = time.perf_counter()
            build_database(app, args.rows)
            print(f"built {args.rows:,} registrations in SQLite in {time.perf_counter() - started:.1f} s")
            event = get_event("safe-cyberspace-2022")
            print(f"{'format':<6} {'rows':>8} {'size':>10} {'time':>8} {'peak (tracemalloc)':>20}")
            for file_format in ("csv", "xlsx"):
                target = tmp_path / f"export.{file_format}"
                started = time.perf_counter()
                size = run_export(event, file_format, target)
                elapsed = time.perf_counter() - started
                db.session.expire_all()
                tracemalloc.start()
                run_export(event, file_format, target)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                record = db.session.execute(
                    db.select(ExportRecord).order_by(ExportRecord.id.desc())).scalars().first()
                print(f"{file_format:<6} {record.row_count:>8,} {size / 1e6:>8.1f} MB {elapsed:>6.2f} s "
                      f"{peak / 1e6:>17.1f} MB")
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident set (ru_maxrss, includes building the data): {maxrss_mb:.0f} MB")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
