"""Cost as the event grows: 0, 1,000, 10,000 and 46,000 registrations (and as many invitees).

    .venv/bin/python bench/scale.py                          # SQLite
    .venv/bin/python bench/scale.py --backend postgresql     # PostgreSQL + Redis
    .venv/bin/python bench/scale.py --sizes 0,1000 --repeat 3

For each size, in-process (Flask test client, so the time is the server's own: no network,
no client), median [range] over --repeat requests after a warm-up:
- console dashboard, registrations list (first, middle and last page by number, next and
  previous page by cursor, filters, a search; the last page again just after a change, when
  the kept total and page starts are cold);
- the API registrations list: SQL statements per page (target ≤ 5 whatever the page size);
- public pages rendered with the page cache off (what a cache miss costs), which must not
  grow with the registrations;
- one registration through the operations (what an INSERT-heavy event does to it).
The floor for each series is its own value at 0 registrations (growth ratio), and a plain
scan of the registrations table (``SELECT count(*)``) at the same size.
Targets (issue 20): dashboard < 100 ms, any registrations list < 50 ms at 46,000; API list
≤ 5 statements; public pages' growth at most logarithmic.
"""
from __future__ import annotations

import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from bench import harness  # noqa: E402

COUNTRIES = ["CH", "FR", "ES", "EG", "PH", "CO", "NZ", "KE", "CA", "JO", "MA", "AR", "SE", "JP", "IN"]
ROLES = ["member", "staff", "speaker", "observer"]
LANGUAGES = ["en", "fr", "es", "ar"]
FAMILY = ["Martin", "García", "Haddad", "Santos", "Nguyen", "Müller", "Okafor", "Dubois", "Silva", "Kim"]


def grow(app, event, target: int) -> None:
    """Add registrations (each with one or two places) and invitees up to ``target``."""
    from eventhub.extensions import db
    from eventhub.invitations.models import Invitee
    from eventhub.registration.models import Registration, SessionRegistration
    from sqlalchemy import func, insert

    from eventhub.db_types import utcnow

    have = db.session.execute(db.select(func.count(Registration.id))).scalar_one()
    sessions = [s.id for s in event.sessions]
    rng = random.Random(have)
    now = utcnow()
    batch = 2000
    while have < target:
        count = min(batch, target - have)
        people = [{
            "event_id": event.id, "email": f"person{have + i}@parliament{(have + i) % 500}.example",
            "given_name": f"Given{have + i}", "family_name": f"{rng.choice(FAMILY)}{(have + i) % 997}",
            "country": rng.choice(COUNTRIES), "parliament": f"Parliament {(have + i) % 500}",
            "role": rng.choice(ROLES), "language": rng.choice(LANGUAGES), "timezone": "Europe/Zurich",
        } for i in range(count)]
        ids = db.session.execute(insert(Registration).returning(Registration.id), people).scalars().all()
        places = []
        for number, registration_id in enumerate(ids):
            for session_id in (sessions if number % 3 == 0 else [rng.choice(sessions)]):
                status = "confirmed" if number % 10 else rng.choice(["waitlisted", "cancelled"])
                places.append({
                    "registration_id": registration_id, "session_id": session_id,
                    "listening_language": rng.choice(LANGUAGES),
                    "status": status, "waitlisted_at": now if status == "waitlisted" else None,
                    "attended": (number % 4 == 0) or None,
                })
        db.session.execute(insert(SessionRegistration), places)
        db.session.execute(insert(Invitee), [{
            "event_id": event.id, "name": f"Invitee {have + i}", "email": f"invitee{have + i}@parliament.example",
            "token_nonce": f"n{have + i}", "token_hash": f"bench-{have + i}",
        } for i in range(count)])
        db.session.commit()
        have += count
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load of this size (it would have run by the time
        # an event has 46,000 registrations): without statistics the planner guesses 14 rows
        # for the event and sorts instead of walking the name index.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE registrations, session_registrations, "
                                       "registration_search_terms, invitees")


class StatementCounter:
    def __init__(self, engine):
        from sqlalchemy import event as sa_event

        self.count = 0
        sa_event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args):
        self.count += 1


#: CPU time of this thread per request, by id() of the list of wall times it goes with: on
#: SQLite it includes the database's work, on PostgreSQL not the server's. On a loaded machine
#: (six developers, two CPUs) wall time is mostly waiting; this is what the request costs.
CPU: dict[int, list[float]] = {}


def timed(call, repeat: int) -> list[float]:
    call()  # warm-up
    values = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.thread_time()
        response = call()
        values.append((time.perf_counter() - started) * 1000)
        CPU.setdefault(id(values), []).append((time.thread_time() - cpu) * 1000)
        if response is not None and getattr(response, "status_code", 200) >= 400:
            raise SystemExit(f"status {response.status_code}")
    return values


def timed_after_change(change, call, repeat: int) -> list[float]:
    """Like ``timed``, each request just after ``change()`` (untimed): what is kept under the
    figures' version is then cold, as during a registration rush."""
    values = []
    for _ in range(repeat):
        change()
        started, cpu = time.perf_counter(), time.thread_time()
        response = call()
        values.append((time.perf_counter() - started) * 1000)
        CPU.setdefault(id(values), []).append((time.thread_time() - cpu) * 1000)
        if response.status_code >= 400:
            raise SystemExit(f"status {response.status_code}")
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sizes", default="0,1000,10000,46000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    env, cleanup = harness.bench_environment(args.backend)
    try:
        facts = harness.prepare_demo(env)
        app = harness.bench_app(env)
        app.config.update(RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=False, PAGE_CACHE_SECONDS=0,
                          SESSION_COOKIE_SECURE=False)
        from eventhub.accounts.models import User
        from eventhub.events.services import get_event
        from eventhub.extensions import db
        from eventhub.registration.models import Registration
        from sqlalchemy import func

        with app.app_context():
            organiser = User(email="bench-scale@ipu.example", role="organiser")
            organiser.set_password("a long bench passphrase 2026")
            db.session.add(organiser)
            db.session.commit()
            counter = StatementCounter(db.engine)
            slug = facts["slug"]
            console = app.test_client()
            sign_in(app, console, organiser)
            api = app.test_client()
            bearer = {"Authorization": f"Bearer {facts['token']}"}
            public = app.test_client()
            rows = []
            for size in sizes:
                event = get_event(slug)
                grow(app, event, size)
                db.session.expire_all()
                last_page = max(1, -(-db.session.execute(
                    db.select(func.count(Registration.id)).where(Registration.event_id == event.id)).scalar_one() // 50))
                middle_id = db.session.execute(
                    db.select(Registration.id).where(Registration.event_id == event.id)
                    .order_by(Registration.id).offset(size // 2).limit(1)).scalar() or 0
                series = {
                    "dashboard": lambda: console.get(f"/console/e/{slug}/"),
                    "list: first page": lambda: console.get(f"/console/e/{slug}/registrations"),
                    "list: last page": lambda lp=last_page: console.get(f"/console/e/{slug}/registrations?page={lp}"),
                    "list: country + status": lambda: console.get(
                        f"/console/e/{slug}/registrations?country=PH&status=waitlisted"),
                    "list: middle page (page=N)": lambda lp=last_page: console.get(
                        f"/console/e/{slug}/registrations?page={(lp + 1) // 2}"),
                    "list: next page (after=)": lambda: console.get(
                        f"/console/e/{slug}/registrations?page=2&after={middle_id}"),
                    "list: previous page (before=)": lambda: console.get(
                        f"/console/e/{slug}/registrations?page=2&before={middle_id}"),
                    "list: status": lambda: console.get(f"/console/e/{slug}/registrations?status=waitlisted"),
                    "list: role + session + language": lambda: console.get(
                        f"/console/e/{slug}/registrations?role=observer&session=2&language=ar"),
                    "list: search": lambda: console.get(f"/console/e/{slug}/registrations?q=Haddad"),
                    "public event page (no cache)": lambda: public.get(f"/en/e/{slug}/"),
                    "event API (no cache)": lambda: public.get(f"/api/v1/events/{slug}"),
                    "floor: SELECT count(*)": lambda: db.session.execute(
                        db.select(func.count(Registration.id))).scalar_one() and None,
                }
                for name, call in series.items():
                    rows.append((name, size, timed(call, args.repeat)))
                rows.append(("list: last page, after a change", size, timed_after_change(
                    lambda: touch(event), series["list: last page"], args.repeat)))
                api.get(f"/api/v1/events/{slug}/registrations?per_page=1", headers=bearer)  # warm-up
                for per_page in (10, 100):
                    before = counter.count
                    response = api.get(f"/api/v1/events/{slug}/registrations?per_page={per_page}", headers=bearer)
                    assert response.status_code == 200, response.status_code
                    rows.append((f"API list: statements, {per_page}/page", size, [counter.count - before]))
                db.session.remove()
        print(f"== bench/scale.py on {args.backend}: server time in ms (median [range] of {args.repeat}), "
              "statements for the API")
        names = list(dict.fromkeys(name for name, _size, _values in rows))
        print(f"{'':34}" + "".join(f"{size:>22,}" for size in sizes))
        failures = 0
        for name in names:
            cells = []
            for size in sizes:
                values = next(v for n, s, v in rows if n == name and s == size)
                cells.append(f"{statistics.median(values):.0f}" if len(values) == 1 else harness.median_range(values, 1))
            print(f"{name:34}" + "".join(f"{cell:>22}" for cell in cells))
            biggest = statistics.median(next(v for n, s, v in rows if n == name and s == sizes[-1]))
            last_values = next(v for n, s, v in rows if n == name and s == sizes[-1])
            if sizes[-1] >= 46000 and (name == "dashboard" or name.startswith("list:")):
                harness.report(f"{name} at {sizes[-1]:,} ({args.backend})", last_values,
                               100 if name == "dashboard" else 50, higher_is_better=False, unit="ms")
            if name.startswith("API list"):
                harness.report(f"{name} at {sizes[-1]:,} ({args.backend})", last_values, 5,
                               higher_is_better=False, unit="statements")
            if sizes[-1] >= 46000:
                if name == "dashboard" and biggest >= 100 or name.startswith("list:") and biggest >= 50:
                    failures += 1
                    print(f"{'':34}above target at {sizes[-1]:,}")
            if name.startswith("API list") and biggest > 5:
                failures += 1
                print(f"{'':34}more than 5 statements")
        # Public pages (page cache off): growth from 1,000 to the largest size against
        # logarithmic growth, ln(largest) / ln(1,000) (1.55 at 46,000).
        if sizes[-1] > 1000 and 1000 in sizes:
            import math

            goal = math.log(sizes[-1]) / math.log(1000)
            for name in ("public event page (no cache)", "event API (no cache)"):
                small = statistics.median(next(v for n, s, v in rows if n == name and s == 1000))
                large = next(v for n, s, v in rows if n == name and s == sizes[-1])
                growth = [value / small for value in large]
                harness.report(f"{name}: growth 1,000 to {sizes[-1]:,} ({args.backend})", growth, round(goal, 2),
                               higher_is_better=False, unit="×")
                print(f"{name:34}growth 1,000 → {sizes[-1]:,}: {harness.median_range(growth)} "
                      f"(logarithmic: {goal:.2f})")
        print(f"== CPU ms of the serving thread (median [range]; SQLite: includes the database; "
              f"PostgreSQL: without the server's)")
        for name in names:
            cells = []
            for size in sizes:
                values = next(v for n, s, v in rows if n == name and s == size)
                if id(values) not in CPU:
                    break
                cells.append(harness.median_range(CPU[id(values)], 1))
            if cells:
                print(f"{name:34}" + "".join(f"{cell:>22}" for cell in cells))
        return 1 if failures else 0
    finally:
        cleanup()


def touch(event) -> None:
    """Change one registration of the event the way the console does (through the ORM)."""
    from eventhub.extensions import db
    from eventhub.registration.models import Registration

    person = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id)
        .order_by(Registration.id).limit(1)).scalar()
    if person is None:  # at 0 registrations nothing can change: the row is the warm one
        return
    person.accessibility_needs = "" if person.accessibility_needs else "Sign language"
    db.session.commit()


def sign_in(app, client, user) -> None:
    """Sign in through the real form (the password is checked, the session rotated)."""
    response = client.post("/console/login", data={"email": user.email, "password": "a long bench passphrase 2026"})
    if response.status_code not in (302, 303):
        raise SystemExit(f"sign-in failed: {response.status_code}")


if __name__ == "__main__":
    sys.exit(main())
