"""Collect ``PATHS`` and ``SCHEMAS`` from ``eventhub.<domain>.openapi`` into one
OpenAPI 3.1 document. A domain adds its API to the document by writing that module;
nothing here changes."""
from __future__ import annotations

import copy

from eventhub import domain_packages, import_domain_module

API_PREFIX = "/api/v1"

BASE_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "examples": ["not_found"]},
            "message": {"type": "string"},
        },
    },
    "ValidationError": {
        "type": "object",
        "required": ["error", "errors"],
        "properties": {
            "error": {"type": "string", "const": "invalid"},
            "errors": {
                "type": "object",
                "description": "Field name -> messages (in the request's Accept-Language).",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}


def collect() -> tuple[dict, dict]:
    paths: dict = {}
    schemas: dict = copy.deepcopy(BASE_SCHEMAS)
    for domain in domain_packages():
        module = import_domain_module(domain, "openapi")
        if module is None:
            continue
        for path, operations in getattr(module, "PATHS", {}).items():
            # Paths are relative to the server URL (which ends in /api/v1); accept a
            # domain that wrote them in full.
            if path.startswith(API_PREFIX + "/"):
                path = path[len(API_PREFIX):]
            paths.setdefault(path, {}).update(copy.deepcopy(operations))
        schemas.update(copy.deepcopy(getattr(module, "SCHEMAS", {})))
    return paths, schemas


def build_document(server_url: str) -> dict:
    paths, schemas = collect()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eventhub API",
            "version": "1",
            "description": "Events of the Inter-Parliamentary Union and their registrations. "
                           "Write operations need a bearer token (`flask tokens create EMAIL`).",
        },
        "servers": [{"url": server_url.rstrip("/") + API_PREFIX}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer",
                                "description": "An API token of a user with the organiser role."},
            },
            "responses": {
                "Unauthorized": {
                    "description": "No valid bearer token.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "Forbidden": {
                    "description": "The token's user does not have the role.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "NotFound": {
                    "description": "No such resource.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "TooManyRequests": {
                    "description": "Rate limit reached; retry after the Retry-After header's seconds.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        },
    }
