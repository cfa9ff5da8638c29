"""OpenAPI description of the organiser registration API (collected by eventhub.apidocs)."""

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
         "examples": {"demo": {"value": "safe-cyberspace-2022"}}}
_BEARER = [{"bearerToken": []}]

SCHEMAS = {
    "RegistrationInput": {
        "type": "object",
        "required": ["given_name", "family_name", "email", "country", "parliament", "role",
                     "sessions", "timezone", "consent"],
        "additionalProperties": False,
        "properties": {
            "honorific": {"type": "string", "enum": ["", "hon", "he", "mr", "ms", "mx", "dr", "prof", "senator"]},
            "given_name": {"type": "string", "maxLength": 120},
            "family_name": {"type": "string", "maxLength": 120},
            "email": {"type": "string", "format": "email", "maxLength": 320,
                      "description": "Stored normalised; unique per event."},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2."},
            "parliament": {"type": "string", "maxLength": 200,
                           "description": "Parliament, chamber or organisation."},
            "role": {"type": "string", "enum": ["member", "staff", "other"]},
            "sessions": {"type": "array", "minItems": 1, "items": {"type": "integer"},
                         "description": "Numbers of sessions that are not cancelled."},
            "listening_language": {
                "description": "One language for every session, or per session number. "
                               "Default: `language` where the session offers it, else the floor language.",
                "oneOf": [
                    {"type": "string", "enum": ["en", "fr", "es", "ar"]},
                    {"type": "object", "additionalProperties": {"type": "string"},
                     "examples": [{"2": "fr"}]},
                ],
            },
            "timezone": {"type": "string", "description": "IANA zone, e.g. Asia/Manila."},
            "accessibility_needs": {"type": "string", "maxLength": 1000},
            "consent": {"type": "boolean", "const": True,
                        "description": "The person accepted the privacy notice."},
            "language": {"type": "string", "enum": ["en", "fr", "es", "ar"], "default": "en",
                         "description": "Language of the person's emails and pages."},
        },
    },
    "SessionPlace": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]},
            "listening_language": {"type": "string"},
            "waitlist_position": {"type": ["integer", "null"]},
            "zoom": {
                "type": "object",
                "properties": {
                    "mode": {"type": "string", "enum": ["link", "api"]},
                    "state": {"type": "string", "enum": ["link", "pending", "synced", "failed", "cancelled"]},
                    "registrant_id": {"type": ["string", "null"]},
                    "join_url": {"type": ["string", "null"]},
                    "error": {"type": ["string", "null"]},
                },
            },
        },
    },
    "Registration": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]},
            "manage_url": {"type": "string", "format": "uri",
                           "description": "Only in the answer to the POST that created it."},
            "email": {"type": "string"},
            "honorific": {"type": "string"},
            "given_name": {"type": "string"},
            "family_name": {"type": "string"},
            "country": {"type": "string"},
            "parliament": {"type": "string"},
            "role": {"type": "string"},
            "language": {"type": "string"},
            "timezone": {"type": "string"},
            "accessibility_needs": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/SessionPlace"}},
        },
    },
    "RegistrationPage": {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "Path of the next page, or null."},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Registration"}},
        },
    },
}

PATHS = {
    "/events/{slug}/registrations": {
        "post": {
            "summary": "Register a person (the confirmation email is sent to them)",
            "operationId": "createRegistration",
            "tags": ["registrations"],
            "security": _BEARER,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/RegistrationInput"}}}},
            "responses": {
                "201": {"description": "Registered.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Registration"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "404": {"$ref": "#/components/responses/NotFound"},
                "409": {"description": "The email address is already registered for the event "
                                       "(`error: duplicate`, with `id`), or registration is closed.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "422": {"description": "Invalid fields.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ValidationError"}}}},
                "429": {"$ref": "#/components/responses/TooManyRequests"},
            },
        },
        "get": {
            "summary": "Registrations of an event, oldest first, paginated",
            "operationId": "listRegistrations",
            "tags": ["registrations"],
            "security": _BEARER,
            "parameters": [
                _SLUG,
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
            ],
            "responses": {
                "200": {"description": "One page.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/RegistrationPage"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "404": {"$ref": "#/components/responses/NotFound"},
                "422": {"description": "Invalid page or per_page.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ValidationError"}}}},
                "429": {"$ref": "#/components/responses/TooManyRequests"},
            },
        },
    },
}
