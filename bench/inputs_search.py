#!/usr/bin/env python3
"""Search and compilation speed on a realistic volume of inputs.

    .venv/bin/python bench/inputs_search.py [COUNT]          # SQLite (FTS5), temp database
    .venv/bin/python bench/inputs_search.py --backend postgresql   # a database of its own
    EVENTHUB_BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/inputs_search.py

Creates COUNT inputs (default 2,000; a consultation gets tens to a few hundred) in the four
languages, then prints the median time of search_inputs() for a few queries next to a floor
(a plain scan of the same texts, no index), and the time to build and render the
compilation in each format (PDF: the first 100 accepted inputs).

The floor scans the texts already folded in memory (as a folded column read by
``LIKE '%...%'`` would: folding is not part of either side's cost), looks for every query
word as a substring, and loads the first 50 matches (the page search_inputs() returns;
it also ranks them, stems Arabic and knows phrases, which the floor does not). Recorded for ``make bench``: the floor's time over search_inputs()'s
for all the queries together, one value per run; target >= 1 (issue 20 is silent: an
indexed search that is slower than scanning every text has no reason to exist).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402  (bench/, first on the path when run as a script)

WORDS = {
    "en": "parliament cybercrime hospitals infrastructure protection citizens convention data oversight".split(),
    "fr": "parlement cybercriminalité hôpitaux démocratie protection citoyens convention données contrôle".split(),
    "es": "parlamento ciberdelincuencia hospitales protección ciudadanía convención datos democracia".split(),
    "ar": "البرلمان الجريمة الإلكترونية المستشفيات الديمقراطية حماية المواطنين الاتفاقية البيانات".split(),
}


def main(count: int, backend: str = "sqlite") -> None:
    instance = Path(tempfile.mkdtemp(prefix="eventhub-bench-"))
    url = os.environ.get("EVENTHUB_BENCH_DATABASE_URL") or f"sqlite:///{instance / 'bench.sqlite3'}"
    cleanup = lambda: None  # noqa: E731
    if backend == "postgresql":
        env, cleanup = harness.bench_environment("postgresql")
        url = env["EVENTHUB_DATABASE_URL"]
    try:
        measure(url, instance, count)
    finally:
        cleanup()


def measure(url: str, instance: Path, count: int) -> None:
    from flask_migrate import upgrade

    from eventhub import create_app
    from eventhub.events.demo import load_demo_event
    from eventhub.extensions import db
    from eventhub.inputs.compilation import build_compilation, render, select_inputs
    from eventhub.inputs.models import ParliamentaryInput
    from eventhub.inputs.search import fold, search_inputs, words

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench",
                      "JOBS_SQLITE_PATH": str(instance / "jobs.sqlite3")})
    rng = random.Random(8)
    with app.app_context():
        upgrade()
        event, _ = load_demo_event()
        db.session.execute(ParliamentaryInput.__table__.delete())
        db.session.commit()
        countries = ["SN", "FR", "MX", "EG", "JP", "GB", "AR", "JO", "FJ", "DE"]
        started = time.perf_counter()
        for n in range(count):
            lang = rng.choice(list(WORDS))
            text = " ".join(rng.choice(WORDS[lang]) for _ in range(400))  # ~3,000 characters
            item = ParliamentaryInput(
                event_id=event.id, title=f"{rng.choice(WORDS[lang])} {n}", text=text, language=lang,
                country=rng.choice(countries), parliament="Parliament", author_name=f"Author {n}",
                author_email=f"a{n}@example.org", status=rng.choice(["received", "included", "in_review"]),
            )
            item.objectives = [rng.choice(event.objectives)]
            db.session.add(item)
        db.session.commit()
        print(f"backend={db.engine.dialect.name} inputs={count} insert_s={time.perf_counter() - started:.2f}")

        # Floor: a plain scan of the same texts in Python (every text folded once beforehand,
        # every query word looked for as a substring), what a search without an index does.
        rows = db.session.execute(db.select(ParliamentaryInput.id, ParliamentaryInput.title,
                                            ParliamentaryInput.text)).all()
        folded = [(row_id, fold(f"{title} {text}")) for row_id, title, text in rows]

        def plain_scan(query):
            wanted = words(query)
            found = [row_id for row_id, text in folded if all(w in text for w in wanted)]
            # The same answer's shape: how many, and the first page of 50 as objects.
            db.session.execute(db.select(ParliamentaryInput).where(ParliamentaryInput.id.in_(found[:50]))).all()
            return len(found)

        print("median of 7 runs; floor = plain scan of the same texts (folded beforehand, substring, no index, "
              "no stems)")
        search_runs, floor_total = [0.0] * 7, 0.0
        for query in ("democratie", "démocratie", "الديمقراطية", "ديمقراطية", "برلمان", "protection citizens",
                      "hospit", '"protection citizens"'):
            timings, floor = [], []
            for run in range(7):
                t0 = time.perf_counter()
                result = search_inputs(event, query, per_page=50)
                timings.append(time.perf_counter() - t0)
                search_runs[run] += timings[-1]
            for _ in range(3):
                t0 = time.perf_counter()
                scanned = plain_scan(query)
                floor.append(time.perf_counter() - t0)
            print(f"search q={query!r:24} total={result.total:6d} median_ms={statistics.median(timings) * 1000:7.1f}"
                  f"   floor: found={scanned:6d} median_ms={statistics.median(floor) * 1000:8.1f}")
            floor_total += statistics.median(floor)
        ratios = [floor_total / total for total in search_runs]
        met = harness.report(f"search_inputs() vs plain scan, {count:,} inputs, 8 queries", ratios, 1.0,
                             backend=db.engine.dialect.name)
        print(f"floor / search_inputs(), all queries: {harness.median_range(ratios)} "
              f"(target >= 1: {'met' if met else 'MISSED'})")

        inputs = select_inputs(event)
        for fmt in ("html", "md", "docx", "pdf"):
            chosen = inputs if fmt != "pdf" else inputs[:100]  # WeasyPrint lays out every page
            t0 = time.perf_counter()
            data = render(build_compilation(event, chosen, symbol="IPU/BENCH/1", date="2026-12-03"), fmt)
            print(f"compile format={fmt:4} inputs={len(chosen)} bytes={len(data)} seconds={time.perf_counter() - t0:.2f}")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE parliamentary_inputs"))
            plan = db.session.execute(db.text(
                "EXPLAIN SELECT id FROM parliamentary_inputs WHERE "
                "fts_search_vector @@ to_tsquery('simple'::regconfig, 'democratie:*')"
            )).scalars().all()
            print("plan uses GIN index:", any("fts_ix_parliamentary_inputs_search" in line for line in plan))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=2000, help="inputs to create (default 2,000)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: a database of its own on $EVENTHUB_TEST_DATABASE_URL's server")
    options = parser.parse_args()
    main(options.count, options.backend)
