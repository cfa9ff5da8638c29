"""The shapes that once gave 5xx, sent to every URL rule of the app (every domain's, as
found in the URL map): JSON nested too deeply or too large, integers no database column
holds (in the path and in the query string), and spreadsheets with a DTD or broken XML.
Each is sent anonymously, signed in as an administrator and with an organiser's API
token: the answer is never a server error, and JSON endpoints say 400 or 413."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.security.routes import all_rules, build_path, methods

pytestmark = pytest.mark.slow  # about 200 parametrised cases, each with its own demo event

HUGE = 10**20
#: Deeper than the JSON parser's recursion limit (RecursionError), and merely too deep.
DEEP_JSON = "[" * 100_000 + "]" * 100_000
NESTED_JSON = json.dumps({"a": json.loads("[" * 60 + "1" + "]" * 60)})
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def rule_methods():
    params = []
    for rule in all_rules():
        if rule.endpoint == "static":
            continue
        for method in methods(rule):
            params.append(pytest.param(rule, method, id=f"{method} {rule.rule}"))
    return params


def xlsx(mutate) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name", "email"])
    workbook.active.append(["Ada Example", "ada@parliament.example"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = mutate(data)
            target.writestr(info, data)
    return out.getvalue()


LAUGHS = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet')
SPREADSHEETS = {
    "dtd": lambda: xlsx(lambda data: data.replace(b"<worksheet", LAUGHS, 1).replace(b"<v>", b"<v>&c;", 1)),
    "external-entity": lambda: xlsx(lambda data: data.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1)
        .replace(b"<v>", b"<v>&x;", 1)),
    "broken-xml": lambda: xlsx(lambda data: data[: len(data) // 2]),
}


@pytest.fixture
def callers(app, demo_event, make_user, api_token):
    from tests.helpers import sign_in

    admin = sign_in(app.test_client(), make_user("admin-fuzz@ipu.example", role="admin"))
    token = api_token("organiser")
    return {
        "anonymous": (app.test_client(), {}),
        "admin": (admin, {}),
        "api": (app.test_client(), {"Authorization": f"Bearer {token}"}),
    }


def assert_no_5xx(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"


def is_json_endpoint(rule) -> bool:
    return rule.rule.startswith("/api/") or rule.rule == "/zoom/webhook"


@pytest.mark.parametrize("rule, method", rule_methods())
def test_huge_integers_in_the_path_and_query(app, callers, rule, method):
    int_arguments = {name for name, converter in rule._converters.items()
                     if type(converter).__name__.endswith("IntegerConverter")}
    paths = [build_path(app, rule, method)]
    if int_arguments:
        paths.append(build_path(app, rule, method, **{name: HUGE for name in int_arguments}))
    # Every argument as a 21-digit string as well (a <token> or <slug> made of digits).
    text_arguments = {name: str(HUGE) for name in rule.arguments if name not in int_arguments and name != "lang"}
    if text_arguments:
        paths.append(build_path(app, rule, method, **text_arguments))
    query = f"?page={HUGE}&per_page={HUGE}&objective={HUGE}&session={HUGE}&number={HUGE}&id={HUGE}"
    for name, (client, headers) in callers.items():
        for path in paths:
            for url in (path, path + query, path + "?page=-" + str(HUGE)):
                data = {"place_id": str(HUGE), "invitee_id": str(HUGE)} if method in STATE_CHANGING else None
                response = client.open(url, method=method, headers=headers, data=data)
                assert_no_5xx(response, f"{name}: {method} {url}")
                if int_arguments and path is not paths[0] and response.status_code not in (302, 401, 403, 405):
                    assert response.status_code == 404, f"{name}: {method} {url} -> {response.status_code}"


@pytest.mark.parametrize("rule, method", [param for param in rule_methods() if param.values[1] in STATE_CHANGING])
def test_nested_and_oversized_json_bodies(app, callers, rule, method):
    path = build_path(app, rule, method)
    big = json.dumps({"x": "a" * (app.config.get("MAX_JSON_BYTES", 1024 * 1024) + 10)})
    for name, (client, headers) in callers.items():
        for body, expected in ((DEEP_JSON, 400), (NESTED_JSON, 400), (big, 413)):
            response = client.open(path, method=method, headers=headers, data=body,
                                   content_type="application/json")
            assert_no_5xx(response, f"{name}: {method} {path} ({len(body)} bytes)")
            authorised = not (rule.rule.startswith("/api/") and name != "api")
            if is_json_endpoint(rule) and authorised and response.status_code not in (401, 403, 404, 405, 429):
                assert response.status_code == expected, f"{name}: {method} {path} -> {response.status_code}"


@pytest.mark.parametrize("rule, method", [param for param in rule_methods() if param.values[1] in STATE_CHANGING])
def test_spreadsheets_with_a_dtd_or_broken_xml(app, callers, rule, method):
    path = build_path(app, rule, method)
    client, headers = callers["admin"]
    for kind, make in SPREADSHEETS.items():
        content = make()
        data = {field: (io.BytesIO(content), "invitees.xlsx") for field in ("file", "upload", "attachments")}
        response = client.open(path, method=method, headers=headers, data=data, content_type="multipart/form-data")
        assert_no_5xx(response, f"{method} {path} with a spreadsheet ({kind})")


@pytest.mark.parametrize("kind", sorted(SPREADSHEETS))
def test_invitee_import_answers_a_hostile_spreadsheet_with_its_normal_error(app, demo_event, kind):
    from eventhub.invitations import importing

    with pytest.raises(importing.UnreadableFile):
        importing.read_table(SPREADSHEETS[kind](), "invitees.xlsx", [])


def test_spreadsheets_are_read_with_defusedxml():
    """openpyxl expands DTD entities unless defusedxml is installed (a runtime dependency):
    without it the "dtd" spreadsheet above is a billion-laughs bomb, not an import error."""
    from openpyxl import xml

    assert xml.DEFUSEDXML
