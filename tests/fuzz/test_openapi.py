"""schemathesis against the organiser API's own description (/api/v1/openapi.json):
for generated valid and invalid requests to every operation, no 5xx, and every
documented response matches its schema. Skipped while the document is not served (the
registration branch builds it from each domain's ``openapi.py``).

(schemathesis' lazy pytest fixture integration does not work with pytest 9, so the
operations are walked here with their Hypothesis strategies.)
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from .strategies import FUZZ, MAX_EXAMPLES

schemathesis = pytest.importorskip("schemathesis")

OPENAPI_PATH = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = max(10, MAX_EXAMPLES // 4)


@pytest.fixture
def api_schema(app, demo_event):
    response = app.test_client().get(OPENAPI_PATH)
    if response.status_code == 404:
        pytest.skip(f"{OPENAPI_PATH} is not served on this branch yet")
    assert response.status_code == 200 and response.is_json
    return schemathesis.openapi.from_wsgi(OPENAPI_PATH, app)


def operations(schema):
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())  # raises if the document describes an operation badly
    return found


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_every_api_operation(api_schema, api_token, mode):
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    bearer = {"Authorization": f"Bearer {api_token('organiser')}"}
    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    found = operations(api_schema)
    assert found, f"{OPENAPI_PATH} describes no operation"
    for operation in found:
        @settings(FUZZ, max_examples=EXAMPLES_PER_OPERATION,
                  suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.filter_too_much])
        @given(case=operation.as_strategy(generation_mode=generation))
        def check(case):
            response = case.call(headers=bearer)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            check()
        except Unsatisfiable:
            # Negative mode: an operation whose every input is valid (a free-text path
            # segment) has no invalid request to send.
            assert mode == "negative", f"no request could be generated for {operation.label}"
