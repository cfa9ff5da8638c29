"""parse_document on small hand-written fixtures and inline snippets."""

from __future__ import annotations

import pytest

from eventhub.texts.parsing import Footnote, Paragraph, parse_document


@pytest.fixture(scope="module")
def draft(fixture_text):
    return parse_document(fixture_text("draft.md"))


@pytest.fixture(scope="module")
def adopted(fixture_text):
    return parse_document(fixture_text("adopted.md"))


def test_languages_are_split_by_script_in_document_order(draft, adopted):
    assert list(draft.languages) == ["en", "ar"]
    assert list(adopted.languages) == ["en", "ar"]


def test_titles_and_chapeaux(draft, adopted):
    assert draft.languages["en"].title == "Water security and parliaments"
    assert draft.languages["ar"].title == "الأمن المائي والبرلمانات"
    assert adopted.languages["ar"].title == "الأمن المائي والبرلمانات"
    assert draft.languages["en"].chapeau == "The 999th Assembly of the Inter-Parliamentary Union,"
    assert adopted.languages["ar"].chapeau == "إن الجمعية العامة الـ 999 للاتحاد البرلماني الدولي،"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_paragraph_counts(draft, adopted, language):
    assert (len(draft.languages[language].preambular), len(draft.languages[language].operative)) == (4, 5)
    assert (len(adopted.languages[language].preambular), len(adopted.languages[language].operative)) == (4, 5)


def test_numbers_are_read_from_source_including_arabic_indic_digits(draft):
    arabic = draft.languages["ar"]
    assert [p.number for p in arabic.preambular] == [1, 2, 3, 4]  # (١)..(٤)
    assert [p.number for p in arabic.operative] == [1, 2, 3, 4, 5]  # ١...٥
    assert all(p.part == "operative" for p in arabic.operative)


def test_unnumbered_preambular_paragraphs_are_numbered_in_order(adopted):
    english = adopted.languages["en"]
    assert [p.number for p in english.preambular] == [1, 2, 3, 4]
    assert english.preambular[1] == Paragraph("preambular", 2, "Stressing the role of women in water management,",
                                              numbered=False)
    assert all(p.numbered for p in english.operative)


def test_wrapped_lines_are_joined_and_markdown_removed(draft):
    assert draft.languages["en"].preambular[1].text == (
        "Noting with concern that droughts are becoming more frequent and "
        "more severe in many regions of the world,"
    )
    assert draft.languages["ar"].preambular[1].text == (
        "وإذ تلاحظ بقلق أن موجات الجفاف أصبحت أكثر تواتراً وأشد حدة في العديد من مناطق العالم،"
    )
    assert draft.languages["ar"].operative[0].text.startswith("تطلب من البرلمانات")


def test_page_break_with_furniture_inside_a_paragraph(adopted):
    assert adopted.languages["en"].operative[1].text == (
        "Urges parliaments to allocate adequate budgets to water infrastructure "
        "and to hold annual hearings on water quality;"
    )
    assert [(f.text, f.reason) for f in adopted.ignored] == [
        ("E", "page furniture"),
        ("#IPU999", "page furniture"),
    ]
    assert adopted.unplaced == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_reservations_are_separate_footnotes(adopted, language):
    footnotes = adopted.languages[language].footnotes
    assert [(f.marker, f.kind) for f in footnotes] == [("*", "reservation"), ("*", "reservation")]
    # They must not leak into the last paragraph.
    assert "reservation" not in adopted.languages[language].operative[-1].text
    assert "تحفظ" not in adopted.languages[language].operative[-1].text


def test_single_language_document():
    text = """Peace through dialogue

The 200th Assembly of the Inter-Parliamentary Union,

Noting the value of dialogue,

1. Calls for dialogue;
2. Decides to remain seized of the matter.
"""
    document = parse_document(text)
    assert list(document.languages) == ["en"]
    english = document.languages["en"]
    assert english.title == "Peace through dialogue"
    assert [p.text for p in english.paragraphs] == [
        "Noting the value of dialogue,",
        "Calls for dialogue;",
        "Decides to remain seized of the matter.",
    ]


def test_unplaced_text_is_reported_with_its_line_number():
    text = """The 200th Assembly of the Inter-Parliamentary Union,

Noting the value of dialogue,

1. Calls for dialogue.

Signed in the presence of the Secretary General.
"""
    document = parse_document(text)
    assert [(f.text, f.line, f.language) for f in document.unplaced] == [
        ("Signed in the presence of the Secretary General.", 7, "en")
    ]
    assert len(document.languages["en"].operative) == 1


def test_numbered_footnote_and_follow_on_line():
    text = """The 200th Assembly of the Inter-Parliamentary Union,

Recalling resolution 1/2,

1 See document A/1/2.

1. Calls for dialogue;
"""
    english = parse_document(text).languages["en"]
    assert english.footnotes == [Footnote("1", "See document A/1/2.", "note")]
    assert [p.text for p in english.paragraphs] == ["Recalling resolution 1/2,", "Calls for dialogue;"]


def test_latin_words_inside_arabic_paragraph_stay_in_arabic():
    text = """إن الجمعية العامة للاتحاد البرلماني الدولي،

وإذ تلاحظ التحديات المرتبطة بالتكنولوجيا، مثل الجيل الخامس (5G)، وميتافارس (metaverse)،

1. تطلب من البرلمانات أن تتعاون؛
"""
    document = parse_document(text)
    assert list(document.languages) == ["ar"]
    assert "(metaverse)" in document.languages["ar"].preambular[0].text


def test_sub_items_stay_in_their_paragraph():
    text = """The 200th Assembly of the Inter-Parliamentary Union,

1. Calls upon parliaments:
(a) to legislate;
(b) to oversee;
2. Decides to remain seized of the matter.
"""
    operative = parse_document(text).languages["en"].operative
    assert [p.number for p in operative] == [1, 2]
    assert operative[0].text == "Calls upon parliaments:\n(a) to legislate;\n(b) to oversee;"


def test_empty_document():
    document = parse_document("")
    assert document.languages == {}
    assert document.unplaced == []


@pytest.mark.parametrize("wrapped", ["Beijing in 1995,", "During the Fourth World Conference on Women,"])
def test_wrapped_line_opening_with_a_non_participle_ing_word_continues_the_paragraph(wrapped):
    # "Beijing" and "During" end in -ing but never open a preambular paragraph:
    # after a line break they continue the open paragraph above.
    text = (
        "The 999th Assembly of the Inter-Parliamentary Union,\n\n"
        "Recalling the Declaration and Platform for Action adopted\n"
        f"{wrapped}\n"
        "Noting that women remain under-represented in parliaments,\n\n"
        "1. Calls upon parliaments to act;\n"
    )
    english = parse_document(text).languages["en"]
    assert [p.text for p in english.preambular] == [
        f"Recalling the Declaration and Platform for Action adopted {wrapped}",
        "Noting that women remain under-represented in parliaments,",
    ]
