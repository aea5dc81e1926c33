import time
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import csrf, db, login_manager
from . import bp, services, sessions, two_step
from .forms import CodeForm, ForgotPasswordForm, LanguageForm, LoginForm, NewPasswordForm
from .models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        pk, epoch = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    # The cookie alone is not enough: the server-side session must still be alive (timeouts, "log out others").
    user, alive = sessions.user_with_session(pk, session.get("sid"))
    if user is None or alive is None or user.session_epoch != epoch or not user.active:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Pages go to the login page; background requests from scripts get a plain 401 to act on."""
    if request.headers.get("X-Requested-With") == "fetch":
        return {"error": _("You have been logged out. Press Save to keep your text.")}, 401
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def safe_next(target: str | None) -> str | None:
    """Only ever redirect within this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def start_session(user: User) -> None:
    locale = session.get("locale")
    session.clear()  # a fresh session at login: nothing from before it survives (no fixation)
    session["sid"] = sessions.open_session(user.id, request.user_agent.string, request.remote_addr or "")
    login_user(user)
    session.permanent = True
    if locale and not user.locale:
        services.set_locale(user, locale)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data, request.remote_addr or "-")
        db.session.commit()
        if result.user and result.user.uses_two_step:
            locale = session.get("locale")
            session.clear()
            if locale:  # the language chosen before logging in stays for the code page
                session["locale"] = locale
            session["pending_user"], session["pending_at"] = result.user.id, time.time()
            session["pending_next"] = safe_next(request.args.get("next"))
            return redirect(url_for("auth.login_code"))
        if result.user:
            start_session(result.user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("learning.home"))
        if result.locked_minutes:
            form.form_errors.append(_("Too many failed attempts. Wait %(n)s minutes and try again, or choose "
                                      "a new password.", n=result.locked_minutes))
        else:
            form.form_errors.append(_("The e-mail address or the password is not correct."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


PENDING_SECONDS = 300


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """Second step: the code from the authenticator app, within five minutes of the password."""
    user_id, started = session.get("pending_user"), session.get("pending_at", 0)
    user = db.session.get(User, user_id) if user_id and time.time() - started < PENDING_SECONDS else None
    if user is None:
        session.pop("pending_user", None)
        flash(_("Log in again: the code must be entered within five minutes."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        address = request.remote_addr or "-"
        locked = services.lock_minutes_for(user.email, address)
        if not locked and two_step.check_code(user, form.code.data):
            target = session.get("pending_next")
            start_session(user)
            db.session.commit()
            return redirect(target or url_for("learning.home"))
        if not locked:
            services.record_failure(user.email, address)
        db.session.commit()
        form.code.errors = [*form.code.errors, _("Too many failed attempts. Wait %(n)s minutes and try again.",
                                                    n=locked) if locked else _("The code is not correct.")]
    return render_template("auth/login_code.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@login_required
def logout():
    sessions.end(session.get("sid"))
    db.session.commit()
    locale = current_user.locale
    logout_user()
    session.clear()
    if locale:  # the page after logging out speaks the person's language, not the browser's
        session["locale"] = locale
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _password_from_link(token, services.INVITE, "auth/invitation.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _password_from_link(token, services.RESET, "auth/reset_password.html")


def _password_from_link(raw: str, purpose: str, template: str):
    account_token = services.valid_token(raw, purpose)
    if account_token is None:
        return render_template("auth/link_invalid.html", purpose=purpose), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = services.set_password_with_token(account_token, form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        start_session(user)
        db.session.commit()
        flash(_("Your password has been saved. Welcome!"), "success")
        return redirect(url_for("learning.home"))
    return render_template(template, form=form, user=account_token.user), 200 if not form.errors else 422


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), 200 if not form.errors else 422


@bp.post("/language")
@csrf.exempt  # checked below for signed-in people only
def set_language():
    # A visitor's choice changes nothing but their own cookie, so their form carries no CSRF token: a token would
    # give every public page (the certificate check, the accessibility statement) a session cookie of its own.
    # A signed-in person's choice is saved on their account, and their token is checked.
    form = LanguageForm(meta={} if current_user.is_authenticated else {"csrf": False})
    if not form.validate_on_submit() or form.locale.data not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        services.set_locale(current_user, form.locale.data)
        db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("learning.home"))
