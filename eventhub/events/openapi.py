"""OpenAPI description of the events API (collected by eventhub.apidocs): the public GET
and the organisers' authoring operations."""

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
         "examples": {"demo": {"value": "safe-cyberspace-2022"}}}
_NUMBER = {"name": "number", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1, "maximum": 99}}
_BEARER = [{"bearerToken": []}]
_JSON = "application/json"


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _content(name):
    return {_JSON: {"schema": _ref(name)}}


_TEXT = _ref("LocalizedText")
_INSTANT = {"type": ["string", "null"], "format": "date-time", "examples": ["2027-12-01T08:00:00Z"]}
_LOCAL = {"type": "string", "examples": ["2027-12-06T07:00"],
          "description": "Wall-clock date and time in the event's reference zone (YYYY-MM-DDTHH:MM)."}

_SESSION_FIELDS = {
    "number": {"type": "integer", "examples": [2]},
    "starts_at": {"type": "string", "format": "date-time", "examples": ["2022-12-06T15:30:00Z"]},
    "ends_at": {"type": "string", "format": "date-time"},
    "starts_local": _LOCAL,
    "ends_local": _LOCAL,
    "region": _TEXT,
    "floor_language": {"type": "string", "enum": ["en", "fr", "es", "ar"], "examples": ["en"]},
    "interpretation_languages": {"type": "array", "items": {"type": "string", "enum": ["en", "fr", "es", "ar"]}},
    "zoom_registration_url": {"type": "string", "examples": [
        "https://us06web.zoom.us/webinar/register/WN_HYpQIITqR_uSqLUt0Zj9tq"]},
    "capacity": {"type": ["integer", "null"], "minimum": 1},
    "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
}

_EVENT_WRITE_FIELDS = {
    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "minLength": 3, "maxLength": 80,
             "examples": ["safe-cyberspace-2027"]},
    "status": {"type": "string", "enum": ["draft", "published"],
               "description": "Write draft or published; GET also shows ended (read-only) once the "
                              "last session is over. Without it, a new event is a draft."},
    "reference_timezone": {"type": "string", "examples": ["Europe/Zurich"], "description": "An IANA zone."},
    "title": _TEXT,
    "organiser": _TEXT,
    "subtitle": _TEXT,
    "summary": _TEXT,
    "format_note": _TEXT,
    "concept_note": {**_TEXT, "description": "Markdown per language (rendered and sanitised)."},
    "objectives": {"type": "array", "items": _ref("Objective")},
    "privacy_contact": {"type": "string", "examples": ["privacy@example.org"]},
    "registration_open": {"type": "boolean", "description": "The organiser's switch for self-registration."},
    "registration_opens_at": _INSTANT,
    "registration_closes_at": _INSTANT,
    "inputs_deadline": _INSTANT,
}

SCHEMAS = {
    "LocalizedText": {
        "type": "object",
        "description": "A text in each interface language.",
        "properties": {lang: {"type": "string"} for lang in ("en", "fr", "es", "ar")},
    },
    "Objective": {
        "type": "object",
        "properties": {"number": {"type": "integer"}, "text": _TEXT, "short_label": _TEXT},
    },
    "Session": {
        "type": "object",
        "properties": {**_SESSION_FIELDS,
                       "zoom_webinar_id": {"type": ["string", "null"],
                                           "description": "Shown to organisers' tokens only."}},
    },
    "SessionInput": {
        "type": "object",
        "description": "Times as starts_local/ends_local (reference zone) or starts_at/ends_at (UTC). "
                       "Sessions may cross midnight; the end must come after the start.",
        "properties": {**_SESSION_FIELDS, "zoom_webinar_id": {"type": ["string", "null"],
                                                              "examples": ["84759841045"]}},
    },
    "Event": {
        "type": "object",
        "required": ["slug", "status", "reference_timezone", "title", "sessions"],
        "description": "Anonymous callers see published events; organisers' tokens also see drafts "
                       "and the authoring fields (revision, texts, objectives, registration window).",
        "properties": {
            **_EVENT_WRITE_FIELDS,
            "status": {"type": "string", "enum": ["draft", "published", "ended"]},
            "registration_state": {"type": "string",
                                   "enum": ["draft", "not_yet_open", "open", "closed", "ended"]},
            "revision": {"type": "integer", "description": "Send it back in PATCH to be told (409) "
                                                           "when someone else saved in between."},
            "sessions": {"type": "array", "items": _ref("Session")},
        },
    },
    "EventInput": {
        "type": "object",
        "required": ["slug", "reference_timezone", "title"],
        "properties": {**_EVENT_WRITE_FIELDS, "sessions": {"type": "array", "items": _ref("SessionInput")}},
    },
    "EventChanges": {
        "type": "object",
        "description": "Any subset of the event's fields; `revision` (optional) is the one you read.",
        "properties": {**_EVENT_WRITE_FIELDS, "revision": {"type": "integer"}},
    },
    "CloneInput": {
        "type": "object",
        "required": ["slug", "first_day"],
        "properties": {
            "slug": _EVENT_WRITE_FIELDS["slug"],
            "first_day": {"type": "string", "format": "date", "examples": ["2027-12-06"]},
        },
    },
    "Conflict": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "enum": ["conflict", "revision_conflict", "confirmation_required"]},
            "message": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "revision": {"type": "integer"},
            "registrations": {"type": "integer"},
        },
    },
}

_COMMON = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "422": {"description": "Invalid fields (messages in the request's Accept-Language).",
            "content": _content("ValidationError")},
}

PATHS = {
    "/events": {
        "post": {
            "summary": "Create an event (a draft unless status is published); its creator joins its team",
            "operationId": "createEvent",
            "tags": ["events"],
            "security": _BEARER,
            "requestBody": {"required": True, "content": _content("EventInput")},
            "responses": {
                "201": {"description": "Created.", "content": _content("Event")},
                "409": {"description": "The slug is taken.", "content": _content("Conflict")},
                **{k: v for k, v in _COMMON.items() if k != "404"},
            },
        },
    },
    "/events/{slug}": {
        "get": {
            "summary": "An event and its sessions (times in UTC and in the reference zone)",
            "operationId": "getEvent",
            "tags": ["events"],
            "parameters": [_SLUG],
            "responses": {
                "200": {"description": "The event.", "content": _content("Event")},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        },
        "patch": {
            "summary": "Change any subset of an event's fields (publishing included)",
            "operationId": "updateEvent",
            "tags": ["events"],
            "security": _BEARER,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": _content("EventChanges")},
            "responses": {
                "200": {"description": "The event as saved.", "content": _content("Event")},
                "409": {"description": "Someone saved since `revision` (reload), or the slug is taken.",
                        "content": _content("Conflict")},
                **_COMMON,
            },
        },
    },
    "/events/{slug}/clone": {
        "post": {
            "summary": "Copy an event to a new first day (a draft; local times kept; no Zoom data, "
                       "registrations, invitees, inputs or reference texts)",
            "operationId": "cloneEvent",
            "tags": ["events"],
            "security": _BEARER,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": _content("CloneInput")},
            "responses": {
                "201": {"description": "The clone.", "content": _content("Event")},
                "409": {"description": "The slug is taken.", "content": _content("Conflict")},
                **_COMMON,
            },
        },
    },
    "/events/{slug}/sessions": {
        "post": {
            "summary": "Add a session",
            "operationId": "addSession",
            "tags": ["events"],
            "security": _BEARER,
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": _content("SessionInput")},
            "responses": {"201": {"description": "The session.", "content": _content("Session")}, **_COMMON},
        },
    },
    "/events/{slug}/sessions/{number}": {
        # PATCH: eventhub/zoom/openapi.py (the handler is the Zoom domain's).
        "delete": {
            "summary": "Remove a session (with people registered: only with confirm=true, which "
                       "cancels it and emails each of them)",
            "operationId": "deleteSession",
            "tags": ["events"],
            "security": _BEARER,
            "parameters": [_SLUG, _NUMBER, {"name": "confirm", "in": "query", "schema": {"type": "boolean"}}],
            "responses": {
                "200": {"description": "Cancelled (people were registered).", "content": _content("Session")},
                "204": {"description": "Deleted."},
                "409": {"description": "People are registered: repeat with confirm=true.",
                        "content": _content("Conflict")},
                **{k: v for k, v in _COMMON.items() if k != "422"},
            },
        },
    },
}
