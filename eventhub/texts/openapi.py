"""OpenAPI paths and schemas of the reference-texts API (collected into /api/v1/openapi.json)."""

_ERROR = {"$ref": "#/components/schemas/TextsError"}
_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "example": "safe-cyberspace-2022",
}
_SECURITY = [{"bearerAuth": []}]
_UNAUTHORIZED = {"description": "No valid bearer token.", "content": {"application/json": {"schema": _ERROR}}}
_FORBIDDEN = {"description": "The token's user is neither staff nor organiser.",
              "content": {"application/json": {"schema": _ERROR}}}

PATHS = {
    "/api/v1/events/{slug}/texts": {
        "get": {
            "tags": ["Reference texts"],
            "summary": "Reference documents imported for the event",
            "description": "The draft and adopted resolutions with paragraph counts per part and language. "
            "For organiser and staff tokens.",
            "operationId": "listReferenceTexts",
            "security": _SECURITY,
            "parameters": [_SLUG],
            "responses": {
                "200": {
                    "description": "The event's documents, draft first.",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["documents"],
                        "properties": {
                            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/ReferenceDocument"}},
                        },
                    }}},
                },
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "404": {"description": "No event with this slug.", "content": {"application/json": {"schema": _ERROR}}},
            },
        }
    },
    "/api/v1/events/{slug}/texts/alignment": {
        "get": {
            "tags": ["Reference texts"],
            "summary": "Draft and adopted resolution aligned paragraph by paragraph",
            "description": "Paragraphs are matched by wording, not number: one pair per adopted paragraph "
            "in adopted order, with removed draft paragraphs inserted after their predecessor. "
            "For organiser and staff tokens.",
            "operationId": "alignReferenceTexts",
            "security": _SECURITY,
            "parameters": [
                _SLUG,
                {
                    "name": "lang",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["en", "ar"], "default": "en"},
                    "description": "Language of the texts to align.",
                },
            ],
            "responses": {
                "200": {
                    "description": "The aligned pairs.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextAlignment"}}},
                },
                "401": _UNAUTHORIZED,
                "403": _FORBIDDEN,
                "404": {
                    "description": "No such event, the draft or the adopted text is not imported, "
                    "or one of them has no paragraphs in this language.",
                    "content": {"application/json": {"schema": _ERROR}},
                },
                "422": {
                    "description": "lang is not en or ar.",
                    "content": {"application/json": {"schema": _ERROR}},
                },
            },
        }
    },
}

_PARAGRAPH_REF = {
    "type": "object",
    "required": ["part", "number"],
    "properties": {
        "part": {"type": "string", "enum": ["preambular", "operative"]},
        "number": {"type": "integer", "minimum": 1},
    },
}

SCHEMAS = {
    "TextsError": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "example": "not_found"},
            "message": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Field errors (422), e.g. {\"lang\": [\"Must be one of: en, ar.\"]}.",
            },
        },
    },
    "ReferenceDocument": {
        "type": "object",
        "required": ["id", "title", "kind", "languages", "paragraph_counts"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": ["draft", "adopted"]},
            "languages": {"type": "array", "items": {"type": "string", "enum": ["en", "ar"]}},
            "paragraph_counts": {
                "type": "object",
                "description": "{part: {language: number of paragraphs}}",
                "properties": {
                    "preambular": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "operative": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
                "example": {"preambular": {"en": 18, "ar": 18}, "operative": {"en": 24, "ar": 24}},
            },
            "published": {"type": "boolean", "description": "Whether the public read-only page is open."},
            "imported_at": {"type": "string", "format": "date-time"},
        },
    },
    "ParagraphRef": _PARAGRAPH_REF,
    "AlignedParagraphPair": {
        "type": "object",
        "required": ["draft", "adopted", "status"],
        "properties": {
            "draft": {"oneOf": [{"$ref": "#/components/schemas/ParagraphRef"}, {"type": "null"}]},
            "adopted": {"oneOf": [{"$ref": "#/components/schemas/ParagraphRef"}, {"type": "null"}]},
            "status": {"type": "string", "enum": ["unchanged", "changed", "new", "removed"]},
            "renumbered": {"type": "boolean", "description": "Draft and adopted number or part differ."},
            "merged_from": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/ParagraphRef"},
                "description": "Every draft paragraph combined into the adopted one (empty unless merged).",
            },
        },
    },
    "TextAlignment": {
        "type": "object",
        "required": ["pairs"],
        "properties": {
            "language": {"type": "string", "enum": ["en", "ar"]},
            "draft": {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}},
            "adopted": {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}},
            "pairs": {"type": "array", "items": {"$ref": "#/components/schemas/AlignedParagraphPair"}},
        },
    },
}
