"""Public pages, the event API, calendar files and registration POSTs against their floors
(issue 20), on one gunicorn configuration (the product's gunicorn.conf.py, 2 workers).

    .venv/bin/python bench/web.py                        # SQLite, 3 repetitions of 5 s
    .venv/bin/python bench/web.py --backend postgresql   # PostgreSQL + Redis
    .venv/bin/python bench/web.py --repeat 5 --seconds 10 --p99  # + a 30 s steady run per path

For every path: requests/s and server CPU per request, and two ratios against the floor
measured in the same run (bench/floor_app.py): bare Flask "hello" for GET paths, a bare
Flask endpoint doing one committed INSERT for the registration POSTs. The targets of the
issue are printed beside each ratio; the exit status is 0 when each CPU ratio meets its
target, 1 otherwise.
"""
from __future__ import annotations

import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402

from bench import harness  # noqa: E402

def registration_bodies(facts: dict) -> tuple[str, str]:
    """A valid registration as the API's JSON and as the form's fields, where {n} becomes a
    unique number: a session with interpretation (the listening language is then checked
    against what it offers) and a language it offers, so that every POST stores a person.
    (Until 2026-12-04 the bench posted session 1 with French, which the practice copy's
    session 1 does not offer: every POST was a 422, and the figures measured the refusal.)"""
    number, languages = max(facts["listening"].items(), key=lambda item: (len(item[1]), -item[0]))
    language = "fr" if "fr" in languages else languages[0]
    as_json = json.dumps({
        "honorific": "hon", "given_name": "Bench", "family_name": "Delegate",
        "email": "bench-{n}@parliament.example", "country": "CH", "parliament": "National Council",
        "role": "member", "sessions": [number], "listening_language": language,
        "timezone": "Europe/Zurich", "consent": True,
    })
    as_form = ("honorific=hon&given_name=Bench&family_name=Delegate&email=bench-{n}%40parliament.example"
               f"&country=CH&parliament=National+Council&role=member&sessions={number}&language_{number}={language}"
               "&timezone=Europe%2FZurich&consent=y")
    return as_json, as_form


def check_posts(server, facts: dict) -> None:
    """Each POST path stores a person before it is measured: the API answers 201 and the form
    redirects to the confirmation page (a redirect back to the form would be a refusal, which wrk
    counts as a success)."""
    import requests

    as_json, as_form = registration_bodies(facts)
    slug = facts["slug"]
    answer = requests.post(f"{server.base_url}/api/v1/events/{slug}/registrations",
                           data=as_json.replace("{n}", "check-api"),
                           headers={"Content-Type": "application/json", "Authorization": f"Bearer {facts['token']}"},
                           timeout=30)
    if answer.status_code != 201:
        raise SystemExit(f"POST registration (API) does not store a person: {answer.status_code} {answer.text[:300]}")
    answer = requests.post(f"{server.base_url}/en/e/{slug}/register", data=as_form.replace("{n}", "check-form"),
                           headers={"Content-Type": "application/x-www-form-urlencoded"},
                           allow_redirects=False, timeout=30)
    if answer.status_code not in (302, 303) or "/confirmation" not in answer.headers.get("Location", ""):
        raise SystemExit(f"POST registration (form) does not store a person: {answer.status_code} "
                         f"{answer.headers.get('Location', '')}")


def paths(facts: dict, manage_token: str) -> list[dict]:
    slug, token = facts["slug"], facts["token"]
    as_json, as_form = registration_bodies(facts)
    return [
        {"name": "event page", "path": f"/en/e/{slug}/", "floor": "hello", "target": 0.5},
        {"name": "event page (fr, Manila)", "path": f"/fr/e/{slug}/?tz=Asia/Manila", "floor": "hello", "target": 0.5},
        {"name": "event API", "path": f"/api/v1/events/{slug}", "floor": "hello", "target": 0.6},
        {"name": "session .ics", "path": f"/en/e/{slug}/s/1.ics", "floor": "hello", "target": 0.6},
        {"name": "manage page", "path": f"/en/r/{manage_token}", "floor": "hello", "target": 0.3},
        {"name": "confirmation page", "path": f"/en/r/{manage_token}/confirmation", "floor": "hello", "target": 0.3},
        {"name": "POST registration (API)", "path": f"/api/v1/events/{slug}/registrations", "floor": "insert",
         "target": 0.3, "post": (as_json, "application/json", {"Authorization": f"Bearer {token}"})},
        {"name": "POST registration (form)", "path": f"/en/e/{slug}/register", "floor": "insert",
         "target": 0.3, "post": (as_form, "application/x-www-form-urlencoded", {})},
    ]


def first_registration(env: dict, facts: dict) -> str:
    """Register one person through the operations and return their manage token."""
    from eventhub.events.services import get_event
    from eventhub.extensions import db
    from eventhub.registration import operations
    from eventhub.registration.validation import RegistrationData

    app = harness.bench_app(env)
    with app.app_context():
        event = get_event(facts["slug"])
        number, languages = max(facts["listening"].items(), key=lambda item: (len(item[1]), -item[0]))
        language = "fr" if "fr" in languages else languages[0]
        data = RegistrationData(
            honorific="hon", given_name="Manage", family_name="Page", email="manage-page@parliament.example",
            country="CH", parliament="National Council", role="member", sessions={number: language},
            timezone="Asia/Manila", language="en",
        )
        token = operations.register(event, data, actor="registrant").manage_token
        db.engine.dispose()
    return token


def measure(server, spec: dict, seconds: float) -> harness.Run:
    if "post" in spec:
        body, content_type, headers = spec["post"]
        script = harness.post_script(body, content_type, headers)
        return harness.wrk(server, spec["path"], seconds=seconds, script=script)
    return harness.wrk(server, spec["path"], seconds=seconds)


def floor_run(floor, kind: str, seconds: float, facts: dict) -> harness.Run:
    if kind == "hello":
        return harness.wrk(floor, "/hello", seconds=seconds)
    script = harness.post_script(registration_bodies(facts)[0], "application/json")
    return harness.wrk(floor, "/insert", seconds=seconds, script=script)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--only", default="", help="run only paths whose name contains this")
    parser.add_argument("--p99", action="store_true", help="also a 30 s steady run per path: p99 / p50")
    args = parser.parse_args()

    env, cleanup = harness.bench_environment(args.backend)
    servers = []
    try:
        facts = harness.prepare_demo(env)
        manage_token = first_registration(env, facts)
        app_server = harness.start_gunicorn(env)
        floor = harness.start_floor(env)
        servers = [app_server, floor]
        selected = [spec for spec in paths(facts, manage_token) if args.only in spec["name"]]
        if any("post" in spec for spec in selected):
            check_posts(app_server, facts)
        for spec in selected:  # warm every worker's caches before measuring anything
            measure(app_server, spec, 1)
        floor_run(floor, "hello", 1, facts)
        floor_run(floor, "insert", 1, facts)
        print(f"== bench/web.py on {args.backend}: {args.repeat} × {args.seconds:g} s per path, "
              "gunicorn.conf.py with 2 workers, wrk 2 threads × 8 connections")
        print(f"{'path':28} {'req/s':>8} {'ms CPU':>7} {'floor req/s':>11} {'throughput ratio':>22} "
              f"{'CPU ratio':>22} {'target':>6}")
        failures = 0
        for spec in selected:
            rates, cpus, throughput, cpu_ratio, floor_rates, errors = [], [], [], [], [], 0
            floor_errors = 0  # a floor answering errors is no floor (bench/harness.post_script)
            for _ in range(args.repeat):
                # Floor and path measured back to back, so both see the same machine load.
                base = floor_run(floor, spec["floor"], args.seconds, facts)
                run = measure(app_server, spec, args.seconds)
                errors += run.non_2xx
                floor_errors += base.non_2xx
                rates.append(run.rate)
                cpus.append(run.cpu_ms_per_request)
                floor_rates.append(base.rate)
                throughput.append(run.rate / base.rate)
                cpu_ratio.append(base.cpu_ms_per_request / run.cpu_ms_per_request)
            met = harness.report(f"{spec['name']} ({args.backend}): CPU ratio vs floor", cpu_ratio, spec["target"])
            failures += not met
            print(f"{spec['name']:28} {statistics.median(rates):8.0f} {statistics.median(cpus):7.2f} "
                  f"{statistics.median(floor_rates):11.0f} {harness.median_range(throughput):>22} "
                  f"{harness.median_range(cpu_ratio):>22} {spec['target']:>6}{'' if met else '  (below)'}"
                  + (f"  {errors} non-2xx/3xx" if errors else "")
                  + (f"  FLOOR: {floor_errors} non-2xx/3xx" if floor_errors else ""))
        if args.p99:
            print("\n== steady 30 s per path: latency p50 / p99 (target p99 ≤ 5 × p50)")
            for spec in selected:
                run = measure(app_server, spec, 30)
                p50, p99 = run.latency_ms.get("50", 0), run.latency_ms.get("99", 0)
                ok = p99 <= 5 * p50 if p50 else False
                harness.report(f"{spec['name']} ({args.backend}): p99 / p50", [p99 / p50 if p50 else 99.0], 5.0,
                               higher_is_better=False)
                failures += not ok
                print(f"{spec['name']:28} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  ratio {p99 / p50 if p50 else 0:5.1f}"
                      f"{'' if ok else '  (above 5)'}")
        return 1 if failures else 0
    finally:
        for server in servers:
            server.stop()
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
