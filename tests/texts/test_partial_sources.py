"""An adopted paragraph built from part of a draft paragraph plus new wording.

The fixtures partial-draft.md / partial-adopted.md are made of the seeds' own
paragraphs (draft C-I/146/DR operative 12 "Urges parliaments to promote
international coordination ... in order to constantly monitor, prevent,
detect, investigate and respond to cyber threats", in English and Arabic):
the adopted operative 2 keeps its head, and a new adopted operative 3 takes
its tail after new wording ("Encourages regional organizations to set up
joint response teams with national authorities ...").  Read off the files:
adopted operative 3 is partly from draft operative 2; draft operative 2's
diff shows the tail as moved, not deleted.  The seeds' own case (the tail of
draft preambular 6 in adopted preambular 8) is in test_seeds.py.
"""
from __future__ import annotations

import re

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.texts.alignment import align, moved_part
from eventhub.texts.diff import diff_html
from eventhub.texts.parsing import parse_document

BASE = f"/console/events/{DEMO_SLUG}/texts"
ALIGN = f"/api/v1/events/{DEMO_SLUG}/texts/alignment"
TAIL = {
    "en": "in order to constantly monitor, prevent, detect, investigate and respond to cyber threats",
    "ar": "من أجل الرصد المستمر للتهديدات الإلكترونية ومنعها وكشفها والتحقيق فيها والتصدي لها",
}


def _ref(paragraph):
    return f"{paragraph.part[:3]}{paragraph.number}" if paragraph else None


@pytest.fixture(scope="module")
def parsed():
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent / "fixtures"
    return (
        parse_document((fixtures / "partial-draft.md").read_text("utf-8")),
        parse_document((fixtures / "partial-adopted.md").read_text("utf-8")),
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_new_paragraph_is_partly_from_the_draft_paragraph_whose_tail_it_took(parsed, lang):
    draft, adopted = (document.languages[lang].paragraphs for document in parsed)
    pairs = align(draft, adopted)
    assert [(p.status, _ref(p.draft), _ref(p.adopted)) for p in pairs] == [
        ("unchanged", "pre1", "pre1"),
        ("unchanged", "pre2", "pre2"),
        ("unchanged", "ope1", "ope1"),
        ("changed", "ope2", "ope2"),
        ("changed", None, "ope3"),  # not "new": partly from draft operative 2
        ("unchanged", "ope3", "ope4"),
    ]
    tail_pair, home_pair = pairs[4], pairs[3]
    assert [(_ref(p), part) for p, part in tail_pair.partial_from] == [("ope2", TAIL[lang])]
    assert [(_ref(p), part) for p, part in home_pair.moved_to] == [("ope3", TAIL[lang])]
    # The new paragraph's diff is against the part it took: only the new wording is inserted.
    tail_diff = diff_html(tail_pair.draft_text, tail_pair.adopted.text)
    assert TAIL[lang] in tail_diff and "<del>" not in tail_diff and "<ins>" in tail_diff


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_draft_diff_shows_the_tail_as_moved_not_deleted(parsed, lang):
    draft, adopted = (document.languages[lang].paragraphs for document in parsed)
    home_pair = align(draft, adopted)[3]
    html = diff_html(home_pair.draft_text, home_pair.adopted.text, moves=[(TAIL[lang], "moved to OP 3")])
    assert f'<span class="diff-moved">{TAIL[lang]}</span> <bdi class="diff-moved-note">(moved to OP 3)</bdi>' in html
    assert all(TAIL[lang].split()[2] not in deleted for deleted in re.findall(r"<del>(.*?)</del>", html))
    # Without the move the same words are a deletion.
    assert TAIL[lang].split()[2] in "".join(re.findall(r"<del>(.*?)</del>", diff_html(home_pair.draft_text, home_pair.adopted.text)))


def test_coincidental_phrases_are_not_a_partial_source():
    # Seeds, English: draft operative 12 and adopted operative 25 share "the creation of a"
    # and "of the United Nations", and nothing else: no partial source.
    draft_12 = ("Urges parliaments to promote international coordination between such institutions and bodies "
                "and the creation of a global security operations centre, under the auspices of the United "
                "Nations, in order to constantly monitor, prevent, detect, investigate and respond to cyber threats;")
    adopted_11 = ("Urges parliaments to promote international coordination between such institutions and bodies "
                  "in order to monitor, prevent, detect, investigate and respond to cyber threats;")
    adopted_25 = ("Promotes the creation of a working group on cybercrime, subsidiary to the Governing Council of "
                  "the IPU, whose powers shall include supporting the process for the promotion of an international "
                  "convention on cybercrime within the framework of the United Nations;")
    assert moved_part(draft_12, [adopted_11], adopted_25, []) is None
    # A phrase the adopted paragraph's own source explains is no move either.
    assert moved_part(draft_12, [adopted_11], "Urges parliaments to promote international coordination "
                      "between such institutions and bodies and the creation of a global security operations "
                      "centre;", [draft_12]) is None


# --------------------------------------------------------------------------
# Stored texts: console pages and the API
# --------------------------------------------------------------------------


@pytest.fixture
def partial_texts(import_fixture):
    draft = import_fixture("partial-draft.md", "draft", "Draft resolution on cybercrimes").document
    adopted = import_fixture("partial-adopted.md", "adopted", "Resolution on cybercrimes").document
    return draft, adopted


def _paragraph(document, lang, part, number):
    return next(p for p in document.paragraphs if (p.language, p.part, p.number) == (lang, part, number))


def _pair_html(html: str, adopted_ref: str) -> str:
    match = re.search(rf'<article class="pair"[^>]*data-adopted="{adopted_ref}">(.*?)</article>', html, re.S)
    assert match, f"no pair for adopted {adopted_ref}"
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_console_alignment_links_the_part_both_ways(staff_client, partial_texts, lang):
    draft, adopted = partial_texts
    source = _paragraph(draft, lang, "operative", 2)
    target = _paragraph(adopted, lang, "operative", 3)
    html = staff_client.get(f"{BASE}/alignment/{lang}").get_data(as_text=True)

    taken = _pair_html(html, "operative-3")
    assert 'data-status="partial"' in taken and 'data-status="new"' not in taken
    assert (f'Partly from the draft: <a href="{BASE}/paragraphs/{source.id}">Operative paragraph 2</a>'
            in taken)
    assert f"… {TAIL[lang]} …" in taken

    home = _pair_html(html, "operative-2")
    assert 'data-status="moved"' in home
    assert (f'Part of this paragraph moved to the adopted text: <a href="{BASE}/paragraphs/{target.id}">'
            f'Operative paragraph 3</a>' in home)
    assert (f'<span class="diff-moved">{TAIL[lang]}</span> <bdi class="diff-moved-note" lang="en">(moved to '
            f'Operative paragraph 3 of the adopted text)</bdi>' in home)


def test_console_pages_in_arabic_translate_the_partial_labels(staff_client, partial_texts):
    html = staff_client.get(f"{BASE}/alignment/ar?lang=ar").get_data(as_text=True)
    for english in ("Partly from the draft", "Part moved", "moved to", "Part of this paragraph moved"):
        assert english not in html


def test_draft_paragraph_page_shows_where_its_part_went(staff_client, partial_texts):
    draft, adopted = partial_texts
    source = _paragraph(draft, "en", "operative", 2)
    html = staff_client.get(f"{BASE}/paragraphs/{source.id}").get_data(as_text=True)
    assert "What became of it in the adopted text" in html
    assert html.count('<article class="pair"') == 2  # its own adopted paragraph and the one that took a part
    assert '<span class="diff-moved">' in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_api_lists_the_partial_source_with_its_part(client, api_token, partial_texts, lang):
    pairs = client.get(f"{ALIGN}?lang={lang}", headers={"Authorization": f"Bearer {api_token('staff')}"}).get_json()["pairs"]
    taken = next(p for p in pairs if p["adopted"] == {"part": "operative", "number": 3})
    assert taken["status"] == "changed" and taken["draft"] is None
    assert taken["sources"] == [{"part": "operative", "number": 2, "extent": "part", "text": TAIL[lang]}]
    home = next(p for p in pairs if p["adopted"] == {"part": "operative", "number": 2})
    assert home["sources"] == [{"part": "operative", "number": 2, "extent": "whole"}]
    assert home["moved_to"] == [{"part": "operative", "number": 3, "text": TAIL[lang]}]


def test_compilation_keeps_an_input_under_a_draft_paragraph_that_only_lent_a_part(partial_texts):
    """An input linked to draft operative 2 and to adopted operative 3 (which took only
    its tail) concerns two paragraphs: it stays under both (the printed-once rule turns the
    second into a reference), unlike draft and adopted forms of the same paragraph."""
    from eventhub.inputs.compilation import build_compilation
    from eventhub.inputs.operations import InputData, create_input
    from eventhub.texts.links import link_input

    draft, adopted = partial_texts
    event = draft.event
    data = InputData(objectives=list(event.objectives[:1]), title="Joint response teams", text="Text.",
                     language="en", country="FR", parliament="Parliament", author_name="Author",
                     author_email="author-partial@parliament.example", attribution="named")
    parliamentary_input, _token = create_input(event, data, source="staff", actor="staff", enforce_deadline=False)
    parliamentary_input.status = "included"
    link_input(_paragraph(draft, "en", "operative", 2), parliamentary_input)
    link_input(_paragraph(adopted, "en", "operative", 3), parliamentary_input)
    sections = build_compilation(event, [parliamentary_input], group_by="paragraph").sections
    assert [s.key for s in sections] == ["draft-operative-2", "adopted-operative-3"]
    assert "(draft:" not in sections[1].heading


def test_api_fields_are_described_in_the_openapi_fragment(client, api_token, partial_texts):
    from eventhub.texts.openapi import SCHEMAS

    pair_schema = SCHEMAS["AlignedParagraphPair"]["properties"]
    pairs = client.get(ALIGN, headers={"Authorization": f"Bearer {api_token('staff')}"}).get_json()["pairs"]
    for pair in pairs:
        assert set(pair) <= set(pair_schema)
        for source in pair["sources"]:
            assert set(source) <= set(pair_schema["sources"]["items"]["properties"])
        for target in pair["moved_to"]:
            assert set(target) == set(pair_schema["moved_to"]["items"]["properties"])
