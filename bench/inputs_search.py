#!/usr/bin/env python3
"""Search and compilation speed on a realistic volume of inputs.

    .venv/bin/python bench/inputs_search.py [COUNT]          # SQLite (FTS5), temp database
    EVENTHUB_BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/inputs_search.py

Creates COUNT inputs (default 2,000; a consultation gets tens to a few hundred) in the four
languages, then prints the median time of search_inputs() for a few queries and the time to
build and render the compilation in each format.
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

WORDS = {
    "en": "parliament cybercrime hospitals infrastructure protection citizens convention data oversight".split(),
    "fr": "parlement cybercriminalité hôpitaux démocratie protection citoyens convention données contrôle".split(),
    "es": "parlamento ciberdelincuencia hospitales protección ciudadanía convención datos democracia".split(),
    "ar": "البرلمان الجريمة الإلكترونية المستشفيات الديمقراطية حماية المواطنين الاتفاقية البيانات".split(),
}


def main(count: int) -> None:
    from flask_migrate import upgrade

    from eventhub import create_app
    from eventhub.events.demo import load_demo_event
    from eventhub.extensions import db
    from eventhub.inputs.compilation import build_compilation, render, select_inputs
    from eventhub.inputs.models import ParliamentaryInput
    from eventhub.inputs.search import search_inputs

    instance = Path(tempfile.mkdtemp(prefix="eventhub-bench-"))
    url = os.environ.get("EVENTHUB_BENCH_DATABASE_URL") or f"sqlite:///{instance / 'bench.sqlite3'}"
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

        for query in ("democratie", "démocratie", "الديمقراطية", "protection citizens", "hospit"):
            timings = []
            for _ in range(7):
                t0 = time.perf_counter()
                result = search_inputs(event, query, per_page=50)
                timings.append(time.perf_counter() - t0)
            print(f"search q={query!r:24} total={result.total:6d} median_ms={statistics.median(timings) * 1000:7.1f}")

        inputs = select_inputs(event)
        for fmt in ("html", "md", "docx"):
            t0 = time.perf_counter()
            data = render(build_compilation(event, inputs), fmt)
            print(f"compile format={fmt:4} inputs={len(inputs)} bytes={len(data)} seconds={time.perf_counter() - t0:.2f}")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE parliamentary_inputs"))
            plan = db.session.execute(db.text(
                "EXPLAIN SELECT id FROM parliamentary_inputs WHERE "
                "fts_search_vector @@ to_tsquery('simple'::regconfig, 'democratie:*')"
            )).scalars().all()
            print("plan uses GIN index:", any("fts_ix_parliamentary_inputs_search" in line for line in plan))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
