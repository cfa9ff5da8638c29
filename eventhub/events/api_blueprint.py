"""The events API blueprint object, on its own: ``blueprint`` (reading routes) and
``api`` (authoring routes) both add routes to it, and neither imports the other back."""
from flask import Blueprint

api = Blueprint("events_api", __name__, url_prefix="/api/v1")
