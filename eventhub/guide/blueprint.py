"""The guide's pages: ``/console/guide/`` (the three guides) and ``/console/guide/<name>``
for console users, ``/<lang>/help`` (the registrants' guide) for everyone."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l

from eventhub.console.navigation import add_menu_item
from eventhub.i18n import current_language
from eventhub.security import role_required

from . import services

console = Blueprint("guide", __name__, url_prefix="/console/guide")
public = Blueprint("guide_public", __name__)

add_menu_item("guide.index", _l("Guide"), roles=("organiser", "staff"), order=98)

#: What each guide is for, in the guide index.
DESCRIPTIONS = {
    "organiser": _l("Organisers' guide: events, sessions, registrations, invitations, Zoom, exports and teams."),
    "staff": _l("Staff guide: the inputs queue, review, the compilation and the reference texts."),
    "registrants": _l("Registrants' guide: registering, the personal link, calendars, Zoom and written inputs "
                      "(also the public help page)."),
}


@console.route("/")
@role_required("organiser", "staff")
def index():
    lang = current_language()
    guides = [(services.load(name, lang), DESCRIPTIONS[name]) for name in services.GUIDES]
    return render_template("guide/index.html", guides=guides)


@console.route("/<name>")
@role_required("organiser", "staff")
def page(name):
    guide = services.load(name, current_language())
    if guide is None:
        abort(404)
    return render_template("guide/console_page.html", guide=guide)


@public.route("/<lang:lang>/help")
def help_page():
    guide = services.load("registrants", current_language())
    return render_template("guide/help.html", guide=guide)
