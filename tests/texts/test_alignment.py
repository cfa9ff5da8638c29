"""align() on the fixture pair and on hand-built paragraph lists."""

from __future__ import annotations

import pytest

from eventhub.texts.alignment import align, similarity
from eventhub.texts.parsing import Paragraph, parse_document


def _summary(pairs):
    """(status, draft part+number, adopted part+number, merged numbers) per pair."""

    def ref(paragraph):
        return f"{paragraph.part[:3]}{paragraph.number}" if paragraph else None

    return [
        (pair.status, ref(pair.draft), ref(pair.adopted), [p.number for p in pair.merged_from])
        for pair in pairs
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_fixture_alignment(fixture_text, language):
    draft = parse_document(fixture_text("draft.md")).languages[language]
    adopted = parse_document(fixture_text("adopted.md")).languages[language]

    pairs = align(draft.paragraphs, adopted.paragraphs)

    assert _summary(pairs) == [
        ("unchanged", "pre1", "pre1", []),
        ("new", None, "pre2", []),  # "Stressing the role of women"
        ("changed", "pre2", "pre3", []),  # renumbered and amended
        ("removed", "pre3", None, []),  # placed after its draft predecessor
        ("unchanged", "pre4", "pre4", []),
        ("unchanged", "ope1", "ope1", []),
        ("changed", "ope2", "ope2", [2, 3]),  # draft 2 and 3 merged
        ("unchanged", "ope4", "ope3", []),  # renumbered only
        ("changed", "ope5", "ope4", []),
        ("new", None, "ope5", []),
    ]
    renumbered = [pair.renumbered for pair in pairs]
    assert renumbered == [False, False, True, False, False, False, False, True, True, False]


def test_merged_pair_diffs_against_both_draft_paragraphs(fixture_text):
    draft = parse_document(fixture_text("draft.md")).languages["en"]
    adopted = parse_document(fixture_text("adopted.md")).languages["en"]
    merged = next(pair for pair in align(draft.paragraphs, adopted.paragraphs) if pair.merged_from)
    assert merged.draft_text == (
        "Urges parliaments to allocate adequate budgets to water infrastructure; "
        "Invites parliaments to hold annual hearings on water quality;"
    )


def test_removed_first_paragraph_goes_to_the_start_of_its_part():
    draft = [
        Paragraph("preambular", 1, "Recalling the conference on water held in 2023,"),
        Paragraph("operative", 1, "Requests a report on the financing of rural water supply;"),
        Paragraph("operative", 2, "Calls upon parliaments to legislate on groundwater protection;"),
    ]
    adopted = [
        Paragraph("preambular", 1, "Recalling the conference on water held in 2023,"),
        Paragraph("operative", 1, "Calls upon parliaments to legislate on groundwater protection;"),
    ]
    assert _summary(align(draft, adopted)) == [
        ("unchanged", "pre1", "pre1", []),
        ("removed", "ope1", None, []),
        ("unchanged", "ope2", "ope1", []),
    ]


def test_paragraph_may_move_between_parts_when_wording_is_close():
    moved_text = "Recognizing the role of parliaments in overseeing the management of shared rivers"
    draft = [
        Paragraph("preambular", 1, "Noting that rivers cross borders,"),
        Paragraph("operative", 1, moved_text + ";"),
    ]
    adopted = [
        Paragraph("preambular", 1, "Noting that rivers cross borders,"),
        Paragraph("preambular", 2, moved_text + ","),
        Paragraph("operative", 1, "Decides to remain seized of the matter."),
    ]
    assert _summary(align(draft, adopted)) == [
        ("unchanged", "pre1", "pre1", []),
        ("changed", "ope1", "pre2", []),
        ("new", None, "ope1", []),
    ]


def test_split_paragraph_is_linked_to_its_source():
    draft = [
        Paragraph(
            "operative",
            1,
            "Calls upon parliaments to adopt laws protecting aquifers from pollution "
            "and to fund monitoring networks for groundwater quality in every region;",
        ),
    ]
    adopted = [
        Paragraph("operative", 1, "Calls upon parliaments to adopt laws protecting aquifers from pollution;"),
        Paragraph("operative", 2, "Also calls upon parliaments to fund monitoring networks for groundwater quality in every region;"),
    ]
    pairs = align(draft, adopted)
    assert [(p.status, p.draft is draft[0], p.adopted) for p in pairs] == [
        ("changed", True, adopted[0]),
        ("changed", True, adopted[1]),
    ]
    # The part closer to the draft is the main match; the other is the split.
    assert sorted(p.split_from is draft[0] for p in pairs) == [False, True]


def test_unrelated_paragraphs_are_not_matched():
    draft = [Paragraph("operative", 1, "Calls upon parliaments to protect forests;")]
    adopted = [Paragraph("operative", 1, "Decides to hold the next Assembly in Geneva.")]
    # A removed paragraph with no predecessor opens its part.
    assert _summary(align(draft, adopted)) == [
        ("removed", "ope1", None, []),
        ("new", None, "ope1", []),
    ]


def test_empty_inputs():
    assert align([], []) == []
    only = Paragraph("operative", 1, "Calls upon parliaments to act;")
    assert _summary(align([only], [])) == [("removed", "ope1", None, [])]
    assert _summary(align([], [only])) == [("new", None, "ope1", [])]


def test_similarity_ignores_arabic_spelling_variants_and_digits():
    plain = "وإذ تشير إلى القرار 247/74 المؤرخ 27 كانون الأول/ديسمبر 2019"
    # tashkeel, tatweel, bare alef instead of hamza forms, Arabic-Indic digits
    variant = "واذ تُشِير الى القـــرار ٢٤٧/٧٤ المؤرخ ٢٧ كانون الاول/ديسمبر ٢٠١٩"
    assert similarity(plain, variant) == 1.0


def test_similarity_ignores_case_quotes_and_dashes():
    assert similarity('the “culture of cybersecurity” – now', 'The "culture of cybersecurity" - now') == 1.0
    assert similarity("Calls upon parliaments", "Decides to hold elections") == 0.0
