"""Console sign-in and sign-out (/console/login, /console/logout) and the admin's
account pages (/console/accounts)."""
from __future__ import annotations

import math
import posixpath
from urllib.parse import quote, unquote, urlsplit

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from eventhub.console.forms import ActionForm
from eventhub.console.navigation import add_menu_item
from eventhub.extensions import db, limiter, login_manager
from eventhub.security import role_required

from . import services, sessions
from . import teams
from .forms import CreateUserForm, EventsForm, LoginForm, RoleForm, TeamMemberForm
from .models import User
from .scoping import enforce_event_scope

accounts = Blueprint("accounts", __name__, url_prefix="/console")
# Accounts limited to some events get 404 for every other event's console and API URLs.
accounts.before_app_request(enforce_event_scope)

add_menu_item("accounts.event_team", _l("Team"), roles=("admin",), event_scoped=True, order=60)

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
# A session cookie presented from another address or browser is discarded.
login_manager.session_protection = "strong"


def login_rate_limit() -> str:
    return current_app.config.get("RATELIMIT_LOGIN", "10 per minute")


def safe_next_url(target: str | None) -> str | None:
    """Only a path inside the console: never another host (open redirect)."""
    if not target or len(target) > 2000:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    # Dot segments (also percent-encoded) are resolved before the prefix is checked:
    # "/console/../../e/x" is not a console path.
    path = unquote(parts.path)
    if not path.startswith("/") or path.startswith("//"):
        return None
    normalised = posixpath.normpath(path)
    if normalised != "/console" and not normalised.startswith("/console/"):
        return None
    if path.endswith("/") and not normalised.endswith("/"):
        normalised += "/"
    return quote(normalised) + (f"?{parts.query}" if parts.query else "")


@accounts.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    next_url = safe_next_url(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("console.index"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.SignInThrottled as throttled:
            wait = max(1, math.ceil(throttled.retry_after))
            response = current_app.make_response(render_template(
                "accounts/login.html", form=form, failed=False, next_url=next_url, wait_seconds=wait))
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
            return response
        if user is not None:
            sessions.start()  # a new session: nothing from before the sign-in carries over
            login_user(user)
            current_app.logger.info("Console sign-in: user %s", user.id)
            return redirect(next_url or url_for("console.index"))
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed, next_url=next_url)


@accounts.route("/logout", methods=["POST"])
def logout():
    """Signing out ends every session of the account, on every device: a copy of the
    cookie taken earlier is refused too."""
    if current_user.is_authenticated:
        services.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_("You are signed out."), "success")
    return redirect(url_for("accounts.login"))


@accounts.route("/account")
@role_required("organiser", "staff")
def account():
    """The signed-in person's own account: role, last sign-in, sign out everywhere."""
    from .forms import role_choices

    return render_template(
        "accounts/account.html", user=current_user,
        role_labels=[(c.value, c.label) for c in role_choices()],
        idle_minutes=int(current_app.config.get("SESSION_IDLE_MINUTES", 30)),
        max_hours=int(current_app.config.get("SESSION_MAX_HOURS", 12)))


@accounts.route("/account/sign-out-everywhere", methods=["POST"])
@role_required("organiser", "staff")
def sign_out_everywhere():
    services.end_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You are signed out on every device and browser."), "success")
    return redirect(url_for("accounts.login"))


# --- Accounts (admins only) ------------------------------------------------------------

def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@accounts.route("/accounts", methods=["GET", "POST"])
@role_required("admin")
def users():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.role.data, form.password.data)
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("The account %(email)s was created.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    users = services.list_users()
    return render_template("accounts/users.html", form=form, users=users, role_form=RoleForm(),
                           teams_of={user.id: teams.team_events(user) for user in users},
                           is_limited=teams.is_limited, limitable=teams.LIMITABLE_ROLES)


@accounts.route("/accounts/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def user_role(user_id):
    user = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.set_role(user, form.role.data)
        except services.AccountError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The role of %(email)s was changed.", email=user.email), "success")
    else:
        flash(_("Choose one of the roles offered."), "error")
    return redirect(url_for("accounts.users"))


@accounts.route("/accounts/<int:user_id>/active", methods=["POST"])
@role_required("admin")
def user_active(user_id):
    user = _user_or_404(user_id)
    activate = request.form.get("active") == "1"
    if user.id == current_user.id and not activate:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("accounts.users"))
    try:
        services.set_active(user, activate)
    except services.AccountError as exc:
        flash(str(exc), "error")
    else:
        message = (_("The account %(email)s can sign in again.", email=user.email) if activate
                   else _("The account %(email)s was deactivated.", email=user.email))
        flash(message, "success")
    return redirect(url_for("accounts.users"))


# --- Teams (admins only) ------------------------------------------------------------------

def _event_title(event) -> str:
    return event.text("title") or event.slug


@accounts.route("/accounts/<int:user_id>/events", methods=["GET", "POST"])
@role_required("admin")
def user_events(user_id):
    """Which events an organiser or staff account acts on: every event, or only some."""
    from eventhub.events.models import Event

    user = _user_or_404(user_id)
    events = list(db.session.execute(db.select(Event).order_by(Event.id)).scalars())
    current = [event.slug for event in teams.team_events(user)]
    form = EventsForm(event_choices=[(event.slug, event.slug) for event in events])
    if request.method == "GET":
        form.scope.data = "limited" if teams.is_limited(user) else "all"
        form.events.data = current
    if user.role not in teams.LIMITABLE_ROLES:
        form = None
    elif form.validate_on_submit():
        slugs = None if form.scope.data == "all" else list(form.events.data or [])
        try:
            changed = teams.set_events(user, slugs, actor=current_user.email, via="console")
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            if changed:
                flash(_("The events of %(email)s were changed. The account was signed out "
                        "everywhere and sees its new events when it signs in again.",
                        email=user.email), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_events.html", user=user, form=form, events=events,
                           event_title=_event_title)


@accounts.route("/e/<slug>/team", methods=["GET", "POST"])
@role_required("admin")
def event_team(slug):
    """An event's team: who is on it, add an organiser or staff account, take one off."""
    from eventhub.events.services import get_event

    event = get_event(slug)
    if event is None:
        abort(404)
    members = teams.team_members(event)
    member_ids = {user.id for user in members}
    candidates = [user for user in services.list_users()
                  if user.role in teams.LIMITABLE_ROLES and user.id not in member_ids]
    form = TeamMemberForm(user_choices=[(str(user.id), user.email) for user in candidates])
    if form.validate_on_submit():
        user = next((user for user in candidates if str(user.id) == form.user.data), None)
        if user is None:
            form.user.errors.append(_("Choose an account."))
        else:
            teams.add_member(user, event, actor=current_user.email, via="console")
            flash(_("%(email)s is now on the team of this event. The account was signed out "
                    "everywhere and sees the event when it signs in again.", email=user.email), "success")
            return redirect(url_for("accounts.event_team", slug=slug))
    return render_template("accounts/event_team.html", event=event, members=members, form=form,
                           is_limited=teams.is_limited, remove_form=ActionForm())


@accounts.route("/e/<slug>/team/<int:user_id>/remove", methods=["POST"])
@role_required("admin")
def event_team_remove(slug, user_id):
    from eventhub.events.services import get_event

    event = get_event(slug)
    if event is None:
        abort(404)
    user = _user_or_404(user_id)
    form = ActionForm()
    if form.validate_on_submit() and teams.remove_member(user, event, actor=current_user.email, via="console"):
        flash(_("%(email)s is no longer on the team of this event.", email=user.email), "success")
    return redirect(url_for("accounts.event_team", slug=slug))
