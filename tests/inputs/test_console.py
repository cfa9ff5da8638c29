"""Review console: who may see and change what, the queue's filters, status history,
notes, working titles and tags, and the compilation download."""
import base64
import hashlib
import re

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from tests.helpers import sign_in

QUEUE = f"/console/events/{DEMO_SLUG}/inputs"


def signed_in(app, make_user, role):
    return sign_in(app.test_client(), make_user(f"{role}@ipu.example", role=role))


@pytest.fixture
def staff(app, make_user):
    return signed_in(app, make_user, "staff")


@pytest.fixture
def organiser(app, make_user):
    return signed_in(app, make_user, "organiser")


@pytest.fixture
def admin(app, make_user):
    return signed_in(app, make_user, "admin")


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, demo_event, make_input):
    input_ = make_input(title="Confidential draft")
    for path in (QUEUE, f"{QUEUE}/{input_.id}", f"{QUEUE}/compilation?format=md"):
        response = client.get(path)
        assert response.status_code in (302, 401), path
        if response.status_code == 302:
            assert "/console/login" in response.location
        assert b"Confidential draft" not in response.data
    response = client.post(f"{QUEUE}/{input_.id}/status", data={"status": "included"})
    assert response.status_code in (302, 401)
    db.session.refresh(input_)
    assert input_.status == "received"


def test_staff_and_admins_review(staff, admin, demo_event, make_input):
    input_ = make_input(title="Reviewed input")
    for client in (staff, admin):
        assert client.get(QUEUE).status_code == 200
        page = client.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)
        assert "Reviewed input" in page and 'action="/console/events/' in page


def test_organisers_read_but_do_not_change(organiser, demo_event, make_input):
    input_ = make_input(title="Read only for organisers")
    assert "Read only for organisers" in organiser.get(QUEUE).get_data(as_text=True)
    page = organiser.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)
    assert "Read only for organisers" in page and f"{input_.id}/status" not in page
    assert organiser.post(f"{QUEUE}/{input_.id}/status", data={"status": "included"}).status_code == 403
    assert organiser.post(f"{QUEUE}/{input_.id}/notes", data={"body": "x"}).status_code == 403
    assert organiser.post(f"{QUEUE}/{input_.id}/details", data={"tags": "x"}).status_code == 403
    assert organiser.get(f"{QUEUE}/compilation?format=md&selection=active").status_code == 200
    db.session.refresh(input_)
    assert input_.status == "received" and input_.notes == [] and input_.tags == []


def test_status_changes_are_recorded(staff, demo_event, make_input):
    input_ = make_input()
    staff.post(f"{QUEUE}/{input_.id}/status", data={"status": "in_review"})
    staff.post(f"{QUEUE}/{input_.id}/status", data={"status": "included"})
    staff.post(f"{QUEUE}/{input_.id}/status", data={"status": "included"})  # no change, no entry
    response = staff.post(f"{QUEUE}/{input_.id}/status", data={"status": "published"})
    assert response.status_code == 302
    db.session.refresh(input_)
    assert input_.status == "included"
    history = [(c.from_status, c.to_status, c.actor) for c in input_.status_changes]
    assert history == [
        (None, "received", "author"),
        ("received", "in_review", "staff@ipu.example"),
        ("in_review", "included", "staff@ipu.example"),
    ]
    page = staff.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)
    assert "Received → In review" in page and "In review → Included" in page


def test_notes_working_title_and_tags(staff, demo_event, make_input):
    input_ = make_input(title="Titre original")
    staff.post(f"{QUEUE}/{input_.id}/notes", data={"body": "Ask for the annex <b>today</b>."})
    response = staff.post(f"{QUEUE}/{input_.id}/notes", data={"body": "   "})
    assert response.status_code == 422
    staff.post(f"{QUEUE}/{input_.id}/details",
               data={"working_title_en": "Original title", "tags": "Critical infrastructure, follow up, critical infrastructure"})
    db.session.refresh(input_)
    assert [n.body for n in input_.notes] == ["Ask for the annex <b>today</b>."]
    assert input_.notes[0].author_email == "staff@ipu.example"
    assert input_.working_title_en == "Original title"
    assert input_.tag_names == ["critical infrastructure", "follow up"]
    page = staff.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)
    assert "Ask for the annex &lt;b&gt;today&lt;/b&gt;." in page

    staff.post(f"{QUEUE}/{input_.id}/details", data={"working_title_en": "", "tags": "follow up"})
    db.session.refresh(input_)
    assert input_.tag_names == ["follow up"] and input_.working_title_en == ""


def row_titles(page: str) -> list[str]:
    return re.findall(r'/inputs/\d+" dir="auto">([^<]*)</a>', page)


def test_queue_filters_and_search(staff, demo_event, make_input):
    from eventhub.inputs.operations import change_status, parse_tags, set_review_details

    french = make_input(title="Démocratie et parlements", language="fr", country="FR", objectives=(1,))
    arabic = make_input(title="البرلمانات والأمن", language="ar", country="EG", objectives=(3,))
    spanish = make_input(title="Protección", language="es", country="MX", objectives=(2, 3))
    set_review_details(spanish, "", parse_tags("urgent"))
    from eventhub.accounts.models import User
    change_status(arabic, "included", db.session.execute(db.select(User)).scalars().first())

    def titles(query: str) -> set[str]:
        return set(row_titles(staff.get(f"{QUEUE}?{query}").get_data(as_text=True)))

    assert titles("") == {french.title, arabic.title, spanish.title}
    assert titles("q=democratie") == {french.title}
    assert titles("q=البرلمانات") == {arabic.title}
    assert titles("objective=3") == {arabic.title, spanish.title}
    assert titles("country=mx") == {spanish.title}
    assert titles("language=ar") == {arabic.title}
    assert titles("status=included") == {arabic.title}
    assert titles("tag=urgent") == {spanish.title}
    assert titles("objective=3&language=es&q=proteccion") == {spanish.title}
    assert titles("status=bogus") == titles("")  # an unknown status is ignored, not an error


def test_queue_highlights_the_matching_fragment(staff, demo_event, make_input):
    make_input(title="Note", language="ar", country="EG", objectives=(1,),
               text="يجب الاعتراف <b>بالبرلمانات</b> بوصفها بنى حيوية.")
    page = staff.get(f"{QUEUE}?q=برلمان").get_data(as_text=True)
    assert '<small class="fragment" dir="auto" lang="ar">' in page
    assert "&lt;b&gt;<mark>بالبرلمانات</mark>&lt;/b&gt;" in page
    assert "<mark>" not in staff.get(QUEUE).get_data(as_text=True)


def test_html_in_titles_and_texts_is_escaped_in_the_console(staff, demo_event, make_input):
    input_ = make_input(title="<img src=x onerror=alert(1)>", text="<script>alert(1)</script>")
    for page in (staff.get(QUEUE).get_data(as_text=True), staff.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)):
        assert "<img src=x" not in page and "<script>alert" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_compilation_downloads(staff, demo_event, make_input):
    kept = make_input(title="Kept", status="included")
    other = make_input(title="Other")
    make_input(title="Dropped", status="not_included")

    response = staff.get(f"{QUEUE}/compilation?format=html&selection=active")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Kept" in html and "Other" in html and "Dropped" not in html
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]

    # Default selection: the accepted inputs only.
    html = staff.get(f"{QUEUE}/compilation?format=html").get_data(as_text=True)
    assert "Kept" in html and "Other" not in html

    response = staff.get(f"{QUEUE}/compilation?format=docx")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_SLUG}-inputs-en.docx"'
    assert response.data[:2] == b"PK"

    response = staff.get(f"{QUEUE}/compilation?format=pdf&document_lang=ar&paper=letter&symbol=IPU/1&date=2026-12-01")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{DEMO_SLUG}-inputs-ar.pdf"'

    response = staff.get(f"{QUEUE}/compilation?format=md&selection=selected&ids={other.id}&group_by=objective")
    text = response.get_data(as_text=True)
    assert "Other" in text and "Kept" not in text and "## Objective 1" in text

    response = staff.get(f"{QUEUE}/compilation?format=zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"

    response = staff.get(f"{QUEUE}/compilation?format=md&selection=selected")
    assert response.status_code == 302
    for bad in ("format=rtf", "group_by=nothing", "paper=a3", "lang=de"):
        assert staff.get(f"{QUEUE}/compilation?{bad}").status_code == 400, bad
    # Staff-entered options are checked: back to the queue with the reason.
    response = staff.get(f"{QUEUE}/compilation?format=md&symbol=<script>", follow_redirects=True)
    assert "document symbol" in response.get_data(as_text=True)
    response = staff.get(f"{QUEUE}/compilation?format=md&date=31/12/2026", follow_redirects=True)
    assert "YYYY-MM-DD" in response.get_data(as_text=True)
    assert kept.id  # keeps the fixture's inputs alive in the session


def test_compilation_with_no_accepted_input_says_so(staff, demo_event, make_input):
    make_input(title="Still in review", status="in_review")
    response = staff.get(f"{QUEUE}/compilation?format=docx", follow_redirects=True)
    assert response.mimetype == "text/html" and "No input to compile" in response.get_data(as_text=True)


def test_queue_offers_the_compilation_options(staff, demo_event, make_input):
    demo_event.compilation_addressee = "Chair of the <Ad Hoc> Committee"
    db.session.commit()
    page = staff.get(QUEUE).get_data(as_text=True)
    for name in ('name="group_by"', 'value="country" selected', 'value="paragraph"', 'name="paper"',
                 'name="symbol"', 'name="date"', 'value="pdf"', 'value="zip"'):
        assert name in page, name
    assert 'value="Chair of the &lt;Ad Hoc&gt; Committee"' in page


def test_other_events_inputs_are_not_reachable(staff, demo_event, make_input):
    from eventhub.events.models import Event

    other_event = Event(slug="other-2023", reference_timezone="UTC", title={"en": "Other"})
    db.session.add(other_event)
    db.session.commit()
    foreign = make_input(event=other_event, objectives=())
    assert staff.get(f"{QUEUE}/{foreign.id}").status_code == 404
    assert staff.post(f"{QUEUE}/{foreign.id}/status", data={"status": "included"}).status_code == 404


def test_organiser_sets_the_compilation_addressee_in_the_event_settings(organiser, demo_event):
    response = organiser.post(f"/console/e/{demo_event.slug}/settings", data={
        "registration_open": "y", "reference_timezone": demo_event.reference_timezone,
        "compilation_addressee": "  Chair of the   Ad Hoc Committee ",
    })
    assert response.status_code == 302
    db.session.refresh(demo_event)
    assert demo_event.compilation_addressee == "Chair of the Ad Hoc Committee"
    response = organiser.post(f"/console/e/{demo_event.slug}/settings", data={
        "reference_timezone": demo_event.reference_timezone, "compilation_addressee": "x" * 301,
    })
    assert response.status_code == 200 and "at most 300 characters" in response.get_data(as_text=True)


def test_staff_enter_the_parliament_name_in_other_languages(staff, demo_event, make_input):
    input_ = make_input(title="رأي", language="ar", country="EG", parliament="مجلس النواب")
    response = staff.post(f"{QUEUE}/{input_.id}/details", data={
        "working_title_en": "Opinion", "tags": "", "parliament_en": " House of  Representatives ",
        "parliament_fr": "Chambre des représentants", "parliament_es": "", "parliament_ar": "",
    })
    assert response.status_code == 302
    db.session.refresh(input_)
    assert input_.parliament_translations == {"en": "House of Representatives", "fr": "Chambre des représentants"}
    page = staff.get(f"{QUEUE}/{input_.id}").get_data(as_text=True)
    assert 'value="House of Representatives"' in page and '<bdi lang="fr">Chambre des représentants</bdi>' in page
    # and the search finds the input by that name
    assert row_titles(staff.get(f"{QUEUE}?q=representatives").get_data(as_text=True)) == ["رأي"]
