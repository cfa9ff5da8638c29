#!/usr/bin/env python3
"""How many calendar files eventhub builds per second.

    .venv/bin/python bench/calendar_files.py [--seconds 2]

Builds the demo event (2 sessions) and a 99-session event (the most the authoring operations allow) in an in-memory SQLite
database with the app's own functions, then times ``event_calendar`` (whole event),
``session_calendar`` (one session), ``add_to_calendar_links`` and the
``/<lang>/e/<slug>/calendar.ics`` endpoint through Flask's test client, cycling through
the four languages. Prints one line per measurement.

Floors, measured in the same run on the same rows (ratio = eventhub's rate / the floor's):

* for ``event_calendar`` / ``session_calendar``: the same VCALENDAR (same properties, same
  texts, same alarm) built directly with the icalendar library from values read out of the
  rows beforehand: what writing the file costs at the least. eventhub's extra is the text
  in the language (gettext, the reference time written out, URLs). Target: at least 0.5×
  (issue 20 is silent; half, as for the public pages against a bare Flask app);
* for ``add_to_calendar_links``: the three link builders (eventhub/calendars/links.py)
  called with the same texts prepared beforehand. Target 0.5×;
* for the ``calendar.ics`` endpoint: a bare Flask app answering the same path with the same
  bytes and headers through the same test client. Target 0.6× (issue 20's target for the
  session ``.ics`` against a bare Flask app).
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

# Python puts this script's folder first on the path; bench/ is also needed for harness.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402

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
    """An event like the demo, with ``sessions`` sessions one hour apart, built through the
    authoring operations as an organiser would (times are the organiser's wall clock)."""
    from eventhub.events.demo import SESSIONS, demo_fields, load_demo_event
    from eventhub.events.operations import create_event

    demo, _ = load_demo_event()
    start = dt.datetime(2030, 1, 9, 7, 0)
    facts_list = []
    for number in range(1, sessions + 1):
        facts = dict(SESSIONS[number % 2])
        facts.update(number=number,
                     starts_local=(start + dt.timedelta(hours=number)).strftime("%Y-%m-%dT%H:%M"),
                     ends_local=(start + dt.timedelta(hours=number + 2)).strftime("%Y-%m-%dT%H:%M"))
        facts_list.append(facts)
    event = create_event({**demo_fields(), "slug": f"bench-{sessions}-sessions", "status": "published",
                          "sessions": facts_list})
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


def prepared_entries(sessions, lang: str) -> list[tuple]:
    """What the floor starts from: for each session the values its entry shows, read and
    written out beforehand (the floor builds the file, not the texts)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from eventhub.calendars import services

    rows = []
    for session in sessions:
        entry = services.session_entry(session, lang)
        with force_locale(lang):
            reminder = _("Reminder: %(summary)s", summary=entry.summary)
        alarm = not session.is_cancelled and not session.event.has_ended
        rows.append((services.session_uid(session), session.starts_at.astimezone(dt.timezone.utc),
                     session.ends_at.astimezone(dt.timezone.utc), services.public_sequence(session), entry,
                     session.updated_at.astimezone(dt.timezone.utc) if session.updated_at else None,
                     reminder if alarm else None))
    return rows


def floor_calendar(name: str, uid: str, rows: list[tuple], lang: str, refresh: bool) -> bytes:
    """The same VCALENDAR written with icalendar alone from prepared values."""
    from icalendar import Alarm, Calendar, Conference, Event as VEvent, vDuration

    stamp = dt.datetime.now(dt.timezone.utc)
    events = []
    for session_uid, starts, ends, sequence, entry, modified, reminder in rows:
        vevent = VEvent.new(uid=session_uid, stamp=stamp, start=starts, end=ends, sequence=sequence,
                            summary=entry.summary, description=entry.description, location=entry.location,
                            url=entry.page_url, status=entry.status, last_modified=modified,
                            conferences=[Conference(entry.meeting_url, feature=["VIDEO"], label=entry.location)]
                            if entry.meeting_url else None)
        for key in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            vevent[key].params["LANGUAGE"] = lang
        if reminder:
            vevent.add_component(Alarm.new_display(description=reminder, trigger=-dt.timedelta(minutes=15)))
        events.append(vevent)
    calendar = Calendar.new(prodid="-//Inter-Parliamentary Union//eventhub//EN", method="PUBLISH",
                            calscale="GREGORIAN", name=name, uid=uid, subcomponents=events)
    if refresh:
        calendar.add("REFRESH-INTERVAL", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(dt.timedelta(hours=12)))
    return calendar.to_ical()


def floor_app(files: dict[tuple[str, str], tuple[bytes, dict]]):
    """A bare Flask app answering ``/<lang>/e/<slug>/calendar.ics`` with the bytes given."""
    from flask import Flask, Response

    app = Flask("calendar_floor")

    @app.get("/<lang>/e/<slug>/calendar.ics")
    def calendar(lang, slug):
        body, headers = files[(lang, slug)]
        return Response(body, headers=headers)

    return app


def compared(label: str, ours, floor, seconds: float, repeat: int, goal: float) -> list[float]:
    """``repeat`` alternated measurements of ``ours`` and ``floor``: the ratios of their rates."""
    ratios, rates = [], []
    for _ in range(repeat):
        our_rate, _calls = rate(ours, seconds / repeat)
        floor_rate, _calls = rate(floor, seconds / repeat)
        ratios.append(our_rate / floor_rate)
        rates.append((our_rate, floor_rate))
    ours_median = sorted(r[0] for r in rates)[len(rates) // 2]
    floor_median = sorted(r[1] for r in rates)[len(rates) // 2]
    met = harness.report(f"{label} vs its floor", ratios, goal)
    print(f"{'':18} {label + ': ratio to floor':<36} {harness.median_range(ratios):>16} "
          f"(eventhub {ours_median:.0f}/s, floor {floor_median:.0f}/s; target {goal:g}: {'met' if met else 'MISSED'})")
    return ratios


def line(subject: str, what: str, per_second: float, unit: str, detail: str) -> None:
    print(f"{subject:<18} {what:<36} {per_second:8.1f} {unit:<8} ({detail})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="alternated runs against each floor (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as instance:
        app = build_app(instance)
        with app.app_context():
            from eventhub.calendars.services import (
                add_to_calendar_links, event_calendar, session_calendar,
            )
            from eventhub.extensions import db

            db.create_all()
            demo, big = big_event(99)
            client = app.test_client()
            print(f"calendar bench: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
                  f"{args.seconds:g} s per line, languages cycled {'/'.join(LANGS)}")
            for event in (demo, big):
                count = len(event.sessions)
                per_second, calls = rate(lambda lang: event_calendar(event, lang), args.seconds)
                size = len(event_calendar(event, "ar"))
                line(f"{count}-session event", "event_calendar()", per_second, "files/s",
                     f"{per_second * count:.0f} sessions/s, {size / 1024:.1f} KiB, {calls} files")
                rows = {lang: prepared_entries(event.sessions, lang) for lang in LANGS}
                floor_size = len(floor_calendar(event.text("title", "ar"), f"calendar-event-{event.id}@x",
                                                rows["ar"], "ar", True))
                print(f"{'':18} {'floor: icalendar from prepared rows':<36} {floor_size / 1024:8.1f} KiB")
                compared(f"event_calendar(), {count} sessions", lambda lang: event_calendar(event, lang),
                         lambda lang: floor_calendar(event.text("title", lang), f"calendar-event-{event.id}@x",
                                                     rows[lang], lang, True),
                         args.seconds, args.repeat, 0.5)

                first = client.get(f"/fr/e/{event.slug}/calendar.ics")
                assert first.status_code == 200 and first.data.startswith(b"BEGIN:VCALENDAR"), first.status
                per_second, calls = rate(lambda lang: client.get(f"/{lang}/e/{event.slug}/calendar.ics"),
                                         args.seconds)
                line(f"{count}-session event", "GET /<lang>/e/<slug>/calendar.ics", per_second,
                     "files/s", f"{calls} responses")
                files = {}
                for lang in LANGS:
                    response = client.get(f"/{lang}/e/{event.slug}/calendar.ics")
                    assert response.status_code == 200
                    files[(lang, event.slug)] = (response.data, {
                        key: value for key, value in response.headers.items()
                        if key in ("Content-Type", "Content-Disposition", "Cache-Control")})
                floor_client = floor_app(files).test_client()

                def ours(lang, slug=event.slug):
                    response = client.get(f"/{lang}/e/{slug}/calendar.ics")
                    assert response.status_code == 200

                def floor(lang, slug=event.slug):
                    response = floor_client.get(f"/{lang}/e/{slug}/calendar.ics")
                    assert response.status_code == 200

                compared(f"GET calendar.ics, {count} sessions", ours, floor, args.seconds, args.repeat, 0.6)
            session = demo.sessions[1]
            per_second, calls = rate(lambda lang: session_calendar(session, lang), args.seconds)
            line("1 session", "session_calendar()", per_second, "files/s", f"{calls} files")
            rows = {lang: prepared_entries([session], lang) for lang in LANGS}
            compared("session_calendar()", lambda lang: session_calendar(session, lang),
                     lambda lang: floor_calendar(rows[lang][0][4].summary, f"calendar-session-{session.id}@x",
                                                 rows[lang], lang, False),
                     args.seconds, args.repeat, 0.5)
            per_second, calls = rate(lambda lang: add_to_calendar_links(session, lang), args.seconds)
            line("1 session", "add_to_calendar_links()", per_second, "sets/s", f"{calls} sets")
            from eventhub.calendars import links
            from eventhub.calendars.services import public_url

            def links_floor(lang):
                entry = rows[lang][0][4]
                arguments = (entry.summary, session.starts_at, session.ends_at, entry.description, entry.location)
                return {"google": links.google_calendar_link(*arguments),
                        "outlook": links.outlook_com_link(*arguments),
                        "office365": links.office_365_link(*arguments),
                        "ics": public_url("calendars.session_ics", lang=lang, slug=demo.slug,
                                          number=session.number)}

            assert links_floor("ar") == add_to_calendar_links(session, "ar")  # the same links
            compared("add_to_calendar_links()", lambda lang: add_to_calendar_links(session, lang), links_floor,
                     args.seconds, args.repeat, 0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
