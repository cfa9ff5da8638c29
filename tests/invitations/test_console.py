"""Organiser console pages for invitations."""
import io
import re

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.models import InvitationSend, Invitee

from .conftest import FOUR_LANGUAGES, csv_bytes, run_all_jobs

BASE = "/console/events/safe-cyberspace-2022/invitations"


@pytest.fixture
def organiser(make_user, login_as):
    user = make_user("organiser@ipu.example", role="organiser")
    login_as(user)
    return user


def invitee(email):
    db.session.expire_all()
    return db.session.execute(sa.select(Invitee).filter_by(email=email)).scalar_one()


def test_console_needs_sign_in(client, demo_event):
    assert client.get(BASE).status_code in (302, 401)
    assert client.post(BASE + "/send").status_code in (302, 401)


def test_console_needs_the_organiser_role(client, demo_event, make_user, login_as):
    login_as(make_user("staff@ipu.example", role="staff"))
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "/send").status_code == 403


def test_index_shows_counts_per_status(client, organiser, four_language_list):
    from eventhub.invitations.operations import decline_invitation

    decline_invitation(invitee("maria.perez@congreso.es"))
    html = client.get(BASE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'data-status="not_sent">3</a>' in html
    assert 'data-status="declined">1</a>' in html
    assert 'data-status="total">4</a>' in html
    # The console menu lists the invitations page of this event (current page marked).
    assert f'<a href="{BASE}" aria-current="page">Invitations</a>' in html
    assert "Hélène Dubois" in html and "ahmed@parliament.ma" in html
    filtered = client.get(BASE + "?status=declined").get_data(as_text=True)
    assert "María Pérez" in filtered and "Hélène Dubois" not in filtered


def test_console_speaks_the_organisers_language(client, organiser, four_language_list):
    html = client.get(BASE, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Non envoyée" in html and "M’envoyer un test" in html
    assert "Not sent" not in html


def test_upload_gives_a_report_with_rejected_lines(client, organiser, demo_event):
    rows = FOUR_LANGUAGES + [["Broken", "broken@", "", "", "en", ""]]
    response = client.post(BASE + "/import", data={"file": (io.BytesIO(csv_bytes(rows)), "list.csv")},
                           content_type="multipart/form-data", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 invitees imported, 1 row rejected" in html
    assert "<td>6</td><td>invalid email address “broken@”</td>" in html
    assert db.session.execute(sa.select(sa.func.count()).select_from(Invitee)).scalar() == 4


def test_unrecognised_headers_lead_to_a_mapping_step(client, organiser, demo_event):
    rows = [["Who", "Address", "Speaks"], ["Ana Silva", "ana@parl.example", "portugais"],
            ["Omar", "omar@parl.example", "ar"]]
    first = client.post(BASE + "/import", data={"file": (io.BytesIO(csv_bytes(rows)), "odd.csv")},
                        content_type="multipart/form-data")
    html = first.get_data(as_text=True)
    assert "Which column is which?" in html
    upload = re.search(r'name="upload" type="hidden" value="([^"]+)"', html).group(1)
    assert db.session.execute(sa.select(sa.func.count()).select_from(Invitee)).scalar() == 0
    second = client.post(BASE + "/import/columns",
                         data={"upload": upload, "name": "1", "email": "2", "language": "3"})
    report = second.get_data(as_text=True)
    assert "1 invitee imported, 1 row rejected" in report
    assert "unknown language “portugais”" in report
    assert invitee("omar@parl.example").language == "ar"


def test_uploads_abandoned_at_the_mapping_step_are_removed_after_a_day(app, client, organiser, demo_event):
    import os
    import time

    from eventhub.invitations import uploads
    from eventhub.invitations.tasks import remove_abandoned_uploads

    rows = [["Who", "Address", "Speaks"], ["Omar", "omar@parl.example", "ar"]]
    html = client.post(BASE + "/import", data={"file": (io.BytesIO(csv_bytes(rows)), "odd.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    upload = re.search(r'name="upload" type="hidden" value="([^"]+)"', html).group(1)
    waiting = sorted(path.name for path in uploads.directory().iterdir())
    assert waiting == [f"{upload}.name", f"{upload}.upload"]
    assert remove_abandoned_uploads.call_local() == 0  # a fresh upload stays
    day_ago = time.time() - uploads.KEPT_SECONDS - 60
    for path in uploads.directory().iterdir():
        os.utime(path, (day_ago, day_ago))
    # Past a day the mapping step no longer accepts it, even before the job ran...
    answer = client.post(BASE + "/import/columns", data={"upload": upload, "name": "1", "email": "2",
                                                          "language": "3"})
    assert answer.status_code == 302
    # ...and the periodic job (hourly) removes it, with nobody coming back.
    assert remove_abandoned_uploads.call_local() == 2
    assert list(uploads.directory().iterdir()) == []


def test_abandoned_upload_removal_is_a_periodic_job_every_hour(app):
    import datetime as dt

    from eventhub.invitations.tasks import remove_abandoned_uploads

    task = remove_abandoned_uploads.s()
    assert task.validate_datetime(dt.datetime(2022, 12, 5, 6, 23))
    assert task.validate_datetime(dt.datetime(2022, 12, 5, 7, 23))
    assert not task.validate_datetime(dt.datetime(2022, 12, 5, 6, 24))


def test_formula_values_are_flagged_and_escaped(client, organiser, demo_event):
    rows = [["name", "email", "language"], ['=HYPERLINK("http://evil.example","<b>x</b>")', "f@parl.example", "en"]]
    report = client.post(BASE + "/import", data={"file": (io.BytesIO(csv_bytes(rows)), "f.csv")},
                         content_type="multipart/form-data").get_data(as_text=True)
    assert "looks like a spreadsheet formula" in report
    html = client.get(BASE).get_data(as_text=True)
    assert "formula-like text" in html
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_manual_add_validates_and_refuses_duplicates(client, organiser, demo_event):
    bad = client.post(BASE + "/add", data={"name": "", "email": "nope", "language": "fr", "country": "", "timezone": ""})
    html = bad.get_data(as_text=True)
    assert "Please enter a name." in html and "Please enter a valid email address." in html
    ok = client.post(BASE + "/add", data={"name": "Omar Haddad", "email": "Omar@Parliament.JO",
                                          "parliament": "House of Representatives", "language": "ar",
                                          "country": "JO", "timezone": "Asia/Amman"})
    assert ok.status_code == 302
    stored = invitee("omar@parliament.jo")
    assert (stored.language, stored.country, stored.timezone) == ("ar", "JO", "Asia/Amman")
    again = client.post(BASE + "/add", data={"name": "Other", "email": "omar@parliament.jo",
                                             "language": "en", "country": "", "timezone": ""})
    assert "already on the invitation list" in again.get_data(as_text=True)


def test_edit_changes_language(client, organiser, four_language_list):
    maria = invitee("maria.perez@congreso.es")
    response = client.post(f"{BASE}/{maria.id}", data={
        "name": "María Pérez", "email": maria.email, "parliament": maria.parliament,
        "country": "ES", "language": "fr", "timezone": ""})
    assert response.status_code == 302
    stored = invitee(maria.email)
    assert stored.language == "fr" and stored.timezone is None


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_send_and_resend_from_console_record_the_organiser(client, organiser, four_language_list, smtp_server):
    assert client.post(BASE + "/send", data={"count": "4"}).status_code == 302
    run_all_jobs()
    assert len(smtp_server.messages) == 4
    maria = invitee("maria.perez@congreso.es")
    assert client.post(f"{BASE}/{maria.id}/resend").status_code == 302
    run_all_jobs()
    assert len(smtp_server.messages) == 5
    kinds = db.session.execute(sa.select(InvitationSend.kind, InvitationSend.actor)
                               .filter_by(invitee_id=maria.id).order_by(InvitationSend.id)).all()
    assert kinds == [("initial", "organiser@ipu.example"), ("resend", "organiser@ipu.example")]
    page = client.get(f"{BASE}/{maria.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Resend" in page and "organiser@ipu.example" in page


@pytest.mark.parametrize("lang, direction, subject", [
    ("en", "ltr", "Invitation: Creating a safe cyberspace for democracy"),
    ("ar", "rtl", "دعوة: إقامة فضاء إلكتروني آمن للديمقراطية"),
])
def test_preview_in_each_language(client, organiser, demo_event, lang, direction, subject):
    response = client.get(f"{BASE}/preview/{lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert subject in html
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    text = client.get(f"{BASE}/preview/{lang}?format=text")
    assert text.mimetype == "text/plain" and subject.split(": ")[1] in text.get_data(as_text=True)
    assert client.get(f"{BASE}/preview/de").status_code == 404


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_send_a_test_to_myself(client, organiser, demo_event, smtp_server):
    assert client.post(BASE + "/test", data={"language": "fr"}).status_code == 302
    run_all_jobs()
    (message,) = smtp_server.messages
    assert message["To"] == "organiser@ipu.example"
    assert message["Subject"] == "[Test] Invitation : Créer un cyberespace sûr pour la démocratie"
    assert message["Content-Language"] == "fr"
    send = db.session.execute(sa.select(InvitationSend)).scalar_one()
    assert (send.kind, send.actor, send.invitee_id, send.state) == ("test", "organiser@ipu.example", None, "sent")
