from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, require
from ..curriculum import get_curriculum
from ..extensions import db
from ..i18n import current_locale
from ..reflections import services as reflection_services
from . import bp, schedule, services
from .forms import CohortForm, EnrolForm, SessionForm, WithdrawForm
from .models import Cohort, Enrolment


def _cohort_form(cohort: Cohort | None = None, **kwargs) -> CohortForm:
    return CohortForm(services.people_with_role("instructor"),
                      lambda name: services.cohort_name_taken(name, cohort.id if cohort else None), **kwargs)


@bp.route("/cohorts", methods=["GET", "POST"])
@login_required
def index():
    require("cohorts.list")
    form = _cohort_form() if can(current_user, "cohorts.manage") else None
    if request.method == "POST":
        require("cohorts.manage")
        if form.validate_on_submit():
            cohort = services.save_cohort(None, name=form.name.data, starts_on=form.starts_on.data,
                                          ends_on=form.ends_on.data, instructor_ids=form.instructors.data)
            db.session.commit()
            flash(_("The cohort has been created."), "success")
            return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    cohorts = [c for c in services.list_cohorts() if can(current_user, "cohort.view", c)]
    return render_template("cohorts/index.html", cohorts=cohorts, form=form,
                           counts=services.learner_counts()), 422 if form and form.errors else 200


def _cohort_page(cohort: Cohort, status: int = 200, **forms):
    enrolments = services.enrolments(cohort.id)
    manage = can(current_user, "cohorts.manage")
    forms.setdefault("form", _cohort_form(cohort, obj=cohort, data={
        "instructors": [u.id for u in cohort.instructors]}) if manage else None)
    forms.setdefault("enrol_form", EnrolForm(services.learners_to_enrol(cohort.id)) if manage else None)
    forms.setdefault("withdraw_form", WithdrawForm() if manage else None)
    forms.setdefault("session_form", SessionForm(get_curriculum().modules.values(), current_locale())
                     if manage else None)
    learner_ids = [e.learner_id for e in enrolments]
    sessions = schedule.cohort_sessions(cohort.id)
    return render_template("cohorts/show.html", cohort=cohort, enrolments=enrolments, manage=manage,
                           submissions=reflection_services.submissions_for(learner_ids), curriculum=get_curriculum(),
                           sessions=[(s, schedule.as_local(s)) for s in sessions],
                           rates=schedule.attendance_rates(learner_ids), action_form=FlaskForm(),
                           **forms), status


@bp.get("/cohorts/<int:cohort_id>")
@login_required
def show(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    require("cohort.view", cohort)
    return _cohort_page(cohort)


@bp.post("/cohorts/<int:cohort_id>")
@login_required
def update(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    require("cohorts.manage")
    form = _cohort_form(cohort)
    if not form.validate_on_submit():
        return _cohort_page(cohort, 422, form=form)
    services.save_cohort(cohort, name=form.name.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                         instructor_ids=form.instructors.data)
    db.session.commit()
    flash(_("The cohort has been saved."), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.post("/cohorts/<int:cohort_id>/enrolments")
@login_required
def enrol(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    require("cohorts.manage")
    form = EnrolForm(services.learners_to_enrol(cohort.id))
    if not form.validate_on_submit():
        return _cohort_page(cohort, 422, enrol_form=form)
    added = services.enrol(cohort, form.learners.data)
    db.session.commit()
    flash(_("%(n)s learner(s) enrolled.", n=len(added)), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.post("/enrolments/<int:enrolment_id>/withdraw")
@login_required
def withdraw(enrolment_id: int):
    enrolment = db.session.get(Enrolment, enrolment_id) or abort(404)
    require("cohorts.manage")
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _cohort_page(enrolment.cohort, 422, withdraw_form=form)
    services.withdraw(enrolment, form.reason.data)
    db.session.commit()
    flash(_("%(name)s has been withdrawn from the cohort.", name=enrolment.learner.name), "success")
    return redirect(url_for("cohorts.show", cohort_id=enrolment.cohort_id))
