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

Floor, measured in the same run next to each page: a bare Flask app on the same test client
and the same SQLite file, whose route reads the event's row and its sessions' rows with one
plain query each (SQLAlchemy Core, no ORM) and renders with plain Jinja (autoescape on, no
extensions) a template that writes the HTML eventhub answered for that page, line by line:
the least a page that reads this event and writes this much markup costs. For the save,
the floor's route reads the form, runs one UPDATE of the title, commits and redirects.
Recorded for ``make bench`` as eventhub's rate over the floor's, one value per alternated
round. Targets (issue 20 has none for these pages): the console pages and the save >= 0.3x
(what it asks of the personal pages and of a registration POST, which cannot be cached
either); the public page rendered each time >= 0.3x. The public page served from the page
cache has a floor of its own: a bare Flask route answering the same bytes (nothing read or
rendered), target 0.5x (issue 20's event page target against a bare Flask app).
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
import harness  # noqa: E402  (bench/, first on the path when run as a script)

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


def floor_app(database_url: str, pages: dict):
    """The floor (see the docstring): ``pages`` maps (kind, slug, lang) to eventhub's HTML."""
    import jinja2
    import sqlalchemy as sa
    from flask import Flask, redirect, request

    engine = sa.create_engine(database_url)
    metadata = sa.MetaData()
    events = sa.Table("events", metadata, autoload_with=engine)
    sessions = sa.Table("sessions", metadata, autoload_with=engine)
    template = jinja2.Environment(autoescape=True).from_string(
        "{% for line in lines %}{{ line }}\n{% endfor %}<!-- {{ event.slug }} {{ count }} -->")
    # Lines as text: the template escapes them, as eventhub escapes what it writes.
    lines = {key: html.splitlines() for key, html in pages.items()}
    app = Flask("console_floor")

    def page(kind, slug, lang):
        with engine.connect() as connection:
            event = connection.execute(sa.select(events).where(events.c.slug == slug)).one()
            count = len(connection.execute(sa.select(sessions).where(sessions.c.event_id == event.id)).all())
        return template.render(lines=lines[(kind, slug, lang)], event=event, count=count)

    @app.get("/console/e/<slug>/<kind>")
    def console_page(slug, kind):
        return page(kind, slug, request.args["lang"])

    @app.get("/<lang>/e/<slug>/")
    def public_page(lang, slug):
        return page("public", slug, lang)

    @app.get("/cached/<lang>/e/<slug>/")
    def cached_page(lang, slug):
        return pages[("public", slug, lang)]  # the same bytes, nothing read or rendered

    @app.post("/console/e/<slug>/edit")
    def save(slug):
        title = request.form["title-fr"]
        with engine.begin() as connection:
            event = connection.execute(sa.select(events.c.id, events.c.title).where(events.c.slug == slug)).one()
            connection.execute(sa.update(events).where(events.c.id == event.id)
                               .values(title={**event.title, "fr": title}))
        return redirect(f"/console/e/{slug}/edit")

    return app


def compared(label: str, ours, floor, seconds: float, rounds: int, goal: float) -> None:
    ratios = []
    for _ in range(rounds):
        our_rate, _median, _calls = measure(ours, seconds / rounds)
        floor_rate, _median, _calls = measure(floor, seconds / rounds)
        ratios.append(our_rate / floor_rate)
    met = harness.report(f"{label} vs its floor", ratios, goal)
    print(f"{'  ratio to floor':<36} {harness.median_range(ratios):>14}  (target {goal:g}: {'met' if met else 'MISSED'})")


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
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds against the floor (default 3)")
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
            # What eventhub answers for every page, captured once: the floor writes the same.
            pages = {}
            for slug, lang in itertools.product(slugs, LANGS):
                for kind in ("edit", "sessions"):
                    response = console.get(f"/console/e/{slug}/{kind}?lang={lang}")
                    assert response.status_code == 200, (kind, response.status_code)
                    pages[(kind, slug, lang)] = response.get_data(as_text=True)
                response = public.get(f"/{lang}/e/{slug}/")  # also fills the page cache
                assert response.status_code == 200, response.status_code
                pages[("public", slug, lang)] = response.get_data(as_text=True)
            floor = floor_app(app.config["DATABASE_URL"], pages).test_client()

            def edit_page():
                slug, lang = next(cycle)
                assert console.get(f"/console/e/{slug}/edit?lang={lang}").status_code == 200

            def floor_get(kind):
                def call():
                    slug, lang = next(cycle)
                    path = {"public": f"/{lang}/e/{slug}/", "cached": f"/cached/{lang}/e/{slug}/"}.get(
                        kind, f"/console/e/{slug}/{kind}?lang={lang}")
                    assert floor.get(path).status_code == 200
                return call

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

            def floor_save():
                slug, _lang = next(cycle)
                response = floor.post(f"/console/e/{slug}/edit", data={"title-fr": f"Titre {next(counter)}"})
                assert response.status_code == 302

            def sessions_page():
                slug, lang = next(cycle)
                assert console.get(f"/console/e/{slug}/sessions?lang={lang}").status_code == 200

            def public_page():
                slug, lang = next(cycle)
                assert public.get(f"/{lang}/e/{slug}/").status_code == 200

            def refill_page_cache():
                # The saves moved the events on: visit every page once, so that "cached"
                # measures pages served from the cache (200 pages, more than a short run visits).
                for slug, lang in itertools.product(slugs, LANGS):
                    assert public.get(f"/{lang}/e/{slug}/").status_code == 200

            for label, call, floor_call, goal in (
                    ("GET console event edit page", edit_page, floor_get("edit"), 0.3),
                    ("POST console event edit (save)", edit_save, floor_save, 0.3),
                    ("GET console sessions editor", sessions_page, floor_get("sessions"), 0.3),
                    ("GET public event page (cached)", public_page, floor_get("cached"), 0.5)):
                if call is public_page:
                    refill_page_cache()
                per_second, median, calls = measure(call, args.seconds)
                print(f"{label:<36} {per_second:8.1f} req/s  median {median:6.1f} ms  ({calls} requests)")
                compared(label, call, floor_call, args.seconds, args.rounds, goal)
            app.config["PAGE_CACHE_SECONDS"] = 0
            per_second, median, calls = measure(public_page, args.seconds)
            print(f"{'GET public event page (uncached)':<36} {per_second:8.1f} req/s  median {median:6.1f} ms  "
                  f"({calls} requests)")
            compared("GET public event page (uncached)", public_page, floor_get("public"), args.seconds,
                     args.rounds, 0.3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
