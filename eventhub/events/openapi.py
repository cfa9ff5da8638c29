"""OpenAPI description of the public events API (collected by eventhub.apidocs)."""

SCHEMAS = {
    "LocalizedText": {
        "type": "object",
        "description": "A text in each interface language.",
        "properties": {lang: {"type": "string"} for lang in ("en", "fr", "es", "ar")},
    },
    "Session": {
        "type": "object",
        "properties": {
            "number": {"type": "integer", "examples": [2]},
            "starts_at": {"type": "string", "format": "date-time", "examples": ["2022-12-06T15:30:00Z"]},
            "ends_at": {"type": "string", "format": "date-time"},
            "region": {"$ref": "#/components/schemas/LocalizedText"},
            "floor_language": {"type": "string", "examples": ["en"]},
            "interpretation_languages": {"type": "array", "items": {"type": "string"}},
            "zoom_registration_url": {"type": "string", "format": "uri"},
            "capacity": {"type": ["integer", "null"]},
            "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
        },
    },
    "Event": {
        "type": "object",
        "properties": {
            "slug": {"type": "string", "examples": ["safe-cyberspace-2022"]},
            "reference_timezone": {"type": "string", "examples": ["Europe/Zurich"]},
            "title": {"$ref": "#/components/schemas/LocalizedText"},
            "organiser": {"$ref": "#/components/schemas/LocalizedText"},
            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
        },
    },
}

PATHS = {
    "/events/{slug}": {
        "get": {
            "summary": "An event and its sessions (times in UTC)",
            "operationId": "getEvent",
            "tags": ["events"],
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "The event.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        },
    },
}
