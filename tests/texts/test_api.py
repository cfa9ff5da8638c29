"""GET /api/v1/events/<slug>/texts and /texts/alignment for organiser and staff tokens."""
from __future__ import annotations

import pytest

from eventhub.events.demo import DEMO_SLUG

LIST = f"/api/v1/events/{DEMO_SLUG}/texts"
ALIGN = f"/api/v1/events/{DEMO_SLUG}/texts/alignment"


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_required(client, both_fixtures):
    for url in (LIST, f"{ALIGN}?lang=en"):
        response = client.get(url)
        assert response.status_code == 401 and response.is_json
        assert client.get(url, headers=_auth("not-a-token")).status_code == 401


@pytest.mark.parametrize("role", ["staff", "organiser"])
def test_list_of_documents_with_counts_per_part_and_language(client, api_token, both_fixtures, role):
    draft, adopted = both_fixtures
    response = client.get(LIST, headers=_auth(api_token(role)))
    assert response.status_code == 200
    documents = response.get_json()["documents"]
    assert [(d["id"], d["kind"], d["title"]) for d in documents] == [
        (draft.id, "draft", "Draft resolution on water security"),
        (adopted.id, "adopted", "Resolution on water security"),
    ]
    for document in documents:
        assert document["languages"] == ["en", "ar"]
        assert document["paragraph_counts"] == {
            "preambular": {"en": 4, "ar": 4},
            "operative": {"en": 5, "ar": 5},
        }
        assert document["published"] is False


def test_list_is_empty_before_any_import_and_404_for_unknown_event(client, api_token, demo_event):
    token = api_token("staff")
    assert client.get(LIST, headers=_auth(token)).get_json() == {"documents": []}
    response = client.get("/api/v1/events/nope/texts", headers=_auth(token))
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_alignment_recognises_new_removed_and_renumbered_paragraphs(client, api_token, both_fixtures, lang):
    response = client.get(f"{ALIGN}?lang={lang}", headers=_auth(api_token("organiser")))
    assert response.status_code == 200
    pairs = response.get_json()["pairs"]

    def ref(value):
        return f"{value['part'][:3]}{value['number']}" if value else None

    # Read off the fixtures (see test_alignment.py): "Stressing the role of
    # women" (adopted preambular 2) and "Decides to remain seized of the
    # matter" (adopted operative 5) are new; draft preambular 3 (the Water
    # Conference) was removed; draft operative 2 and 3 were merged.
    assert [(ref(p["draft"]), ref(p["adopted"]), p["status"]) for p in pairs] == [
        ("pre1", "pre1", "unchanged"),
        (None, "pre2", "new"),
        ("pre2", "pre3", "changed"),
        ("pre3", None, "removed"),
        ("pre4", "pre4", "unchanged"),
        ("ope1", "ope1", "unchanged"),
        ("ope2", "ope2", "changed"),
        ("ope4", "ope3", "unchanged"),
        ("ope5", "ope4", "changed"),
        (None, "ope5", "new"),
    ]
    assert pairs[6]["merged_from"] == [{"part": "operative", "number": 2}, {"part": "operative", "number": 3}]
    assert pairs[7]["renumbered"] is True and pairs[0]["renumbered"] is False
    assert response.get_json()["language"] == lang
    # Every draft source of each adopted paragraph, and the reservations naming it.
    assert pairs[6]["sources"] == [{"part": "operative", "number": 2, "extent": "whole"},
                                   {"part": "operative", "number": 3, "extent": "whole"}]
    assert pairs[1]["sources"] == [] and pairs[3]["sources"] == []
    assert pairs[7]["sources"] == [{"part": "operative", "number": 4, "extent": "whole"}]
    atlantis = {"en": "The delegation of Atlantis expressed reservations on operative paragraph 2.",
                "ar": "أعرب وفد أتلانتس عن تحفظه على الفقرة 2 من المنطوق."}[lang]
    assert [r["text"] for r in pairs[6]["reservations"]] == [atlantis]
    assert len(pairs[8]["reservations"]) == 1 and "4" in pairs[8]["reservations"][0]["text"]
    assert all(p["reservations"] == [] for i, p in enumerate(pairs) if i not in (6, 8))


def test_alignment_defaults_to_english(client, api_token, both_fixtures):
    data = client.get(ALIGN, headers=_auth(api_token("staff"))).get_json()
    assert data["language"] == "en"


@pytest.mark.parametrize("lang", ["fr", "EN", "", "en,ar"])
def test_alignment_bad_language_is_422(client, api_token, both_fixtures, lang):
    response = client.get(f"{ALIGN}?lang={lang}", headers=_auth(api_token("staff")))
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid"
    assert body["errors"]["lang"] == ["Must be one of: en, ar."]


def test_alignment_field_error_follows_accept_language(client, api_token, both_fixtures):
    headers = {**_auth(api_token("staff")), "Accept-Language": "fr"}
    response = client.get(f"{ALIGN}?lang=de", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["lang"] == ["Doit être l’une des valeurs suivantes : en, ar."]


@pytest.mark.parametrize("present, missing", [("draft", "adopted"), ("adopted", "draft")])
def test_alignment_is_404_when_a_document_is_missing(client, api_token, import_fixture, present, missing):
    import_fixture(f"{present}.md", present)
    response = client.get(f"{ALIGN}?lang=en", headers=_auth(api_token("staff")))
    assert response.status_code == 404
    assert response.get_json()["message"] == f"The event has no {missing} text."


def test_alignment_is_404_when_a_language_is_missing(client, api_token, demo_event, fixture_text):
    from eventhub.texts.operations import import_document

    english_only = fixture_text("draft.md").split("الاتحاد البرلماني الدولي")[0]
    import_document(demo_event, english_only, "", "draft", "en.md", None)
    import_document(demo_event, fixture_text("adopted.md"), "", "adopted", "adopted.md", None)
    token = api_token("staff")
    assert client.get(f"{ALIGN}?lang=en", headers=_auth(token)).status_code == 200
    response = client.get(f"{ALIGN}?lang=ar", headers=_auth(token))
    assert response.status_code == 404
    assert response.get_json()["message"] == "The draft text has no paragraphs in 'ar'."


def test_openapi_fragment_describes_both_paths():
    from eventhub.texts.openapi import PATHS, SCHEMAS

    assert set(PATHS) == {"/events/{slug}/texts", "/events/{slug}/texts/alignment"}
    status = SCHEMAS["AlignedParagraphPair"]["properties"]["status"]["enum"]
    assert status == ["unchanged", "changed", "new", "removed"]
    assert set(PATHS["/events/{slug}/texts/alignment"]["get"]["responses"]) >= {"200", "404", "422"}


def test_served_openapi_document_includes_the_texts_api(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/events/{slug}/texts/alignment"]["get"]
    assert operation["security"] == [{"bearerToken": []}]
    assert "bearerToken" in document["components"]["securitySchemes"]
    assert document["components"]["schemas"]["TextAlignment"]["properties"]["pairs"]["items"] == {
        "$ref": "#/components/schemas/AlignedParagraphPair"
    }
