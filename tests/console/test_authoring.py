"""Console authoring pages: create (four languages side by side, missing-language markers),
errors beside fields with nothing saved, sessions editor (midnight, DST), publish,
revision conflict, preview in any language, clone, CSRF."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.events.models import Event
from eventhub.extensions import db

UTC = dt.timezone.utc


@pytest.fixture
def organiser(make_user, login_as):
    user = make_user("author@ipu.example")
    login_as(user)
    return user


def count_events() -> int:
    return db.session.execute(db.select(db.func.count(Event.id))).scalar_one()


def new_event(client, **overrides):
    data = {"slug": "cyber-2027", "reference_timezone": "Europe/Zurich", "title-en": "Cyber 2027",
            "title-ar": "الفضاء الإلكتروني 2027", "objectives-en": "Share risks\nShare practices"}
    data.update(overrides)
    return client.post("/console/events/new", data=data)


def test_new_event_form_shows_the_four_languages_with_missing_markers(client, organiser):
    html = client.get("/console/events/new").get_data(as_text=True)
    for lang in ("en", "fr", "es", "ar"):
        assert f'name="title-{lang}"' in html and f'name="concept_note-{lang}"' in html
    assert 'data-missing="title-fr"' in html
    response = new_event(client)
    assert response.status_code == 302 and response.location.endswith("/console/e/cyber-2027/sessions")
    edit = client.get("/console/e/cyber-2027/edit").get_data(as_text=True)
    assert 'data-missing="title-fr"' in edit and 'data-missing="title-en"' not in edit
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.status == "draft" and [o.text["en"] for o in event.objectives] == ["Share risks", "Share practices"]


def test_errors_are_shown_beside_fields_in_the_console_language_and_nothing_is_saved(client, organiser):
    response = client.post("/console/events/new?lang=fr", data={
        "slug": "Pas Bon", "reference_timezone": "Europe/Zurich", "title-en": "T"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="slug-error"' in html
    assert "Rien n’a été enregistré" in html and "lettres minuscules" in html
    assert count_events() == 0


def test_sessions_cross_midnight_and_dst_gaps_are_refused(client, organiser):
    new_event(client)
    added = client.post("/console/e/cyber-2027/sessions", data={
        "day": "2027-01-05", "starts": "23:00", "end_day": "2027-01-06", "ends": "01:00", "region-en": "Asia"})
    assert added.status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.sessions[0].ends_at == dt.datetime(2027, 1, 6, 0, 0, tzinfo=UTC)
    refused = client.post("/console/e/cyber-2027/sessions", data={"day": "2027-03-28", "starts": "02:30", "ends": "04:00"})
    assert refused.status_code == 422 and "does not exist in Zurich (Central European Time) · Europe/Zurich" in refused.get_data(as_text=True)
    backwards = client.post("/console/e/cyber-2027/sessions", data={"day": "2027-01-07", "starts": "10:00", "ends": "09:00"})
    assert backwards.status_code == 422 and "must end after it starts" in backwards.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.execute(db.select(Event)).scalar_one().sessions) == 1


def test_publish_preview_and_stale_edit(client, organiser):
    new_event(client)
    assert client.post("/console/e/cyber-2027/publish", data={"status": "published"}).status_code == 302
    assert db.session.execute(db.select(Event)).scalar_one().status == "draft"  # no session yet
    client.post("/console/e/cyber-2027/sessions", data={"day": "2027-01-05", "starts": "09:00", "ends": "10:00"})
    preview = client.get("/console/e/cyber-2027/preview?language=ar")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "الفضاء الإلكتروني 2027" in html and 'lang="ar"' in html
    assert client.get("/en/e/cyber-2027/").status_code == 404
    client.post("/console/e/cyber-2027/publish", data={"status": "published"})
    assert client.get("/en/e/cyber-2027/").status_code == 200
    stale = client.post("/console/e/cyber-2027/edit", data={
        "revision": "1", "reference_timezone": "Europe/Zurich", "title-en": "Someone else's"})
    assert stale.status_code == 409 and "Someone else saved" in stale.get_data(as_text=True)
    event = db.session.execute(db.select(Event)).scalar_one()
    saved = client.post("/console/e/cyber-2027/edit", data={
        "revision": str(event.revision), "reference_timezone": "Europe/Zurich", "title-en": "Cyber 2027",
        "title-fr": "Cyber 2027 (fr)", "objectives-en": "Share risks\nShare practices"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(Event)).scalar_one().title["fr"] == "Cyber 2027 (fr)"


def test_clone_from_the_console_keeps_local_times(client, organiser, demo_event):
    response = client.post("/console/e/safe-cyberspace-2022/clone",
                           data={"slug": "safe-cyberspace-2027", "first_day": "2027-06-08"})
    assert response.status_code == 302
    clone = db.session.execute(db.select(Event).filter_by(slug="safe-cyberspace-2027")).scalar_one()
    assert clone.status == "draft" and clone.sessions[0].starts_at == dt.datetime(2027, 6, 8, 5, 0, tzinfo=UTC)
    taken = client.post("/console/e/safe-cyberspace-2022/clone",
                        data={"slug": "safe-cyberspace-2027", "first_day": "2027-06-08"})
    assert taken.status_code == 422 and 'id="slug-error"' in taken.get_data(as_text=True)


def test_removing_a_session_with_registrations_asks_first(client, organiser, demo_event):
    from eventhub.registration import operations
    from tests.registration.conftest import registration_data

    operations.register(demo_event, registration_data(demo_event))
    asked = client.post("/console/e/safe-cyberspace-2022/sessions/2/remove")
    assert asked.status_code == 409 and 'name="confirm" value="yes"' in asked.get_data(as_text=True)
    assert not demo_event.session_by_number(2).is_cancelled
    done = client.post("/console/e/safe-cyberspace-2022/sessions/2/remove", data={"confirm": "yes"})
    assert done.status_code == 302
    db.session.expire_all()
    assert demo_event.session_by_number(2).is_cancelled


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_authoring_forms_need_the_csrf_token(client, organiser):
    response = new_event(client)
    assert response.status_code == 400 and count_events() == 0


def test_objectives_short_labels_are_edited_in_the_console_form(client, organiser, demo_event):
    """The short labels (filters and charts) are on the edit form, one per line beside the
    objectives, in each language; the form shows them again and saving changes them."""
    form = client.get("/console/e/safe-cyberspace-2022/edit?lang=fr").get_data(as_text=True)
    assert 'name="objective_labels-ar"' in form and "Libellés courts des objectifs" in form
    english = [o.short_label.get("en", "") for o in demo_event.objectives]
    assert all(english) and "\n".join(english) in form
    data = event_form_fields(form)
    data["objective_labels-en"] = "Threats\n\nLaws"
    data["objective_labels-fr"] = "Menaces"
    response = client.post("/console/e/safe-cyberspace-2022/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    objectives = db.session.execute(db.select(Event).filter_by(slug="safe-cyberspace-2022")).scalar_one().objectives
    assert [o.short_label.get("en") for o in objectives][:3] == ["Threats", None, "Laws"]
    assert objectives[0].short_label["fr"] == "Menaces"
    from eventhub.audit.models import AuditEntry

    entry = db.session.execute(db.select(AuditEntry).filter_by(action="event_edited")).scalars().all()[-1]
    assert "objectives" in entry.changes


def event_form_fields(html: str) -> dict:
    """What the browser would post from the page's event form (inputs, selected options,
    textareas), as a person saving it unchanged."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.fields, self.inside, self.textarea, self.select = {}, False, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and "event-form" in (attrs.get("class") or ""):
                self.inside = True
            if not self.inside:
                return
            if tag == "input" and attrs.get("name") and attrs.get("type") not in ("checkbox", "radio"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
            elif tag == "textarea":
                self.textarea = attrs["name"]
                self.fields[self.textarea] = ""
            elif tag == "select":
                self.select = attrs["name"]
            elif tag == "option" and self.select and "selected" in attrs:
                self.fields[self.select] = attrs.get("value")

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "textarea":
                self.textarea = None
            elif tag == "select":
                self.select = None

        def handle_data(self, data):
            if self.textarea:
                self.fields[self.textarea] += data

    reader = Reader()
    reader.convert_charrefs = True
    reader.feed(html)
    return {key: value.lstrip("\n") if key.split("-")[0] in ("summary", "format_note", "concept_note",
                                                               "objectives", "objective_labels") else value
            for key, value in reader.fields.items()}
