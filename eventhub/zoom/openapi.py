"""OpenAPI description of the Zoom domain's API (collected with every domain's PATHS/SCHEMAS)."""

_BEARER = [{"bearerToken": []}]
_ERRORS = {"$ref": "#/components/schemas/ZoomApiError"}

SCHEMAS = {
    "ZoomSummary": {
        "type": "object",
        "description": "A registration's place in one session as Zoom sees it "
                       "(eventhub.zoom.services.zoom_summary).",
        "required": ["mode", "state", "registrant_id", "join_url", "error"],
        "properties": {
            "mode": {"type": "string", "enum": ["link", "api"],
                     "description": "api: eventhub registers the person on the webinar; link: the person "
                                    "registers through the webinar's own registration link."},
            "state": {"type": "string", "enum": ["link", "pending", "synced", "failed", "cancelled"]},
            "registrant_id": {"type": ["string", "null"]},
            "join_url": {"type": ["string", "null"], "format": "uri",
                         "description": "Personal join link; private to the person."},
            "error": {"type": ["string", "null"],
                      "description": "Zoom's message (English) when the last attempt failed."},
            "waiting_for": {"type": ["string", "null"], "enum": ["daily_limit", "retry", "new_webinar", None],
                            "description": "daily_limit: parked by Zoom's daily limit until resumes_at; "
                                           "retry: the last attempt failed and is retried automatically; "
                                           "new_webinar: Zoom deleted the session's webinar, nothing is "
                                           "sent until the session has a new one."},
            "resumes_at": {"type": ["string", "null"], "format": "date-time",
                           "description": "When a place parked by Zoom's daily limit is sent again (UTC)."},
        },
    },
    "SessionChange": {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "description": "Only the fields sent are changed.",
        "properties": {
            "zoom_webinar_id": {
                "type": ["string", "integer", "null"],
                "description": "Zoom's numeric webinar ID, spaces allowed (\"847 5984 1045\"); setting it "
                               "switches the session to API mode (when credentials are configured) and "
                               "queues the registration of everyone already registered. null clears it.",
                "examples": ["847 5984 1045"],
            },
            "starts_at": {"type": "string", "format": "date-time",
                          "description": "ISO 8601 with offset or Z.", "examples": ["2022-12-06T06:00:00Z"]},
            "ends_at": {"type": "string", "format": "date-time"},
            "capacity": {"type": ["integer", "null"], "minimum": 1},
            "zoom_registration_url": {"type": ["string", "null"],
                                      "description": "https://<sub>.zoom.us/webinar/register/WN_..."},
            "interpretation_languages": {"type": "array",
                                         "items": {"type": "string", "enum": ["en", "fr", "es", "ar"]}},
            "floor_language": {"type": "string", "enum": ["en", "fr", "es", "ar"]},
            "region": {"type": "object", "additionalProperties": {"type": "string"}},
            "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
        },
    },
    "SessionDetails": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "region": {"type": "object", "additionalProperties": {"type": "string"}},
            "floor_language": {"type": "string"},
            "interpretation_languages": {"type": "array", "items": {"type": "string"}},
            "zoom_registration_url": {"type": "string"},
            "zoom_webinar_id": {"type": ["string", "null"]},
            "zoom_mode": {"type": "string", "enum": ["link", "api"]},
            "capacity": {"type": ["integer", "null"]},
            "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
            "revision": {"type": "integer", "description": "Calendar SEQUENCE."},
            "changed": {"type": "array", "items": {"type": "string"},
                        "description": "Fields whose value changed with this request."},
        },
    },
    "ZoomApiError": {
        "type": "object",
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "One message per refused field, in the request's language."},
        },
    },
}

PATHS = {
    "/events/{slug}/sessions/{number}": {
        "patch": {
            "summary": "Change a session (webinar ID, times, capacity, link, languages, status)",
            "tags": ["sessions"],
            "security": _BEARER,
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}},
            ],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/SessionChange"}}}},
            "responses": {
                "200": {"description": "The session after the change.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionDetails"}}}},
                "400": {"description": "The body is not a JSON object.",
                        "content": {"application/json": {"schema": _ERRORS}}},
                "401": {"description": "No valid bearer token.",
                        "content": {"application/json": {"schema": _ERRORS}}},
                "403": {"description": "The token's user is not an organiser.",
                        "content": {"application/json": {"schema": _ERRORS}}},
                "404": {"description": "No such event or session.",
                        "content": {"application/json": {"schema": _ERRORS}}},
                "422": {"description": "Refused values; nothing was changed.",
                        "content": {"application/json": {"schema": _ERRORS}}},
            },
        },
    },
}
