"""Reservations attached to the paragraphs they name, in every language, and shown on the
paragraph pages and in the alignment view."""
import pytest

from eventhub.texts.services import reservation_targets


@pytest.mark.parametrize("text, expected", [
    ("The delegation of India expressed a reservation on operative paragraph 25.", [("operative", 25)]),
    ("The Russian Federation expressed reservations on preambular paragraph 11.", [("preambular", 11)]),
    ("Reservations on operative paragraphs 3 and 5, and on preambular paragraph 2.",
     [("operative", 3), ("operative", 5), ("preambular", 2)]),
    ("La délégation de l’Inde a émis une réserve sur le paragraphe 25 du dispositif.", [("operative", 25)]),
    ("La delegación de la India expresó una reserva sobre el párrafo 11 del preámbulo.", [("preambular", 11)]),
    ("أبدى وفد الهند تحفظاً على الفقرة 25 من المنطوق.", [("operative", 25)]),
    ("أبدى الوفد تحفظاً على الفقرة ١١ من الديباجة.", [("preambular", 11)]),
    ("The delegation expressed reservations on the resolution as a whole.", []),
])
def test_reservation_targets_in_four_languages(text, expected):
    assert reservation_targets(text) == expected


def _paragraph(document, language, part, number):
    return next(p for p in document.paragraphs if (p.language, p.part, p.number) == (language, part, number))


def test_reservations_are_shown_on_the_paragraph_page_and_in_the_alignment(staff_client, demo_event, both_fixtures):
    draft, adopted = both_fixtures
    for language, text in (("en", "The delegation of Atlantis expressed reservations on operative paragraph 2."),
                           ("ar", "أعرب وفد أتلانتس عن تحفظه على الفقرة 2 من المنطوق.")):
        paragraph = _paragraph(adopted, language, "operative", 2)
        page = staff_client.get(f"/console/events/{demo_event.slug}/texts/paragraphs/{paragraph.id}").get_data(as_text=True)
        assert 'id="reservations-heading"' in page and text in page
        assert "Lilliput" not in page and "ليليبوت" not in page  # that one is on operative 4
        alignment = staff_client.get(f"/console/events/{demo_event.slug}/texts/alignment/{language}").get_data(as_text=True)
        assert alignment.count('class="pair-reservations"') == 2 and text in alignment
    other = _paragraph(adopted, "en", "operative", 1)
    page = staff_client.get(f"/console/events/{demo_event.slug}/texts/paragraphs/{other.id}").get_data(as_text=True)
    assert 'id="reservations-heading"' not in page
