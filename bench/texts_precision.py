#!/usr/bin/env python3
"""Alignment precision and recall on the IPU seed resolutions, against the hand-made table
of true links in tests/texts/test_seeds.py (every adopted paragraph's draft sources, whole
or partial).

    .venv/bin/python bench/texts_precision.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)  # bench/calendar.py would shadow the standard library's calendar
sys.path.insert(0, str(ROOT))


def main() -> int:
    from eventhub.texts.alignment import align
    from eventhub.texts.parsing import parse_document
    from tests.texts.test_seeds import (
        ADOPTED_FILE, DRAFT_FILE, DRAFT_SOURCE_OF_ADOPTED, PARTIAL_SOURCES_OF_ADOPTED, SEEDS_DIR,
    )

    if SEEDS_DIR is None or not (SEEDS_DIR / DRAFT_FILE).is_file():
        print("shared/seeds not found: nothing to measure (set EVENTHUB_SEEDS_DIR)")
        return 0
    draft = parse_document((SEEDS_DIR / DRAFT_FILE).read_text("utf-8"))
    adopted = parse_document((SEEDS_DIR / ADOPTED_FILE).read_text("utf-8"))
    true_links = set(DRAFT_SOURCE_OF_ADOPTED.items()) | set(PARTIAL_SOURCES_OF_ADOPTED.items())
    for language in ("en", "ar"):
        found = set()
        for pair in align(draft.languages[language].paragraphs, adopted.languages[language].paragraphs):
            if pair.adopted is None:
                continue
            sources = ([pair.draft] if pair.draft else []) + list(pair.merged_from)
            sources += [pair.split_from] if pair.split_from else []
            sources += [source for source, _part in pair.partial_from]
            found |= {((pair.adopted.part, pair.adopted.number), (s.part, s.number)) for s in sources}
        hits = len(found & true_links)
        print(f"{language}: links found {len(found)}, true {len(true_links)}, "
              f"precision {hits / len(found):.2f}, recall {hits / len(true_links):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
