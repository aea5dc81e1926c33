"""A person's own data (download) and erasure by a coordinator."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import privacy
from ..access import require
from ..audit import record
from ..extensions import db
from ..timeutil import utcnow
from . import bp
from .models import User


@bp.post("/account/export")
@login_required
def export_data():
    require("account.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    archive = privacy.export_zip(current_user)
    record(current_user, "export", "person", current_user.id, current_user.id, "data_request")
    db.session.commit()
    import io

    name = f"peer-lms-data-{utcnow():%Y%m%d}.zip"
    return send_file(io.BytesIO(archive), mimetype="application/zip", as_attachment=True, download_name=name)


@bp.route("/admin/people/<int:user_id>/erase", methods=["GET", "POST"])
@login_required
def erase_person(user_id: int):
    person = db.session.get(User, user_id) or abort(404)
    require("people.erase", person)
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("confirm") != "yes":
            flash(_("Tick the box to confirm the erasure."), "error")
        else:
            record(current_user, "erase", "person", person.id, person.id, "erasure")
            privacy.erase_person(person)
            db.session.commit()
            flash(_("The person's texts and private notes have been erased."), "success")
            return redirect(url_for("admin.people"))
    return render_template("auth/erase.html", person=person, form=form)
