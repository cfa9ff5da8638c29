#!/usr/bin/env python3
"""How many calendar files eventhub builds per second.

    .venv/bin/python bench/calendar_files.py [--seconds 2]

Builds the demo event (2 sessions) and a 200-session event in an in-memory SQLite
database with the app's own functions, then times ``event_calendar`` (whole event),
``session_calendar`` (one session), ``add_to_calendar_links`` and the
``/<lang>/e/<slug>/calendar.ics`` endpoint through Flask's test client, cycling through
the four languages. Prints one line per measurement.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LANGS = ("en", "fr", "es", "ar")


def build_app(instance: str):
    from eventhub import create_app

    return create_app({
        "DATABASE_URL": "sqlite://",
        "INSTANCE_PATH": instance,
        "SECRET_KEY": "bench",
        "JOBS_SQLITE_PATH": os.path.join(instance, "jobs.sqlite3"),
        "PUBLIC_BASE_URL": "https://events.ipu.example",
    })


def big_event(sessions: int):
    """An event like the demo, with ``sessions`` sessions one hour apart."""
    from eventhub.events.demo import SESSIONS, load_demo_event
    from eventhub.events.models import Event, EventSession
    from eventhub.extensions import db

    demo, _ = load_demo_event()
    event = Event(slug=f"bench-{sessions}-sessions", reference_timezone=demo.reference_timezone, status="published",
                  organiser=demo.organiser, title=demo.title, subtitle=demo.subtitle,
                  summary=demo.summary, format_note=demo.format_note)
    start = dt.datetime(2023, 1, 9, 6, 0, tzinfo=dt.timezone.utc)
    for number in range(1, sessions + 1):
        facts = dict(SESSIONS[number % 2])
        facts.update(number=number, starts_at=start + dt.timedelta(hours=number),
                     ends_at=start + dt.timedelta(hours=number + 2))
        event.sessions.append(EventSession(**facts))
    db.session.add(event)
    db.session.commit()
    return demo, event


def rate(function, seconds: float) -> tuple[float, int]:
    """Calls per second of ``function(lang)`` over at least ``seconds`` (and 3 calls)."""
    languages = itertools.cycle(LANGS)
    function(next(languages))  # warm caches (catalogs, zones) once, as a running server has
    calls, started = 0, time.perf_counter()
    while True:
        function(next(languages))
        calls += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds and calls >= 3:
            return calls / elapsed, calls


def line(subject: str, what: str, per_second: float, unit: str, detail: str) -> None:
    print(f"{subject:<18} {what:<36} {per_second:8.1f} {unit:<8} ({detail})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as instance:
        app = build_app(instance)
        with app.app_context():
            from eventhub.calendars.services import (
                add_to_calendar_links, event_calendar, session_calendar,
            )
            from eventhub.extensions import db

            db.create_all()
            demo, big = big_event(200)
            client = app.test_client()
            print(f"calendar bench: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
                  f"{args.seconds:g} s per line, languages cycled {'/'.join(LANGS)}")
            for event in (demo, big):
                count = len(event.sessions)
                per_second, calls = rate(lambda lang: event_calendar(event, lang), args.seconds)
                size = len(event_calendar(event, "ar"))
                line(f"{count}-session event", "event_calendar()", per_second, "files/s",
                     f"{per_second * count:.0f} sessions/s, {size / 1024:.1f} KiB, {calls} files")
                assert client.get(f"/fr/e/{event.slug}/calendar.ics").status_code == 200
                per_second, calls = rate(lambda lang: client.get(f"/{lang}/e/{event.slug}/calendar.ics"),
                                         args.seconds)
                line(f"{count}-session event", "GET /<lang>/e/<slug>/calendar.ics", per_second,
                     "files/s", f"{calls} responses")
            session = demo.sessions[1]
            per_second, calls = rate(lambda lang: session_calendar(session, lang), args.seconds)
            line("1 session", "session_calendar()", per_second, "files/s", f"{calls} files")
            per_second, calls = rate(lambda lang: add_to_calendar_links(session, lang), args.seconds)
            line("1 session", "add_to_calendar_links()", per_second, "sets/s", f"{calls} sets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
