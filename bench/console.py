#!/usr/bin/env python3
"""Console authoring pages at 50 events x 4 sessions, next to the public event page.

    .venv/bin/python bench/console.py [--seconds 2] [--events 50]

Builds ``--events`` published events of 4 sessions each through the authoring operations
(``eventhub.events.operations.create_event``) in a SQLite file, signs an organiser in on
Flask's test client, then times, cycling through the events and the four languages:

* GET /console/e/<slug>/edit      (the event form, four languages side by side)
* POST /console/e/<slug>/edit     (a save that changes the French title: validation,
                                   revision check, change-log entry, commit, redirect)
* GET /console/e/<slug>/sessions  (the sessions editor)
* GET /<lang>/e/<slug>/           (the public event page, anonymous, page cache on)
* GET /<lang>/e/<slug>/           (the same with the page cache off: rendered each time)

Prints one line per measurement (requests per second and the median time).
"""
from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LANGS = ("en", "fr", "es", "ar")


def build_app(instance: str, page_cache: int):
    from eventhub import create_app

    return create_app({
        "DATABASE_URL": f"sqlite:///{instance}/bench.sqlite3",
        "INSTANCE_PATH": instance,
        "SECRET_KEY": "bench",
        "JOBS_SQLITE_PATH": os.path.join(instance, "jobs.sqlite3"),
        "PUBLIC_BASE_URL": "https://events.ipu.example",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PAGE_CACHE_SECONDS": page_cache,
    })


def build_events(count: int) -> list[str]:
    from eventhub.events.demo import demo_fields
    from eventhub.events.operations import create_event

    slugs = []
    base = demo_fields()
    for index in range(count):
        slug = f"bench-consultation-{index:03d}"
        sessions = [
            {"starts_local": f"2030-12-{6 + (index % 20):02d}T{hour:02d}:00",
             "ends_local": f"2030-12-{6 + (index % 20):02d}T{hour + 2:02d}:00",
             "region": {"en": f"Region {number}", "fr": f"Région {number}", "es": f"Región {number}",
                        "ar": f"المنطقة {number}"},
             "interpretation_languages": ["en", "fr", "es", "ar"], "capacity": 500}
            for number, hour in enumerate((6, 10, 14, 18), start=1)
        ]
        create_event({**base, "slug": slug, "status": "published", "sessions": sessions,
                      "concept_note": {lang: "## Background\n\n- one\n- two\n\n" + base["summary"][lang]
                                       for lang in LANGS}})
        slugs.append(slug)
    return slugs


def sign_in(app, client, user):
    with app.test_request_context(environ_base=client.environ_base):
        identifier = app.login_manager._session_identifier_generator()
        user_id = user.get_id()
    now = int(time.time())
    with client.session_transaction() as session:
        session.update({"_user_id": user_id, "_fresh": True, "_id": identifier,
                        "_signed_in_at": now, "_seen_at": now})


def measure(call, seconds: float) -> tuple[float, float, int]:
    call()  # warm
    durations, started = [], time.perf_counter()
    while True:
        before = time.perf_counter()
        call()
        durations.append(time.perf_counter() - before)
        if time.perf_counter() - started >= seconds and len(durations) >= 5:
            break
    elapsed = time.perf_counter() - started
    return len(durations) / elapsed, statistics.median(durations) * 1000, len(durations)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as instance:
        app = build_app(instance, page_cache=30)
        with app.app_context():
            from eventhub.accounts.models import User
            from eventhub.events.models import Event
            from eventhub.extensions import db

            db.create_all()
            started = time.perf_counter()
            slugs = build_events(args.events)
            built = time.perf_counter() - started
            user = User(email="bench-organiser@ipu.example", role="organiser")
            user.set_password("bench organiser password 2030")
            db.session.add(user)
            db.session.commit()
            console = app.test_client()
            sign_in(app, console, user)
            public = app.test_client()
            print(f"console bench: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
                  f"{args.events} events x 4 sessions (built through create_event in {built:.1f} s), "
                  f"{args.seconds:g} s per line")

            cycle = itertools.cycle(itertools.product(slugs, LANGS))

            def edit_page():
                slug, lang = next(cycle)
                assert console.get(f"/console/e/{slug}/edit?lang={lang}").status_code == 200

            counter = itertools.count()

            def edit_save():
                slug, lang = next(cycle)
                event = db.session.execute(db.select(Event).filter_by(slug=slug)).scalar_one()
                form = {"revision": str(event.revision), "reference_timezone": event.reference_timezone,
                        "privacy_contact": ""}
                for field in ("title", "organiser", "subtitle", "summary", "format_note", "concept_note"):
                    for code in LANGS:
                        form[f"{field}-{code}"] = (getattr(event, field) or {}).get(code, "")
                for code in LANGS:
                    form[f"objectives-{code}"] = "\n".join(o.text.get(code, "") for o in event.objectives)
                form["title-fr"] = f"Titre {next(counter)}"
                db.session.rollback()
                response = console.post(f"/console/e/{slug}/edit", data=form)
                assert response.status_code == 302, response.get_data(as_text=True)[:500]

            def sessions_page():
                slug, lang = next(cycle)
                assert console.get(f"/console/e/{slug}/sessions?lang={lang}").status_code == 200

            def public_page():
                slug, lang = next(cycle)
                assert public.get(f"/{lang}/e/{slug}/").status_code == 200

            for label, call in (("GET console event edit page", edit_page),
                                ("POST console event edit (save)", edit_save),
                                ("GET console sessions editor", sessions_page),
                                ("GET public event page (cached)", public_page)):
                per_second, median, calls = measure(call, args.seconds)
                print(f"{label:<36} {per_second:8.1f} req/s  median {median:6.1f} ms  ({calls} requests)")
            app.config["PAGE_CACHE_SECONDS"] = 0
            per_second, median, calls = measure(public_page, args.seconds)
            print(f"{'GET public event page (uncached)':<36} {per_second:8.1f} req/s  median {median:6.1f} ms  "
                  f"({calls} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
