"""The manage page's fields come from markup kept per language and filled per person
(``eventhub/registration/fragments.py``, issue 20): the page is the one WTForms renders,
byte for byte, and nobody's values reach another person's page."""
from __future__ import annotations

import re

import pytest

from eventhub.extensions import db
from eventhub.registration import fragments
from eventhub.registration.models import Registration

PEOPLE = (
    dict(honorific="he", given_name='Zoë "Z" <b>&amp;', family_name="O'Brien & Sons", country="IE",
         parliament="Dáil <Éireann>", email="zoe.obrien@oireachtas.example", timezone="Europe/Dublin",
         language="en"),
    dict(honorific="", given_name="محمد", family_name="الخطيب", country="JO", parliament="مجلس النواب",
         email="m.khatib@parliament.example", timezone="Asia/Amman", language="ar"),
)


@pytest.fixture
def two_people(register_person):
    results = []
    for person in PEOPLE:
        result = register_person(**person)
        registration = db.session.get(Registration, result.registration.id)
        registration.accessibility_needs = "Captions <live> & \"sign\" language" if person["language"] == "en" else ""
        db.session.commit()
        results.append((registration, result.manage_token))
    return results


def manage_html(client, lang, token) -> str:
    response = client.get(f"/{lang}/r/{token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def without_times(html: str) -> str:
    """The history's times may move on by a second between two renderings."""
    return re.sub(r"<time datetime=[^<]*</time>", "<time/>", html)


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_manage_pages_are_what_wtforms_renders_for_two_people(client, two_people, lang, monkeypatch):
    cached = [manage_html(client, lang, token) for _, token in two_people]
    cached_again = [manage_html(client, lang, token) for _, token in two_people]  # from the kept markup
    monkeypatch.setattr(fragments.CachedFields, "__call__",
                        lambda self, field, **kwargs: self._render(field, **kwargs))
    plain = [manage_html(client, lang, token) for _, token in two_people]
    for one, again, reference in zip(cached, cached_again, plain):
        assert without_times(one) == without_times(reference)
        assert without_times(again) == without_times(reference)
    assert fragments._cache  # the fields did come from kept markup


def test_two_people_never_see_each_others_details(client, two_people):
    (first, first_token), (second, second_token) = two_people
    for _ in range(2):
        page_one = manage_html(client, "en", first_token)
        page_two = manage_html(client, "en", second_token)
    assert 'value="Zoë &#34;Z&#34; &lt;b&gt;&amp;amp;"' in page_one
    assert "O&#39;Brien &amp; Sons" in page_one and "Dáil &lt;Éireann&gt;" in page_one
    assert '<option selected value="he">' in page_one and '<option selected value="IE">' in page_one
    assert "Captions &lt;live&gt; &amp; &#34;sign&#34; language</textarea>" in page_one
    assert 'value="محمد"' in page_two and '<option selected value="JO">' in page_two
    assert '<option selected value="">' in page_two  # "(none)" is this person's form of address
    for text in ("Zoë", "O&#39;Brien", "Éireann", 'selected value="IE"', 'selected value="he"', "Captions"):
        assert text not in page_two
    for text in ("محمد", "الخطيب", "مجلس النواب", 'selected value="JO"', 'selected value=""'):
        assert text not in page_one
    assert first_token not in page_two and second_token not in page_one
    # Only markup built from stand-ins is kept: no one's values.
    kept = " ".join(markup for markup, _ in fragments._cache.values())
    for person in PEOPLE:
        for key in ("given_name", "family_name", "parliament"):
            assert str(person[key]) not in kept and str(person[key]).replace("&", "&amp;") not in kept


def test_fields_with_errors_are_rendered_by_wtforms(client, two_people):
    """A correction that failed comes back with what was typed and its error: not from the
    kept markup."""
    registration, token = two_people[0]
    response = client.post(f"/en/r/{token}/details", data={
        "honorific": "he", "given_name": "", "family_name": "O'Brien", "country": "IE",
        "parliament": "Dáil", "accessibility_needs": "", "language": "en"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and 'id="given_name-error"' in html


def statements_of(client, path) -> list[str]:
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_personal_pages_read_the_event_with_the_registration(client, two_people):
    """The registration and its event in one statement: the confirmation page makes three
    (registration with event, places, sessions), the manage page five (with history and
    objectives)."""
    _, token = two_people[0]
    client.get(f"/en/r/{token}")  # warm: nothing below may depend on a first request
    db.session.expire_all()
    assert len(statements_of(client, f"/en/r/{token}/confirmation")) <= 3
    db.session.expire_all()
    assert len(statements_of(client, f"/en/r/{token}")) <= 5
