"""Align the paragraphs of a draft resolution with those of the adopted text.

Paragraphs are matched on their wording, never on their numbers: amendments
insert, delete, merge and split paragraphs, so numbers shift.  The steps:

1. **Score** every draft/adopted pair: difflib's ratio over normalised words,
   counting only runs of at least two consecutive shared words so that
   coincidental "the", "of", "parliaments" do not make unrelated paragraphs
   look alike.  Arabic words are lightly stemmed (clitics "و", "ال", "ب", "ل"...
   stripped) because Arabic attaches them to the word.
2. **Order-preserving alignment** within each part (preambular, operative):
   a dynamic programme picks the set of non-crossing pairs with the largest
   total ``score - threshold``.  Using order lets a weak but positionally
   plausible match (a heavily amended paragraph between two intact ones) be
   accepted while an equally weak match far away is not; a lone leftover
   paragraph on each side of such a gap is paired at an even lower score.
3. **Moves**: paragraphs left over are paired across parts or out of order
   when the wording is strongly similar.
4. **Merges**: a leftover draft paragraph whose wording is largely contained
   in an already matched adopted paragraph is recorded in ``merged_from``.
5. **Splits**: a leftover adopted paragraph whose wording is largely taken
   from an already matched draft paragraph is paired with it (``split_from``).
6. **Partial sources**: a run of a draft paragraph's wording that its own
   adopted counterpart dropped but another adopted paragraph took (the tail of
   draft PP 6 moved, with new text, into adopted PP 8) makes that draft
   paragraph a *partial* source of the other one (``partial_from`` on the
   adopted side, ``moved_to`` on the draft side), with the part's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from .normalize import WORD_PATTERN, clean_text, matching_tokens, normalize_for_matching
from .parsing import OPERATIVE, PREAMBULAR, Paragraph

Status = Literal["unchanged", "changed", "new", "removed"]

#: In the order-preserving alignment a pair contributes ``score - MATCH_THRESHOLD``
#: to the total, so only pairs scoring above this are ever kept.
MATCH_THRESHOLD = 0.2
#: A lone unmatched draft paragraph and a lone unmatched adopted paragraph
#: between the same two matched neighbours are paired above this lower score:
#: their position says they are the same paragraph, rewritten (translations
#: of amendments often change most words).
GAP_PAIR_THRESHOLD = 0.12
#: A paragraph may move to the other part or out of order only above this.
MOVE_THRESHOLD = 0.6
#: Share of a leftover draft paragraph's words found in a matched adopted
#: paragraph for it to count as merged into it (merging must also raise the
#: similarity of the pair).
MERGE_CONTAINMENT = 0.6
#: Share of an adopted paragraph's words taken from one draft paragraph for it
#: to count as split off that paragraph.
SPLIT_CONTAINMENT = 0.6
#: Shortest run of consecutive shared words that counts as shared wording.
MIN_SHARED_RUN = 2
#: Partial sources: wording counts as taken from another paragraph in runs of
#: at least this many words (shingles), and only when at least
#: :data:`MIN_MOVED_WORDS` of the draft paragraph's words that its own adopted
#: paragraph dropped are found so in the other adopted paragraph.  On the seeds
#: the most coincidental wording dropped from one paragraph and found in
#: another is one run of 7 words ("the use of information and communications
#: technologies") or two unrelated 4-word phrases ("the creation of a", "of the
#: United Nations"); the real move (draft PP 6 -> adopted PP 8) is 22 words in
#: English and 21 in Arabic.
MOVED_SHINGLE = 5
MIN_MOVED_WORDS = 8

_ARABIC_WORD_RE = re.compile(r"^[\u0600-\u06ff]")
# Longest first: the first matching prefix is stripped.
_ARABIC_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_PREPOSITION_PREFIXES = ("ب", "ل")


@dataclass
class AlignedPair:
    """A draft paragraph and the adopted paragraph it became.

    ``draft`` is None for a new paragraph and ``adopted`` is None for a removed
    one.  For a merge, ``merged_from`` lists every draft paragraph combined
    into ``adopted`` in draft order (``draft`` is the most similar of them);
    otherwise it is empty.  For the second part of a split, ``split_from`` is
    the draft paragraph it was carved from (also in ``draft``).
    ``similarity`` is :func:`similarity` of the two texts (0.0 for new and
    removed paragraphs).
    """

    draft: Paragraph | None
    adopted: Paragraph | None
    status: Status
    similarity: float
    merged_from: list[Paragraph] = field(default_factory=list)
    split_from: Paragraph | None = None
    #: Draft paragraphs the adopted one took only a part of, with that part (the
    #: draft's own wording, in draft order): ``[(paragraph, part_text), ...]``.
    partial_from: list[tuple[Paragraph, str]] = field(default_factory=list)
    #: On the pair holding a draft paragraph: the other adopted paragraphs that
    #: took a part of it, ``[(adopted paragraph, part_text), ...]``.
    moved_to: list[tuple[Paragraph, str]] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        """True when draft and adopted paragraph differ in number or part."""
        if self.draft is None or self.adopted is None:
            return False
        return (self.draft.part, self.draft.number) != (self.adopted.part, self.adopted.number)

    @property
    def draft_text(self) -> str:
        """The draft wording to diff against: merged paragraphs joined in order,
        then the parts taken from other draft paragraphs."""
        return pair_draft_text(self)


def pair_draft_text(pair) -> str:
    """Draft wording of an aligned pair (also used for the stored pairs)."""
    if pair.merged_from:
        texts = [p.text for p in pair.merged_from]
    else:
        texts = [pair.draft.text] if pair.draft is not None else []
    texts += [part for _paragraph, part in pair.partial_from]
    return " ".join(texts)


def _light_stem(token: str) -> str:
    """Strip common Arabic proclitics (and, the, by, for) from ``token``.

    Only applied when at least three letters remain, to avoid reducing short
    words to nothing.  Latin-script tokens are returned unchanged.
    """
    if not _ARABIC_WORD_RE.match(token):
        return token
    for prefix in _ARABIC_ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix):]
    if token.startswith("و") and len(token) >= 4:
        token = token[1:]
    for prefix in (*_ARABIC_ARTICLE_PREFIXES, *_ARABIC_PREPOSITION_PREFIXES):
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix):]
    return token


@lru_cache(maxsize=4096)
def _comparison_tokens(text: str) -> tuple[str, ...]:
    return tuple(_light_stem(token) for token in matching_tokens(text))


def _shared_word_count(old: tuple[str, ...], new: tuple[str, ...]) -> int:
    """Words in runs of at least :data:`MIN_SHARED_RUN` common to both, in order."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= MIN_SHARED_RUN)


def similarity(old: str, new: str) -> float:
    """Similarity of two paragraph texts in [0, 1] (1.0 for the same words).

    difflib ratio over normalised, lightly stemmed words, counting only runs
    of shared words (see :data:`MIN_SHARED_RUN`).
    """
    old_tokens, new_tokens = _comparison_tokens(old), _comparison_tokens(new)
    if not old_tokens and not new_tokens:
        return 1.0
    if old_tokens == new_tokens:
        return 1.0
    return 2 * _shared_word_count(old_tokens, new_tokens) / (len(old_tokens) + len(new_tokens))


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s words found, in runs, in ``whole``."""
    part_tokens = _comparison_tokens(part)
    if not part_tokens:
        return 0.0
    return _shared_word_count(part_tokens, _comparison_tokens(whole)) / len(part_tokens)


@lru_cache(maxsize=4096)
def _word_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, comparison key) of every word of ``text``, offsets into ``text``."""
    spans = []
    for match in WORD_PATTERN.finditer(text):
        keys = WORD_PATTERN.findall(normalize_for_matching(match.group()))
        if keys:
            spans.append((match.start(), match.end(), _light_stem("".join(keys))))
    return tuple(spans)


def _covered_positions(tokens: tuple[str, ...], others: list[tuple[str, ...]]) -> set[int]:
    """Positions of ``tokens`` that are in runs of shared words with one of ``others``."""
    covered: set[int] = set()
    for other in others:
        matcher = SequenceMatcher(None, tokens, other, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= MIN_SHARED_RUN:
                covered.update(range(block.a, block.a + block.size))
    return covered


def _shingles(tokens: tuple[str, ...], skip: set[int]) -> set[tuple[str, ...]]:
    """Runs of :data:`MOVED_SHINGLE` words of ``tokens`` touching no position in ``skip``."""
    return {
        tokens[i:i + MOVED_SHINGLE]
        for i in range(len(tokens) - MOVED_SHINGLE + 1)
        if not skip.intersection(range(i, i + MOVED_SHINGLE))
    }


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(key for _start, _end, key in _word_spans(text))


def _moved_positions(draft_tokens, kept_at_home: set[int], taken: set[tuple[str, ...]]) -> set[int]:
    moved: set[int] = set()
    for i in range(len(draft_tokens) - MOVED_SHINGLE + 1):
        if draft_tokens[i:i + MOVED_SHINGLE] in taken:
            moved.update(range(i, i + MOVED_SHINGLE))
    return moved - kept_at_home


def _part_text(text: str, moved: set[int]) -> str | None:
    if len(moved) < MIN_MOVED_WORDS:
        return None
    spans = _word_spans(text)
    return text[spans[min(moved)][0]:spans[max(moved)][1]]


def moved_part(draft_text: str, draft_homes: list[str], adopted_text: str, adopted_sources: list[str]) -> str | None:
    """The part of ``draft_text`` that ``adopted_text`` took, or None.

    Counted are the draft's words that its own adopted paragraphs
    (``draft_homes``) dropped and that ``adopted_text`` holds in runs of
    :data:`MOVED_SHINGLE` words not explained by the adopted paragraph's own
    sources (``adopted_sources``); at least :data:`MIN_MOVED_WORDS` of them make
    a partial source.  The part is the draft's wording from the first of those
    words to the last (its order in the adopted text may differ).
    """
    draft_tokens, adopted_tokens = _tokens(draft_text), _tokens(adopted_text)
    kept_at_home = _covered_positions(draft_tokens, [_tokens(t) for t in draft_homes])
    explained = _covered_positions(adopted_tokens, [_tokens(t) for t in adopted_sources])
    taken = _shingles(adopted_tokens, explained)
    return _part_text(draft_text, _moved_positions(draft_tokens, kept_at_home, taken))


def _align_in_order(
    draft: list[int],
    adopted: list[int],
    scores: dict[tuple[int, int], float],
) -> list[tuple[int, int]]:
    """Best non-crossing matching of two index sequences (weighted LCS)."""
    rows, cols = len(draft), len(adopted)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            candidate = max(best[i - 1][j], best[i][j - 1])
            weight = scores[draft[i - 1], adopted[j - 1]] - MATCH_THRESHOLD
            if weight > 0:
                candidate = max(candidate, best[i - 1][j - 1] + weight)
            best[i][j] = candidate

    pairs: list[tuple[int, int]] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        weight = scores[draft[i - 1], adopted[j - 1]] - MATCH_THRESHOLD
        if (
            weight > 0
            and best[i][j] == best[i - 1][j - 1] + weight
            and best[i][j] > best[i - 1][j]
            and best[i][j] > best[i][j - 1]
        ):
            pairs.append((draft[i - 1], adopted[j - 1]))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs + _pair_lone_gaps(draft, adopted, pairs, scores)


def _pair_lone_gaps(
    draft: list[int],
    adopted: list[int],
    pairs: list[tuple[int, int]],
    scores: dict[tuple[int, int], float],
) -> list[tuple[int, int]]:
    """Pair the single draft and single adopted paragraph left between two matches."""
    gap_pairs = []
    draft_position = {index: position for position, index in enumerate(draft)}
    adopted_position = {index: position for position, index in enumerate(adopted)}
    bounds = [(-1, -1)]
    bounds += [(draft_position[d], adopted_position[a]) for d, a in pairs]
    bounds += [(len(draft), len(adopted))]
    for (d_start, a_start), (d_end, a_end) in zip(bounds, bounds[1:]):
        draft_gap = draft[d_start + 1:d_end]
        adopted_gap = adopted[a_start + 1:a_end]
        if len(draft_gap) == 1 and len(adopted_gap) == 1:
            if scores[draft_gap[0], adopted_gap[0]] >= GAP_PAIR_THRESHOLD:
                gap_pairs.append((draft_gap[0], adopted_gap[0]))
    return gap_pairs


def align(draft: list[Paragraph], adopted: list[Paragraph]) -> list[AlignedPair]:
    """Match draft paragraphs to adopted paragraphs by wording.

    Both lists hold one language's paragraphs, preambular then operative, in
    document order (``ParsedLanguage.paragraphs``).  Returns one pair per
    adopted paragraph in adopted order, with each removed draft paragraph
    inserted after the pair holding the draft paragraph that preceded it
    (at the start of its part when it was the first of the part).
    """
    scores = {
        (d, a): similarity(draft[d].text, adopted[a].text)
        for d in range(len(draft))
        for a in range(len(adopted))
    }
    source_of: dict[int, int] = {}  # adopted index -> main draft index

    # 2. Order-preserving alignment within each part.
    for part in (PREAMBULAR, OPERATIVE):
        draft_in_part = [i for i, p in enumerate(draft) if p.part == part]
        adopted_in_part = [i for i, p in enumerate(adopted) if p.part == part]
        for d, a in _align_in_order(draft_in_part, adopted_in_part, scores):
            source_of[a] = d

    # 3. Moves: strong matches among what is left, best first.
    leftovers = sorted(
        (
            (score, d, a)
            for (d, a), score in scores.items()
            if score >= MOVE_THRESHOLD and a not in source_of and d not in source_of.values()
        ),
        reverse=True,
    )
    for _, d, a in leftovers:
        if a not in source_of and d not in source_of.values():
            source_of[a] = d

    # 4. Merges: leftover draft paragraphs absorbed into a matched adopted one.
    merged_into: dict[int, list[int]] = {}
    for d in range(len(draft)):
        if d in source_of.values():
            continue
        best_target = None
        best_gain = 0.0
        for a, main in source_of.items():
            if draft[main].part != draft[d].part:
                continue
            if containment(draft[d].text, adopted[a].text) < MERGE_CONTAINMENT:
                continue
            sources = sorted([main, d, *merged_into.get(a, [])])
            combined = " ".join(draft[i].text for i in sources)
            gain = similarity(combined, adopted[a].text) - scores[main, a]
            if gain > best_gain:
                best_target, best_gain = a, gain
        if best_target is not None:
            merged_into.setdefault(best_target, []).append(d)

    # 5. Splits: leftover adopted paragraphs carved from a matched draft one.
    split_source: dict[int, int] = {}
    matched_drafts = set(source_of.values())
    for a in range(len(adopted)):
        if a in source_of:
            continue
        candidates = [
            (containment(adopted[a].text, draft[d].text), d)
            for d in matched_drafts
            if draft[d].part == adopted[a].part
        ]
        if candidates:
            best_containment, d = max(candidates)
            if best_containment >= SPLIT_CONTAINMENT:
                split_source[a] = d

    # Assemble pairs in adopted order.
    pairs: list[AlignedPair] = []
    for a, paragraph in enumerate(adopted):
        if a in source_of:
            d = source_of[a]
            if a in merged_into:
                sources = [draft[i] for i in sorted([d, *merged_into[a]])]
                combined = " ".join(p.text for p in sources)
                pairs.append(
                    AlignedPair(draft[d], paragraph, "changed", similarity(combined, paragraph.text), sources)
                )
            else:
                unchanged = clean_text(draft[d].text) == clean_text(paragraph.text)
                pairs.append(
                    AlignedPair(draft[d], paragraph, "unchanged" if unchanged else "changed", scores[d, a])
                )
        elif a in split_source:
            d = split_source[a]
            pairs.append(
                AlignedPair(draft[d], paragraph, "changed", scores[d, a], split_from=draft[d])
            )
        else:
            pairs.append(AlignedPair(None, paragraph, "new", 0.0))

    placed_drafts = set(source_of.values()) | {d for ds in merged_into.values() for d in ds}
    for d in range(len(draft)):
        if d not in placed_drafts:
            _insert_removed(pairs, draft, d)
    _find_partial_sources(pairs, draft)
    return pairs


def _whole_sources(pair: AlignedPair) -> list[Paragraph]:
    if pair.merged_from:
        return list(pair.merged_from)
    return [pair.draft] if pair.draft is not None else []


def _find_partial_sources(pairs: list[AlignedPair], draft: list[Paragraph]) -> None:
    """Step 6: record parts of draft paragraphs taken by other adopted paragraphs
    (see :func:`moved_part`; the per-paragraph work is done once, and a pair is only
    looked at when the two share a run of :data:`MOVED_SHINGLE` words)."""
    homes: dict[int, list[Paragraph]] = {}
    holder: dict[int, AlignedPair] = {}  # id(draft paragraph) -> the pair showing its diff
    for pair in pairs:
        for source in _whole_sources(pair):
            if pair.adopted is not None:
                homes.setdefault(id(source), []).append(pair.adopted)
            if pair.split_from is None:
                holder.setdefault(id(source), pair)
    draft_tokens = [_tokens(p.text) for p in draft]
    draft_shingles = [_shingles(tokens, set()) for tokens in draft_tokens]
    kept_at_home: dict[int, set[int]] = {}
    for pair in pairs:
        if pair.adopted is None or pair.status == "unchanged":
            continue
        whole = _whole_sources(pair)
        adopted_tokens = _tokens(pair.adopted.text)
        taken = _shingles(adopted_tokens, set())
        if not taken:
            continue
        explained = None
        for index, paragraph in enumerate(draft):
            if any(paragraph is source for source in whole) or not (draft_shingles[index] & taken):
                continue
            if explained is None:
                explained = _covered_positions(adopted_tokens, [_tokens(p.text) for p in whole])
                taken = _shingles(adopted_tokens, explained)
                if not taken:
                    break
                if not (draft_shingles[index] & taken):
                    continue
            if index not in kept_at_home:
                kept_at_home[index] = _covered_positions(
                    draft_tokens[index], [_tokens(home.text) for home in homes.get(id(paragraph), [])]
                )
            part = _part_text(paragraph.text, _moved_positions(draft_tokens[index], kept_at_home[index], taken))
            if part is None:
                continue
            pair.partial_from.append((paragraph, part))
            if pair.status == "new":
                pair.status = "changed"
                pair.similarity = similarity(part, pair.adopted.text)
            home_pair = holder.get(id(paragraph))
            if home_pair is not None:
                home_pair.moved_to.append((pair.adopted, part))


def _insert_removed(pairs: list[AlignedPair], draft: list[Paragraph], index: int) -> None:
    """Insert draft[index] as removed after the pair holding its predecessor."""
    removed = AlignedPair(draft[index], None, "removed", 0.0)
    part = draft[index].part
    predecessor = draft[index - 1] if index > 0 and draft[index - 1].part == part else None

    if predecessor is not None:
        holding = [
            i for i, pair in enumerate(pairs)
            if pair.draft is predecessor or any(p is predecessor for p in pair.merged_from)
        ]
        if holding:
            pairs.insert(holding[-1] + 1, removed)
            return

    # First paragraph of its part (or predecessor not found): start of the part.
    part_order = {PREAMBULAR: 0, OPERATIVE: 1}
    for i, pair in enumerate(pairs):
        shown = pair.adopted if pair.adopted is not None else pair.draft
        if shown is not None and part_order[shown.part] >= part_order[part]:
            pairs.insert(i, removed)
            return
    pairs.append(removed)
