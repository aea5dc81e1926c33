from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from ..access import require
from ..audit import record
from ..cohorts.services import taught_cohorts
from ..curriculum import get_curriculum
from ..extensions import db
from ..i18n import current_locale
from ..reflections.badges import STATUS_LABELS
from ..reflections.history import version_history
from ..reflections.models import MARKS, Submission
from ..reflections.services import ReflectionError
from . import bp, services
from .forms import DECISION_LABELS, MARK_LABELS, GradingForm, QueueFilterForm


def _filter_form() -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    locale, all_label = current_locale(), _l("All")
    form.cohort.choices = [SelectChoice(0, all_label)] + [
        SelectChoice(cohort_id, name) for cohort_id, name in taught_cohorts(current_user.id)]
    form.module.choices = [SelectChoice("", all_label)] + [
        SelectChoice(m.id, m.title(locale)) for m in get_curriculum().modules.values()]
    form.learner.choices = [SelectChoice(0, all_label)] + [
        SelectChoice(user_id, name) for user_id, name in services.taught_learners(current_user.id)]
    form.status.choices = [SelectChoice("awaiting", _l("Waiting for feedback")), SelectChoice("", all_label)] + [
        SelectChoice(k, v) for k, v in STATUS_LABELS.items() if k != "draft"]
    if "status" not in request.args:
        form.status.data = "awaiting"
    return form


@bp.get("/grading")
@login_required
def queue():
    require("grading.queue")
    form = _filter_form()
    form.validate()
    filters = services.QueueFilters(cohort_id=form.cohort.data or None, module_id=form.module.data or None,
                                    learner_id=form.learner.data or None, status=form.status.data or None)
    rows, counts = services.grading_queue(current_user.id, filters)
    return render_template("grading/queue.html", form=form, rows=rows, counts=counts,
                           status_labels=STATUS_LABELS, modules=get_curriculum().modules)


def _marks_from(form_data, criteria_count: int) -> dict[int, str]:
    marks = {}
    for position in range(criteria_count):
        value = form_data.get(f"criterion_{position}", "")
        if value:
            marks[position] = value
    return marks


@bp.route("/grading/<int:submission_id>", methods=["GET", "POST"])
@login_required
def grade(submission_id: int):
    submission = db.session.get(Submission, submission_id) or abort(404)
    require("submission.grade", submission)
    module = get_curriculum().modules[submission.module_id]
    latest = submission.latest_version
    feedback = latest.feedback if latest else None
    form = GradingForm(data={"decision": feedback.decision, "text": feedback.text} if feedback else None)
    marks = {m.position: m.mark for m in feedback.marks} if feedback else {}
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        marks = _marks_from(request.form, len(module.reflection.criteria))
        try:
            services.save_feedback(current_user, submission, decision=form.decision.data or "", text=form.text.data,
                                   marks=marks, criteria_count=len(module.reflection.criteria),
                                   release=request.form.get("action") == "release")
        except ReflectionError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            status = 422
        else:
            record(current_user, "release" if submission.status not in ("submitted", "resubmitted") else "grade",
                   "feedback", submission.id, submission.learner_id, "grading")
            db.session.commit()
            flash(_("The feedback has been released to the learner.") if submission.status not in (
                "submitted", "resubmitted") else _("The feedback has been saved as a draft."), "success")
            return redirect(url_for("grading.grade", submission_id=submission.id))
    if request.method == "GET":
        record(current_user, "view", "reflection", submission.id, submission.learner_id, "grading")
        db.session.commit()
    return render_template("grading/grade.html", submission=submission, module=module, form=form, marks=marks,
                           mark_labels=MARK_LABELS, mark_keys=MARKS, decision_labels=DECISION_LABELS,
                           status_labels=STATUS_LABELS, history=version_history(submission, show_drafts=True),
                           release_form=FlaskForm()), status


@bp.post("/grading/<int:submission_id>/release")
@login_required
def release(submission_id: int):
    submission = db.session.get(Submission, submission_id) or abort(404)
    require("submission.grade", submission)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        services.release_feedback(current_user, submission)
    except ReflectionError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        record(current_user, "release", "feedback", submission.id, submission.learner_id, "grading")
        db.session.commit()
        flash(_("The feedback has been released to the learner."), "success")
    return redirect(url_for("grading.grade", submission_id=submission.id))
