#!/usr/bin/env python3
"""Alignment precision and recall on the IPU seed resolutions, against the hand-made table
of true links in tests/texts/test_seeds.py (every adopted paragraph's draft sources, whole
or partial).

    .venv/bin/python bench/texts_precision.py

Floor, in the same run on the same paragraphs: a plain scan that links each adopted
paragraph to the draft paragraph whose words difflib finds closest (ratio >= 0.5), the least
a wording-based aligner does. Recorded for ``make bench``: precision and recall per language
(target >= 0.95 each: the hand-made table is small, one wrong link in 36 is 0.97), and
eventhub's F1 over the floor's (target >= 1: merges, splits and partial sources must not
make it worse than the plain scan).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)  # bench/calendar.py would shadow the standard library's calendar
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the standard library: harness only


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def plain_scan_links(draft_paragraphs, adopted_paragraphs) -> set:
    """Each adopted paragraph linked to its closest draft paragraph by difflib's ratio."""
    from difflib import SequenceMatcher

    links = set()
    drafts = [(d, d.text.split()) for d in draft_paragraphs]
    for adopted in adopted_paragraphs:
        words = adopted.text.split()
        best, best_ratio = None, 0.5
        for draft, draft_words in drafts:
            ratio = SequenceMatcher(None, draft_words, words).ratio()
            if ratio >= best_ratio:
                best, best_ratio = draft, ratio
        if best is not None:
            links.add(((adopted.part, adopted.number), (best.part, best.number)))
    return links


def main() -> int:
    import harness
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
        precision, recall = hits / len(found) if found else 0.0, hits / len(true_links)
        print(f"{language}: links found {len(found)}, true {len(true_links)}, "
              f"precision {precision:.2f}, recall {recall:.2f}")
        floor = plain_scan_links(draft.languages[language].paragraphs, adopted.languages[language].paragraphs)
        floor_hits = len(floor & true_links)
        floor_precision, floor_recall = floor_hits / len(floor) if floor else 0.0, floor_hits / len(true_links)
        print(f"{language}: floor (closest draft paragraph by difflib): links found {len(floor)}, "
              f"precision {floor_precision:.2f}, recall {floor_recall:.2f}")
        harness.report(f"alignment precision ({language}, IPU 146 seeds)", [precision], 0.95, unit="", backend="-")
        harness.report(f"alignment recall ({language}, IPU 146 seeds)", [recall], 0.95, unit="", backend="-")
        floor_f1 = f1(floor_precision, floor_recall)
        harness.report(f"alignment F1 vs plain-scan floor's ({language})",
                       [f1(precision, recall) / floor_f1 if floor_f1 else 99.0], 1.0, backend="-")
    return 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    sys.exit(main())
