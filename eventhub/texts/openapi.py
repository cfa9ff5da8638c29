"""OpenAPI paths and schemas of the reference-texts API, collected into
/api/v1/openapi.json by ``eventhub.apidocs`` (paths relative to the /api/v1 server)."""

_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "example": "safe-cyberspace-2022",
}
_BEARER = [{"bearerToken": []}]
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_COMMON_RESPONSES = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "429": {"$ref": "#/components/responses/TooManyRequests"},
}

PATHS = {
    "/events/{slug}/texts": {
        "get": {
            "tags": ["reference texts"],
            "summary": "Reference documents imported for the event (organiser or staff token)",
            "description": "The draft and adopted resolutions with paragraph counts per part and language.",
            "operationId": "listReferenceTexts",
            "security": _BEARER,
            "parameters": [_SLUG],
            "responses": {
                "200": {
                    "description": "The event's documents, draft first.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceDocumentList"}}},
                },
                **_COMMON_RESPONSES,
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    },
    "/events/{slug}/texts/alignment": {
        "get": {
            "tags": ["reference texts"],
            "summary": "Draft and adopted resolution aligned paragraph by paragraph (organiser or staff token)",
            "description": "Paragraphs are matched by wording, not number: one pair per adopted paragraph "
            "in adopted order, each removed draft paragraph after its predecessor.",
            "operationId": "alignReferenceTexts",
            "security": _BEARER,
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
                **_COMMON_RESPONSES,
                "404": {
                    "description": "No such event, the draft or the adopted text is not imported, "
                    "or one of them has no paragraphs in this language.",
                    "content": _ERROR,
                },
                "422": {
                    "description": "lang is not en or ar.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}},
                },
            },
        }
    },
}

SCHEMAS = {
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
                "examples": [{"preambular": {"en": 18, "ar": 18}, "operative": {"en": 24, "ar": 24}}],
            },
            "published": {"type": "boolean", "description": "Whether the public read-only page is open."},
            "imported_at": {"type": "string", "format": "date-time"},
        },
    },
    "ReferenceDocumentList": {
        "type": "object",
        "required": ["documents"],
        "properties": {
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/ReferenceDocument"}},
        },
    },
    "ParagraphRef": {
        "type": "object",
        "required": ["part", "number"],
        "properties": {
            "part": {"type": "string", "enum": ["preambular", "operative"]},
            "number": {"type": "integer", "minimum": 1},
        },
    },
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
            "sources": {
                "type": "array",
                "description": "Every draft source of the adopted paragraph: the whole paragraph, or a part "
                               "of a draft paragraph (split between several adopted ones, or taken with new "
                               "wording into this one).",
                "items": {"type": "object", "required": ["part", "number", "extent"], "properties": {
                    "part": {"type": "string", "enum": ["preambular", "operative"]},
                    "number": {"type": "integer", "minimum": 1},
                    "extent": {"type": "string", "enum": ["whole", "part"]},
                    "text": {"type": "string",
                             "description": "For a part taken with new wording: that part, in the draft's words."}}},
            },
            "moved_to": {
                "type": "array",
                "description": "Other adopted paragraphs that took a part of this pair's draft paragraph "
                               "(the diff shows that part as moved, not deleted).",
                "items": {"type": "object", "required": ["part", "number", "text"], "properties": {
                    "part": {"type": "string", "enum": ["preambular", "operative"]},
                    "number": {"type": "integer", "minimum": 1},
                    "text": {"type": "string"}}},
            },
            "reservations": {
                "type": "array",
                "description": "Reservations (footnotes of the adopted text) that name the adopted paragraph.",
                "items": {"type": "object", "properties": {"marker": {"type": "string"}, "text": {"type": "string"}}},
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
