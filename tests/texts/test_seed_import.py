"""The real IPU texts imported into the database: draft C-I/146/DR and the
resolution adopted by the 146th Assembly (seed files outside the repository;
skipped with the reason when absent).

Expected figures were obtained by reading the files (see test_seeds.py): the
draft has 18 preambular and 24 operative paragraphs in each language, the
adopted text 27 and 26, with two reservations (India on operative 25, the
Russian Federation on preambular 11); adopted operative 25 (IPU working
group), 21 ("Stresses the need to further enhance international cooperation")
and preambular 9 ("Recalling further ... Transnational Organized Crime") are
new; draft operative 21 became adopted operative 20 with "national" replaced
by "civilian" ("الوطنية" dropped, "المدنية" added in Arabic).
"""
from __future__ import annotations

import re

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.texts.models import ReferenceNote, ReferenceParagraph
from eventhub.texts.operations import import_document

SEED_DRAFT = "draft-resolution-C-I-146-DR.txt"
SEED_ADOPTED = "adopted-resolution-146th-assembly.txt"


@pytest.fixture
def seeds_imported(demo_event, seed_text):
    draft = import_document(demo_event, seed_text(SEED_DRAFT), "", "draft", SEED_DRAFT, None)
    adopted = import_document(demo_event, seed_text(SEED_ADOPTED), "", "adopted", SEED_ADOPTED, None)
    return draft, adopted


def _count(document, language, part):
    return db.session.execute(
        db.select(db.func.count(ReferenceParagraph.id)).filter_by(
            document_id=document.id, language=language, part=part
        )
    ).scalar_one()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_seed_paragraph_counts_in_the_database(seeds_imported, language):
    draft, adopted = (result.document for result in seeds_imported)
    assert (_count(draft, language, "preambular"), _count(draft, language, "operative")) == (18, 24)
    assert (_count(adopted, language, "preambular"), _count(adopted, language, "operative")) == (27, 26)


def test_seed_imports_place_everything_and_keep_the_reservations(seeds_imported):
    draft, adopted = seeds_imported
    assert draft.unplaced == [] and adopted.unplaced == []
    assert draft.document.title == "Cyberattacks and cybercrimes: The new risks to global security"
    notes = db.session.execute(
        db.select(ReferenceNote).filter_by(document_id=adopted.document.id, language="en")
        .order_by(ReferenceNote.position)
    ).scalars().all()
    assert [n.kind for n in notes] == ["reservation", "reservation"]
    assert "operative paragraph 25" in notes[0].text and "preambular paragraph 11" in notes[1].text


@pytest.mark.parametrize("language", ["en", "ar"])
def test_new_seed_paragraphs_are_new_through_the_api(client, api_token, seeds_imported, language):
    response = client.get(
        f"/api/v1/events/{DEMO_SLUG}/texts/alignment?lang={language}",
        headers={"Authorization": f"Bearer {api_token('staff')}"},
    )
    assert response.status_code == 200
    status_of_adopted = {
        (p["adopted"]["part"], p["adopted"]["number"]): p for p in response.get_json()["pairs"] if p["adopted"]
    }
    for ref in [("operative", 25), ("operative", 21), ("preambular", 9)]:
        assert status_of_adopted[ref]["status"] == "new", ref
        assert status_of_adopted[ref]["draft"] is None
    renumbered = status_of_adopted[("operative", 19)]  # draft 20 adopted word for word
    assert (renumbered["status"], renumbered["draft"]["number"], renumbered["renumbered"]) == ("unchanged", 20, True)
    removed = [p["draft"]["number"] for p in response.get_json()["pairs"] if p["status"] == "removed" and p["draft"]["part"] == "operative"]
    assert removed == [1, 2, 3, 4, 13, 16]


@pytest.mark.parametrize("language, direction, deleted, inserted", [
    ("en", "ltr", ["national"], ["civilian"]),
    ("ar", "rtl", ["البنية التحتية الوطنية"], ["الهياكل", " المدنية"]),
])
def test_changed_seed_paragraph_diff_on_the_alignment_page(staff_client, seeds_imported, language, direction, deleted, inserted):
    html = staff_client.get(f"/console/events/{DEMO_SLUG}/texts/alignment/{language}").get_data(as_text=True)
    pair = re.search(r'<article class="pair"[^>]*data-adopted="operative-20">(.*?)</article>', html, re.S).group(1)
    assert 'data-draft="operative-21"' in html
    diff = re.search(r'<p class="paragraph-text diff" lang="(\w+)" dir="(\w+)">(.*?)</p>', pair, re.S)
    assert diff.group(1, 2) == (language, direction)
    assert re.findall(r"<del>(.*?)</del>", diff.group(3)) == deleted
    assert re.findall(r"<ins>(.*?)</ins>", diff.group(3)) == inserted
