"""The OpenAPI document of /api/v1, assembled from every domain's ``openapi.py``."""
