"""The real IPU texts: draft C-I/146/DR and the resolution adopted by the 146th Assembly.

The seed files live outside the repository, in ``shared/seeds`` next to the
checkout (or next to one of its parent directories, for git worktrees).  Set
EVENTHUB_SEEDS_DIR to point elsewhere.  The tests skip when they are absent.

How the expected numbers were obtained (by reading the files, not the parser):

* Draft, both halves: preambular paragraphs are printed "(1)".."(18)" and
  operative "1.".."24." -- 18 and 24.  The Arabic (6) is broken by a page
  break after "31 كانون" and continues "الثاني/يناير 2003 ..."; the English
  half has the page furniture "E" and "#IPU146" between (8) and (9).
* Adopted, both halves: preambular paragraphs are unnumbered.  Counting the
  paragraphs that open with a participle (English) or "إذ/وإذ" (Arabic) gives
  27; operative paragraphs are "1.".."26." -- 26.  In the Arabic half the
  "وإذ تشدد على أهمية الاتفاقيات الإقليمية" paragraph continues after a page
  break with "والاتفاقية العربية ..." (the English one is a single line), and
  operative 2 continues with "- التشريعات الولاية القضائية ...".
  Cross-check: the footnote says the Russian Federation has reservations on
  preambular paragraph 11, and the 11th paragraph counted this way is
  "Stressing also that the Council of Europe Convention on Cybercrime ..."
  (the Budapest Convention), with operative 1 urging accession to it.
* The draft-to-adopted table below was made by reading both English texts
  side by side; the Arabic halves follow the same structure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from eventhub.texts.alignment import align
from eventhub.texts.diff import diff_html, word_diff
from eventhub.texts.parsing import parse_document

DRAFT_FILE = "draft-resolution-C-I-146-DR.txt"
ADOPTED_FILE = "adopted-resolution-146th-assembly.txt"


def _find_seeds_dir() -> Path | None:
    if os.environ.get("EVENTHUB_SEEDS_DIR"):
        return Path(os.environ["EVENTHUB_SEEDS_DIR"])
    repo_root = Path(__file__).resolve().parents[2]
    # shared/ sits beside the checkout; a git worktree is one level deeper.
    for directory in (repo_root.parent, *repo_root.parent.parents):
        candidate = directory / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


SEEDS_DIR = _find_seeds_dir()

pytestmark = pytest.mark.skipif(
    SEEDS_DIR is None or not (SEEDS_DIR / DRAFT_FILE).is_file() or not (SEEDS_DIR / ADOPTED_FILE).is_file(),
    reason=f"seed texts not found: need shared/seeds/{DRAFT_FILE} and {ADOPTED_FILE} beside the "
    "repository (or EVENTHUB_SEEDS_DIR)",
)

# adopted (part, number) -> draft (part, number); adopted paragraphs not listed are new.
DRAFT_SOURCE_OF_ADOPTED = {
    **{
        ("preambular", adopted): ("preambular", draft)
        for adopted, draft in {
            1: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 10: 7, 12: 8, 14: 10, 15: 11,
            16: 12, 17: 13, 21: 14, 23: 15, 25: 16, 26: 17, 27: 18,
        }.items()
    },
    **{
        ("operative", adopted): ("operative", draft)
        for adopted, draft in {
            2: 5, 5: 6, 6: 7, 7: 8, 8: 9, 9: 10, 10: 11, 11: 12, 14: 14, 15: 15,
            16: 17, 17: 18, 18: 19, 19: 20, 20: 21, 22: 22, 23: 23, 24: 24,
        }.items()
    },
}
# adopted (part, number) -> draft (part, number) it took only a part of, with new wording.
# Adopted preambular 8 ("Recalling also the annual resolutions of the United Nations General
# Assembly on Developments in the field of information and telecommunications in the context of
# international security, and in particular resolution 69/28 of 2 December 2014, ...") took the
# tail of draft preambular 6 ("... and resolution 69/28 of 2 December 2014 on Developments in the
# field of information and telecommunications in the context of international security"), which
# adopted preambular 7 (the rest of draft 6) dropped.  The rest of adopted 8 is new.
PARTIAL_SOURCES_OF_ADOPTED = {("preambular", 8): ("preambular", 6)}
MOVED_PART = {
    "en": "resolution 69/28 of 2 December 2014 on Developments in the field of information and "
          "telecommunications in the context of international security",
    "ar": "والقرار 28/69 المؤرخ 2 كانون الأول/ديسمبر 2014 بشأن التطورات في ميدان المعلومات "
          "والاتصالات السلكية واللاسلكية في سياق الأمن الدولي",
}
REMOVED_FROM_DRAFT = {
    ("preambular", 9),  # Expressing concern about the lack of universal legal instruments
    ("operative", 1), ("operative", 2), ("operative", 3), ("operative", 4),  # UN convention
    ("operative", 13),  # a global security operations centre "entity"
    ("operative", 16),  # legislative spaces for cooperation in real time
}


@pytest.fixture(scope="module")
def draft():
    return parse_document((SEEDS_DIR / DRAFT_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def adopted():
    return parse_document((SEEDS_DIR / ADOPTED_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def aligned(draft, adopted):
    """Alignment per language, computed once for the module."""
    return {
        language: align(draft.languages[language].paragraphs, adopted.languages[language].paragraphs)
        for language in ("en", "ar")
    }


def _pair_for_adopted(aligned, language, part, number):
    return next(
        p for p in aligned[language] if p.adopted and (p.adopted.part, p.adopted.number) == (part, number)
    )


def _changes(ops, kind):
    return " | ".join(text for op, text in ops if op == kind)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_draft_counts(draft, language):
    parsed = draft.languages[language]
    assert len(parsed.preambular) == 18
    assert len(parsed.operative) == 24
    assert [p.number for p in parsed.preambular] == list(range(1, 19))
    assert [p.number for p in parsed.operative] == list(range(1, 25))
    assert parsed.footnotes == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_adopted_counts(adopted, language):
    parsed = adopted.languages[language]
    assert len(parsed.preambular) == 27
    assert len(parsed.operative) == 26
    assert [p.number for p in parsed.operative] == list(range(1, 27))


def test_languages_and_titles(draft, adopted):
    assert list(draft.languages) == ["ar", "en"]
    assert draft.languages["en"].title == "Cyberattacks and cybercrimes: The new risks to global security"
    assert draft.languages["ar"].title == "الهجمات والجرائم الإلكترونية: المخاطر الجديدة على الأمن العالمي"
    assert adopted.languages["en"].title == "Cybercrimes: The new risks to global security"
    assert adopted.languages["ar"].title == "الجرائم الإلكترونية: المخاطر الجديدة على الأمن العالمي"


def test_nothing_unplaced_and_only_page_furniture_ignored(draft, adopted):
    assert draft.unplaced == [] and adopted.unplaced == []
    assert [(f.text, f.language) for f in draft.ignored] == [("E", "en"), ("#IPU146", "en")]
    assert adopted.ignored == []


def test_page_broken_paragraphs_are_joined(draft, adopted):
    draft_ar_6 = draft.languages["ar"].preambular[5].text
    assert "المؤرخ 31 كانون الثاني/يناير 2003" in draft_ar_6
    stressing_ar = adopted.languages["ar"].preambular[9].text
    assert "الاتفاقية العربية لمكافحة جرائم تكنولوجيا المعلومات" in stressing_ar
    assert stressing_ar.endswith("المؤرخة 27 حزيران/يونيو 2014،")
    operative_2_ar = adopted.languages["ar"].operative[1].text
    assert "وأن تدرج كذلك في هذه التشريعات الولاية القضائية خارج الإقليم" in operative_2_ar


@pytest.mark.parametrize(
    "language, india, russia, paragraph_11_start",
    [
        ("en", "operative paragraph 25", "preambular paragraph 11", "Stressing also that the Council of Europe"),
        ("ar", "الفقرة 25 من المنطوق", "الفقرة 11 من الديباجة", "وإذ تشدد أيضاً على أن اتفاقية مجلس أوروبا"),
    ],
)
def test_reservations(adopted, language, india, russia, paragraph_11_start):
    parsed = adopted.languages[language]
    assert [(f.marker, f.kind) for f in parsed.footnotes] == [("*", "reservation"), ("*", "reservation")]
    assert india in parsed.footnotes[0].text
    assert russia in parsed.footnotes[1].text
    # The paragraph the reservation points at is the one we count as 11th.
    assert parsed.preambular[10].text.startswith(paragraph_11_start)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_alignment_matches_hand_made_table(aligned, adopted, language):
    pairs = aligned[language]
    found = {
        (p.adopted.part, p.adopted.number): (p.draft.part, p.draft.number) if p.draft else None
        for p in pairs
        if p.adopted
    }
    expected = {
        (p.part, p.number): DRAFT_SOURCE_OF_ADOPTED.get((p.part, p.number))
        for p in adopted.languages[language].paragraphs
    }
    assert found == expected
    removed = {(p.draft.part, p.draft.number) for p in pairs if p.status == "removed"}
    assert removed == REMOVED_FROM_DRAFT
    assert not any(p.merged_from for p in pairs)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_new_paragraphs_are_recognised(aligned, language):
    # Operative 25 (IPU working group on cybercrime, India's reservation) and
    # 21 ("Stresses the need to further enhance international cooperation")
    # and preambular 9 ("Recalling further the ... Convention against
    # Transnational Organized Crime") did not exist in the draft.
    for part, number in [("operative", 25), ("operative", 21), ("preambular", 9)]:
        pair = _pair_for_adopted(aligned, language, part, number)
        assert pair.status == "new", (part, number)
        assert pair.draft is None


@pytest.mark.parametrize("language", ["en", "ar"])
def test_renumbered_unchanged_paragraph(aligned, language):
    # Draft operative 20 (protect critical moments in democracy) is adopted
    # word for word as operative 19.
    pair = _pair_for_adopted(aligned, language, "operative", 19)
    assert (pair.status, pair.draft.number, pair.renumbered) == ("unchanged", 20, True)


def test_changed_paragraph_diff_english(aligned):
    pair = _pair_for_adopted(aligned, "en", "operative", 20)
    assert (pair.status, pair.draft.number) == ("changed", 21)
    ops = word_diff(pair.draft.text, pair.adopted.text)
    assert _changes(ops, "delete") == "national"
    assert _changes(ops, "insert") == "civilian"

    pair = _pair_for_adopted(aligned, "en", "operative", 11)
    assert (pair.status, pair.draft.number) == ("changed", 12)
    ops = word_diff(pair.draft.text, pair.adopted.text)
    deleted = _changes(ops, "delete")
    assert "the creation of a global security operations centre, under the auspices of the United Nations," in deleted
    assert "constantly" in deleted
    assert _changes(ops, "insert") == ""


def test_changed_paragraph_diff_arabic(aligned):
    pair = _pair_for_adopted(aligned, "ar", "operative", 20)
    assert (pair.status, pair.draft.number) == ("changed", 21)
    ops = word_diff(pair.draft.text, pair.adopted.text)
    # "البنية التحتية الوطنية الأساسية" -> "الهياكل الأساسية المدنية"
    assert _changes(ops, "delete") == "البنية التحتية الوطنية"
    assert _changes(ops, "insert") == "الهياكل |  المدنية"

    pair = _pair_for_adopted(aligned, "ar", "operative", 11)
    assert (pair.status, pair.draft.number) == ("changed", 12)
    ops = word_diff(pair.draft.text, pair.adopted.text)
    assert _changes(ops, "delete").strip() == "وإنشاء مركز علمي للعمليات الأمنية، تحت رعاية الأمم المتحدة،"
    assert _changes(ops, "insert") == ""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_seed_reservations_name_their_paragraphs(adopted, language):
    from eventhub.texts.services import reservation_targets

    parsed = adopted.languages[language]
    # "... reservations on preambular paragraph 11 and operative paragraph 1" (Russian Federation)
    assert [reservation_targets(f.text) for f in parsed.footnotes] == [
        [("operative", 25)], [("preambular", 11), ("operative", 1)]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_numbering_says_whose_it_is(draft, adopted, language):
    # The draft prints "(1)".."(18)" and "1.".."24."; the adopted preamble prints no numbers.
    assert all(p.numbered for p in draft.languages[language].paragraphs)
    assert not any(p.numbered for p in adopted.languages[language].preambular)
    assert all(p.numbered for p in adopted.languages[language].operative)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_alignment_precision_and_recall_on_the_hand_made_table(aligned, language):
    """Every (adopted, draft source) link found, whole or partial, against the table above."""
    true_links = set(DRAFT_SOURCE_OF_ADOPTED.items()) | set(PARTIAL_SOURCES_OF_ADOPTED.items())
    found = set()
    for pair in aligned[language]:
        if pair.adopted is None:
            continue
        sources = ([pair.draft] if pair.draft else []) + list(pair.merged_from)
        sources += [pair.split_from] if pair.split_from else []
        sources += [source for source, _part in pair.partial_from]
        found |= {((pair.adopted.part, pair.adopted.number), (s.part, s.number)) for s in sources}
    precision = len(found & true_links) / len(found)
    recall = len(found & true_links) / len(true_links)
    assert (round(precision, 2), round(recall, 2)) == (1.0, 1.0)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_partial_sources_match_the_hand_made_table(aligned, language):
    pairs = aligned[language]
    partial = {
        (p.adopted.part, p.adopted.number): [(source.part, source.number) for source, _part in p.partial_from]
        for p in pairs
        if p.partial_from
    }
    assert partial == {adopted: [draft] for adopted, draft in PARTIAL_SOURCES_OF_ADOPTED.items()}
    taken = _pair_for_adopted(aligned, language, "preambular", 8)
    assert taken.status == "changed" and taken.draft is None  # no longer "new"
    assert [part for _source, part in taken.partial_from] == [MOVED_PART[language]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_draft_preambular_6_shows_its_tail_as_moved(aligned, language):
    home = _pair_for_adopted(aligned, language, "preambular", 7)
    assert (home.draft.part, home.draft.number) == ("preambular", 6)
    assert [((a.part, a.number), part) for a, part in home.moved_to] == [(("preambular", 8), MOVED_PART[language])]
    html = diff_html(home.draft_text, home.adopted.text, moves=[(part, "PP 8") for _a, part in home.moved_to])
    assert f'<span class="diff-moved">{MOVED_PART[language]}</span>' in html
    assert "2014" not in "".join(re.findall(r"<del>(.*?)</del>", html))
