from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField

from ..access import can, require
from ..cohorts.schedule import attendance_rates, personal_end_date
from ..cohorts.services import current_enrolment
from ..curriculum import get_curriculum
from ..extensions import db
from ..reflections.services import reflection_statuses
from . import bp, services


class MarkReadForm(FlaskForm):
    read = HiddenField()


@bp.get("/")
@login_required
def home():
    """Each person starts where their work is."""
    if can(current_user, "learner.dashboard"):
        return redirect(url_for("learning.dashboard"))
    if can(current_user, "people.manage"):
        return redirect(url_for("admin.people"))
    if can(current_user, "workplace.overview"):
        return redirect(url_for("workplace.overview_page"))
    if can(current_user, "curriculum.overview"):
        return redirect(url_for("learning.curriculum"))
    return render_template("learning/no_role.html")


@bp.get("/dashboard")
@login_required
def dashboard():
    require("learner.dashboard")
    path = services.learner_path(get_curriculum(), current_user.track, services.read_module_ids(current_user.id))
    track = get_curriculum().tracks[current_user.track]
    enrolment = current_enrolment(current_user.id)
    return render_template("learning/dashboard.html", path=path, track=track, enrolment=enrolment,
                           reflections=reflection_statuses(current_user.id),
                           attendance=attendance_rates([current_user.id])[current_user.id],
                           end_date=personal_end_date(enrolment) if enrolment else None)


def _module_or_404(module_id: str):
    module = get_curriculum().modules.get(module_id)
    if module is None:
        abort(404)
    return module


@bp.get("/modules/<module_id>")
@login_required
def module(module_id: str):
    module = _module_or_404(module_id)
    require("module.read", module)
    curriculum = get_curriculum()
    track = current_user.track if current_user.has_role("learner") else None
    previous, following = curriculum.neighbours(module, track)
    is_read = module.id in services.read_module_ids(current_user.id)
    reflection = reflection_statuses(current_user.id).get(module.id) if can(
        current_user, "reflection.write", module) else None
    return render_template("learning/module.html", module=module, theme=curriculum.theme(module.theme_id),
                           previous=previous, following=following, is_read=is_read,
                           tracks=curriculum.tracks, reflection=reflection)


@bp.post("/modules/<module_id>/read")
@login_required
def mark_read(module_id: str):
    module = _module_or_404(module_id)
    require("module.mark_read", module)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    read = form.read.data != "0"
    services.set_module_read(current_user.id, module.id, read)
    db.session.commit()
    flash(_("The module is marked as read.") if read else _("The module is marked as not read."), "success")
    return redirect(url_for("learning.module", module_id=module.id))


@bp.get("/curriculum")
@login_required
def curriculum():
    require("curriculum.overview")
    return render_template("learning/curriculum.html", curriculum=get_curriculum())
