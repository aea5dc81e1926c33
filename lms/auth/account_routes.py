"""The person's own account: where they are logged in."""
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, must_use_two_step, require
from ..extensions import db
from . import bp, sessions, two_step
from .forms import CodeForm


@bp.get("/account/sessions")
@login_required
def account_sessions():
    require("account.own")
    raw = session.get("sid")
    rows = [(row, sessions.is_current(row, raw)) for row in sessions.active(current_user.id)]
    return render_template("auth/sessions.html", rows=rows, form=FlaskForm())


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    require("account.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not sessions.end_one(current_user.id, session_id):
        abort(404)
    db.session.commit()
    flash(_("That device has been logged out."), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    require("account.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    count = sessions.end_others(current_user.id, session.get("sid"))
    db.session.commit()
    flash(_("%(n)s other session(s) have been logged out.", n=count), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def two_step_setup():
    """Switch on two-step login: scan the code, then prove it works with one code."""
    require("account.own")
    form = CodeForm()
    if current_user.uses_two_step:
        return render_template("auth/two_step.html", form=form, enabled=True,
                               may_disable=can(current_user, "two_step.disable"))
    secret = session.get("totp_setup_secret") or two_step.new_secret()
    session["totp_setup_secret"] = secret
    if form.validate_on_submit():
        if two_step.enable(current_user, secret, form.code.data):
            session.pop("totp_setup_secret", None)
            db.session.commit()
            flash(_("Two-step login is on. From now on you enter a code from the app when you log in."), "success")
            return redirect(url_for("learning.home"))
        form.code.errors = [*form.code.errors, _("The code is not correct. Check the time on your phone and try "
                                                    "the newest code.")]
    uri = two_step.provisioning_uri(current_user, secret)
    return render_template("auth/two_step.html", form=form, enabled=False, secret=secret,
                           qr=two_step.qr_data_uri(uri), required=must_use_two_step(current_user)), \
        422 if form.errors else 200


@bp.post("/account/two-step/disable")
@login_required
def two_step_disable():
    require("two_step.disable")
    form = CodeForm()
    if form.validate_on_submit() and two_step.check_code(current_user, form.code.data):
        two_step.disable(current_user)
        db.session.commit()
        flash(_("Two-step login is off."), "success")
        return redirect(url_for("auth.two_step_setup"))
    db.session.rollback()
    flash(_("The code is not correct, so two-step login is still on."), "error")
    return redirect(url_for("auth.two_step_setup"))


# Pages a person who must set up two-step login can still use before doing so.
_SETUP_ENDPOINTS = {"auth.two_step_setup", "auth.logout", "auth.set_language", "static"}


@bp.before_app_request
def insist_on_two_step():
    user = current_user._get_current_object()
    if (user.is_authenticated and must_use_two_step(user) and not user.uses_two_step
            and request.endpoint not in _SETUP_ENDPOINTS):
        flash(_("Your role gives access to personal data, so two-step login is required. Set it up to continue."),
              "info")
        return redirect(url_for("auth.two_step_setup"))
    return None
