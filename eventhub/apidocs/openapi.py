PATHS = {
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "operationId": "getOpenApi",
            "tags": ["meta"],
            "responses": {"200": {"description": "The OpenAPI document.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        },
    },
}
