"""No personal data in logs: a person registers through the real form over HTTP with a
recognisable email address and name; after the background jobs ran, neither appears in
anything logged (application, job queue, or the web server's request log)."""
from __future__ import annotations

import logging
import uuid

import pytest
import requests

from tests.forms import parse_forms
from tests.pages import endpoint_exists


@pytest.mark.skipif(not endpoint_exists("registration.register"),
                    reason="endpoint registration.register is not on this branch yet")
def test_registering_logs_no_personal_data(app, demo_event, live_server, smtp_server, run_jobs, caplog):
    from flask import url_for

    from eventhub.registration.models import Registration
    from eventhub.extensions import db

    canary = uuid.uuid4().hex[:10]
    email = f"pii-canary-{canary}@parliament.example"
    family_name = f"Canary{canary}"
    caplog.set_level(logging.DEBUG)

    with app.test_request_context():
        form_path = url_for("registration.register", lang="en", slug=demo_event.slug)
    browser = requests.Session()
    page = browser.get(live_server.url + form_path, timeout=30)
    assert page.status_code == 200
    forms = [form for form in parse_forms(page.text) if form.method == "post"]
    assert forms, "the registration page has no POST form"
    form = max(forms, key=lambda f: len(f.fields))
    data = form.valid_data({"email": email, "family_name": family_name})
    action = form.action or form_path
    response = browser.post(requests.compat.urljoin(live_server.url + form_path, action), data=data, timeout=30)
    assert response.status_code < 400, response.text[:2000]

    db.session.expire_all()
    stored = db.session.execute(db.select(Registration).filter_by(email=email)).scalar_one_or_none()
    assert stored is not None, "the registration was not stored: the test did not exercise the form"
    run_jobs()

    # The test's own SMTP server (aiosmtpd, logger "mail.log") logs recipients; it is
    # not part of the app, so its records are left out.
    ours = [record for record in caplog.records if not record.name.startswith("mail.log")]
    formatter = logging.Formatter("%(name)s %(message)s")
    logged = "\n".join(f"{formatter.format(record)} {record.args!r}" for record in ours)
    assert email not in logged
    assert email.split("@")[0] not in logged
    assert family_name not in logged
