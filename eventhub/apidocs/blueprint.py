from flask import Blueprint, current_app, jsonify

from .document import build_document

api = Blueprint("apidocs", __name__, url_prefix="/api/v1")


@api.route("/openapi.json")
def openapi_json():
    response = jsonify(build_document(current_app.config["PUBLIC_BASE_URL"]))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
