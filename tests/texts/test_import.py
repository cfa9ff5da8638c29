"""import_document(): what ends up in the database, re-imports, bad files.

Expected counts come from reading the fixture files: draft.md and adopted.md
each hold 4 preambular and 5 operative paragraphs per language; adopted.md
ends with two reservations ("The delegation of Atlantis ...", "... Lilliput ...")
in each language; noisy.txt has 2 preambular paragraphs and operative
paragraphs numbered 1, 2, 4 per language, and one English line ("Annex
prepared by the Secretariat ...") that belongs to no paragraph.
"""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from eventhub.texts.models import ReferenceDocument, ReferenceNote, ReferenceParagraph
from eventhub.texts.operations import TextImportError, decode_text_file, import_document
from eventhub.texts.services import numbering_problems, paragraph_counts


def _stored_counts(document):
    rows = db.session.execute(
        db.select(ReferenceParagraph.language, ReferenceParagraph.part, db.func.count())
        .filter_by(document_id=document.id)
        .group_by(ReferenceParagraph.language, ReferenceParagraph.part)
    )
    return {(language, part): count for language, part, count in rows}


@pytest.mark.parametrize("name, kind", [("draft.md", "draft"), ("adopted.md", "adopted")])
def test_both_languages_are_stored_separately_with_their_counts(import_fixture, name, kind):
    result = import_fixture(name, kind)

    assert _stored_counts(result.document) == {
        ("en", "preambular"): 4, ("en", "operative"): 5,
        ("ar", "preambular"): 4, ("ar", "operative"): 5,
    }
    assert result.paragraph_counts == {"preambular": {"en": 4, "ar": 4}, "operative": {"en": 5, "ar": 5}}
    assert result.languages == ["en", "ar"]
    assert result.replaced is False


def test_paragraph_text_number_and_order_are_stored(import_fixture):
    document = import_fixture("draft.md", "draft").document
    arabic = db.session.execute(
        db.select(ReferenceParagraph).filter_by(document_id=document.id, language="ar")
        .order_by(ReferenceParagraph.position)
    ).scalars().all()
    assert [(p.part, p.number) for p in arabic] == [
        *[("preambular", n) for n in range(1, 5)], *[("operative", n) for n in range(1, 6)]
    ]
    assert arabic[1].text == (
        "وإذ تلاحظ بقلق أن موجات الجفاف أصبحت أكثر تواتراً وأشد حدة في العديد من مناطق العالم،"
    )
    english_operative_1 = next(
        p for p in document.paragraphs if (p.language, p.part, p.number) == ("en", "operative", 1)
    )
    assert english_operative_1.text == "Calls upon parliaments to recognize the human right to water in national law;"


def test_reservations_are_kept_per_language(import_fixture):
    result = import_fixture("adopted.md", "adopted")
    notes = db.session.execute(
        db.select(ReferenceNote).filter_by(document_id=result.document.id).order_by(ReferenceNote.language, ReferenceNote.position)
    ).scalars().all()
    assert [(n.language, n.kind) for n in notes] == [("ar", "reservation")] * 2 + [("en", "reservation")] * 2
    english = [n.text for n in notes if n.language == "en"]
    assert "Atlantis" in english[0] and "operative paragraph 2" in english[0]
    assert "Lilliput" in english[1]
    assert result.note_counts == {"en": {"note": 0, "reservation": 2}, "ar": {"note": 0, "reservation": 2}}


def test_title_defaults_to_the_printed_title_and_file_name_loses_its_folder(demo_event, fixture_text):
    result = import_document(demo_event, fixture_text("draft.md"), "  ", "draft", "C:\\scans\\draft.md", None)
    document = result.document
    assert document.title == "Water security and parliaments"
    assert document.printed_titles == {"en": "Water security and parliaments", "ar": "الأمن المائي والبرلمانات"}
    assert document.chapeaux["en"] == "The 999th Assembly of the Inter-Parliamentary Union,"
    assert document.source_filename == "draft.md"
    assert document.imported_by is None and document.published is False


def test_unplaced_text_is_reported_and_kept_on_the_document(import_fixture):
    result = import_fixture("noisy.txt", "draft")
    assert [(f.text, f.language) for f in result.unplaced] == [
        ("Annex prepared by the Secretariat for information only", "en")
    ]
    stored = db.session.get(ReferenceDocument, result.document.id).unplaced
    assert stored == [{
        "text": "Annex prepared by the Secretariat for information only",
        "line": 20,
        "language": "en",
        "reason": "not part of any paragraph",
    }]
    # The skipped number 3 is pointed out for both languages.
    problems = numbering_problems(result.document)
    assert [(p.language, p.part, p.missing, p.repeated) for p in problems] == [
        ("en", "operative", [3], []),
        ("ar", "operative", [3], []),
    ]


def test_reimport_replaces_in_place_and_keeps_paragraph_ids(import_fixture, fixture_text, demo_event):
    first = import_fixture("draft.md", "draft", "First title").document
    first.published = True
    db.session.commit()
    ids_before = {(p.language, p.part, p.number): p.id for p in first.paragraphs}

    # The adopted wording imported as a corrected "draft": same document, rows
    # carried over by wording (renumbered operative 4 -> 3 keeps its id).
    result = import_document(demo_event, fixture_text("adopted.md"), "Corrected", "draft", "fixed.md", None)

    assert result.replaced is True
    assert result.document.id == first.id
    assert db.session.execute(db.select(db.func.count(ReferenceDocument.id))).scalar_one() == 1
    document = result.document
    assert document.title == "Corrected" and document.source_filename == "fixed.md"
    assert document.published is False  # new content must be published again
    ids_after = {(p.language, p.part, p.number): p.id for p in document.paragraphs}
    # "Encourages parliaments to share good practices" was operative 4, is now 3.
    assert ids_after[("en", "operative", 3)] == ids_before[("en", "operative", 4)]
    assert ids_after[("ar", "operative", 3)] == ids_before[("ar", "operative", 4)]
    # Per language: "Recalling the United Nations Water Conference" (preambular 3)
    # is gone and operative 3 ("hold annual hearings") merged into operative 2;
    # "Stressing the role of women" and "Decides to remain seized" are new;
    # the 7 other paragraphs are found again.
    assert (result.kept, result.added, result.removed) == (14, 4, 4)
    assert paragraph_counts([document])[document.id] == {
        "preambular": {"en": 4, "ar": 4}, "operative": {"en": 5, "ar": 5}
    }
    assert len(document.notes) == 4  # the reservations of the new file, not added twice


def test_reimporting_the_same_file_keeps_every_row(import_fixture):
    first = import_fixture("adopted.md", "adopted")
    ids = sorted(p.id for p in first.document.paragraphs)
    again = import_fixture("adopted.md", "adopted")
    assert (again.kept, again.added, again.removed) == (18, 0, 0)
    assert sorted(p.id for p in again.document.paragraphs) == ids
    assert len(again.document.notes) == 4


def test_draft_and_adopted_are_separate_documents(both_fixtures):
    draft, adopted = both_fixtures
    assert draft.id != adopted.id
    assert (draft.kind, adopted.kind) == ("draft", "adopted")


@pytest.mark.parametrize("text, kind, message", [
    ("1. Calls upon parliaments to act;", "final", "draft or the adopted text"),
    ("Inter-Parliamentary Union\nFor democracy. For everyone.\n\nC-I/146/DR\n", "draft", "No preambular or operative paragraphs"),
])
def test_nothing_is_stored_for_a_bad_import(demo_event, text, kind, message):
    with pytest.raises(TextImportError, match=message):
        import_document(demo_event, text, "Title", kind, "x.txt", None)
    assert db.session.execute(db.select(db.func.count(ReferenceDocument.id))).scalar_one() == 0


def test_a_failed_reimport_leaves_the_earlier_document_alone(import_fixture, demo_event):
    document = import_fixture("draft.md", "draft").document
    with pytest.raises(TextImportError):
        import_document(demo_event, "just a letterhead\n", "", "draft", "empty.txt", None)
    db.session.expire_all()
    assert len(db.session.get(ReferenceDocument, document.id).paragraphs) == 18


def test_title_too_long_is_refused(demo_event, fixture_text):
    with pytest.raises(TextImportError, match="too long"):
        import_document(demo_event, fixture_text("draft.md"), "x" * 301, "draft", "d.md", None)


def test_decode_text_file_accepts_utf8_with_bom_and_utf16():
    assert decode_text_file("\ufeffإن الجمعية".encode("utf-8")) == "إن الجمعية"
    assert decode_text_file("(1) Recognizing".encode("utf-16")) == "(1) Recognizing"
    with pytest.raises(TextImportError, match="UTF-8"):
        decode_text_file("Résolution".encode("cp1252"))
    with pytest.raises(TextImportError, match="UTF-8"):
        decode_text_file(b"%PDF-1.7\x00\x01binary")
