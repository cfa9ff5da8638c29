"""OpenAPI description of the export endpoint (collected into /api/v1/openapi.json)."""

_FILTER_PARAMETERS = [
    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
     "example": "safe-cyberspace-2022"},
    {"name": "session", "in": "query", "schema": {"type": "integer"}, "description": "Session number."},
    {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]}},
    {"name": "country", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
     "description": "ISO 3166-1 alpha-2 code."},
    {"name": "role", "in": "query", "schema": {"type": "string", "enum": ["member", "staff", "other"]}},
    {"name": "language", "in": "query", "schema": {"type": "string", "enum": ["en", "fr", "es", "ar"]},
     "description": "Listening language."},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100},
     "description": "Words searched in names, email address and parliament."},
    {"name": "columns", "in": "query", "schema": {"type": "string"},
     "description": "Comma-separated column keys: registration_id, honorific, given_name, family_name, email, "
                    "parliament, country_code, country, role, language, timezone, session, status, "
                    "listening_language, zoom_state, attended, minutes_attended, registered_at, "
                    "accessibility_needs. Default: all but accessibility_needs."},
    {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["en", "fr", "es", "ar"]},
     "description": "Language of the header row and of labels (default: Accept-Language)."},
]

PATHS = {
    "/api/v1/events/{slug}/registrations.csv": {
        "get": {
            "summary": "Export registrations as CSV (one row per person and session)",
            "description": "UTF-8 with a byte-order mark; cells that a spreadsheet could read as a formula "
                           "start with an apostrophe. Each call is recorded in the export audit log.",
            "security": [{"bearerToken": []}],
            "parameters": _FILTER_PARAMETERS,
            "responses": {
                "200": {"description": "The CSV file, streamed.",
                        "content": {"text/csv": {"schema": {"type": "string"}}}},
                "401": {"description": "No valid bearer token."},
                "403": {"description": "The token's account is not an organiser or administrator."},
                "404": {"description": "No event with this slug."},
                "422": {"description": "Invalid filters; `fields` names each with a message.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExportFilterError"}}}},
            },
        }
    }
}

SCHEMAS = {
    "ExportFilterError": {
        "type": "object",
        "properties": {
            "error": {"type": "string", "example": "invalid_filters"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }
}
