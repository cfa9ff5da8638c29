"""OpenAPI 3 fragments for the inputs API, collected into /api/v1/openapi.json."""

_LANGUAGE = {"type": "string", "description": "ISO 639-1 code of the text's language", "example": "fr"}

SCHEMAS = {
    "InputCreate": {
        "type": "object",
        "required": ["objectives", "title", "text", "language", "country", "parliament",
                     "author_name", "author_email"],
        "properties": {
            "objectives": {"type": "array", "items": {"type": "integer"}, "minItems": 1,
                           "description": "Numbers of the event's objectives", "example": [1, 3]},
            "title": {"type": "string", "maxLength": 300},
            "text": {"type": "string", "maxLength": 20000, "description": "Plain text; paragraphs separated by a blank line"},
            "language": _LANGUAGE,
            "country": {"type": "string", "description": "ISO 3166-1 alpha-2", "example": "SN"},
            "parliament": {"type": "string", "maxLength": 200},
            "author_name": {"type": "string", "maxLength": 200},
            "author_email": {"type": "string", "format": "email"},
            "attribution": {"type": "string", "enum": ["named", "anonymous"], "default": "named"},
            "chamber": {"type": "string", "maxLength": 200, "description": "Optional"},
            "author_function": {"type": "string", "maxLength": 200, "description": "Optional, e.g. Member of Parliament"},
        },
    },
    "Input": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event": {"type": "string"},
            "objectives": {"type": "array", "items": {"type": "integer"}},
            "title": {"type": "string"},
            "text": {"type": "string"},
            "language": _LANGUAGE,
            "country": {"type": "string"},
            "parliament": {"type": "string"},
            "author_name": {"type": "string"},
            "author_email": {"type": "string"},
            "attribution": {"type": "string", "enum": ["named", "anonymous"]},
            "chamber": {"type": "string"},
            "author_function": {"type": "string"},
            "parliament_translations": {"type": "object", "additionalProperties": {"type": "string"},
                                        "description": "The parliament's name in other languages, entered by staff"},
            "status": {"type": "string", "enum": ["received", "in_review", "included", "not_included"]},
            "working_title_en": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "source": {"type": "string", "enum": ["web", "staff"]},
            "registration_id": {"type": "integer", "nullable": True},
            "attachments": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "filename": {"type": "string"},
                "type": {"type": "string", "enum": ["pdf", "docx", "odt"]},
                "size": {"type": "integer"}, "sha256": {"type": "string"}}}},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "InputList": {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Input"}},
            "next": {"type": "string", "nullable": True, "description": "URL of the next page, or null"},
        },
    },
    "FieldErrors": {
        "type": "object",
        "properties": {"errors": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "string"}}}},
    },
}

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_SECURITY = [{"bearerToken": []}]

PATHS = {
    "/events/{slug}/inputs": {
        "post": {
            "summary": "Enter an input received by email or letter (organiser or staff token)",
            "tags": ["inputs"],
            "security": _SECURITY,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/InputCreate"}}}},
            "responses": {
                "201": {"description": "Stored", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Input"}}}},
                "401": {"description": "No valid token"},
                "403": {"description": "Token of a user without the organiser or staff role"},
                "404": {"description": "No such event"},
                "422": {"description": "Invalid fields", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/FieldErrors"}}}},
            },
        },
        "get": {
            "summary": "Search inputs (full text in all four languages, accents and Arabic marks ignored)",
            "tags": ["inputs"],
            "security": _SECURITY,
            "parameters": [
                _SLUG,
                {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words; all must occur (prefix match)"},
                {"name": "objective", "in": "query", "schema": {"type": "integer"}},
                {"name": "language", "in": "query", "schema": {"type": "string"}},
                {"name": "country", "in": "query", "schema": {"type": "string"}},
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": [
                    "received", "in_review", "included", "not_included"]}},
                {"name": "tag", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 200, "default": 50}},
            ],
            "responses": {"200": {"description": "A page of inputs, newest first", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/InputList"}}}}},
        },
    },
    "/events/{slug}/inputs/{input_id}": {
        "get": {
            "summary": "One input",
            "tags": ["inputs"],
            "security": _SECURITY,
            "parameters": [_SLUG, {"name": "input_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The input", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Input"}}}}, "404": {"description": "Not found"}},
        },
    },
}
