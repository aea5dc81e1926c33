"""Class sessions, attendance, pause and resume, the personal schedule and its calendar feed."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, require
from ..curriculum import get_curriculum
from ..extensions import db
from ..i18n import current_locale
from . import bp, calendar, schedule, services
from .forms import SessionForm
from .models import Cohort, Enrolment
from .schedule_models import ATTENDANCE, ClassSession


def _session_form(**kwargs) -> SessionForm:
    return SessionForm(get_curriculum().modules.values(), current_locale(), **kwargs)


def _save_session(session: ClassSession | None, cohort: Cohort, form: SessionForm):
    try:
        schedule.save_session(session, cohort, day=form.day.data, starts=form.starts.data, ends=form.ends.data,
                              place=form.place.data, module_ids=form.modules.data or [])
    except schedule.ScheduleError as error:
        db.session.rollback()
        form.ends.errors = [*form.ends.errors, error.message]
        return False
    db.session.commit()
    return True


@bp.post("/cohorts/<int:cohort_id>/sessions")
@login_required
def add_session(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    require("sessions.manage", cohort)
    form = _session_form()
    if form.validate_on_submit() and _save_session(None, cohort, form):
        flash(_("The session has been planned."), "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id) + "#sessions")
    from .routes import _cohort_page

    return _cohort_page(cohort, 422, session_form=form)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(session_id: int):
    session = db.session.get(ClassSession, session_id) or abort(404)
    cohort = db.session.get(Cohort, session.cohort_id)
    require("sessions.manage", cohort)
    local = schedule.as_local(session)
    form = _session_form(data={"day": local.starts.date(), "starts": local.starts.time(), "ends": local.ends.time(),
                               "place": session.place, "modules": session.module_ids})
    if request.method == "POST" and form.validate_on_submit() and _save_session(session, cohort, form):
        flash(_("The session has been saved."), "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id) + "#sessions")
    return render_template("cohorts/session_edit.html", session=session, cohort=cohort, form=form,
                           delete_form=FlaskForm()), 422 if form.errors else 200


@bp.post("/sessions/<int:session_id>/delete")
@login_required
def delete_session(session_id: int):
    session = db.session.get(ClassSession, session_id) or abort(404)
    cohort_id = session.cohort_id
    require("sessions.manage", db.session.get(Cohort, cohort_id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    schedule.delete_session(session)
    db.session.commit()
    flash(_("The session has been deleted."), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort_id) + "#sessions")


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(session_id: int):
    session = db.session.get(ClassSession, session_id) or abort(404)
    cohort = db.session.get(Cohort, session.cohort_id)
    require("attendance.register", cohort)
    enrolments = [e for e in services.enrolments(cohort.id) if e.status in ("active", "paused", "completed")]
    form, error = FlaskForm(), None
    if request.method == "POST" and form.validate_on_submit():
        marks = {e.learner_id: request.form.get(f"learner_{e.learner_id}", "") for e in enrolments}
        try:
            schedule.register_attendance(session, marks, current_user.id, {e.learner_id for e in enrolments})
        except schedule.ScheduleError as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            flash(_("Attendance has been saved."), "success")
            return redirect(url_for("cohorts.attendance", session_id=session.id))
    return render_template("cohorts/attendance.html", session=session, cohort=cohort, enrolments=enrolments,
                           marks=schedule.attendance_for(session.id), choices=ATTENDANCE, form=form,
                           error=error, local=schedule.as_local(session)), 422 if error else 200


def _enrolment_action(enrolment_id: int, action):
    enrolment = db.session.get(Enrolment, enrolment_id) or abort(404)
    require("enrolment.pause", enrolment)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        action(enrolment)
    except schedule.ScheduleError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The enrolment is paused. Nothing is lost, and you can resume when you are ready.")
              if enrolment.status == "paused" else _("Welcome back. The enrolment is active again."), "success")
    if enrolment.learner_id == current_user.id:
        return redirect(url_for("learning.dashboard"))
    return redirect(url_for("cohorts.show", cohort_id=enrolment.cohort_id))


@bp.post("/enrolments/<int:enrolment_id>/pause")
@login_required
def pause(enrolment_id: int):
    return _enrolment_action(enrolment_id, schedule.pause)


@bp.post("/enrolments/<int:enrolment_id>/resume")
@login_required
def resume(enrolment_id: int):
    return _enrolment_action(enrolment_id, schedule.resume)


@bp.get("/schedule")
@login_required
def my_schedule():
    require("schedule.own")
    sessions = schedule.sessions_for_cohorts(schedule.schedule_cohort_ids(current_user))
    cohorts = {c.id: c for c in services.list_cohorts()}
    token = schedule.calendar_token(current_user.id)
    db.session.commit()
    return render_template("cohorts/schedule.html", sessions=sessions, cohorts=cohorts, form=FlaskForm(),
                           feed_url=url_for("cohorts.calendar_feed", token=token, _external=True),
                           modules=get_curriculum().modules, can_grade=can(current_user, "grading.queue"))


@bp.post("/schedule/calendar/reset")
@login_required
def reset_calendar():
    require("schedule.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    schedule.reset_calendar_token(current_user.id)
    db.session.commit()
    flash(_("Your calendar address has been renewed. The old address no longer works; add the new one to your "
            "calendar app."), "success")
    return redirect(url_for("cohorts.my_schedule"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """No login: calendar apps cannot log in. The secret address is the key; it shows no private text."""
    user = schedule.user_for_calendar_token(token) or abort(404)
    sessions = schedule.sessions_for_cohorts(schedule.schedule_cohort_ids(user))
    body = calendar.feed(sessions, {c.id: c for c in services.list_cohorts()}, get_curriculum(),
                         user.locale or "da", request.host)
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "no-store"}
