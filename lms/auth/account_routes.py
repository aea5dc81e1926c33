"""The person's own account: where they are logged in."""
from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import require
from ..extensions import db
from . import bp, sessions


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
