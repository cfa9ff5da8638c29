"""Console sign-in and sign-out (/console/login, /console/logout) and the admin's
account pages (/console/accounts)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from eventhub.extensions import db, limiter, login_manager
from eventhub.security import role_required

from . import services
from .forms import CreateUserForm, LoginForm, RoleForm
from .models import User

accounts = Blueprint("accounts", __name__, url_prefix="/console")

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
# A session cookie presented from another address or browser is discarded.
login_manager.session_protection = "strong"


def login_rate_limit() -> str:
    return current_app.config.get("RATELIMIT_LOGIN", "10 per minute")


def safe_next_url(target: str | None) -> str | None:
    """Only a path inside the console: never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    if not parts.path.startswith("/console") or parts.path.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@accounts.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    next_url = safe_next_url(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("console.index"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            current_app.logger.info("Console sign-in: user %s", user.id)
            return redirect(next_url or url_for("console.index"))
        failed = True
    return render_template("accounts/login.html", form=form, failed=failed, next_url=next_url)


@accounts.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        logout_user()
        flash(_("You are signed out."), "success")
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
    return render_template("accounts/users.html", form=form, users=services.list_users(),
                           role_form=RoleForm(), is_locked=services.is_locked)


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
