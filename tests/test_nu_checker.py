"""The Nu HTML checker (vnu.jar) over the public pages and the console pages of
tests/pages.py, in English and Arabic, plus the authoring and late-registration forms
showing errors: no error. One java process checks every page (a start costs seconds).
Skipped, with the reason, when java or vnu.jar is missing (EVENTHUB_VNU_JAR names the
jar; default: the one `make setup` puts in .tools/, else /opt/vnu/...)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import url_for

from tests.helpers import sign_in
from tests.pages import CONSOLE_PAGES, PUBLIC_PAGES, endpoint_exists, page_url

pytestmark = pytest.mark.slow

#: `make setup` installs the checker in .tools/ (the Makefile's html-checker target).
_LOCAL_JAR = Path(__file__).resolve().parent.parent / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
_SYSTEM_JAR = Path("/opt/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
VNU_JAR = Path(os.environ.get("EVENTHUB_VNU_JAR") or (_LOCAL_JAR if _LOCAL_JAR.exists() else _SYSTEM_JAR))
LANGS = ("en", "ar")


def vnu_errors(paths: list[Path]) -> list[str]:
    """Errors (not warnings) vnu reports, as "file:line: message"."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} "
            f"[{(m.get('extract') or '').strip()[:80]}]"
            for m in report.get("messages", []) if m.get("type") == "error"]


def test_every_page_passes_the_nu_html_checker(app, client, demo_event, make_user, tmp_path):
    if not VNU_JAR.exists():
        pytest.skip(f"the Nu HTML checker is not installed ({VNU_JAR}; npm install vnu-jar)")
    if shutil.which("java") is None:
        pytest.skip("java is not installed (the Nu HTML checker needs it)")
    pages: list[Path] = []

    def save(name: str, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.get_data())
        pages.append(path)

    for page in PUBLIC_PAGES:
        if endpoint_exists(page.endpoint):
            values = page.url_values(demo_event)
            for lang in LANGS:
                save(f"{page.name}-{lang}", client.get(page_url(app, page, lang, values)))
    users = {}
    for page in CONSOLE_PAGES:
        if not endpoint_exists(page.endpoint):
            continue
        if page.role not in users:
            users[page.role] = make_user(f"{page.role}-vnu@ipu.example", role=page.role)
        sign_in(client, users[page.role])
        values = page.url_values(demo_event)
        for lang in LANGS:
            with app.test_request_context():
                url = url_for(page.endpoint, **{**values, "lang": lang})
            save(f"{page.name}-{lang}", client.get(url))

    # Forms showing their errors.
    sign_in(client, users.get("organiser") or make_user("organiser-vnu@ipu.example"))
    save("new-event-errors", client.post("/console/events/new", data={"slug": "Not Valid"}), 422)
    save("session-errors", client.post(f"/console/e/{demo_event.slug}/sessions", data={
        "day": "2027-03-28", "starts": "02:30", "ends": "04:00"}), 422)
    save("registration-add-errors", client.post(f"/console/e/{demo_event.slug}/registrations/new",
                                                data={"email": "not an address"}), 422)
    save("clone-errors", client.post(f"/console/e/{demo_event.slug}/clone", data={"slug": "X"}), 422)

    errors = vnu_errors(pages)
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors)
