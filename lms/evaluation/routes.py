"""The evaluation pages: the learner's self-assessment and own picture, the course evaluation, the reports."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, require
from ..cohorts.models import Cohort
from ..curriculum import get_curriculum
from ..extensions import db
from ..i18n import current_locale
from . import bp, charts, export, measures, reports, services
from .forms import course_evaluation_form, self_assessment_form
from .invitations import recorded
from .questions import AREA_LABELS, CONFIDENCE_QUESTION, KIND_LABELS, course_questions, self_assessment_questions

KIND = "<any(start, end, renewal):kind>"
GROUPING_LABELS = {"cohort": _l("Cohort"), "track": _l("Track"), "organisation": _l("Organisation"),
                   "year": _l("Year")}


def _questions():
    return self_assessment_questions(get_curriculum())


def _run(form, action) -> bool:
    """Run the step; on a refusal keep what was typed and explain it next to the field."""
    try:
        action()
    except services.EvaluationError as error:
        db.session.rollback()
        form.add_problem(error.field, error.message)
        return False
    db.session.commit()
    return True


@bp.app_template_filter("eval_number")
def eval_number(value) -> str:
    return charts.number(value)


@bp.app_template_global()
def evaluation_invitations() -> list[tuple[str, int | None]]:
    """For the learner's dashboard: what to invite to, as (kind, cohort id); one query."""
    if not can(current_user, "self_assessment.own"):
        return []
    return services.invitations_for(current_user.id)


# --- The learner's self-assessment ------------------------------------------------------------------------------

@bp.get("/self-assessment")
@login_required
def mine():
    require("self_assessment.own")
    picture, questions, locale = services.own_picture(current_user.id), _questions(), current_locale()
    state, targets = services.targets_for(current_user.id)
    return render_template("evaluation/mine.html", picture=picture, questions=questions, targets=targets,
                           recorded={k: recorded(state, k) for k in targets}, kind_labels=KIND_LABELS,
                           chart=charts.own_chart(questions, picture.compared, KIND_LABELS, locale))


def _open_target(kind: str):
    """The target of an open, not yet answered self-assessment; otherwise None (and a message)."""
    target = services.target_or_none(current_user.id, kind)
    record = services.record_for(current_user.id, target) if target else None
    if target is None:
        flash(_("This self-assessment is not open right now."), "error")
    elif record is not None and record.status == "answered":
        flash(_("You have already answered this self-assessment. Thank you."), "success")
        return None
    return target


@bp.route(f"/self-assessment/{KIND}", methods=["GET", "POST"])
@login_required
def self_assessment(kind: str):
    require("self_assessment.own")
    target = _open_target(kind)
    if target is None:
        return redirect(url_for("evaluation.mine"))
    questions = _questions()
    form = self_assessment_form(questions, current_locale())
    if request.method == "POST":
        if form.validate_on_submit() and _run(form, lambda: services.save_self_assessment(
                current_user.id, target, questions, form.values(), form.comment.data)):
            flash(_("Thank you. Your answers are saved, and only you can see them."), "success")
            return redirect(url_for("evaluation.mine"))
        status = 422
    else:
        status = 200
    return render_template("evaluation/self_assessment.html", form=form, kind=kind, kind_labels=KIND_LABELS,
                           area_labels=AREA_LABELS, confidence_question=CONFIDENCE_QUESTION), status


@bp.post(f"/self-assessment/{KIND}/skip")
@login_required
def skip(kind: str):
    require("self_assessment.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    target = _open_target(kind)
    if target is not None:
        services.skip_self_assessment(current_user.id, target)
        db.session.commit()
        flash(_("Skipped. We will not ask you about this one again; you can still answer it from your "
                "self-assessment page while it is open."), "success")
    back = url_for("learning.home") if request.form.get("back") == "dashboard" else url_for("evaluation.mine")
    return redirect(back)


# --- The anonymous course evaluation ----------------------------------------------------------------------------

@bp.route("/course-evaluation/<int:cohort_id>", methods=["GET", "POST"])
@login_required
def course(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    require("course_evaluation.answer", cohort)
    done = services.course_evaluated(current_user.id, cohort.id)
    is_open = services.course_open(current_user.id, cohort.id)
    questions = course_questions()
    form = course_evaluation_form(questions, current_locale())
    status = 200
    if request.method == "POST":
        if done or not is_open:
            status = 409
        elif form.validate_on_submit() and _run(form, lambda: services.submit_course_evaluation(
                current_user.id, cohort.id, questions, form.values(), form.texts())):
            flash(_("Thank you for evaluating the course. Your answers are anonymous."), "success")
            return redirect(url_for("learning.home"))
        else:
            status = 422
    return render_template("evaluation/course.html", cohort=cohort, form=form, done=done, is_open=is_open), status


# --- Programme reports ------------------------------------------------------------------------------------------

def _grouping() -> tuple[str, str | None]:
    by = request.args.get("by", "cohort")
    if by in reports.GROUPINGS:
        return by, None
    return "cohort", _("Choose cohort, track, organisation or year.")


def _report(grouping: str):
    return measures.build_report(grouping, reports.load(), get_curriculum(), current_locale(), _questions(),
                                 course_questions())


@bp.get("/evaluation/reports")
@login_required
def reports_page():
    require("evaluation.reports")
    grouping, error = _grouping()
    report = _report(grouping)
    return render_template("evaluation/reports.html", report=report, grouping=grouping, error=error,
                           groupings=GROUPING_LABELS, labels=measures.LABELS, min_group=reports.MIN_GROUP,
                           charts=charts.report_charts(report, measures.LABELS, current_locale())
                           ), 422 if error else 200


@bp.get("/evaluation/reports.csv")
@login_required
def reports_csv():
    require("evaluation.reports")
    grouping, error = _grouping()
    if error:
        abort(400)
    data = export.report_csv(_report(grouping), str(GROUPING_LABELS[grouping]), current_locale())
    return Response(data.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="programme-report-{grouping}.csv"'})
